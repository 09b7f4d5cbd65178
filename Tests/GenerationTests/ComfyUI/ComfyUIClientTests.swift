import AsyncHTTPClient
import EngineFakes
import Foundation
import Generation
import Testing

/// The client against the fake server: what it sends, what it returns, how it follows a run.
struct ComfyUIClientTests {
    @Test func textToImageReturnsTheImagesWithProgressAndOurIds() async throws {
        try await ComfyTestKit.withFake { fake, client in
            let progress = ComfyProgressLog()
            let request = ComfyTestKit.request(seed: 987_654, steps: 8, count: 2)
            let output = try await client.generate(request) { progress.record($0) }

            #expect(output.images.count == 2)
            #expect(output.images.allSatisfy { $0.bytes == ComfyTestKit.png })
            #expect(output.images.map(\.seed) == [987_654, 987_654])
            #expect(output.model == "juggernautXL_v9.safetensors")
            #expect(output.usedReference == false)

            let values = progress.all
            #expect(values.count >= 8, "one report per sampling step at least: \(values)")
            #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 }, "progress went back: \(values)")
            #expect((values.last ?? 0) >= 0.99)

            let submission = try #require(fake.submissions.entries.first)
            #expect(fake.submissions.count == 1)
            #expect(submission.accepted)
            #expect(submission.path == "/prompt")
            #expect(submission.promptID == request.jobID.uuidString.lowercased())
            #expect(submission.clientID == client.configuration.clientID)
            #expect(fake.socketClients.entries == [client.configuration.clientID])
            let sampler = try #require(submission.node("KSampler")?.node)
            #expect(sampler.int("seed") == 987_654)
            #expect(sampler.int("steps") == 8)
            #expect(submission.node("EmptyLatentImage")?.node.int("batch_size") == 2)
            #expect(submission.node("SaveImage")?.node.string("filename_prefix")
                == "personaseed_\(request.jobID.uuidString.lowercased())")
            #expect(submission.nodes("CLIPTextEncode").map { $0.node.string("text") ?? "" }.sorted()
                == ["blurry, watermark", "portrait of a lighthouse keeper, 35mm"])
            #expect(fake.viewRequests.entries.map(\.type) == ["output", "output"])

            #expect(output.parameters["mode"] == .string("txt2img"))
            #expect(output.parameters["sampler_name"] == .string("dpmpp_2m"))
            #expect(output.parameters["scheduler"] == .string("karras"))
            #expect(output.parameters["cfg"] == .double(6))
            #expect(output.parameters["denoise"] == .double(1))
            #expect(output.parameters["seed"] == .int(987_654))
            #expect(output.parameters["batch_indices"] == .array([.int(0), .int(1)]))
            #expect(output.parameters["reference_image"] == nil)
        }
    }

    @Test func withoutASeedTheClientChoosesOneAndReportsIt() async throws {
        try await ComfyTestKit.withFake { fake, client in
            let output = try await client.generate(ComfyTestKit.request(seed: nil)) { _ in }
            let sent = try #require(fake.submissions.entries.first?.node("KSampler")?.node.int("seed"))
            #expect((0...4_294_967_295).contains(sent))
            #expect(output.images.first?.seed == sent)
            #expect(output.parameters["seed"] == .int(sent))
        }
    }

    @Test func withoutAModelTheClientPicksTheSDXLCheckpoint() async throws {
        try await ComfyTestKit.withFake { fake, client in
            let output = try await client.generate(ComfyTestKit.request(model: nil)) { _ in }
            #expect(output.model == "juggernautXL_v9.safetensors")
            #expect(fake.submissions.entries.first?.node("CheckpointLoaderSimple")?.node.string("ckpt_name")
                == "juggernautXL_v9.safetensors")
        }
    }

    @Test func aReferenceIsUploadedAndRefinedImageToImage() async throws {
        try await ComfyTestKit.withFake(configure: { $0.denoise = 0.45 }) { fake, client in
            fake.update { $0.uploadSubfolder = "personaseed" }
            let request = ComfyTestKit.request(count: 3, reference: ComfyTestKit.reference)
            let output = try await client.generate(request) { _ in }

            let upload = try #require(fake.uploads.entries.first)
            #expect(fake.uploads.count == 1)
            #expect(upload.filename == "personaseed-\(request.jobID.uuidString.lowercased()).png")
            #expect(upload.byteCount == ComfyTestKit.png.count)
            #expect(upload.type == "input")
            #expect(upload.overwrite == "true")
            #expect(upload.contentType == "image/png")

            let submission = try #require(fake.submissions.entries.first)
            #expect(submission.accepted, "the fake validated the graph, LoadImage's file included")
            let expectedName = "personaseed/\(upload.filename)"
            #expect(submission.node("LoadImage")?.node.string("image") == expectedName)
            #expect(submission.node("VAEEncode") != nil)
            #expect(submission.node("RepeatLatentBatch")?.node.int("amount") == 3)
            #expect(submission.node("KSampler")?.node.number("denoise") == 0.45)
            #expect(submission.node("EmptyLatentImage") == nil)
            #expect(submission.node("IPAdapterUnifiedLoader") == nil, "no IP-Adapter nodes on this server")

            #expect(output.images.count == 3)
            #expect(output.usedReference)
            #expect(output.parameters["mode"] == .string("img2img"))
            #expect(output.parameters["denoise"] == .double(0.45))
            #expect(output.parameters["reference_image"] == .string(expectedName))
            #expect(output.parameters["ip_adapter_preset"] == nil)
        }
    }

    @Test func aConfiguredControlNetSteersFromTheReference() async throws {
        try await ComfyTestKit.withFake(configure: {
            $0.controlNetModel = "controlnet-canny-sdxl-1.0.safetensors"
            $0.controlNetStrength = 0.7
        }) { fake, client in
            let output = try await client.generate(ComfyTestKit.request(reference: ComfyTestKit.reference)) { _ in }
            let submission = try #require(fake.submissions.entries.first)
            #expect(submission.accepted)
            #expect(submission.node("ControlNetLoader")?.node.string("control_net_name") == "controlnet-canny-sdxl-1.0.safetensors")
            #expect(submission.node("ControlNetApplyAdvanced")?.node.number("strength") == 0.7)
            #expect(submission.node("VAEEncode") == nil)
            #expect(submission.node("KSampler")?.node.number("denoise") == 1)
            #expect(output.parameters["mode"] == .string("controlnet"))
            #expect(output.parameters["controlnet_model"] == .string("controlnet-canny-sdxl-1.0.safetensors"))
            #expect(output.parameters["controlnet_strength"] == .double(0.7))
            #expect(output.usedReference)
        }
    }

    @Test func ipAdapterNodesAreUsedWhenTheServerHasThem() async throws {
        try await ComfyTestKit.withFake(ipAdapterNodes: true) { fake, client in
            let output = try await client.generate(ComfyTestKit.request(reference: ComfyTestKit.reference)) { _ in }
            let submission = try #require(fake.submissions.entries.first)
            #expect(submission.accepted, "every required IP-Adapter input was filled and typed right")
            let loader = try #require(submission.node("IPAdapterUnifiedLoader"))
            #expect(loader.node.string("preset") == "PLUS FACE (portraits)")
            let apply = try #require(submission.node("IPAdapterAdvanced"))
            #expect(apply.node.number("weight") == 0.8)
            #expect(apply.node.link("ipadapter")?.node == loader.id)
            #expect(submission.node("KSampler")?.node.link("model")?.node == apply.id)
            #expect(output.parameters["ip_adapter_preset"] == .string("PLUS FACE (portraits)"))
            #expect(output.parameters["ip_adapter_weight"] == .double(0.8))
        }
    }

    @Test func ipAdapterIsNotUsedForTextToImage() async throws {
        try await ComfyTestKit.withFake(ipAdapterNodes: true) { fake, client in
            _ = try await client.generate(ComfyTestKit.request()) { _ in }
            #expect(fake.submissions.entries.first?.node("IPAdapterAdvanced") == nil)
            #expect(fake.uploads.count == 0)
        }
    }

    @Test func twoGenerationsSharingTheClientIdBothFinish() async throws {
        // ComfyUI keeps one socket per client id, so one of the two sockets goes deaf.
        try await ComfyTestKit.withFake { fake, client in
            fake.update { $0.stepDelay = .milliseconds(10) }
            async let first = client.generate(ComfyTestKit.request(steps: 10)) { _ in }
            async let second = client.generate(ComfyTestKit.request(steps: 10)) { _ in }
            let outputs = try await [first, second]
            #expect(outputs.map(\.images.count) == [1, 1])
            #expect(Set(fake.submissions.entries.compactMap(\.promptID)).count == 2)
        }
    }

    @Test func anExecutionErrorFailsWithTheEnginesMessage() async throws {
        try await ComfyTestKit.withFake { fake, client in
            fake.update { $0.executionError = "CUDA out of memory. Tried to allocate 2.00 GiB" }
            let error = await TestSupport.error { try await client.generate(ComfyTestKit.request()) { _ in } }
            #expect(error as? GenerationError
                == .failed(engine: .comfyui, status: nil, message: "CUDA out of memory. Tried to allocate 2.00 GiB"))
        }
    }

    @Test func anUnknownCheckpointFailsWith400NamingTheInputAndValue() async throws {
        try await ComfyTestKit.withFake { _, client in
            let error = await TestSupport.error {
                try await client.generate(ComfyTestKit.request(model: "nope.safetensors")) { _ in }
            }
            guard case .failed(.comfyui, 400, let message)? = error as? GenerationError else {
                Issue.record("expected .failed 400, got \(String(describing: error))")
                return
            }
            #expect(message.contains("Prompt outputs failed validation"))
            #expect(message.contains("Value not in list"))
            #expect(message.contains("ckpt_name"))
            #expect(message.contains("nope.safetensors"))
        }
    }

    @Test func anInternalServerErrorFailsWithItsText() async throws {
        try await ComfyTestKit.withFake { fake, client in
            fake.update { $0.internalErrorOnPrompt = true }
            let error = await TestSupport.error { try await client.generate(ComfyTestKit.request()) { _ in } }
            guard case .failed(.comfyui, 500, let message)? = error as? GenerationError else {
                Issue.record("expected .failed 500, got \(String(describing: error))")
                return
            }
            #expect(message.contains("Server got itself in trouble"))
        }
    }

    @Test func cancellingInterruptsOurPromptAndThrowsPromptly() async throws {
        try await ComfyTestKit.withFake { fake, client in
            fake.update { $0.hangUntilInterrupted = true }
            let request = ComfyTestKit.request()
            let promptID = request.jobID.uuidString.lowercased()
            let task = Task { try await client.generate(request) { _ in } }
            #expect(await TestSupport.eventually { fake.runningPrompts.contains(promptID) })

            let clock = ContinuousClock()
            let started = clock.now
            task.cancel()
            let error = await TestSupport.error { try await task.value }
            // Stopping the engine may take up to 5 s by design; a client deaf to cancellation would run
            // into its 60 s timeout.
            #expect(clock.now - started < .seconds(30))
            #expect(error is CancellationError, "got \(String(describing: error))")
            #expect(fake.interrupts.entries == [promptID])
            #expect(fake.queueDeletes.entries == [[promptID]])
            #expect(await TestSupport.eventually { fake.runningPrompts.isEmpty }, "the engine stopped the run")
        }
    }

    @Test func theTotalTimeoutFailsAsTimedOutAndStopsTheEngine() async throws {
        // The prompt must be submitted before the deadline for there to be something to interrupt: the
        // deadline leaves a loaded machine ample time for the websocket and POST /prompt.
        try await ComfyTestKit.withFake(configure: { $0.timeout = .seconds(3) }) { fake, client in
            fake.update { $0.hangUntilInterrupted = true }
            let request = ComfyTestKit.request()
            let clock = ContinuousClock()
            let started = clock.now
            let error = await TestSupport.error { try await client.generate(request) { _ in } }
            // Stopping the engine may take up to 5 s by design; without the deadline the run never ends.
            #expect(clock.now - started < .seconds(30))
            #expect(error as? GenerationError == .timedOut(engine: .comfyui, url: client.baseURL, seconds: 3))
            #expect(fake.interrupts.entries == [request.jobID.uuidString.lowercased()])
        }
    }

    @Test func viewBytesArePassedOnUnvalidated() async throws {
        try await ComfyTestKit.withFake { fake, client in
            let page = Data("<html>not an image</html>".utf8)
            fake.update { $0.viewBody = page }
            let output = try await client.generate(ComfyTestKit.request()) { _ in }
            #expect(output.images.map(\.bytes) == [page])
        }
    }

    @Test func anImageCutOffMidBodyIsUnreachable() async throws {
        try await ComfyTestKit.withFake { fake, client in
            fake.update { $0.dropViewMidBody = true }
            let error = await TestSupport.error { try await client.generate(ComfyTestKit.request()) { _ in } }
            guard case .unreachable(.comfyui, let url, _)? = error as? GenerationError else {
                Issue.record("expected .unreachable, got \(String(describing: error))")
                return
            }
            #expect(url == client.baseURL)
        }
    }

    @Test func viewQueriesAreEncodedSoThatOddNamesSurvive() async throws {
        try await ComfyTestKit.withFake { fake, client in
            fake.update { $0.outputSubfolder = "drafts+v2/é & co" }
            let output = try await client.generate(ComfyTestKit.request()) { _ in }
            #expect(output.images.count == 1)
            #expect(fake.viewRequests.entries.first?.subfolder == "drafts+v2/é & co")
        }
    }

    @Test func listModelsReadsTheCheckpointsRoute() async throws {
        try await ComfyTestKit.withFake { _, client in
            let models = try await client.listModels()
            #expect(models == ComfyTestKit.checkpoints)
        }
    }

    @Test func listModelsFallsBackToObjectInfoWithoutTheRoute() async throws {
        try await ComfyTestKit.withFake { fake, client in
            fake.update { $0.checkpointsRouteMissing = true }
            let models = try await client.listModels()
            #expect(models == ComfyTestKit.checkpoints)
        }
    }

    @Test func anEngineThatIsDownIsUnreachableNamingItsURL() async throws {
        let down = try RefusingPort()
        let downURL = down.baseURL
        defer { withExtendedLifetime(down) {} }
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        var configuration = ComfyTestKit.configuration(baseURL: downURL)
        // HTTPClient retries a refused connection until the request's deadline.
        configuration.requestTimeout = .seconds(20)
        let client = ComfyUIClient(configuration: configuration, httpClient: httpClient)
        let clock = ContinuousClock()
        let started = clock.now
        let generateError = await TestSupport.error { try await client.generate(ComfyTestKit.request()) { _ in } }
        let generateTime = clock.now - started
        let listError = await TestSupport.error { try await client.listModels() }
        try await httpClient.shutdown()

        #expect(generateTime < .seconds(10), "the refused websocket tells at once, not after the 20 s request timeout")
        for error in [generateError, listError] {
            guard case .unreachable(.comfyui, let url, let reason)? = error as? GenerationError else {
                Issue.record("expected .unreachable, got \(String(describing: error))")
                continue
            }
            #expect(url == downURL)
            #expect(reason == "connection refused")
            #expect(error.map { "\($0)" }?.contains(downURL) == true)
        }
    }
}

/// How a run is followed when the websocket is not the whole story.
struct ComfyUIRunEndingTests {
    @Test func aDroppedWebsocketFallsBackToTheHistory() async throws {
        try await ComfyTestKit.withFake { fake, client in
            fake.update {
                $0.closeSocketMidRun = true
                $0.stepDelay = .milliseconds(20)
            }
            let request = ComfyTestKit.request(steps: 6)
            let output = try await client.generate(request) { _ in }
            #expect(output.images.map(\.bytes) == [ComfyTestKit.png])
            let delivered = fake.sentFrames.entries.map(\.type)
            #expect(delivered.contains("progress"), "the socket was followed until it closed")
            #expect(!delivered.contains("execution_success"), "the end never reached the socket: \(delivered)")
            #expect(fake.historyRequests.entries.allSatisfy { $0 == request.jobID.uuidString.lowercased() })
        }
    }

    @Test func theFakeSendsComfyUIsFrameSequence() async throws {
        try await ComfyTestKit.withFake { fake, client in
            let request = ComfyTestKit.request(steps: 4)
            _ = try await client.generate(request) { _ in }
            #expect(await TestSupport.eventually { fake.sentFrames.entries.last?.type == "executing" })
            let frames = fake.sentFrames.entries
            #expect(frames.allSatisfy { $0.clientID == client.configuration.clientID })
            let types = frames.map(\.type)
            #expect(Array(types.prefix(4)) == ["status", "status", "execution_start", "execution_cached"])
            #expect(Array(types.suffix(4)) == ["executed", "execution_success", "status", "executing"])
            #expect(types.filter { $0 == "progress" }.count == 4)
            #expect(types.contains("progress_state"))
            #expect(types.contains("preview"))
            #expect(frames.filter { $0.type == "progress" }.allSatisfy { $0.promptID == request.jobID.uuidString.lowercased() })
        }
    }

    @Test func anInterruptFromElsewhereEndsTheGenerationAsCancelled() async throws {
        try await ComfyTestKit.withFake { fake, client in
            fake.update { $0.hangUntilInterrupted = true }
            let request = ComfyTestKit.request()
            let promptID = request.jobID.uuidString.lowercased()
            async let outcome = TestSupport.error { try await client.generate(request) { _ in } }
            #expect(await TestSupport.eventually { fake.runningPrompts.contains(promptID) })
            // Someone presses "cancel" in ComfyUI's own page: a global interrupt.
            let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
            var interrupt = HTTPClientRequest(url: fake.baseURL + "/interrupt")
            interrupt.method = .POST
            _ = try? await httpClient.execute(interrupt, timeout: .seconds(60))
            try await httpClient.shutdown()
            let error = await outcome
            #expect(error is CancellationError, "got \(String(describing: error))")
            #expect(fake.interrupts.entries.first == .some(nil))
        }
    }
}
