import NIOConcurrencyHelpers

/// One writer at a time, in this process, in arrival order.
///
/// SQLite allows a single writer; two connections of our pool that both start a transaction and then
/// write would make one fail with SQLITE_BUSY. Funnelling writes through this gate makes them queue instead.
/// (PostgreSQL needs no gate: its row locks do the same across processes.)
/// A lock, not an actor: an uncontended writer passes without a hop to another executor.
final class WriteGate: Sendable {
    private struct State {
        var busy = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await enter()
        defer { leave() }
        return try await body()
    }

    private func enter() async {
        let entered = state.withLockedValue { state in
            if state.busy { return false }
            state.busy = true
            return true
        }
        if entered { return }
        await withCheckedContinuation { continuation in
            let enteredMeanwhile = state.withLockedValue { state in
                if state.busy {
                    state.waiters.append(continuation)
                    return false
                }
                state.busy = true
                return true
            }
            if enteredMeanwhile { continuation.resume() }
        }
    }

    private func leave() {
        let next = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.busy = false
                return nil
            }
            return state.waiters.removeFirst()  // the gate stays busy: ownership passes on
        }
        next?.resume()
    }
}
