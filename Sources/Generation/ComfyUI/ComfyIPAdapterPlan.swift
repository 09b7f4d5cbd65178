/// How to wire ComfyUI_IPAdapter_plus' `IPAdapterUnifiedLoader` and `IPAdapterAdvanced` into a graph,
/// worked out from the servers' own description of them (object_info) because the pack's inputs
/// change between versions.
public struct ComfyIPAdapterPlan: Sendable, Equatable {
    public let preset: String
    public let weight: Double
    let loaderInputs: [String: Slot]
    let applyInputs: [String: Slot]
    let loaderModelOutput: Int
    let loaderIPAdapterOutput: Int
    let applyModelOutput: Int

    /// Where one required input comes from.
    enum Slot: Sendable, Equatable {
        case model
        case ipAdapter
        case referenceImage
        case literal(ComfyInput)
    }

    /// Nil when the nodes need something this graph cannot give them (a required input of a type we
    /// do not produce and without a default), or do not have the outputs we link to.
    public init?(loader: ComfyNodeSchema, apply: ComfyNodeSchema, preset: String, weight: Double) {
        guard let loaderModel = loader.outputs.firstIndex(of: "MODEL"),
              let loaderIPAdapter = loader.outputs.firstIndex(of: "IPADAPTER"),
              let applyModel = apply.outputs.firstIndex(of: "MODEL")
        else { return nil }
        var loaderInputs: [String: Slot] = [:]
        for (name, spec) in loader.requiredInputs {
            guard let slot = Self.slot(name: name, spec: spec, preset: preset, weight: weight),
                  slot != .ipAdapter
            else { return nil }
            loaderInputs[name] = slot
        }
        var applyInputs: [String: Slot] = [:]
        for (name, spec) in apply.requiredInputs {
            guard let slot = Self.slot(name: name, spec: spec, preset: preset, weight: weight) else { return nil }
            applyInputs[name] = slot
        }
        self.preset = preset
        self.weight = weight
        self.loaderInputs = loaderInputs
        self.applyInputs = applyInputs
        self.loaderModelOutput = loaderModel
        self.loaderIPAdapterOutput = loaderIPAdapter
        self.applyModelOutput = applyModel
    }

    private static func slot(name: String, spec: ComfyInputSpec, preset: String, weight: Double) -> Slot? {
        switch (spec.type, name) {
        case ("MODEL", _): return .model
        case ("IPADAPTER", _): return .ipAdapter
        case ("IMAGE", _): return .referenceImage
        case (_, "preset"): return .literal(.string(preset))
        case (_, "weight"): return .literal(.double(weight))
        default:
            // The pack's own defaults (weight_type "linear", start_at 0, end_at 1…) are the neutral choice.
            if let value = spec.defaultValue { return .literal(value) }
            if let first = spec.choices.first { return .literal(.string(first)) }
            return nil
        }
    }

    /// The two nodes, fed by `model` and `image`; returns the link that replaces `model` downstream.
    func install(
        into graph: inout [String: ComfyNode], model: ComfyInput, image: ComfyInput
    ) -> ComfyInput {
        let loaderID = ComfyGraph.NodeID.ipAdapterLoader
        let applyID = ComfyGraph.NodeID.ipAdapterApply
        graph[loaderID] = ComfyNode("IPAdapterUnifiedLoader", loaderInputs.mapValues {
            resolve($0, model: model, image: image, loaderID: loaderID)
        })
        graph[applyID] = ComfyNode("IPAdapterAdvanced", applyInputs.mapValues {
            resolve($0, model: .link(node: loaderID, output: loaderModelOutput), image: image, loaderID: loaderID)
        })
        return .link(node: applyID, output: applyModelOutput)
    }

    private func resolve(_ slot: Slot, model: ComfyInput, image: ComfyInput, loaderID: String) -> ComfyInput {
        switch slot {
        case .model: model
        case .ipAdapter: .link(node: loaderID, output: loaderIPAdapterOutput)
        case .referenceImage: image
        case .literal(let value): value
        }
    }
}
