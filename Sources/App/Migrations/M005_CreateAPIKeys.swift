import Fluent
import SQLKit

/// API keys, and who queued each generation job (its versions are attributed to that key).
struct M005_CreateAPIKeys: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(APIKeyRow.table)
            .field("id", .uuid, .identifier(auto: false))
            .field("name", .string, .required)
            .field("scopes", .string, .required)
            .field("prefix", .string, .required)
            .field("secret_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "prefix")
            .create()
        // A name may be reused once its key is revoked; two live keys never share one. Both dialects
        // take a partial index in the same words.
        try await (database as! any SQLDatabase).raw("""
            CREATE UNIQUE INDEX api_keys_live_name ON \(ident: APIKeyRow.table) (name) WHERE revoked_at IS NULL
            """).run()
        try await database.schema(JobRow.table).field("actor", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(JobRow.table).deleteField("actor").update()
        try await database.schema(APIKeyRow.table).delete()
    }
}
