import Fluent
import SQLKit

/// Generation jobs: the database is the queue (design/architecture.md).
struct M003_CreateGenerationJobs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(JobRow.table)
            .field("id", .uuid, .identifier(auto: false))
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("progress", .double, .required)
            .field("persona_id", .uuid, .required, .references(PersonaRow.table, "id"))
            .field("request", .string, .required)
            .field("versions", .string, .required)
            .field("error", .string)
            .field("error_status", .int)
            .field("attempts", .int, .required)
            .field("cancel_requested", .bool, .required)
            .field("worker", .string)
            .field("heartbeat_at", .datetime)
            .field("callback_url", .string)
            .field("webhook_state", .string)
            .field("webhook_next_at", .datetime)
            .field("deliveries", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("started_at", .datetime)
            .field("finished_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        // Workers look for the oldest queued job, recovery for stale running ones.
        try await sql.create(index: "generation_jobs_status_created").on(JobRow.table)
            .column("status").column("created_at").run()
        try await sql.create(index: "generation_jobs_webhook_due").on(JobRow.table)
            .column("webhook_state").column("webhook_next_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(JobRow.table).delete()
    }
}
