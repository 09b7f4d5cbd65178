import NIOConcurrencyHelpers

/// Group commit for new personas on SQLite: creates that arrive while a write is in progress are
/// inserted together, with one multi-row INSERT, in the next turn at the write gate.
///
/// SQLite takes one writer at a time; under concurrent creates each turn at the gate is mostly
/// waiting for thread hops, not work, so sharing a turn multiplies throughput. A failed batch is
/// retried row by row, so one bad row fails only its own request.
final class InsertBatcher: Sendable {
    /// Rows per INSERT: 256 × 24 columns stays far below SQLite's bound-parameter limit.
    static let maxBatch = 256

    typealias Insert = @Sendable ([PersonaRow]) async throws -> Void

    private struct Pending {
        let row: PersonaRow
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var pending: [Pending] = []
        var flushing = false
    }

    private let state = NIOLockedValueBox(State())

    /// Returns once `row` is committed (or throws its error).
    func insert(_ row: PersonaRow, with insert: @escaping Insert) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let startFlushing = state.withLockedValue { state in
                state.pending.append(Pending(row: row, continuation: continuation))
                guard !state.flushing else { return false }
                state.flushing = true
                return true
            }
            if startFlushing {
                Task { await self.flush(with: insert) }
            }
        }
    }

    private func flush(with insert: Insert) async {
        while true {
            let batch = state.withLockedValue { state -> [Pending] in
                let batch = Array(state.pending.prefix(Self.maxBatch))
                state.pending.removeFirst(batch.count)
                if batch.isEmpty { state.flushing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                try await insert(batch.map(\.row))
                for item in batch { item.continuation.resume() }
            } catch where batch.count > 1 {
                for item in batch {
                    do {
                        try await insert([item.row])
                        item.continuation.resume()
                    } catch {
                        item.continuation.resume(throwing: error)
                    }
                }
            } catch {
                batch[0].continuation.resume(throwing: error)
            }
        }
    }
}
