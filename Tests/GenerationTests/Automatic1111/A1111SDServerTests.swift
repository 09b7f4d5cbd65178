import EngineFakes
import Foundation
import Generation
import Testing

/// stable-diffusion.cpp's sd-server: the same generation routes, none of the extras.
@Suite struct A1111SDServerTests {
    @Test func txt2imgAndImg2imgWorkEndToEnd() async throws {
        try await A1111TestHarness.withFake(models: ["sd_xl_turbo_1.0_fp16"], flavour: .sdServer, configure: {
            $0.controlNetModel = "canny"
        }) { fake, client in
            // The run lasts 6 × 40 ms from the client's first poll on, however late that comes: time for
            // a client that went on polling every 30 ms to be seen doing it.
            fake.behaviour = .init(stepDelay: .milliseconds(40), startsAtFirstPoll: true)
            let title = try #require(try await client.listModels().first)
            let drawn = try await client.generate(A1111TestHarness.request(model: title, seed: 42, steps: 6)) { _ in }
            #expect(drawn.images.map(\.seed) == [42])
            #expect(drawn.images[0].bytes == (try TestSupport.generatedPNG()))
            // The progress route is missing there: one 404, then no more polling.
            #expect(fake.requests(to: "/sdapi/v1/progress").count == 1)

            fake.behaviour = .init()
            let reference = try A1111TestHarness.reference()
            let refined = try await client.generate(A1111TestHarness.request(model: title, reference: reference, steps: 2)) { _ in }
            let sent = try #require(fake.generations.last)
            #expect(sent.path == "/sdapi/v1/img2img")
            #expect(sent.ranAs == "img2img")
            #expect(sent.json?["init_images"] == [.string(reference.bytes.base64EncodedString())])
            #expect(sent.json?["alwayson_scripts"] == nil)
            #expect(refined.usedReference)
            #expect(refined.parameters["mode"] == .string("img2img"))
            #expect(refined.parameters["sd_model_hash"] == nil)
        }
    }

    @Test func emptyPromptIsItsOwn400() async throws {
        try await A1111TestHarness.withFake(flavour: .sdServer) { _, client in
            var request = A1111TestHarness.request(model: nil)
            request.prompt = ""
            let error = await #expect(throws: GenerationError.self) { try await client.generate(request) { _ in } }
            #expect(error == .failed(engine: .automatic1111, status: 400, message: "prompt required"))
        }
    }

    @Test func serverErrorMessageIsSurfaced() async throws {
        try await A1111TestHarness.withFake(flavour: .sdServer) { fake, client in
            fake.behaviour = .init(answer: .serverError(message: "failed to load model"))
            let error = await #expect(throws: GenerationError.self) {
                try await client.generate(A1111TestHarness.request(model: nil)) { _ in }
            }
            #expect(error == .failed(engine: .automatic1111, status: 500, message: "failed to load model"))
        }
    }

    @Test func cancellingStillThrowsPromptlyThoughTheInterruptIs404() async throws {
        try await A1111TestHarness.withFake(flavour: .sdServer) { fake, client in
            fake.behaviour = .init(answer: .hangUntilInterrupted)
            let task = Task { try await client.generate(A1111TestHarness.request(model: nil)) { _ in } }
            #expect(await TestSupport.eventually { fake.isGenerating })
            let clock = ContinuousClock()
            let started = clock.now
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            // The interrupt may take up to 5 s by design; a client deaf to cancellation would run into
            // its 60 s timeout.
            #expect(clock.now - started < .seconds(30))
            #expect(fake.interruptCount == 1)
        }
    }
}
