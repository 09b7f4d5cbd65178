import AsyncHTTPClient
import EngineFakes
import Foundation
import Generation
import Testing

/// Starts a fake and a client pointed at it, and tears both down on every path.
enum OpenAITestSupport {
    /// Tiny backoffs, so that retry tests take fractions of a second; a timeout only a broken client or
    /// fake reaches (the timeout tests set their own).
    static func configuration(baseURL: String) -> OpenAIImagesClient.Configuration {
        OpenAIImagesClient.Configuration(
            apiKey: "test-key", baseURL: baseURL, timeout: .seconds(120), maxAttempts: 3,
            initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(40))
    }

    static func withFake<T>(
        configure: (inout OpenAIImagesClient.Configuration) -> Void = { _ in },
        _ body: (FakeOpenAI, OpenAIImagesClient) async throws -> T
    ) async throws -> T {
        let fake = try await FakeOpenAI.start(imagePNG: try TestSupport.generatedPNG())
        return try await TestSupport.withHTTPClient(stopping: fake.stop) { httpClient in
            var configuration = configuration(baseURL: fake.baseURL)
            configure(&configuration)
            return try await body(fake, OpenAIImagesClient(configuration: configuration, httpClient: httpClient))
        }
    }
}
