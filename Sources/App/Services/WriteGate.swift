/// One writer at a time, in this process, in arrival order.
///
/// SQLite allows a single writer; two connections of our pool that both start a transaction and then
/// write would make one fail with SQLITE_BUSY. Funnelling writes through this gate makes them queue instead.
/// (PostgreSQL needs no gate: its row locks do the same across processes.)
actor WriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    nonisolated func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await enter()
        do {
            let result = try await body()
            await leave()
            return result
        } catch {
            await leave()
            throw error
        }
    }

    private func enter() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func leave() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()  // the gate stays busy: ownership passes to the next writer
        }
    }
}
