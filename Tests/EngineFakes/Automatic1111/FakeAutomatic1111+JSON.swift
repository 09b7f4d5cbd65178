import Foundation

extension FakeAutomatic1111 {
    /// A decoded JSON document, for recording what the client sent and for comparing it to literals.
    public enum JSON: Sendable, Equatable, Codable, CustomStringConvertible,
        ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
        ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
    {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([JSON])
        case object([String: JSON])

        public init(stringLiteral value: String) { self = .string(value) }
        public init(integerLiteral value: Int) { self = .number(Double(value)) }
        public init(floatLiteral value: Double) { self = .number(value) }
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
            } else if let value = try? container.decode(Double.self) {
                self = .number(value)
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
            case .number(let value):
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

        public static func decode(_ data: Data) -> JSON? {
            try? JSONDecoder().decode(JSON.self, from: data)
        }

        public var encoded: Data {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return (try? encoder.encode(self)) ?? Data("null".utf8)
        }

        public var description: String { String(decoding: encoded, as: UTF8.self) }

        public subscript(key: String) -> JSON? {
            if case .object(let object) = self { return object[key] }
            return nil
        }

        public subscript(index: Int) -> JSON? {
            if case .array(let array) = self, array.indices.contains(index) { return array[index] }
            return nil
        }

        public var string: String? {
            if case .string(let value) = self { return value }
            return nil
        }

        public var double: Double? {
            if case .number(let value) = self { return value }
            return nil
        }

        /// Only for whole numbers: 7.5 is not an Int.
        public var int: Int? {
            if case .number(let value) = self, value == value.rounded(), abs(value) < 9e15 { return Int(value) }
            return nil
        }

        public var bool: Bool? {
            if case .bool(let value) = self { return value }
            return nil
        }

        public var array: [JSON]? {
            if case .array(let value) = self { return value }
            return nil
        }

        public var object: [String: JSON]? {
            if case .object(let value) = self { return value }
            return nil
        }
    }
}
