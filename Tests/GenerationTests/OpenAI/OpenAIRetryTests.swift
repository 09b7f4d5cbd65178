import EngineFakes
import Foundation
import Generation
import Testing

@Suite("OpenAI: engine errors and retries")
struct OpenAIRetryTests {
    @Test("429 rate_limit_exceeded with Retry-After is retried after the asked wait")
    func rateLimitHonoursRetryAfter() async throws {
        try await OpenAITestSupport.withFake { fake, client in
            fake.enqueue(.error(status: 429, code: "rate_limit_exceeded", retryAfter: "0.3"))
            let started = ContinuousClock.now
            let output = try await client.generate(GenerationRequest(prompt: "p")) { _ in }
            let elapsed = started.duration(to: .now)

            #expect(output.images.count == 1)
            let arrivals = fake.imageRequests.map(\.arrivedAt)
            #expect(arrivals.count == 2)
            // The backoff alone would wait at most 10 ms: only Retry-After explains 0.3 s.
            #expect(arrivals[0].duration(to: arrivals[1]) >= .milliseconds(300))
            #expect(elapsed >= .milliseconds(300))
            // Far above 0.3 s and two answers on a loaded machine, far below a misread Retry-After
            // (0.3 min = 18 s) or the client's 120 s timeout.
            #expect(elapsed < .seconds(10))
        }
    }

    @Test("500 then success: retried once")
    func serverErrorThenSuccess() async throws {
        try await OpenAITestSupport.withFake { fake, client in
            fake.enqueue(.error(status: 500, code: nil))
            let output = try await client.generate(GenerationRequest(prompt: "p")) { _ in }
            #expect(output.images.count == 1)
            #expect(fake.imageRequests.count == 2)
        }
    }

    @Test("retries stop at maxAttempts and report the engine's last error")
    func retriesStopAtMaxAttempts() async throws {
        try await OpenAITestSupport.withFake(configure: { $0.maxAttempts = 4 }) { fake, client in
            fake.defaultBehavior = .error(status: 503, code: nil, message: "The engine is currently overloaded.")
            let error = await TestSupport.error { try await client.generate(GenerationRequest(prompt: "p")) { _ in } }

            #expect(error as? GenerationError == .failed(engine: .openai, status: 503, message: "The engine is currently overloaded."))
            #expect(fake.imageRequests.count == 4)
        }
    }

    @Test("the total timeout bounds the retries: no wait that would pass it")
    func totalTimeoutBoundsRetries() async throws {
        try await OpenAITestSupport.withFake(configure: {
            $0.timeout = .seconds(6)
            $0.maxAttempts = 100
        }) { fake, client in
            fake.defaultBehavior = .error(status: 429, code: "rate_limit_exceeded", retryAfter: "3")
            let started = ContinuousClock.now
            let error = await TestSupport.error { try await client.generate(GenerationRequest(prompt: "p")) { _ in } }
            let elapsed = started.duration(to: .now)

            // Attempts at about 0 and 3 s; a third would start at 6 s, at the timeout, so the client gives
            // up at once with the last 429. The second attempt has the 3 s left before the deadline to be
            // answered: only a broken client or fake needs that long. A client that waited anyway would
            // end at 6 s (in .timedOut, or with the 429 late); without the bound, 100 attempts take 297 s.
            guard case .failed(.openai, 429, _)? = error as? GenerationError else {
                Issue.record("expected the last 429, got \(String(describing: error))")
                return
            }
            #expect(elapsed < .seconds(6), "the last 429 came back before the deadline and was reported then")
            #expect((1...2).contains(fake.imageRequests.count), "\(fake.imageRequests.count) attempts")
        }
    }

    @Test("refusals are not retried and carry the engine's own message", arguments: [
        ("gpt-image-2", "moderation_blocked"), ("dall-e-3", "content_policy_violation"),
    ])
    func refusalNotRetried(model: String, code: String) async throws {
        try await OpenAITestSupport.withFake(configure: { $0.model = model }) { fake, client in
            let message = "Your request was rejected by the safety system. safety_violations=[sexual]."
            fake.enqueue(.error(status: 400, code: code, message: message))
            let error = await TestSupport.error { try await client.generate(GenerationRequest(prompt: "p")) { _ in } }

            #expect(error as? GenerationError == .refused(engine: .openai, message: message))
            #expect(fake.imageRequests.count == 1)
        }
    }

    @Test("429 insufficient_quota is not retried")
    func insufficientQuotaNotRetried() async throws {
        try await OpenAITestSupport.withFake { fake, client in
            fake.defaultBehavior = .error(status: 429, code: "insufficient_quota", retryAfter: "0")
            let error = await TestSupport.error { try await client.generate(GenerationRequest(prompt: "p")) { _ in } }

            #expect(error as? GenerationError == .failed(
                engine: .openai, status: 429,
                message: "You exceeded your current quota, please check your plan and billing details."))
            #expect(fake.imageRequests.count == 1)
        }
    }

    @Test("a wrong API key is a 401 with the engine's message, not retried")
    func wrongKeyNotRetried() async throws {
        try await OpenAITestSupport.withFake(configure: { $0.apiKey = "sk-wrong" }) { fake, client in
            let error = await TestSupport.error { try await client.generate(GenerationRequest(prompt: "p")) { _ in } }

            guard case .failed(.openai, 401, let message)? = error as? GenerationError else {
                Issue.record("expected a 401, got \(String(describing: error))")
                return
            }
            #expect(message.hasPrefix("Incorrect API key provided"))
            #expect(fake.imageRequests.count == 1)
            #expect(fake.imageRequests.first?.headers["authorization"] == "Bearer sk-wrong")
        }
    }

    @Test("another 4xx (unknown model) fails at once with the engine's message")
    func unknownModelNotRetried() async throws {
        try await OpenAITestSupport.withFake(configure: { $0.model = "gpt-image-9" }) { fake, client in
            let error = await TestSupport.error { try await client.generate(GenerationRequest(prompt: "p")) { _ in } }

            #expect(error as? GenerationError == .failed(
                engine: .openai, status: 404,
                message: "The model `gpt-image-9` does not exist or you do not have access to it."))
            #expect(fake.imageRequests.count == 1)
        }
    }

    @Test("a non-JSON error body still gives its status and first 200 characters")
    func nonJSONErrorBody() async throws {
        try await OpenAITestSupport.withFake(configure: { $0.maxAttempts = 2 }) { fake, client in
            let page = "<html><body>502 Bad Gateway from the proxy" + String(repeating: ".", count: 400) + "</body></html>"
            fake.defaultBehavior = .rawError(status: 502, body: page)
            let error = await TestSupport.error { try await client.generate(GenerationRequest(prompt: "p")) { _ in } }

            guard case .failed(.openai, 502, let message)? = error as? GenerationError else {
                Issue.record("expected a 502, got \(String(describing: error))")
                return
            }
            #expect(message == "HTTP 502 Bad Gateway: " + String(page.prefix(200)))
            #expect(fake.imageRequests.count == 2)
        }
    }
}
