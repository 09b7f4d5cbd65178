/// Any JSON value: `GenerationOutput.parameters`, and the parts of an engine's answers whose shape
/// varies (ComfyUI's object_info input specs, history messages, node_errors' received values). Kept
/// here so that this target needs no other of ours.
public indirect enum EngineJSON: Sendable, Equatable, Codable {
    case null
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case array([EngineJSON])
    case object([String: EngineJSON])

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
        } else if let value = try? container.decode([EngineJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: EngineJSON].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension EngineJSON {
    public subscript(key: String) -> EngineJSON? {
        if case .object(let members) = self { members[key] } else { nil }
    }

    public subscript(index: Int) -> EngineJSON? {
        if case .array(let items) = self, items.indices.contains(index) { items[index] } else { nil }
    }

    public var string: String? {
        if case .string(let value) = self { value } else { nil }
    }

    public var array: [EngineJSON]? {
        if case .array(let items) = self { items } else { nil }
    }

    public var object: [String: EngineJSON]? {
        if case .object(let members) = self { members } else { nil }
    }
}
