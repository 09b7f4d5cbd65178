import AsyncHTTPClient
import EngineFakes
import Foundation
import Generation

/// Starts a fake engine and a client pointed at it, and stops both whatever the test body does.
enum A1111TestHarness {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(name))
    }

    /// What the engine answers.
    static func generatedPNG() throws -> Data { try fixture("generated-1024.png") }

    /// The previous draft handed in as a reference (different bytes from the answer on purpose).
    static func reference() throws -> ReferenceImage {
        ReferenceImage(bytes: try fixture("valid-rgb.png"), format: "png", version: 1)
    }

    /// Short intervals and timeouts so that every test runs in well under a few seconds.
    static func configuration(baseURL: String) -> Automatic1111Client.Configuration {
        Automatic1111Client.Configuration(
            baseURL: baseURL, timeout: .seconds(60), requestTimeout: .seconds(10), progressInterval: .milliseconds(30))
    }

    static func withFake<T>(
        models: [String] = ["sd_xl_base_1.0", "v1-5-pruned-emaonly"],
        controlNetModels: [String]? = nil,
        credentials: (user: String, password: String)? = nil,
        flavour: FakeAutomatic1111.Flavour = .automatic1111,
        configure: (inout Automatic1111Client.Configuration) -> Void = { _ in },
        _ body: (FakeAutomatic1111, Automatic1111Client) async throws -> T
    ) async throws -> T {
        let fake = try await FakeAutomatic1111.start(
            imagePNG: try generatedPNG(), models: models, controlNetModels: controlNetModels,
            credentials: credentials, flavour: flavour)
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        var configuration = configuration(baseURL: fake.baseURL)
        configure(&configuration)
        let client = Automatic1111Client(configuration: configuration, httpClient: httpClient)
        do {
            let result = try await body(fake, client)
            await fake.stop()
            try await httpClient.shutdown()
            return result
        } catch {
            await fake.stop()
            try? await httpClient.shutdown()
            throw error
        }
    }

    /// For a second client against the same fake (other credentials, another URL form).
    static func withHTTPClient<T>(_ body: (HTTPClient) async throws -> T) async throws -> T {
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let result = try await body(httpClient)
            try await httpClient.shutdown()
            return result
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }

    /// Polls until `condition` holds; false when it never did within `limit`.
    static func eventually(within limit: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    static func request(
        model: String?, seed: Int64? = nil, count: Int = 1, reference: ReferenceImage? = nil,
        steps: Int = 30, width: Int = 1024, height: Int = 768
    ) -> GenerationRequest {
        GenerationRequest(
            prompt: "portrait of a lighthouse keeper", negativePrompt: "blurry", model: model, seed: seed,
            steps: steps, width: width, height: height, count: count, reference: reference)
    }
}
