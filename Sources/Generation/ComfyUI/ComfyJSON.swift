/// Any JSON value, for the parts of ComfyUI's answers whose shape depends on the node
/// (object_info input specs, history messages, node_errors' received values).
enum ComfyJSON: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([ComfyJSON])
    case object([String: ComfyJSON])

    init(from decoder: any Decoder) throws {
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
        } else if let value = try? container.decode([ComfyJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ComfyJSON].self))
        }
    }

    subscript(key: String) -> ComfyJSON? {
        if case .object(let members) = self { members[key] } else { nil }
    }

    subscript(index: Int) -> ComfyJSON? {
        if case .array(let items) = self, items.indices.contains(index) { items[index] } else { nil }
    }

    var string: String? {
        if case .string(let value) = self { value } else { nil }
    }

    var array: [ComfyJSON]? {
        if case .array(let items) = self { items } else { nil }
    }

    var object: [String: ComfyJSON]? {
        if case .object(let members) = self { members } else { nil }
    }

    /// The value as a node input literal (object_info defaults); nil for null, arrays and objects.
    var asInput: ComfyInput? {
        switch self {
        case .bool(let value): .bool(value)
        case .int(let value): .int(value)
        case .double(let value): .double(value)
        case .string(let value): .string(value)
        case .null, .array, .object: nil
        }
    }

    /// A short rendering for error messages (`received_value` can be any JSON).
    var rendered: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): "'\(value)'"
        case .array(let items): "[" + items.map(\.rendered).joined(separator: ", ") + "]"
        case .object: "{…}"
        }
    }
}
