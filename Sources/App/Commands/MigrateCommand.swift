import Fluent
import Vapor

/// `personaseed migrate`: brings the schema up to date without asking (configure already did; this
/// command reports it). Fluent's own command asks for confirmation, which scripts cannot give.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Migrates the database to the current schema." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        context.console.print("Database is up to date.")
    }
}
