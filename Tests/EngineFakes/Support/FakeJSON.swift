import Foundation

/// Any JSON value, for every fake: what they decode from requests (and record for assertions), and
/// what they build their answers and frames from. Ints and doubles stay apart because ComfyUI's
/// validation tells INT from FLOAT; equality and the accessors go by value, as JSON does not tell 1
/// from 1.0.
public indirect enum FakeJSON: Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([FakeJSON])
    case object([String: FakeJSON])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: FakeJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, FakeJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([FakeJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: FakeJSON].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value):
            // Seeds and sizes must read as integers, as Python writes them.
            if value == value.rounded(), abs(value) < 9e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// nil when `data` is not JSON.
    public static func decode(_ data: Data) -> FakeJSON? {
        try? JSONDecoder().decode(FakeJSON.self, from: data)
    }

    /// Compact, keys sorted.
    public var encoded: Data {
        let encoder = JSONEncoder()
        // The engines are Python services: json.dumps leaves "/" alone, and base64 is full of them.
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)) ?? Data("null".utf8)
    }

    /// The JSON text (`encoded`).
    public var description: String { String(decoding: encoded, as: UTF8.self) }
}

extension FakeJSON: Equatable {
    public static func == (lhs: FakeJSON, rhs: FakeJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let left), .bool(let right)): left == right
        case (.int(let left), .int(let right)): left == right
        case (.string(let left), .string(let right)): left == right
        case (.array(let left), .array(let right)): left == right
        case (.object(let left), .object(let right)): left == right
        default: if let left = lhs.number, let right = rhs.number { left == right } else { false }
        }
    }
}

extension FakeJSON {
    public subscript(key: String) -> FakeJSON? {
        if case .object(let members) = self { members[key] } else { nil }
    }

    public subscript(index: Int) -> FakeJSON? {
        if case .array(let items) = self, items.indices.contains(index) { items[index] } else { nil }
    }

    public var string: String? { if case .string(let value) = self { value } else { nil } }
    public var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    public var array: [FakeJSON]? { if case .array(let value) = self { value } else { nil } }
    public var object: [String: FakeJSON]? { if case .object(let value) = self { value } else { nil } }

    /// Any number, as a double: ints included.
    public var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// Only for whole numbers: 7.5 is not an Int.
    public var int: Int? {
        switch self {
        case .int(let value): Int(value)
        case .double(let value) where value == value.rounded() && abs(value) < 9e15: Int(value)
        default: nil
        }
    }
}

extension FakeJSON {
    /// Encodes as the engines (Python services) write JSON: "/" is not escaped.
    public static var pythonStyleEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }
}
