import EngineFakes
import Foundation
import Generation
import Testing

@Suite struct A1111ProgressAndCancelTests {
    @Test func progressRisesWhileASlowRunIsInFlight() async throws {
        try await A1111TestHarness.withFake { fake, client in
            // The run advances one fifth per poll and ends at the fifth: progress follows the client's
            // polls, not the clock, however slowly they come. The answer to the last poll may lose the
            // race with the run's own answer; the four before it cannot.
            fake.behaviour = .init(answer: .images, pollsToFinish: 5)
            let reported = Recorder<Double>()
            _ = try await client.generate(A1111TestHarness.request(model: nil, steps: 25)) { reported.append($0) }

            let values = reported.entries
            #expect(values.count >= 3, "reported: \(values)")
            #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 }, "not increasing: \(values)")
            #expect(values.allSatisfy { $0 > 0 && $0 <= 1 })
            let polls = fake.requests(to: "/sdapi/v1/progress")
            #expect(polls.count >= 3)
            #expect(polls.allSatisfy { $0.query == "skip_current_image=true" })
        }
    }

    @Test func cancellingInterruptsTheEngineAndThrowsPromptly() async throws {
        try await A1111TestHarness.withFake { fake, client in
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
            #expect(await TestSupport.eventually { !fake.isGenerating })
        }
    }

    @Test func timeoutInterruptsTheEngineAndThrowsTimedOut() async throws {
        // The deadline leaves a loaded machine time to connect, so that it fires while the engine runs.
        try await A1111TestHarness.withFake(configure: { $0.timeout = .seconds(2) }) { fake, client in
            fake.behaviour = .init(answer: .hangUntilInterrupted)
            let clock = ContinuousClock()
            let started = clock.now
            let error = await #expect(throws: GenerationError.self) {
                try await client.generate(A1111TestHarness.request(model: nil)) { _ in }
            }
            // The interrupt may take up to 5 s by design; without the deadline the run never ends.
            #expect(clock.now - started < .seconds(30))
            // The head deadline fires up to 5 % early (see A1111Transport), never much earlier.
            #expect(clock.now - started >= .milliseconds(1800))
            #expect(error == .timedOut(engine: .automatic1111, url: fake.baseURL, seconds: 2))
            #expect(fake.interruptCount == 1)
        }
    }
}
