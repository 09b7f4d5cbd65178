import Foundation
import Vapor

/// A stand-in for the OpenAI Images API on 127.0.0.1: `POST /v1/images/generations`,
/// `POST /v1/images/edits` and `GET /v1/models`, checked like the real service (bearer, model, the
/// parameters each model family accepts) and answered from a queue of scripted behaviours.
public final class FakeOpenAI: Sendable {
    public static let knownModels = [
        "gpt-image-2", "gpt-image-2-2026-04-21", "gpt-image-1.5", "gpt-image-1", "gpt-image-1-mini",
        "dall-e-3", "dall-e-2",
    ]

    public let apiKey: String
    /// Every request, valid or not, in arrival order.
    public let requests: Recorder<FakeOpenAIRequest>
    /// When a client went away during `.hangUntilClientGoesAway`.
    public let clientDisconnects: Recorder<ContinuousClock.Instant>

    private let server: LoopbackServer
    private let knobs: FakeOpenAIKnobs

    /// `http://127.0.0.1:<port>/v1`, like OPENAI_BASE_URL.
    public var baseURL: String { server.baseURL + "/v1" }

    public static func start(
        imagePNG: Data, apiKey: String = "test-key", models: [String] = FakeOpenAI.knownModels
    ) async throws -> FakeOpenAI {
        let knobs = FakeOpenAIKnobs()
        let requests = Recorder<FakeOpenAIRequest>()
        let disconnects = Recorder<ContinuousClock.Instant>()
        let routes = FakeOpenAIRoutes(
            imagePNG: imagePNG, apiKey: apiKey, models: Set(models), knobs: knobs,
            requests: requests, disconnects: disconnects)
        let server = try await LoopbackServer.start { app in routes.register(on: app) }
        return FakeOpenAI(server: server, apiKey: apiKey, knobs: knobs, requests: requests, disconnects: disconnects)
    }

    private init(
        server: LoopbackServer, apiKey: String, knobs: FakeOpenAIKnobs,
        requests: Recorder<FakeOpenAIRequest>, disconnects: Recorder<ContinuousClock.Instant>
    ) {
        self.server = server
        self.apiKey = apiKey
        self.knobs = knobs
        self.requests = requests
        self.clientDisconnects = disconnects
    }

    /// Behaviours for the next valid image requests, one each, in order.
    public func enqueue(_ behaviors: FakeOpenAIBehavior...) {
        knobs.enqueue(behaviors)
    }

    /// What valid image requests get once the queue is empty (`.succeed` at start).
    public var defaultBehavior: FakeOpenAIBehavior {
        get { knobs.defaultBehavior }
        set { knobs.defaultBehavior = newValue }
    }

    public var pendingBehaviors: Int { knobs.pendingCount }

    /// The requests to `/v1/images/…`, in arrival order.
    public var imageRequests: [FakeOpenAIRequest] {
        requests.entries.filter { $0.path.hasPrefix("/v1/images/") }
    }

    public func stop() async {
        knobs.markStopping()
        await server.stop()
    }
}

/// The test-settable state, read by request handlers on the server's threads.
final class FakeOpenAIKnobs: @unchecked Sendable {
    private let lock = NSLock()
    private var queue: [FakeOpenAIBehavior] = []
    private var fallback: FakeOpenAIBehavior = .succeed
    private var stopping = false

    func enqueue(_ behaviors: [FakeOpenAIBehavior]) {
        lock.withLock { queue.append(contentsOf: behaviors) }
    }

    func nextBehavior() -> FakeOpenAIBehavior {
        lock.withLock { queue.isEmpty ? fallback : queue.removeFirst() }
    }

    var defaultBehavior: FakeOpenAIBehavior {
        get { lock.withLock { fallback } }
        set { lock.withLock { fallback = newValue } }
    }

    var pendingCount: Int { lock.withLock { queue.count } }

    var isStopping: Bool { lock.withLock { stopping } }

    func markStopping() {
        lock.withLock { stopping = true }
    }
}
