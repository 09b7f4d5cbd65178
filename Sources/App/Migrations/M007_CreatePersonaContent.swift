import Fluent

/// Content made from approved baselines; jobs that make it list it; the audit trail names it.
struct M007_CreatePersonaContent: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PersonaContentModel.schema)
            .id()
            .field("persona_id", .uuid, .required, .references(PersonaRow.table, "id"))
            .field("job_id", .uuid, .required)
            .field("candidate", .int, .required)
            .field("engine", .string, .required)
            .field("backend", .string, .required)
            .field("model", .string, .required)
            .field("scene_prompt", .string, .required)
            .field("prompt", .string, .required)
            .field("negative_prompt", .string)
            .field("seed", .int64)
            .field("requested_size", .string, .required)
            .field("identity_strength", .double, .required)
            .field("baseline_version", .int, .required)
            .field("baseline_sha256", .string, .required)
            .field("format", .string, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("bytes", .int, .required)
            .field("sha256", .string, .required)
            .field("storage_key", .string, .required)
            .field("thumbnail_key", .string, .required)
            .field("thumbnail_sha256", .string, .required)
            .field("generation", .string)
            .field("actor", .string, .required)
            .field("created_at", .datetime, .required)
            // A job's candidate is stored once, however often the job is retried.
            .unique(on: "job_id", "candidate")
            .unique(on: "storage_key")
            .create()
        // The gallery: a persona's content, newest first.
        try await database.createIndex(
            on: PersonaContentModel.schema, named: "persona_content_by_persona", columns: ["persona_id", "created_at"])
        try await database.schema(JobRow.table).field("content", .string).update()
        try await database.schema(HistoryEntry.table).field("content_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(HistoryEntry.table).deleteField("content_id").update()
        try await database.schema(JobRow.table).deleteField("content").update()
        try await database.schema(PersonaContentModel.schema).delete()
    }
}
