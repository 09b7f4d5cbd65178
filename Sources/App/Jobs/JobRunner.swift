import Foundation
import Logging
import NIOConcurrencyHelpers

/// The worker loop: claims queued jobs from the database, runs up to `settings.workers` of them at
/// once, keeps their heartbeats, recovers jobs orphaned by dead processes, and sends due webhooks.
final class JobRunner: Sendable {
    /// A job that was running when its process died is retried once (engines are flaky, processes get
    /// killed); a second death is more likely the job's own fault.
    static let maxAttempts = 2
    static let abandonedReason =
        "The process running this job stopped before it finished, twice; it was not retried again"
    static let cancelledReason = "Cancelled by request"

    let workerID: String
    let jobs: JobRepository
    let events: JobEvents
    let executor: GenerationExecutor
    let webhooks: WebhookSender?
    let settings: GenerationSettings
    /// SQLite: this process is the only one using the file, so every job still marked running at start
    /// was orphaned by an earlier run of it, however fresh its heartbeat.
    let soleProcess: Bool
    let logger: Logger

    private struct State {
        var running: [UUID: Task<JobProducts, any Error>] = [:]
        var loop: Task<Void, Never>?
        var stopping = false
    }

    private let state = NIOLockedValueBox(State())
    private let wakeup = Wakeup()

    init(
        jobs: JobRepository, events: JobEvents, executor: GenerationExecutor, webhooks: WebhookSender?,
        settings: GenerationSettings, soleProcess: Bool, logger: Logger
    ) {
        self.workerID = "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
        self.jobs = jobs
        self.events = events
        self.executor = executor
        self.webhooks = webhooks
        self.settings = settings
        self.soleProcess = soleProcess
        self.logger = logger
    }

    /// How often a running job proves it is alive (and learns of a cancel asked in another process).
    var heartbeatInterval: Duration { .milliseconds(Int(min(settings.jobStaleAfter / 3, 2) * 1000)) }

    func start() {
        let loop = Task { await self.runLoop() }
        state.withLockedValue { $0.loop = loop }
    }

    func wake() { wakeup.signal() }

    /// Cancels the job's task if it runs in this process.
    @discardableResult
    func cancelIfRunningHere(_ id: UUID) -> Bool {
        guard let task = state.withLockedValue({ $0.running[id] }) else { return false }
        task.cancel()
        return true
    }

    /// Stops claiming, stops this process's jobs (telling their engines) and puts them back in the queue
    /// for the next start, without counting the attempt.
    func shutdown() async {
        let (loop, running) = state.withLockedValue { state in
            state.stopping = true
            return (state.loop, Array(state.running.values))
        }
        loop?.cancel()
        wakeup.signal()
        for task in running { task.cancel() }
        for task in running { _ = await task.result }
        await loop?.value
        try? await jobs.release(worker: workerID)
    }

    private var isStopping: Bool { state.withLockedValue { $0.stopping } }

    private func runLoop() async {
        var lastRecovery = ContinuousClock.now - .seconds(3600)
        var firstPass = true
        while !Task.isCancelled && !isStopping {
            if ContinuousClock.now - lastRecovery > .seconds(max(1, settings.jobStaleAfter / 2)) {
                lastRecovery = ContinuousClock.now
                await recover(everythingRunning: firstPass && soleProcess)
                firstPass = false
            }
            await claimWhileCapacity()
            await sendDueWebhooks()
            await wakeup.wait(timeout: .seconds(1))
        }
    }

    private func recover(everythingRunning: Bool) async {
        let cutoff = everythingRunning ? Timestamp.now() : Timestamp.now().addingTimeInterval(-settings.jobStaleAfter)
        do {
            for job in try await jobs.recoverStale(before: cutoff) {
                logger.warning("job \(job.id) was orphaned by a stopped process: now \(job.status)")
                events.publish(job)
            }
        } catch {
            logger.error("job recovery failed: \(String(reflecting: error))")
        }
    }

    private func claimWhileCapacity() async {
        while !isStopping, state.withLockedValue({ $0.running.count }) < settings.workers {
            let claimed: JobRow?
            do {
                claimed = try await jobs.claimNext(worker: workerID)
            } catch {
                logger.error("claiming a job failed: \(String(reflecting: error))")
                return
            }
            guard let job = claimed else { return }
            launch(job)
        }
    }

    private func launch(_ job: JobRow) {
        events.publish(job)
        let progress = NIOLockedValueBox(0.0)
        let executor = self.executor
        let events = self.events
        let work = Task {
            try await executor.run(job) { fraction in
                let changed = progress.withLockedValue { current -> Bool in
                    guard fraction > current else { return false }
                    current = min(fraction, 1)
                    return true
                }
                guard changed else { return }
                var update = job
                update.progress = progress.withLockedValue { $0 }
                events.publish(update)
            }
        }
        state.withLockedValue { $0.running[job.id] = work }
        Task {
            let heartbeat = Task { await self.keepAlive(job.id, progress: progress, work: work) }
            let result = await work.result
            heartbeat.cancel()
            await self.finish(job, result: result, cancelled: work.isCancelled)
            self.state.withLockedValue { _ = $0.running.removeValue(forKey: job.id) }
            self.wakeup.signal()
        }
    }

    private func keepAlive(_ id: UUID, progress: NIOLockedValueBox<Double>, work: Task<JobProducts, any Error>) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: heartbeatInterval)
            if Task.isCancelled { return }
            do {
                let answer = try await jobs.heartbeat(id, worker: workerID, progress: progress.withLockedValue { $0 })
                // nil: the job was taken from us (recovered elsewhere): stop working on it.
                if answer != false { work.cancel() }
            } catch {
                logger.warning("heartbeat of job \(id) failed: \(String(reflecting: error))")
            }
        }
    }

    /// `cancelled`: the work was cancelled (a cancel request, or shutdown); whatever error the engine
    /// client surfaced on the way out, the job was cancelled.
    private func finish(_ job: JobRow, result: Result<JobProducts, any Error>, cancelled: Bool) async {
        let outcome: JobRepository.Outcome
        switch result {
        case .success(let products):
            outcome = .init(status: .succeeded, versions: products.versions, content: products.content)
        case .failure(let error) where cancelled || error is CancellationError:
            // Shutting down: `shutdown()` puts the job back in the queue instead.
            if isStopping { return }
            outcome = .init(status: .cancelled, error: Self.cancelledReason, errorStatus: 409)
        case .failure(let error):
            let failure = JobFailure(error)
            if failure.status >= 500 && failure.status != 502 && failure.status != 504 {
                logger.error("job \(job.id) failed: \(String(reflecting: error))")
            }
            outcome = .init(status: .failed, error: failure.detail, errorStatus: failure.status)
        }
        do {
            if let finished = try await jobs.finish(job.id, worker: workerID, outcome) {
                events.publish(finished)
            }
        } catch {
            logger.error("recording the end of job \(job.id) failed: \(String(reflecting: error))")
        }
    }

    private func sendDueWebhooks() async {
        guard let webhooks, let due = try? await jobs.dueWebhooks(), !due.isEmpty else { return }
        for job in due {
            // Held for longer than one delivery can take, so no other process sends it meanwhile.
            let leaseEnd = Timestamp.now().addingTimeInterval(WebhookSender.requestTimeoutSeconds * 2)
            guard (try? await jobs.leaseWebhook(job, until: leaseEnd)) == true else { continue }
            Task {
                await webhooks.deliver(job, events: self.events, jobs: self.jobs)
                self.wakeup.signal()
            }
        }
    }
}
