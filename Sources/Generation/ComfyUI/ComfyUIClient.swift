import AsyncHTTPClient
import Foundation
import NIOCore

/// Generates through a ComfyUI server: uploads the reference, submits an API-format graph, follows
/// the websocket, then reads the images the history names (spec/generation.md, "ComfyUI").
public struct ComfyUIClient: ImageGenerator {
    public let configuration: Configuration
    let transport: ComfyTransport
    let eventLoopGroup: any EventLoopGroup

    public var engine: EngineKind { .comfyui }
    public var baseURL: String { configuration.baseURL }

    /// `httpClient` is the App's shared client; its event loops also carry the websocket.
    public init(configuration: Configuration, httpClient: HTTPClient) {
        self.configuration = configuration
        self.transport = ComfyTransport(
            baseURL: configuration.baseURL, httpClient: httpClient, requestTimeout: configuration.requestTimeout)
        self.eventLoopGroup = httpClient.eventLoopGroup
    }

    /// The checkpoint names, as `CheckpointLoaderSimple` takes them. Older servers lack
    /// `/models/checkpoints`; their object_info lists the same names.
    public func listModels() async throws -> [String] {
        let answer = try await transport.get("/models/checkpoints")
        let names = answer.status == 404
            ? try await checkpointsFromObjectInfo()
            : try transport.decode([String].self, from: answer, what: "the checkpoint list")
        guard !names.isEmpty else { throw GenerationError.noModels(engine: .comfyui) }
        return names
    }

    public func generate(
        _ request: GenerationRequest,
        onProgress: @escaping @Sendable (Double) -> Void
    ) async throws -> GenerationOutput {
        let generation = ComfyGeneration(client: self, request: request, progress: ComfyProgressReporter(onProgress))
        do {
            return try await ComfyRace.run(within: configuration.timeout) { try await generation.perform() }
        } catch is ComfyRace.Expired {
            // The engine would go on computing for nobody.
            await generation.stopEngine()
            throw GenerationError.timedOut(engine: .comfyui, url: baseURL, seconds: configuration.timeout.comfySeconds)
        } catch {
            if Task.isCancelled || error is CancellationError {
                await generation.stopEngine()
                throw CancellationError()
            }
            if case GenerationError.timedOut = error { await generation.stopEngine() }
            throw error
        }
    }

    private func checkpointsFromObjectInfo() async throws -> [String] {
        let className = "CheckpointLoaderSimple"
        let answer = try await transport.get("/object_info/\(className)")
        guard answer.isSuccess else { throw transport.failure(answer) }
        do {
            return try ComfyNodeSchema.parse(objectInfo: answer.body, className: className)?
                .requiredInputs["ckpt_name"]?.choices ?? []
        } catch {
            throw GenerationError.invalidOutput(engine: .comfyui, reason: "object_info for \(className) is not JSON")
        }
    }
}
