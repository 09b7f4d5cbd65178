/// ComfyUI's readings of a JSON value.
extension EngineJSON {
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
