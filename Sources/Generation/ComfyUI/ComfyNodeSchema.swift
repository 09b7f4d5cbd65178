import Foundation

/// What `GET /object_info/<class>` says about a node class: its required inputs and its outputs.
public struct ComfyNodeSchema: Sendable, Equatable {
    public var className: String
    public var requiredInputs: [String: ComfyInputSpec]
    /// Output types in order (`["MODEL", "IPADAPTER"]`): a link's index is a position here.
    public var outputs: [String]

    public init(className: String, requiredInputs: [String: ComfyInputSpec], outputs: [String]) {
        self.className = className
        self.requiredInputs = requiredInputs
        self.outputs = outputs
    }

    /// Reads an object_info answer. Nil when the server does not know the class: it answers `{}`
    /// rather than 404.
    public static func parse(objectInfo data: Data, className: String) throws -> ComfyNodeSchema? {
        let root = try JSONDecoder().decode(EngineJSON.self, from: data)
        guard let info = root[className] else { return nil }
        var inputs: [String: ComfyInputSpec] = [:]
        for (name, spec) in info["input"]?["required"]?.object ?? [:] {
            inputs[name] = ComfyInputSpec(objectInfoSpec: spec)
        }
        let outputs = (info["output"]?.array ?? []).compactMap(\.string)
        return ComfyNodeSchema(className: className, requiredInputs: inputs, outputs: outputs)
    }
}

/// One input as object_info describes it: `["MODEL"]`, `["FLOAT", {"default": 1.0, …}]`,
/// `[["a", "b"], {…}]` (a list of choices) or, for newer nodes, `["COMBO", {"options": […]}]`.
public struct ComfyInputSpec: Sendable, Equatable {
    /// The type name; "COMBO" for a list of choices.
    public var type: String
    public var choices: [String]
    public var defaultValue: ComfyInput?

    public init(type: String, choices: [String] = [], defaultValue: ComfyInput? = nil) {
        self.type = type
        self.choices = choices
        self.defaultValue = defaultValue
    }

    init(objectInfoSpec spec: EngineJSON) {
        let options = spec[1]
        defaultValue = options?["default"]?.asInput
        if let listed = spec[0]?.array {
            type = "COMBO"
            choices = listed.compactMap(\.string)
        } else {
            type = spec[0]?.string ?? ""
            choices = (options?["options"]?.array ?? []).compactMap(\.string)
        }
    }
}
