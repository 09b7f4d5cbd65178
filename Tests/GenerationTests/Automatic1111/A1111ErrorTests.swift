import EngineFakes
import Foundation
import Generation
import Testing

@Suite struct A1111ErrorTests {
    @Test func refusedConnectionIsUnreachableNamingTheURL() async throws {
        // Nothing listens there.
        let gone = try RefusingPort()
        let url = gone.baseURL
        defer { withExtendedLifetime(gone) {} }
        try await TestSupport.withHTTPClient { httpClient in
            // AsyncHTTPClient retries refused connections until its connect timeout (10 s by default) or
            // our deadline, whichever comes first; the answer must still say why. The deadline leaves a
            // loaded machine time for the first refusal.
            var configuration = A1111TestHarness.configuration(baseURL: url)
            configuration.requestTimeout = .seconds(3)
            configuration.timeout = .seconds(3)
            let client = Automatic1111Client(configuration: configuration, httpClient: httpClient)
            let clock = ContinuousClock()
            let started = clock.now
            let listing = await #expect(throws: GenerationError.self) { try await client.listModels() }
            // About 3 s; without our deadline, the 10 s of AsyncHTTPClient's connect timeout.
            #expect(clock.now - started < .seconds(8))
            guard case .unreachable(.automatic1111, let reportedURL, _) = listing else {
                Issue.record("expected .unreachable, got \(String(describing: listing))")
                return
            }
            #expect(reportedURL == url)
            #expect(listing?.description.contains(url) == true)
            #expect(listing?.description.contains("connection refused") == true, "\(String(describing: listing))")
            let generating = await #expect(throws: GenerationError.self) {
                try await client.generate(A1111TestHarness.request(model: nil)) { _ in }
            }
            guard case .unreachable(_, url, _) = generating else {
                Issue.record("expected .unreachable, got \(String(describing: generating))")
                return
            }
        }
    }

    @Test func connectionDroppedMidBodyIsUnreachable() async throws {
        try await A1111TestHarness.withFake { fake, client in
            fake.behaviour = .init(answer: .dropConnectionMidBody)
            let error = await #expect(throws: GenerationError.self) {
                try await client.generate(A1111TestHarness.request(model: nil)) { _ in }
            }
            guard case .unreachable(.automatic1111, fake.baseURL, _) = error else {
                Issue.record("expected .unreachable, got \(String(describing: error))")
                return
            }
        }
    }

    @Test(arguments: [FakeAutomatic1111.Answer.malformedBase64, .nonJSON])
    func unusableAnswersAreInvalidOutput(answer: FakeAutomatic1111.Answer) async throws {
        try await A1111TestHarness.withFake { fake, client in
            fake.behaviour = .init(answer: answer)
            let error = await #expect(throws: GenerationError.self) {
                try await client.generate(A1111TestHarness.request(model: nil)) { _ in }
            }
            guard case .invalidOutput(.automatic1111, _) = error else {
                Issue.record("expected .invalidOutput, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func bytesThatAreNoImageAreLeftToTheImagePipeline() async throws {
        try await A1111TestHarness.withFake { fake, client in
            fake.behaviour = .init(answer: .nonImageBytes)
            let output = try await client.generate(A1111TestHarness.request(model: nil)) { _ in }
            #expect(output.images.map(\.bytes) == [Data("these bytes are not an image".utf8)])
        }
    }

    @Test func a1111ServerErrorMessageIsSurfaced() async throws {
        try await A1111TestHarness.withFake { fake, client in
            fake.behaviour = .init(answer: .serverError(message: "CUDA out of memory. Tried to allocate 2.00 GiB"))
            let error = await #expect(throws: GenerationError.self) {
                try await client.generate(A1111TestHarness.request(model: nil)) { _ in }
            }
            #expect(error == .failed(
                engine: .automatic1111, status: 500, message: "RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB"))
        }
    }

    @Test func unknownCheckpointIsTheEngines500() async throws {
        try await A1111TestHarness.withFake { _, client in
            let error = await #expect(throws: GenerationError.self) {
                try await client.generate(A1111TestHarness.request(model: "nope.safetensors")) { _ in }
            }
            #expect(error == .failed(engine: .automatic1111, status: 500, message: "RuntimeError: model 'nope.safetensors' not found"))
        }
    }

    @Test func validationDetailsOf422AreSurfaced() async throws {
        try await A1111TestHarness.withFake { fake, client in
            fake.behaviour = .init(answer: .validationError(field: "steps", message: "ensure this value is less than or equal to 150"))
            let error = await #expect(throws: GenerationError.self) {
                try await client.generate(A1111TestHarness.request(model: nil)) { _ in }
            }
            #expect(error == .failed(engine: .automatic1111, status: 422, message: "body.steps: ensure this value is less than or equal to 150"))
        }
    }

    @Test func noCheckpointAtAllIsNoModels() async throws {
        try await A1111TestHarness.withFake(models: []) { _, client in
            let error = await #expect(throws: GenerationError.self) { try await client.listModels() }
            #expect(error == .noModels(engine: .automatic1111))
        }
    }
}
