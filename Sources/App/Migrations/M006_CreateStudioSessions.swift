import Fluent

/// The studio's sign-in sessions: a browser holds a random id in a cookie; only its hash is stored,
/// with the key it was opened with (so that revoking the key ends the session).
struct M006_CreateStudioSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StudioSessionRow.table)
            .field("id_hash", .string, .identifier(auto: false))
            .field("key_prefix", .string, .required)
            .field("key_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StudioSessionRow.table).delete()
    }
}
