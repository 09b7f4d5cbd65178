import Foundation

/// Runs blocking work (a socket exchange, waiting for a child process) on a thread of its own, not on
/// one of the few threads every concurrently running test shares: it may block for as long as the
/// server or the process takes.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
