import AsyncHTTPClient
import EngineFakes
import Foundation
import Generation
import Testing

/// Shared set-up for the ComfyUI tests: the fixture PNG, a fake with a client pointed at it, and
/// clean-up in every path.
enum ComfyTestKit {
    static let checkpoints = ["sd15-base.safetensors", "juggernautXL_v9.safetensors"]

    static let png: Data = (try? TestSupport.generatedPNG()) ?? Data()

    /// Small timeouts and a fast history poll so that every test takes well under a second or two.
    static func configuration(baseURL: String) -> ComfyUIClient.Configuration {
        ComfyUIClient.Configuration(
            baseURL: baseURL, timeout: .seconds(60), requestTimeout: .seconds(30),
            historyPollInterval: .milliseconds(20))
    }

    static func withFake<T: Sendable>(
        ipAdapterNodes: Bool = false,
        configure: (inout ComfyUIClient.Configuration) -> Void = { _ in },
        _ body: (FakeComfyUI, ComfyUIClient) async throws -> T
    ) async throws -> T {
        #expect(!png.isEmpty, "the fixture PNG must load")
        let fake = try await FakeComfyUI.start(imagePNG: png, checkpoints: checkpoints, ipAdapterNodes: ipAdapterNodes)
        return try await TestSupport.withHTTPClient(stopping: fake.stop) { httpClient in
            var configuration = configuration(baseURL: fake.baseURL)
            configure(&configuration)
            return try await body(fake, ComfyUIClient(configuration: configuration, httpClient: httpClient))
        }
    }

    static func request(
        model: String? = "juggernautXL_v9.safetensors", seed: Int64? = 1234, steps: Int = 6, count: Int = 1,
        reference: ReferenceImage? = nil
    ) -> GenerationRequest {
        GenerationRequest(
            prompt: "portrait of a lighthouse keeper, 35mm", negativePrompt: "blurry, watermark", model: model,
            seed: seed, steps: steps, width: 832, height: 1216, count: count, reference: reference)
    }

    static var reference: ReferenceImage { ReferenceImage(bytes: png, format: "png", version: 2) }
}

/// Progress fractions as the client reported them.
final class ComfyProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Double] = []

    func record(_ value: Double) { lock.withLock { values.append(value) } }
    var all: [Double] { lock.withLock { values } }
}
