import Foundation

/// Waiting for the end of a run, and reading its images.
extension ComfyGeneration {
    private enum WaitEnding: Sendable {
        case socket(ComfySocketEnding)
        case history(ComfyHistoryEntry)
    }

    /// The websocket tells the end first; the history is the truth (and the fallback when the socket
    /// closes). A slow history check runs alongside the socket because a socket can stay open yet stop
    /// receiving (ComfyUI keeps one socket per client id: another connection with ours replaces it).
    func completion(of promptID: String, socket: ComfyProgressSocket?) async throws -> ComfyHistoryEntry {
        let interval = client.configuration.historyPollInterval
        guard let socket else { return try await pollHistory(promptID, every: interval) }
        let progress = progress
        let ending = try await ComfyRace.first(
            { () async throws -> WaitEnding in
                .socket(try await ComfyFrameFollower.follow(
                    socket.frames, promptID: promptID, samplerNode: ComfyGraph.NodeID.sampler, progress: progress))
            },
            { () async throws -> WaitEnding in
                try await Task.sleep(for: interval * 5)
                return .history(try await pollHistory(promptID, every: interval * 5))
            })
        switch ending {
        case .history(let entry):
            return entry
        case .socket(.succeeded):
            // The server files the history just after it sends execution_success.
            return try await pollHistory(promptID, every: min(interval, .milliseconds(50)))
        case .socket(.closed):
            return try await pollHistory(promptID, every: interval)
        }
    }

    func download(_ entry: ComfyHistoryEntry, promptID: String) async throws -> [Data] {
        guard let references = entry.outputs?[ComfyGraph.NodeID.save]?.images, !references.isEmpty else {
            throw GenerationError.invalidOutput(
                engine: .comfyui, reason: "the history of prompt \(promptID) lists no image from its SaveImage node")
        }
        var images: [Data] = []
        for reference in references {
            let query = "filename=\(reference.filename.comfyQueryEncoded)"
                + "&subfolder=\((reference.subfolder ?? "").comfyQueryEncoded)"
                + "&type=\((reference.type ?? "output").comfyQueryEncoded)"
            let answer = try await client.transport.get("/view?\(query)")
            guard answer.isSuccess else { throw client.transport.failure(answer) }
            guard !answer.body.isEmpty else {
                throw GenerationError.invalidOutput(engine: .comfyui, reason: "/view answered no bytes for \(reference.filename)")
            }
            images.append(answer.body)
        }
        return images
    }

    func parameters(
        _ sampling: ComfyGraph.Sampling, reference: ComfyGraph.Reference?, promptID: String, imageCount: Int
    ) -> [String: EngineJSON] {
        var parameters: [String: EngineJSON] = [
            "mode": .string("txt2img"),
            "sampler_name": .string(sampling.samplerName),
            "scheduler": .string(sampling.scheduler),
            "cfg": .double(sampling.cfg),
            "denoise": .double(1),
            "seed": .int(sampling.seed),
            "steps": .int(Int64(sampling.steps)),
            "width": .int(Int64(sampling.width)),
            "height": .int(Int64(sampling.height)),
            "batch_size": .int(Int64(sampling.count)),
            // ComfyUI draws a batch's noise from one seed: an image is reproduced by seed + batch index.
            "batch_indices": .array((0..<imageCount).map { .int(Int64($0)) }),
            "prompt_id": .string(promptID),
        ]
        guard let reference else { return parameters }
        parameters["reference_image"] = .string(reference.imageName)
        switch reference.mode {
        case .imageToImage(let denoise):
            parameters["mode"] = .string("img2img")
            parameters["denoise"] = .double(denoise)
        case .controlNet(let model, let strength):
            parameters["mode"] = .string("controlnet")
            parameters["controlnet_model"] = .string(model)
            parameters["controlnet_strength"] = .double(strength)
        case .ipAdapterOnly:
            parameters["mode"] = .string("ip_adapter")
        }
        if let ipAdapter = reference.ipAdapter {
            parameters["ip_adapter_preset"] = .string(ipAdapter.preset)
            parameters["ip_adapter_weight"] = .double(ipAdapter.weight)
        }
        return parameters
    }

    // MARK: - History

    private func pollHistory(_ promptID: String, every interval: Duration) async throws -> ComfyHistoryEntry {
        while true {
            if let entry = try await finishedEntry(promptID) { return entry }
            try await Task.sleep(for: interval)
        }
    }

    /// Nil while the server does not know the prompt yet (it answers `200 {}`) or has not finished it.
    private func finishedEntry(_ promptID: String) async throws -> ComfyHistoryEntry? {
        let answer = try await client.transport.get("/history/\(promptID.comfyQueryEncoded)")
        let history = try client.transport.decode(
            [String: ComfyHistoryEntry].self, from: answer, what: "the history of prompt \(promptID)")
        guard let entry = history[promptID] else { return nil }
        if entry.status?.statusText == "error" { throw Self.failure(of: entry) }
        if entry.status?.completed == false { return nil }
        return entry
    }

    /// An interrupted run is a cancellation (someone stopped it); otherwise the error's own message.
    private static func failure(of entry: ComfyHistoryEntry) -> any Error {
        for message in entry.status?.messages ?? [] {
            switch message[0]?.string {
            case "execution_interrupted":
                return CancellationError()
            case "execution_error":
                let data = message[1]
                return GenerationError.failed(
                    engine: .comfyui, status: nil,
                    message: ComfyErrorMessage.execution(
                        message: data?["exception_message"]?.string, type: data?["exception_type"]?.string))
            default:
                continue
            }
        }
        return GenerationError.failed(engine: .comfyui, status: nil, message: "the prompt ended with an error")
    }
}
