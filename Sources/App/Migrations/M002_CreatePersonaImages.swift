import Fluent

struct M002_CreatePersonaImages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PersonaImageModel.schema)
            .id()
            .field("persona_id", .uuid, .required, .references(PersonaRow.table, "id"))
            .field("version", .int, .required)
            .field("source", .string, .required)
            .field("format", .string, .required)
            .field("width", .int, .required)
            .field("height", .int, .required)
            .field("bytes", .int, .required)
            .field("sha256", .string, .required)
            .field("storage_key", .string, .required)
            .field("thumbnail_key", .string, .required)
            .field("thumbnail_sha256", .string, .required)
            .field("generation", .string)
            .field("created_at", .datetime, .required)
            // Versions are numbered 1…n per persona: a duplicate is a bug the database refuses too.
            .unique(on: "persona_id", "version")
            .unique(on: "storage_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PersonaImageModel.schema).delete()
    }
}
