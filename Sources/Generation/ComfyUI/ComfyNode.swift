/// One node of an API-format graph: `{"class_type": …, "inputs": {…}}`.
public struct ComfyNode: Sendable, Equatable, Codable {
    public var classType: String
    public var inputs: [String: ComfyInput]

    public init(_ classType: String, _ inputs: [String: ComfyInput]) {
        self.classType = classType
        self.inputs = inputs
    }

    enum CodingKeys: String, CodingKey {
        case classType = "class_type"
        case inputs
    }
}

/// A node input: a literal, or a link to another node's output (`["<node id>", <output index>]`).
public enum ComfyInput: Sendable, Equatable, Codable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case link(node: String, output: Int)

    public init(from decoder: any Decoder) throws {
        if var pair = try? decoder.unkeyedContainer() {
            self = .link(node: try pair.decode(String.self), output: try pair.decode(Int.self))
            return
        }
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .link(let node, let output):
            var pair = encoder.unkeyedContainer()
            try pair.encode(node)
            try pair.encode(output)
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .int(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .double(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        }
    }
}
