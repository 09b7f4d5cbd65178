import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import PostgresKit
import PostgresNIO
import Vapor

/// On PostgreSQL, holds one connection LISTENing on `personaseed_api_keys` and invalidates the key
/// ring on every notification, and whenever the connection is (re)made: notifications sent while it
/// was down are lost, so a reconnect counts as a change.
final class KeyChangeListener: LifecycleHandler, Sendable {
    private let configuration: PostgresConnection.Configuration
    private let channel: String
    private let ring: KeyRing
    private let logger: Logger
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(url: String, channel: String, ring: KeyRing, logger: Logger) throws {
        configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        self.channel = channel
        self.ring = ring
        self.logger = logger
    }

    /// The synchronous hook, as `JobRunnerLifecycle`: VaporTesting's `boot()` calls only this one.
    /// Only a serving process needs to hear changes.
    func didBoot(_ application: Application) throws {
        let command = application.environment.arguments.dropFirst().first ?? "serve"
        guard command == "serve" || command.hasPrefix("-") else { return }
        let eventLoop = application.eventLoopGroup.next()
        let listening = Task { [configuration, channel, ring, logger] in
            var connectionID = 0
            while !Task.isCancelled {
                connectionID += 1
                do {
                    let connection = try await PostgresConnection.connect(
                        on: eventLoop, configuration: configuration, id: connectionID, logger: logger
                    ).get()
                    do {
                        try await withTaskCancellationHandler {
                            try await connection.listen(on: channel) { notifications in
                                ring.invalidate()
                                for try await _ in notifications { ring.invalidate() }
                            }
                        } onCancel: {
                            connection.close().whenComplete { _ in }
                        }
                    } catch {
                        try? await connection.close().get()
                        throw error
                    }
                    try? await connection.close().get()
                } catch {
                    if Task.isCancelled { break }
                    logger.warning("API key change listener: \(error); reconnecting in 1 s")
                }
                ring.invalidate()
                try? await Task.sleep(for: .seconds(1))
            }
        }
        task.withLockedValue { $0 = listening }
    }

    func shutdownAsync(_ application: Application) async {
        guard let listening = task.withLockedValue({ $0 }) else { return }
        listening.cancel()
        await listening.value
    }
}
