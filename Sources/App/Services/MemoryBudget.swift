import NIOConcurrencyHelpers

/// Bounds the memory that image work in flight may hold, by queueing work that would exceed it.
///
/// Validating an image holds its bytes, their rebuilt copy and libvips' working set: about twice the
/// file plus a few MiB. With the pool's threads all busy on 10 MiB files that dominates the process'
/// peak memory, so large files go one at a time while small ones still run side by side.
final class MemoryBudget: Sendable {
    let capacity: Int

    private struct State {
        var available: Int
        var waiters: [(amount: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state: NIOLockedValueBox<State>

    init(capacity: Int) {
        self.capacity = capacity
        self.state = NIOLockedValueBox(State(available: capacity))
    }

    /// What validating a file of `fileBytes` is charged.
    static func cost(ofValidating fileBytes: Int) -> Int { 2 * fileBytes + 4 * 1024 * 1024 }

    func withReservation<T: Sendable>(_ amount: Int, _ body: () async throws -> T) async throws -> T {
        // A single job larger than the whole budget still runs, alone.
        let amount = min(amount, capacity)
        await reserve(amount)
        defer { release(amount) }
        return try await body()
    }

    private func reserve(_ amount: Int) async {
        let granted = state.withLockedValue { state in
            guard state.waiters.isEmpty, state.available >= amount else { return false }
            state.available -= amount
            return true
        }
        if granted { return }
        await withCheckedContinuation { continuation in
            let grantedMeanwhile = state.withLockedValue { state in
                if state.waiters.isEmpty, state.available >= amount {
                    state.available -= amount
                    return true
                }
                state.waiters.append((amount, continuation))
                return false
            }
            if grantedMeanwhile { continuation.resume() }
        }
    }

    private func release(_ amount: Int) {
        let ready = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
            state.available += amount
            var ready: [CheckedContinuation<Void, Never>] = []
            // First come, first served: a large job at the head is not overtaken by small ones.
            while let first = state.waiters.first, state.available >= first.amount {
                state.available -= first.amount
                ready.append(first.continuation)
                state.waiters.removeFirst()
            }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }
}
