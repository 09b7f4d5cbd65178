import Foundation
import NIOConcurrencyHelpers

/// In-process news about jobs: progress and state changes made by this process's runner reach
/// waiting requests and event streams at once. Changes made by other processes are picked up by the
/// subscribers' own polling (`Subscription.next` wakes at least every `pollInterval`).
final class JobEvents: Sendable {
    private struct State {
        /// nil in a subscriber's stream is a tick: time to look at the database.
        var subscribers: [UUID: [UUID: AsyncStream<JobRow?>.Continuation]] = [:]
        /// Progress of jobs running in this process, newer than what the database holds.
        var liveProgress: [UUID: Double] = [:]
    }

    private let state = NIOLockedValueBox(State())

    func publish(_ job: JobRow) {
        let continuations = state.withLockedValue { state in
            if job.state == .running {
                state.liveProgress[job.id] = job.progress
            } else {
                state.liveProgress[job.id] = nil
            }
            return Array((state.subscribers[job.id] ?? [:]).values)
        }
        for continuation in continuations { continuation.yield(job) }
    }

    /// The freshest view of a job read from the database: running here, its live progress.
    func overlay(_ job: JobRow) -> JobRow {
        guard job.state == .running, let progress = state.withLockedValue({ $0.liveProgress[job.id] }) else { return job }
        var job = job
        job.progress = max(job.progress, progress)
        return job
    }

    /// How many listeners a job has now: an event stream whose client left stops listening at its
    /// next write.
    func subscriberCount(for jobID: UUID) -> Int {
        state.withLockedValue { $0.subscribers[jobID]?.count ?? 0 }
    }

    /// Listens to one job's news; between changes, `next()` returns nil every `pollInterval`.
    func subscribe(to jobID: UUID, pollInterval: Duration) -> Subscription {
        let token = UUID()
        let (stream, continuation) = AsyncStream<JobRow?>.makeStream(bufferingPolicy: .bufferingNewest(8))
        state.withLockedValue { $0.subscribers[jobID, default: [:]][token] = continuation }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: pollInterval)
                continuation.yield(nil)
            }
        }
        return Subscription(stream: stream) { [weak self] in
            self?.state.withLockedValue { state in
                state.subscribers[jobID]?[token] = nil
                if state.subscribers[jobID]?.isEmpty == true { state.subscribers[jobID] = nil }
            }
            ticker.cancel()
            continuation.finish()
        }
    }

    /// One listener's view of one job's news. Used by one task at a time.
    final class Subscription {
        private var iterator: AsyncStream<JobRow?>.Iterator
        private let end: @Sendable () -> Void

        init(stream: AsyncStream<JobRow?>, end: @escaping @Sendable () -> Void) {
            self.iterator = stream.makeAsyncIterator()
            self.end = end
        }

        deinit { end() }

        /// The next change published here, or nil when it is time to look at the database.
        func next() async -> JobRow? {
            (await iterator.next()) ?? nil
        }
    }
}

/// Wakes a sleeping loop early; a signal sent while nobody waits is kept for the next wait.
final class Wakeup: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = NIOLockedValueBox(State())

    func signal() {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.pending = true
            return nil
        }
        waiter?.resume()
    }

    func wait(timeout: Duration) async {
        if state.withLockedValue({ state in
            defer { state.pending = false }
            return state.pending
        }) { return }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            self?.signal()
        }
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLockedValue { state in
                if state.pending {
                    state.pending = false
                    return true
                }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        timer.cancel()
    }
}
