import Fluent

struct M001_CreatePersonas: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PersonaRow.table)
            .id()
            .field("name", .string, .required)
            .field("appearance", .string)
            .field("personality", .string)
            .field("base_appearance_description", .string)
            .field("content_themes", .string, .required)
            .field("style_preferences", .string, .required)
            .field("default_content_rating", .string, .required)
            .field("allowed_content_ratings", .string, .required)
            .field("platform_restrictions", .string, .required)
            .field("image_style", .string, .required)
            .field("default_negative_prompt", .string, .required)
            .field("image_model_preference", .string)
            .field("base_image_status", .string, .required)
            .field("appearance_locked", .bool, .required)
            .field("base_image_path", .string)
            .field("current_version", .int)
            .field("base_image", .string)
            .field("version_count", .int, .required)
            .field("is_active", .bool, .required)
            .field("generation_count", .int, .required)
            .field("revision", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.createIndex(on: PersonaRow.table, named: "personas_base_image_status", columns: ["base_image_status"])
        // The list is read newest first (ties broken by id), by default only active personas: these
        // indexes give each page without sorting the table.
        try await database.createIndex(on: PersonaRow.table, named: "personas_created_at", columns: ["created_at", "id"])
        try await database.createIndex(
            on: PersonaRow.table, named: "personas_active_created_at", columns: ["is_active", "created_at", "id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PersonaRow.table).delete()
    }
}
