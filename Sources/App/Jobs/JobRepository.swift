import Fluent
import Foundation
import SQLKit

/// Reads and writes job rows. Every state change is one conditional UPDATE (`WHERE status = …`), so
/// two processes racing on a job cannot both win: the loser's UPDATE matches no row.
struct JobRepository: Sendable {
    let database: any Database
    let sqliteWriting: SQLiteWriting?

    private var sql: any SQLDatabase { database as! any SQLDatabase }

    private func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await SQLiteWriting.write(on: database, with: sqliteWriting) { try await body($0 as! any SQLDatabase) }
    }

    func insert(_ job: JobRow) async throws {
        try await write { sql in
            try await sql.insert(into: JobRow.table).model(job, nilEncodingStrategy: .asNil).run()
        }
    }

    func find(_ id: UUID) async throws -> JobRow? {
        try await sql.select().column("*").from(JobRow.table).where("id", .equal, id).first(decoding: JobRow.self)
    }

    /// Takes the oldest queued job for `worker`. On PostgreSQL `SKIP LOCKED` lets several workers claim
    /// side by side; on SQLite the write gate already makes claims one at a time.
    func claimNext(worker: String, now: Date = Timestamp.now()) async throws -> JobRow? {
        let lock = sqliteWriting == nil ? " FOR UPDATE SKIP LOCKED" : ""
        return try await write { sql in
            try await sql.raw("""
                UPDATE \(ident: JobRow.table) SET status = 'running', worker = \(bind: worker),
                    attempts = attempts + 1, heartbeat_at = \(bind: now),
                    started_at = COALESCE(started_at, \(bind: now)), updated_at = \(bind: now)
                WHERE status = 'queued' AND id = (
                    SELECT id FROM \(ident: JobRow.table) WHERE status = 'queued'
                    ORDER BY created_at, id LIMIT 1\(unsafeRaw: lock))
                RETURNING *
                """).first(decoding: JobRow.self)
        }
    }

    /// Proof of life for a running job, with its progress; answers whether a cancel was asked for.
    /// nil: the job is no longer ours (recovered by another process, or finished).
    func heartbeat(_ id: UUID, worker: String, progress: Double, now: Date = Timestamp.now()) async throws -> Bool? {
        struct Flag: Decodable { let cancel_requested: Bool }
        return try await write { sql in
            try await sql.update(JobRow.table)
                .set("heartbeat_at", to: now).set("progress", to: progress)
                .where("id", .equal, id).where("worker", .equal, worker).where("status", .equal, "running")
                .returning("cancel_requested")
                .first(decoding: Flag.self)?.cancel_requested
        }
    }

    struct Outcome: Sendable {
        var status: JobRow.Status
        var versions: [Int] = []
        var content: [UUID] = []
        var error: String? = nil
        var errorStatus: Int? = nil
    }

    /// Ends a job this worker holds. nil when it is not (any longer) ours to end.
    func finish(_ id: UUID, worker: String, _ outcome: Outcome, now: Date = Timestamp.now()) async throws -> JobRow? {
        let versions = String(decoding: try JSONEncoder().encode(outcome.versions), as: UTF8.self)
        let content: String? = outcome.content.isEmpty
            ? nil : String(decoding: try JSONEncoder().encode(outcome.content.map { $0.uuidString.lowercased() }), as: UTF8.self)
        // A failed job keeps the progress it reached: it tells how far the engine got.
        let progress = outcome.status == .succeeded ? "1.0" : "progress"
        return try await write { sql in
            try await sql.raw("""
                UPDATE \(ident: JobRow.table) SET status = \(bind: outcome.status.rawValue),
                    progress = \(unsafeRaw: progress),
                    versions = \(bind: versions), content = \(bind: content), error = \(bind: outcome.error), error_status = \(bind: outcome.errorStatus),
                    updated_at = \(bind: now), finished_at = \(bind: now), heartbeat_at = NULL,
                    webhook_state = CASE WHEN callback_url IS NULL THEN NULL ELSE 'pending' END,
                    webhook_next_at = CASE WHEN callback_url IS NULL THEN NULL ELSE \(bind: now) END
                WHERE id = \(bind: id) AND worker = \(bind: worker) AND status = 'running'
                RETURNING *
                """).first(decoding: JobRow.self)
        }
    }

    /// A queued job is cancelled at once; nil if it was not queued.
    func cancelQueued(_ id: UUID, now: Date = Timestamp.now()) async throws -> JobRow? {
        try await write { sql in
            try await sql.raw("""
                UPDATE \(ident: JobRow.table) SET status = 'cancelled', error = 'Cancelled by request',
                    updated_at = \(bind: now), finished_at = \(bind: now),
                    webhook_state = CASE WHEN callback_url IS NULL THEN NULL ELSE 'pending' END,
                    webhook_next_at = CASE WHEN callback_url IS NULL THEN NULL ELSE \(bind: now) END
                WHERE id = \(bind: id) AND status = 'queued'
                RETURNING *
                """).first(decoding: JobRow.self)
        }
    }

    /// Flags a running job; its worker notices at its next heartbeat (at once when it is this process).
    func requestCancel(_ id: UUID, now: Date = Timestamp.now()) async throws -> JobRow? {
        try await write { sql in
            try await sql.update(JobRow.table)
                .set("cancel_requested", to: true).set("updated_at", to: now)
                .where("id", .equal, id).where("status", .equal, "running")
                .returning("*")
                .first(decoding: JobRow.self)
        }
    }

    /// Puts this worker's running jobs back in the queue (a clean shutdown), not counting the attempt.
    func release(worker: String, now: Date = Timestamp.now()) async throws {
        try await write { sql in
            try await sql.raw("""
                UPDATE \(ident: JobRow.table) SET status = 'queued', worker = NULL, heartbeat_at = NULL,
                    progress = 0, attempts = attempts - 1, updated_at = \(bind: now)
                WHERE worker = \(bind: worker) AND status = 'running'
                """).run()
        }
    }

    /// Jobs left running by a process that died (no heartbeat since `cutoff`): retried once, then failed
    /// with the reason. Returns the jobs it changed.
    func recoverStale(before cutoff: Date, now: Date = Timestamp.now()) async throws -> [JobRow] {
        try await write { sql in
            let requeued = try await sql.raw("""
                UPDATE \(ident: JobRow.table) SET status = 'queued', worker = NULL, heartbeat_at = NULL,
                    progress = 0, updated_at = \(bind: now)
                WHERE status = 'running' AND attempts < \(bind: JobRunner.maxAttempts)
                    AND (heartbeat_at IS NULL OR heartbeat_at < \(bind: cutoff))
                RETURNING *
                """).all(decoding: JobRow.self)
            let failed = try await sql.raw("""
                UPDATE \(ident: JobRow.table) SET status = 'failed', error = \(bind: JobRunner.abandonedReason),
                    error_status = 500, worker = NULL, heartbeat_at = NULL,
                    updated_at = \(bind: now), finished_at = \(bind: now),
                    webhook_state = CASE WHEN callback_url IS NULL THEN NULL ELSE 'pending' END,
                    webhook_next_at = CASE WHEN callback_url IS NULL THEN NULL ELSE \(bind: now) END
                WHERE status = 'running' AND attempts >= \(bind: JobRunner.maxAttempts)
                    AND (heartbeat_at IS NULL OR heartbeat_at < \(bind: cutoff))
                RETURNING *
                """).all(decoding: JobRow.self)
            return requeued + failed
        }
    }

    /// Finished jobs whose callback is due.
    func dueWebhooks(now: Date = Timestamp.now(), limit: Int = 16) async throws -> [JobRow] {
        try await sql.select().column("*").from(JobRow.table)
            .where("webhook_state", .equal, JobRow.WebhookState.pending.rawValue)
            .where("webhook_next_at", .lessThanOrEqual, now)
            .orderBy("webhook_next_at")
            .limit(limit)
            .all(decoding: JobRow.self)
    }

    /// Takes a due delivery until `leaseEnd`, so that no other process sends it meanwhile: only one
    /// UPDATE can move a due time that has passed into the future. (Not an equality test on the due
    /// time: a date read back from SQLite need not compare equal to itself bound again.)
    func leaseWebhook(_ job: JobRow, until leaseEnd: Date, now: Date = Timestamp.now()) async throws -> Bool {
        try await write { sql in
            try await sql.update(JobRow.table)
                .set("webhook_next_at", to: leaseEnd)
                .where("id", .equal, job.id)
                .where("webhook_state", .equal, JobRow.WebhookState.pending.rawValue)
                .where("webhook_next_at", .lessThanOrEqual, now)
                .returning("id")
                .first() != nil
        }
    }

    func recordDelivery(
        _ id: UUID, attempts: [WebhookAttempt], state: JobRow.WebhookState, nextAt: Date?
    ) async throws -> JobRow? {
        let deliveries = String(decoding: try JSONEncoder().encode(attempts), as: UTF8.self)
        return try await write { sql in
            try await sql.update(JobRow.table)
                .set("deliveries", to: deliveries)
                .set("webhook_state", to: state.rawValue)
                .set("webhook_next_at", to: nextAt)
                .where("id", .equal, id)
                .returning("*")
                .first(decoding: JobRow.self)
        }
    }
}
