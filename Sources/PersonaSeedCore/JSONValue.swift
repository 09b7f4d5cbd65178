/// An arbitrary JSON value. Request bodies are decoded into this first so that validation can report
/// every problem at once, with the location and wording clients of the reference service expect.
public enum JSONValue: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        // Most likely kinds first: every failed attempt costs a thrown error.
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else {
            self = .array(try container.decode([JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            // Whole numbers go out as integers, as Python's json module would write them.
            if value.rounded() == value, abs(value) < 9.0e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue {
    /// The pydantic-style name of this value's type, used in "Input should be ..." messages.
    var isNull: Bool { if case .null = self { return true } else { return false } }
}

extension JSONValue {
    /// How many bytes this value takes written as compact JSON (numbers as Swift prints them, which is
    /// within a few bytes of any encoder): for size limits, without encoding it.
    public var encodedByteCount: Int {
        switch self {
        case .null: 4
        case .bool(let value): value ? 4 : 5
        case .number(let value): value.rounded() == value && abs(value) < 9.0e15 ? String(Int64(value)).utf8.count : "\(value)".utf8.count
        case .string(let value): Self.quotedByteCount(value)
        case .array(let items): 2 + items.reduce(0) { $0 + $1.encodedByteCount } + max(0, items.count - 1)
        case .object(let members):
            2 + members.reduce(0) { $0 + Self.quotedByteCount($1.key) + 1 + $1.value.encodedByteCount } + max(0, members.count - 1)
        }
    }

    private static func quotedByteCount(_ text: String) -> Int {
        var count = 2
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x08, 0x09, 0x0A, 0x0C, 0x0D: count += 2
            case 0..<0x20: count += 6
            default: count += 1
            }
        }
        return count
    }
}
