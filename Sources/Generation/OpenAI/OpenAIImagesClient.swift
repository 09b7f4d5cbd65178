import AsyncHTTPClient
import Foundation

/// The OpenAI Images API (`/images/generations`, `/images/edits`), or any server that speaks it.
public struct OpenAIImagesClient: ImageGenerator {
    public let configuration: Configuration
    private let httpClient: HTTPClient

    public var engine: EngineKind { .openai }
    public var baseURL: String { configuration.baseURL }

    /// `httpClient` is the App's shared client; this type never shuts it down.
    public init(configuration: Configuration, httpClient: HTTPClient) {
        self.configuration = configuration
        self.httpClient = httpClient
    }

    /// OpenAI lists dozens of unrelated models; the configured one is the only choice offered.
    public func listModels() async throws -> [String] {
        [configuration.model]
    }

    public func generate(
        _ request: GenerationRequest,
        onProgress: @escaping @Sendable (Double) -> Void
    ) async throws -> GenerationOutput {
        try Task.checkCancellation()
        let plan = try OpenAIGenerationPlan(request: request, configuredModel: configuration.model)
        let deadline = ContinuousClock.now.advanced(by: configuration.timeout)
        let sender = OpenAIRetryingSender(httpClient: httpClient, configuration: configuration)
        do {
            let images = try await withThrowingTaskGroup(of: (Int, [GeneratedImage]).self) { group in
                // dall-e-3 makes one image per call: its calls run side by side under one deadline.
                for (index, call) in plan.calls.enumerated() {
                    group.addTask {
                        let body = try await sender.send(call, deadline: deadline)
                        return (index, try OpenAIImagesDecoding.images(from: body, expected: plan.imagesPerCall))
                    }
                }
                var imagesByCall: [Int: [GeneratedImage]] = [:]
                for try await (index, images) in group {
                    imagesByCall[index] = images
                    onProgress(Double(imagesByCall.count) / Double(plan.calls.count))
                }
                return plan.calls.indices.flatMap { imagesByCall[$0] ?? [] }
            }
            return GenerationOutput(
                images: images, model: plan.model, usedReference: plan.usedReference, parameters: plan.parameters)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw error
        }
    }
}
