import Fluent
import SQLKit

/// The audit trail: one row per status change or new version of a persona's baseline.
struct M004_CreatePersonaHistory: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(HistoryEntry.table)
            .field("id", .uuid, .identifier(auto: false))
            .field("persona_id", .uuid, .required, .references(PersonaRow.table, "id"))
            .field("at", .datetime, .required)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("from_status", .string, .required)
            .field("to_status", .string, .required)
            .field("version", .int)
            .create()
        try await (database as! any SQLDatabase).create(index: "persona_history_persona_at").on(HistoryEntry.table)
            .column("persona_id").column("at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(HistoryEntry.table).delete()
    }
}
