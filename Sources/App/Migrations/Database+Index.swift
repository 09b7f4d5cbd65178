import Fluent
import SQLKit

extension Database {
    /// Fluent's schema builder has no indexes; both our dialects take the same SQL.
    func createIndex(on table: String, named name: String, columns: [String]) async throws {
        guard let sql = self as? any SQLDatabase else { return }
        var builder = sql.create(index: name).on(table)
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }
}
