import AsyncHTTPClient
import EngineFakes
import Foundation
import Generation
import Testing

/// Starts a fake and a client pointed at it, and tears both down on every path.
enum OpenAITestSupport {
    static func generatedPNG() throws -> Data {
        let fixtures = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
        return try Data(contentsOf: fixtures.appendingPathComponent("generated-1024.png"))
    }

    /// Tiny backoffs and timeouts, so that retry tests take fractions of a second.
    static func configuration(baseURL: String) -> OpenAIImagesClient.Configuration {
        OpenAIImagesClient.Configuration(
            apiKey: "test-key", baseURL: baseURL, timeout: .seconds(5), maxAttempts: 3,
            initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(40))
    }

    static func withFake<T>(
        configure: (inout OpenAIImagesClient.Configuration) -> Void = { _ in },
        _ body: (FakeOpenAI, OpenAIImagesClient) async throws -> T
    ) async throws -> T {
        let fake = try await FakeOpenAI.start(imagePNG: try generatedPNG())
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        var configuration = configuration(baseURL: fake.baseURL)
        configure(&configuration)
        let client = OpenAIImagesClient(configuration: configuration, httpClient: httpClient)
        do {
            let result = try await body(fake, client)
            try await httpClient.shutdown()
            await fake.stop()
            return result
        } catch {
            try? await httpClient.shutdown()
            await fake.stop()
            throw error
        }
    }

    /// The error `operation` threw, or nil.
    static func error(of operation: () async throws -> some Any) async -> (any Error)? {
        do {
            _ = try await operation()
            return nil
        } catch {
            return error
        }
    }

    /// Polls until `condition` holds or `timeout` passes; true if it held.
    static func eventually(within timeout: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }
}
