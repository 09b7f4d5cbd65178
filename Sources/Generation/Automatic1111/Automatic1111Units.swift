/// Chooses the ControlNet extension units for a reference image from the extension's model list.
enum A1111UnitPlanner {
    static func units(
        modelList: [String],
        configuration: Automatic1111Client.Configuration,
        checkpoint: String?,
        referenceBase64: String
    ) -> [A1111ControlNetUnit] {
        var units: [A1111ControlNetUnit] = []
        if let wanted = configuration.controlNetModel?.lowercased(), !wanted.isEmpty,
           let model = modelList.first(where: { $0.lowercased().contains(wanted) }) {
            units.append(A1111ControlNetUnit(
                image: referenceBase64, module: configuration.controlNetModule, model: model,
                weight: configuration.controlNetWeight))
        }
        if let model = ipAdapterModel(in: modelList, checkpoint: checkpoint, module: configuration.ipAdapterModule) {
            units.append(A1111ControlNetUnit(
                image: referenceBase64, module: configuration.ipAdapterModule, model: model,
                weight: configuration.ipAdapterWeight))
        }
        return units
    }

    /// A plain IP-Adapter for the checkpoint's family, a face one first. FaceID and InstantID are left
    /// out: they need InsightFace models licensed for non-commercial use only, and other preprocessors.
    /// An adapter of the other family (SD1.5 vs SDXL) would fail inside the engine with a shape error.
    static func ipAdapterModel(in modelList: [String], checkpoint: String?, module: String) -> String? {
        let checkpointIsXL = checkpoint.map { $0.lowercased().contains("xl") }
        let candidates = modelList.filter { name in
            let lowered = name.lowercased()
            guard lowered.contains("ip-adapter"),
                  !lowered.contains("faceid"), !lowered.contains("face_id"),
                  !lowered.contains("instant_id"), !lowered.contains("instantid")
            else { return false }
            guard let checkpointIsXL else { return true }
            return lowered.contains("xl") == checkpointIsXL
        }
        let clipH = module.lowercased().contains("clip_h")
        func score(_ name: String) -> Int {
            let lowered = name.lowercased()
            // SDXL adapters without "vit-h" were trained on the bigG encoder, which clip_h does not feed.
            let encoderFits = !(checkpointIsXL == true && clipH && !lowered.contains("vit-h"))
            return (lowered.contains("face") ? 2 : 0) + (encoderFits ? 1 : 0)
        }
        // Between equals, the engine's list order decides.
        let ranked = candidates.enumerated().map { (score: score($0.element), order: -$0.offset, name: $0.element) }
        return ranked.max { ($0.score, $0.order) < ($1.score, $1.order) }?.name
    }
}
