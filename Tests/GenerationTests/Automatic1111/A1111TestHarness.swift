import AsyncHTTPClient
import EngineFakes
import Foundation
import Generation

/// Starts a fake engine and a client pointed at it, and stops both whatever the test body does.
enum A1111TestHarness {
    /// The previous draft handed in as a reference (different bytes from the answer on purpose).
    static func reference() throws -> ReferenceImage {
        ReferenceImage(bytes: try TestSupport.fixture("valid-rgb.png"), format: "png", version: 1)
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
            imagePNG: try TestSupport.generatedPNG(), models: models, controlNetModels: controlNetModels,
            credentials: credentials, flavour: flavour)
        return try await TestSupport.withHTTPClient(stopping: fake.stop) { httpClient in
            var configuration = configuration(baseURL: fake.baseURL)
            configure(&configuration)
            return try await body(fake, Automatic1111Client(configuration: configuration, httpClient: httpClient))
        }
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
