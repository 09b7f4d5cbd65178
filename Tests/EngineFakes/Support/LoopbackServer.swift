import Foundation
import Vapor

/// A real HTTP server on 127.0.0.1 and a port the kernel picks, standing in for an outside engine.
/// Each fake registers its engine's routes on `app`; tests read `baseURL` and what the fake recorded.
public final class LoopbackServer: Sendable {
    public let app: Application
    public let port: Int

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts a server whose routes `configureRoutes` sets up.
    public static func start(_ configureRoutes: (Application) throws -> Void) async throws -> LoopbackServer {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        // Engines answer big bodies (base64 images, reference uploads): no 1 MB limit here.
        app.routes.defaultMaxBodySize = "64mb"
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        do {
            try configureRoutes(app)
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        guard let port = app.http.server.shared.localAddress?.port else {
            await app.server.shutdown()
            try? await app.asyncShutdown()
            throw Abort(.internalServerError, reason: "the loopback server has no port")
        }
        return LoopbackServer(app: app, port: port)
    }

    private init(app: Application, port: Int) {
        self.app = app
        self.port = port
    }

    public func stop() async {
        await app.server.shutdown()
        try? await app.asyncShutdown()
    }
}

/// A thread-safe list of what a fake received, for assertions.
public final class Recorder<Entry: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Entry] = []

    public init() {}

    public func append(_ entry: Entry) {
        lock.withLock { storage.append(entry) }
    }

    public var entries: [Entry] { lock.withLock { storage } }
    public var count: Int { lock.withLock { storage.count } }
}
