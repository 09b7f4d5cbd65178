/// Structured races: the loser is cancelled and awaited, so nothing outlives the call.
enum ComfyRace {
    /// The whole generation did not finish within its time.
    struct Expired: Error {}

    static func run<T: Sendable>(
        within limit: Duration, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw Expired() }
            return value
        }
    }

    /// Whichever of the two finishes first, value or error.
    static func first<T: Sendable>(
        _ one: @escaping @Sendable () async throws -> T, _ other: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await one() }
            group.addTask { try await other() }
            defer { group.cancelAll() }
            guard let value = try await group.next() else { throw CancellationError() }
            return value
        }
    }
}
