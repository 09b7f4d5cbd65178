import Foundation

extension FakeComfyUI {
    /// Any JSON value: what the fake decodes from requests and builds its answers and frames from.
    public indirect enum JSON: Sendable, Equatable, Codable, CustomStringConvertible,
        ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
        ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral,
        ExpressibleByNilLiteral
    {
        case null
        case bool(Bool)
        case int(Int64)
        case double(Double)
        case string(String)
        case array([JSON])
        case object([String: JSON])

        public init(stringLiteral value: String) { self = .string(value) }
        public init(integerLiteral value: Int64) { self = .int(value) }
        public init(floatLiteral value: Double) { self = .double(value) }
        public init(booleanLiteral value: Bool) { self = .bool(value) }
        public init(arrayLiteral elements: JSON...) { self = .array(elements) }
        public init(dictionaryLiteral elements: (String, JSON)...) {
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
            } else if let value = try? container.decode([JSON].self) {
                self = .array(value)
            } else {
                self = .object(try container.decode([String: JSON].self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .null: try container.encodeNil()
            case .bool(let value): try container.encode(value)
            case .int(let value): try container.encode(value)
            case .double(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            case .array(let value): try container.encode(value)
            case .object(let value): try container.encode(value)
            }
        }

        public subscript(key: String) -> JSON? {
            if case .object(let members) = self { members[key] } else { nil }
        }

        public var string: String? { if case .string(let value) = self { value } else { nil } }
        public var array: [JSON]? { if case .array(let value) = self { value } else { nil } }
        public var object: [String: JSON]? { if case .object(let value) = self { value } else { nil } }
        public var int: Int64? { if case .int(let value) = self { value } else { nil } }

        /// Numbers as a double, ints included (JSON does not tell 1 from 1.0).
        public var number: Double? {
            switch self {
            case .int(let value): Double(value)
            case .double(let value): value
            default: nil
            }
        }

        /// `["<node id>", <output index>]`.
        public var link: (node: String, output: Int)? {
            guard case .array(let pair) = self, pair.count == 2, let node = pair[0].string, let output = pair[1].int
            else { return nil }
            return (node, Int(output))
        }

        /// Python-like rendering, as ComfyUI's messages show values.
        public var description: String {
            switch self {
            case .null: "None"
            case .bool(let value): value ? "True" : "False"
            case .int(let value): String(value)
            case .double(let value): String(value)
            case .string(let value): "'\(value)'"
            case .array(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
            case .object(let members):
                "{" + members.keys.sorted().map { "'\($0)': \(members[$0]!)" }.joined(separator: ", ") + "}"
            }
        }

        func encoded() -> String {
            (try? String(decoding: JSONEncoder().encode(self), as: UTF8.self)) ?? "null"
        }
    }
}
