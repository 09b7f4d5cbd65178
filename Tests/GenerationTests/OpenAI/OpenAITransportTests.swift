import AsyncHTTPClient
import EngineFakes
import Foundation
import Generation
import Testing

@Suite("OpenAI: connections, timeouts, broken answers, cancellation")
struct OpenAITransportTests {
    @Test("connection refused → unreachable, naming the configured URL")
    func connectionRefused() async throws {
        // Nothing listens there.
        let gone = try RefusingPort()
        let deadURL = gone.baseURL
        defer { withExtendedLifetime(gone) {} }

        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        var configuration = OpenAITestSupport.configuration(baseURL: deadURL + "/")
        // AsyncHTTPClient retries a refused connection until this deadline and then tells why; the
        // deadline leaves a loaded machine time for the first refusal.
        configuration.timeout = .seconds(3)
        let client = OpenAIImagesClient(configuration: configuration, httpClient: httpClient)
        let started = ContinuousClock.now
        let error = await TestSupport.error { try await client.generate(GenerationRequest(prompt: "p")) { _ in } }
        let elapsed = started.duration(to: .now)
        try await httpClient.shutdown()

        guard case .unreachable(.openai, let url, let reason)? = error as? GenerationError else {
            Issue.record("expected unreachable, got \(String(describing: error))")
            return
        }
        #expect(url == deadURL)
        #expect(reason == "connection refused")
        // About 3 s; without our deadline AsyncHTTPClient would keep trying for its 10 s connect timeout.
        #expect(elapsed < .seconds(8))
    }

    @Test("a connection dropped mid-body is retried")
    func droppedMidBodyRetried() async throws {
        try await OpenAITestSupport.withFake { fake, client in
            fake.enqueue(.dropMidBody)
            let output = try await client.generate(GenerationRequest(prompt: "p")) { _ in }
            #expect(output.images.map(\.bytes) == [try TestSupport.generatedPNG()])
            #expect(fake.imageRequests.count == 2)
        }
    }

    @Test("a connection always dropped mid-body ends unreachable after maxAttempts")
    func droppedMidBodyAlways() async throws {
        try await OpenAITestSupport.withFake { fake, client in
            fake.defaultBehavior = .dropMidBody
            let error = await TestSupport.error { try await client.generate(GenerationRequest(prompt: "p")) { _ in } }

            guard case .unreachable(.openai, let url, let reason)? = error as? GenerationError else {
                Issue.record("expected unreachable, got \(String(describing: error))")
                return
            }
            #expect(url == fake.baseURL)
            #expect(reason == "the connection closed before the whole answer arrived")
            #expect(fake.imageRequests.count == 3)
        }
    }

    @Test("an answer slower than the timeout → timedOut, on time")
    func slowAnswerTimesOut() async throws {
        // The deadline leaves a loaded machine time to connect, so that it fires while the fake delays.
        try await OpenAITestSupport.withFake(configure: { $0.timeout = .seconds(2) }) { fake, client in
            fake.enqueue(.delay(120))
            let started = ContinuousClock.now
            let error = await TestSupport.error { try await client.generate(GenerationRequest(prompt: "p")) { _ in } }
            let elapsed = started.duration(to: .now)

            #expect(error as? GenerationError == .timedOut(engine: .openai, url: fake.baseURL, seconds: 2))
            #expect(elapsed >= .milliseconds(1900))
            #expect(elapsed < .seconds(30), "the fake answers after 120 s")
            #expect(fake.imageRequests.count == 1)
        }
    }

    @Test("a body that never ends → timedOut, and the connection is closed")
    func endlessBodyTimesOut() async throws {
        try await OpenAITestSupport.withFake(configure: { $0.timeout = .seconds(2) }) { fake, client in
            fake.enqueue(.hangUntilClientGoesAway)
            let started = ContinuousClock.now
            let error = await TestSupport.error { try await client.generate(GenerationRequest(prompt: "p")) { _ in } }

            #expect(error as? GenerationError == .timedOut(engine: .openai, url: fake.baseURL, seconds: 2))
            // The fake gives up hanging after 30 s: a client without a deadline on the body ends then.
            #expect(started.duration(to: .now) < .seconds(15))
            #expect(await TestSupport.eventually { fake.clientDisconnects.count == 1 })
        }
    }

    @Test("unusable answers → invalidOutput, not retried", arguments: [
        FakeOpenAIBehavior.malformedBase64, .missingB64JSON, .fewerImages,
    ])
    func invalidOutput(behavior: FakeOpenAIBehavior) async throws {
        try await OpenAITestSupport.withFake { fake, client in
            fake.enqueue(behavior)
            let error = await TestSupport.error {
                try await client.generate(GenerationRequest(prompt: "p", count: 2)) { _ in }
            }

            guard case .invalidOutput(.openai, _)? = error as? GenerationError else {
                Issue.record("expected invalidOutput, got \(String(describing: error))")
                return
            }
            #expect(fake.imageRequests.count == 1)
        }
    }

    @Test("bytes that are not an image pass through: the App's image pipeline judges them")
    func notAnImagePassesThrough() async throws {
        try await OpenAITestSupport.withFake { fake, client in
            fake.enqueue(.notAnImage)
            let output = try await client.generate(GenerationRequest(prompt: "p")) { _ in }
            #expect(output.images.map(\.bytes) == [Data("these bytes are not an image".utf8)])
        }
    }

    @Test("cancelling the caller while the engine works → CancellationError promptly, connection closed")
    func cancellationDuringRequest() async throws {
        try await OpenAITestSupport.withFake(configure: { $0.timeout = .seconds(20) }) { fake, client in
            fake.enqueue(.hangUntilClientGoesAway)
            let task = Task { try await client.generate(GenerationRequest(prompt: "p")) { _ in } }
            #expect(await TestSupport.eventually { fake.imageRequests.count == 1 })

            let cancelled = ContinuousClock.now
            task.cancel()
            let error = await TestSupport.error { try await task.value }

            #expect(error is CancellationError)
            // Well below the 20 s deadline, which is what a client deaf to cancellation would wait for.
            #expect(cancelled.duration(to: .now) < .seconds(15))
            #expect(await TestSupport.eventually { fake.clientDisconnects.count == 1 })
        }
    }

    @Test("cancelling the caller during a backoff wait → CancellationError promptly, no further attempt")
    func cancellationDuringBackoff() async throws {
        // The deadline leaves room for the 60 s wait, so the client does start it.
        try await OpenAITestSupport.withFake(configure: { $0.timeout = .seconds(120) }) { fake, client in
            fake.defaultBehavior = .error(status: 503, code: nil, retryAfter: "60")
            let task = Task { try await client.generate(GenerationRequest(prompt: "p")) { _ in } }
            #expect(await TestSupport.eventually { fake.imageRequests.count == 1 })
            try await Task.sleep(for: .milliseconds(100))

            let cancelled = ContinuousClock.now
            task.cancel()
            let error = await TestSupport.error { try await task.value }

            #expect(error is CancellationError)
            // A client deaf to cancellation would sleep out the 60 s.
            #expect(cancelled.duration(to: .now) < .seconds(30))
            #expect(fake.imageRequests.count == 1)
        }
    }

    @Test("dall-e-3 calls run side by side: one refusal fails the whole generate")
    func dallEOneCallFails() async throws {
        try await OpenAITestSupport.withFake(configure: { $0.model = "dall-e-3" }) { fake, client in
            fake.enqueue(.succeed, .error(status: 400, code: "content_policy_violation", message: "Rejected."))
            let error = await TestSupport.error {
                try await client.generate(GenerationRequest(prompt: "p", count: 3)) { _ in }
            }
            #expect(error as? GenerationError == .refused(engine: .openai, message: "Rejected."))
        }
    }
}
