import Foundation

extension Automatic1111Client {
    /// txt2img without a reference; with a draft to refine, img2img, plus ControlNet units when the
    /// extension answers its model list with models we can use; with an identity, see below.
    func makePlan(for request: GenerationRequest) async throws -> A1111Plan {
        var body = A1111GenerationBody(
            prompt: request.prompt,
            negativePrompt: request.negativePrompt ?? "",
            steps: request.steps,
            cfgScale: configuration.cfgScale,
            width: request.width,
            height: request.height,
            samplerName: configuration.samplerName,
            seed: request.seed ?? -1,
            batchSize: request.count,
            nIter: 1)
        if let model = request.model {
            body.overrideSettings = .init(sdModelCheckpoint: model)
            body.overrideSettingsRestoreAfterwards = true
        }
        var mode = A1111Plan.Mode.txt2img
        var units: [A1111ControlNetUnit] = []
        if let reference = request.reference {
            let referenceBase64 = reference.bytes.base64EncodedString()
            switch request.referenceRole {
            case .refine:
                body.initImages = [referenceBase64]
                body.denoisingStrength = configuration.denoisingStrength
                mode = .img2img
                if let modelList = try await controlNetModels() {
                    units = A1111UnitPlanner.units(
                        modelList: modelList, configuration: configuration, checkpoint: request.model,
                        referenceBase64: referenceBase64)
                }
                if !units.isEmpty {
                    body.alwaysonScripts = .init(controlnet: .init(args: units))
                    mode = .img2imgControlNet
                }
            case .identity(let strength):
                // A new scene: from noise with an IP-Adapter unit when the extension has one, else
                // image-to-image, keeping as much of the baseline as the strength asks.
                if let modelList = try await controlNetModels(),
                   let model = A1111UnitPlanner.ipAdapterModel(
                       in: modelList, checkpoint: request.model, module: configuration.ipAdapterModule) {
                    units = [A1111ControlNetUnit(
                        image: referenceBase64, module: configuration.ipAdapterModule, model: model, weight: strength)]
                    body.alwaysonScripts = .init(controlnet: .init(args: units))
                    mode = .txt2imgIPAdapter
                } else {
                    body.initImages = [referenceBase64]
                    body.denoisingStrength = ReferenceRole.denoise(forIdentityStrength: strength)
                    mode = .img2img
                }
            }
        }
        let encoded: Data
        do {
            // Base64 is full of "/": escaping each one as "\/" (Foundation's default) makes a
            // reference's megabytes larger and slower to write, for no reader's benefit.
            let encoder = JSONEncoder()
            encoder.outputFormatting = .withoutEscapingSlashes
            encoded = try encoder.encode(body)
        } catch {
            throw GenerationError.failed(engine: .automatic1111, status: nil, message: "could not encode the request: \(error)")
        }
        return A1111Plan(
            mode: mode, body: encoded, units: units,
            samplerName: configuration.samplerName, cfgScale: configuration.cfgScale,
            denoisingStrength: body.denoisingStrength)
    }

    /// nil when the ControlNet extension is not there to take units: naming an unknown script is a 422.
    /// Wrong credentials fail the whole call here already; any other trouble means plain img2img.
    private func controlNetModels() async throws -> [String]? {
        let path = "/controlnet/model_list"
        let answer = try await transport.send(.GET, path, within: configuration.requestTimeout)
        if answer.status == 401 {
            throw A1111ErrorMapping.failure(status: answer.status, body: answer.body, path: path)
        }
        guard answer.status == 200 else { return nil }
        return (try? JSONDecoder().decode(A1111ControlNetModelList.self, from: answer.body))?.modelList
    }
}
