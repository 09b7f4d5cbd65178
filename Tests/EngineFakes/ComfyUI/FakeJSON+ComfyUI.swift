extension FakeJSON {
    /// `["<node id>", <output index>]`.
    public var link: (node: String, output: Int)? {
        guard case .array(let pair) = self, pair.count == 2, let node = pair[0].string, let output = pair[1].int
        else { return nil }
        return (node, output)
    }

    /// Python-like rendering, as ComfyUI's messages show values.
    public var pythonDescription: String {
        switch self {
        case .null: "None"
        case .bool(let value): value ? "True" : "False"
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): "'\(value)'"
        case .array(let items): "[" + items.map(\.pythonDescription).joined(separator: ", ") + "]"
        case .object(let members):
            "{" + members.keys.sorted().map { "'\($0)': \(members[$0]!.pythonDescription)" }.joined(separator: ", ") + "}"
        }
    }
}
