import AsyncHTTPClient
import Foundation

/// The AUTOMATIC1111 web API (`--api`), also spoken by Forge, SD.Next and stable-diffusion.cpp's
/// `sd-server`. A reference image goes through img2img, with ControlNet / IP-Adapter units when the
/// ControlNet extension offers matching models.
public struct Automatic1111Client: ImageGenerator {
    public let configuration: Configuration
    let transport: A1111Transport

    public var engine: EngineKind { .automatic1111 }
    /// Without the credentials a `user:password@` URL carried.
    public var baseURL: String { transport.endpoint.baseURL }

    public init(configuration: Configuration, httpClient: HTTPClient) {
        self.configuration = configuration
        self.transport = A1111Transport(
            httpClient: httpClient,
            endpoint: A1111Endpoint(configuration: configuration),
            maxResponseBytes: configuration.maxResponseBytes)
    }

    /// The checkpoint titles, which `override_settings.sd_model_checkpoint` takes as they are.
    public func listModels() async throws -> [String] {
        let path = "/sdapi/v1/sd-models"
        let answer = try await transport.send(.GET, path, within: configuration.requestTimeout)
        guard answer.isSuccess else {
            throw A1111ErrorMapping.failure(status: answer.status, body: answer.body, path: path)
        }
        guard let entries = try? JSONDecoder().decode([A1111ModelEntry].self, from: answer.body) else {
            throw GenerationError.invalidOutput(engine: .automatic1111, reason: "\(path) did not answer a model list")
        }
        guard !entries.isEmpty else { throw GenerationError.noModels(engine: .automatic1111) }
        return entries.map(\.title)
    }

    public func generate(
        _ request: GenerationRequest,
        onProgress: @escaping @Sendable (Double) -> Void
    ) async throws -> GenerationOutput {
        try Task.checkCancellation()
        let plan = try await makePlan(for: request)
        try Task.checkCancellation()
        let answer: A1111Transport.Answer
        do {
            answer = try await run(plan, onProgress: onProgress)
        } catch let error as GenerationError {
            // The engine would go on computing an image nobody waits for, holding its only job slot.
            if case .timedOut = error { await interrupt() }
            throw error
        } catch {
            if Task.isCancelled || error is CancellationError {
                await interrupt()
                throw CancellationError()
            }
            throw error
        }
        guard answer.isSuccess else {
            throw A1111ErrorMapping.failure(status: answer.status, body: answer.body, path: plan.path)
        }
        return try A1111OutputReader.read(answer.body, request: request, plan: plan)
    }

    /// The generation call, with progress polled beside it.
    private func run(_ plan: A1111Plan, onProgress: @escaping @Sendable (Double) -> Void) async throws -> A1111Transport.Answer {
        let poller = A1111ProgressPoller(
            transport: transport, interval: configuration.progressInterval, requestTimeout: configuration.requestTimeout)
        let timeout = configuration.timeout
        return try await withThrowingTaskGroup(of: A1111Transport.Answer?.self) { group in
            group.addTask { [transport] in
                try await transport.send(.POST, plan.path, json: plan.body, within: timeout)
            }
            group.addTask {
                await poller.run(report: onProgress)
                return nil
            }
            defer { group.cancelAll() }
            while let finished = try await group.next() {
                if let answer = finished { return answer }
            }
            // The POST child neither answered nor threw: only cancellation ends it that way.
            throw CancellationError()
        }
    }

    /// Global on the engine: it stops whatever runs there. Sent from a fresh task so that it still goes
    /// out when ours is cancelled; sd-server answers 404 and cannot stop a run at all.
    private func interrupt() async {
        let limit = min(configuration.requestTimeout, .seconds(5))
        let transport = transport
        _ = try? await Task {
            try await transport.send(.POST, "/sdapi/v1/interrupt", within: limit)
        }.value
    }
}
