import Foundation

/// One `generate` call, step by step.
struct ComfyGeneration: Sendable {
    let client: ComfyUIClient
    let request: GenerationRequest
    let progress: ComfyProgressReporter
    let submission = ComfySubmission()

    private var configuration: ComfyUIClient.Configuration { client.configuration }
    private var transport: ComfyTransport { client.transport }
    /// Our job id is the prompt id, so that a cancel can name it.
    private var jobPromptID: String { request.jobID.uuidString.lowercased() }

    /// Engines want seeds as unsigned 32-bit numbers at least; this range reproduces everywhere.
    static let seedRange: ClosedRange<Int64> = 0...4_294_967_295

    func perform() async throws -> GenerationOutput {
        let checkpoint = try await chooseCheckpoint()
        // ComfyUI has no "random seed" value: we choose it, so that it can be recorded.
        let seed = request.seed.flatMap { $0 >= 0 ? $0 : nil } ?? Int64.random(in: Self.seedRange)
        var reference: ComfyGraph.Reference?
        if let image = request.reference {
            let uploaded = try await upload(image)
            reference = try await referencePlan(imageName: uploaded.loadImageName)
        }
        let sampling = ComfyGraph.Sampling(
            checkpoint: checkpoint, prompt: request.prompt, negativePrompt: request.negativePrompt ?? "", seed: seed,
            steps: request.steps, cfg: configuration.cfg, samplerName: configuration.samplerName,
            scheduler: configuration.scheduler, width: request.width, height: request.height, count: request.count,
            filenamePrefix: "personaseed_\(jobPromptID)")
        let graph = ComfyGraph.build(sampling, reference: reference)

        let socket = try await openSocket()
        defer { socket?.close() }
        let promptID = try await submit(graph)
        let entry = try await completion(of: promptID, socket: socket)
        let images = try await download(entry, promptID: promptID)
        return GenerationOutput(
            images: images.map { GeneratedImage(bytes: $0, seed: seed) }, model: checkpoint,
            usedReference: reference != nil,
            parameters: parameters(sampling, reference: reference, promptID: promptID, imageCount: images.count))
    }

    /// Tells the engine to drop our prompt, running or queued. Runs outside the (possibly cancelled)
    /// caller's task so that the calls are actually made, and briefly: a hung engine must not hold up
    /// the cancellation.
    func stopEngine() async {
        guard let promptID = submission.promptID else { return }
        let transport = transport
        let limit = min(configuration.requestTimeout, .seconds(5))
        await Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    _ = try? await transport.post("/interrupt", json: ComfyInterrupt(promptID: promptID), timeout: limit)
                }
                group.addTask {
                    _ = try? await transport.post("/queue", json: ComfyQueueDelete(delete: [promptID]), timeout: limit)
                }
            }
        }.value
    }

    // MARK: - Steps

    private func chooseCheckpoint() async throws -> String {
        if let model = request.model, !model.isEmpty { return model }
        let names = try await client.listModels()
        return names.first { $0.lowercased().contains("xl") } ?? names[0]
    }

    /// A draft is refined from its own pixels; an identity goes into a new scene through the
    /// IP-Adapter when the server has it, else through image-to-image at a denoise the strength sets.
    private func referencePlan(imageName: String) async throws -> ComfyGraph.Reference {
        switch request.referenceRole {
        case .refine:
            return ComfyGraph.Reference(
                imageName: imageName, mode: referenceMode,
                ipAdapter: try await ipAdapterPlan(weight: configuration.ipAdapterWeight))
        case .identity(let strength):
            if let plan = try await ipAdapterPlan(weight: strength) {
                return ComfyGraph.Reference(imageName: imageName, mode: .ipAdapterOnly, ipAdapter: plan)
            }
            return ComfyGraph.Reference(
                imageName: imageName, mode: .imageToImage(denoise: ReferenceRole.denoise(forIdentityStrength: strength)))
        }
    }

    private var referenceMode: ComfyGraph.Reference.Mode {
        if let model = configuration.controlNetModel, !model.isEmpty {
            return .controlNet(model: model, strength: configuration.controlNetStrength)
        }
        return .imageToImage(denoise: configuration.denoise)
    }

    private func upload(_ reference: ReferenceImage) async throws -> ComfyUploadedImage {
        var form = ComfyMultipart()
        form.addFile(
            "image", filename: "personaseed-\(jobPromptID).\(reference.format)", mimeType: reference.mimeType,
            bytes: reference.bytes)
        form.addField("type", "input")
        form.addField("overwrite", "true")
        let answer = try await transport.post("/upload/image", multipart: form)
        return try transport.decode(ComfyUploadedImage.self, from: answer, what: "the upload answer")
    }

    /// The IP-Adapter nodes come from a custom node pack: used only when the server has both.
    private func ipAdapterPlan(weight: Double) async throws -> ComfyIPAdapterPlan? {
        guard configuration.useIPAdapter,
              let loader = try await schema(of: "IPAdapterUnifiedLoader"),
              let apply = try await schema(of: "IPAdapterAdvanced")
        else { return nil }
        return ComfyIPAdapterPlan(
            loader: loader, apply: apply, preset: configuration.ipAdapterPreset, weight: weight)
    }

    private func schema(of className: String) async throws -> ComfyNodeSchema? {
        let answer = try await transport.get("/object_info/\(className)")
        guard answer.isSuccess else { return nil }
        return try? ComfyNodeSchema.parse(objectInfo: answer.body, className: className)
    }

    /// Without a websocket (a proxy that does not pass upgrades, say) the history still tells the end.
    private func openSocket() async throws -> ComfyProgressSocket? {
        do {
            return try await ComfyProgressSocket.connect(
                to: socketURL, on: client.eventLoopGroup, within: configuration.requestTimeout)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            // A refused connection will not be accepted for POST /prompt either, and HTTPClient would
            // keep retrying it until the request timeout: say so now.
            let reason = ComfyTransport.reason(error)
            if reason == "connection refused" {
                throw GenerationError.unreachable(engine: .comfyui, url: configuration.baseURL, reason: reason)
            }
            return nil
        }
    }

    private var socketURL: String {
        let base = configuration.baseURL
        let socketBase = if base.lowercased().hasPrefix("https://") {
            "wss://" + base.dropFirst("https://".count)
        } else if base.lowercased().hasPrefix("http://") {
            "ws://" + base.dropFirst("http://".count)
        } else {
            base
        }
        return socketBase + "/ws?clientId=" + configuration.clientID.comfyQueryEncoded
    }

    private func submit(_ graph: [String: ComfyNode]) async throws -> String {
        // From here on the engine may hold our prompt, even if the answer never reaches us.
        submission.mark(jobPromptID)
        let answer = try await transport.post(
            "/prompt", json: ComfyPromptSubmission(prompt: graph, clientID: configuration.clientID, promptID: jobPromptID))
        let accepted = try transport.decode(ComfyPromptAccepted.self, from: answer, what: "the answer to POST /prompt")
        let promptID = accepted.promptID ?? jobPromptID
        submission.mark(promptID)
        return promptID
    }
}
