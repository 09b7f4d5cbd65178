import AsyncHTTPClient
import EngineFakes
import Foundation
import Generation
import Testing

/// Shared set-up for the ComfyUI tests: the fixture PNG, a fake with a client pointed at it, and
/// clean-up in every path.
enum ComfyTestKit {
    static let checkpoints = ["sd15-base.safetensors", "juggernautXL_v9.safetensors"]

    static let png: Data = {
        let fixtures = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/generated-1024.png")
        return (try? Data(contentsOf: fixtures)) ?? Data()
    }()

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
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        var configuration = configuration(baseURL: fake.baseURL)
        configure(&configuration)
        let client = ComfyUIClient(configuration: configuration, httpClient: httpClient)
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

    static func request(
        model: String? = "juggernautXL_v9.safetensors", seed: Int64? = 1234, steps: Int = 6, count: Int = 1,
        reference: ReferenceImage? = nil
    ) -> GenerationRequest {
        GenerationRequest(
            prompt: "portrait of a lighthouse keeper, 35mm", negativePrompt: "blurry, watermark", model: model,
            seed: seed, steps: steps, width: 832, height: 1216, count: count, reference: reference)
    }

    static var reference: ReferenceImage { ReferenceImage(bytes: png, format: "png", version: 2) }

    /// Runs `operation` and returns the error it threw (nil when it did not throw).
    static func error(of operation: () async throws -> some Sendable) async -> (any Error)? {
        do {
            _ = try await operation()
            return nil
        } catch {
            return error
        }
    }

    /// Waits (briefly) until `condition` holds; the fake's runs are asynchronous.
    static func eventually(within limit: Duration = .seconds(10), _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition()
    }
}

/// Progress fractions as the client reported them.
final class ComfyProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Double] = []

    func record(_ value: Double) { lock.withLock { values.append(value) } }
    var all: [Double] { lock.withLock { values } }
}
