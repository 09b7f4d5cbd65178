import Fluent
import Foundation
import PersonaSeedCore
import SQLKit

/// Reads and writes persona rows. Every change to an existing persona goes through `mutate`, which
/// serialises changes to one row: concurrent requests queue, none is lost.
struct PersonaRepository: Sendable {
    let database: any Database
    /// Set on SQLite, where writes must be funnelled (see `WriteGate`).
    let writeGate: WriteGate?

    func find(_ id: UUID) async throws -> PersonaModel? {
        try await PersonaModel.find(id, on: database)
    }

    func list(skip: Int, limit: Int, activeOnly: Bool) async throws -> [PersonaModel] {
        var query = PersonaModel.query(on: database)
        if activeOnly { query = query.filter(\.$isActive == true) }
        return try await query
            .sort(\.$createdAt, .descending)
            .sort(\.$id, .descending)
            .range(skip..<(skip + limit))
            .all()
    }

    func create(_ profile: PersonaProfile, now: Date = Timestamp.now()) async throws -> PersonaModel {
        let persona = try PersonaModel(id: UUID(), profile: profile, now: now)
        try await write { database in try await persona.create(on: database) }
        return persona
    }

    /// Runs `change` on the persona inside a transaction that holds the persona's row: the row's
    /// `revision` is bumped first, which takes PostgreSQL's row lock until commit (on SQLite the write
    /// gate already excludes other writers). A throw rolls everything back, the bump included.
    func mutate<T: Sendable>(
        _ id: UUID,
        _ change: @escaping @Sendable (PersonaModel, any Database) async throws -> T
    ) async throws -> T {
        try await write { database in
            try await database.transaction { transaction in
                let sql = transaction as! any SQLDatabase
                let bumped = try await sql.update(PersonaModel.schema)
                    .set("revision", to: SQLRaw("revision + 1"))
                    .where("id", .equal, id)
                    .returning("revision")
                    .first()
                guard bumped != nil, let persona = try await PersonaModel.find(id, on: transaction) else {
                    throw DomainError.personaNotFound(id.uuidString.lowercased())
                }
                return try await change(persona, transaction)
            }
        }
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let writeGate else { return try await body(database) }
        return try await writeGate.run {
            try await database.withConnection { connection in
                // WAL with synchronous=NORMAL: a commit is durable against a crash of this process and
                // costs no fsync; only a power cut can lose the last commits (never corrupt the file).
                // The setting is per connection, and the pool gives no hook, so it is set here.
                try await (connection as! any SQLDatabase).raw("PRAGMA synchronous = NORMAL").run()
                return try await body(connection)
            }
        }
    }
}
