import Fluent
import Foundation
import PersonaSeedCore
import SQLKit

/// How writes reach a SQLite database: one at a time, on connections set up for it.
struct SQLiteWriting: Sendable {
    let gate = WriteGate()
    let connectionSetup = SQLiteConnectionSetup()
    let creates = InsertBatcher()
}

/// Reads and writes persona rows. Every change to an existing persona goes through `mutate`, which
/// serialises changes to one row: concurrent requests queue, none is lost.
struct PersonaRepository: Sendable {
    let database: any Database
    /// Set on SQLite, where writes must be funnelled (see `WriteGate`).
    let sqliteWriting: SQLiteWriting?
    /// Told of every change to a persona, once its transaction is over.
    let cache: PersonaResponseCache?

    private var sql: any SQLDatabase { database as! any SQLDatabase }

    func find(_ id: UUID) async throws -> PersonaRow? {
        try await sql.select().column("*").from(PersonaRow.table)
            .where("id", .equal, id)
            .first(decoding: PersonaRow.self)
    }

    /// The persona's audit trail, oldest first.
    func history(of id: UUID) async throws -> [HistoryEntry] {
        try await sql.select().column("*").from(HistoryEntry.table)
            .where("persona_id", .equal, id)
            .orderBy("at")
            .orderBy("version")
            .all(decoding: HistoryEntry.self)
    }

    /// A page of personas, newest first; `nameContains` matches any part of the name, ignoring case
    /// (on SQLite, case only of ASCII letters: its LOWER knows no other).
    func list(
        skip: Int, limit: Int, activeOnly: Bool, status: BaseImageStatus? = nil, nameContains: String? = nil
    ) async throws -> [PersonaRow] {
        var query = sql.select().column("*").from(PersonaRow.table)
        if activeOnly { query = query.where("is_active", .equal, true) }
        if let status { query = query.where("base_image_status", .equal, status.rawValue) }
        if let nameContains {
            let pattern = "%" + Self.escapedForLike(nameContains.lowercased()) + "%"
            let matches: SQLQueryString = "LOWER(name) LIKE \(bind: pattern) ESCAPE '\\'"
            query = query.where(matches)
        }
        return try await query
            .orderBy("created_at", .descending)
            .orderBy("id", .descending)
            .limit(limit)
            .offset(skip)
            .all(decoding: PersonaRow.self)
    }

    /// `%`, `_` and the escape itself taken literally in a LIKE pattern.
    static func escapedForLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    func create(_ profile: PersonaProfile, now: Date = Timestamp.now()) async throws -> PersonaRow {
        let persona = try PersonaRow(id: UUID(), profile: profile, now: now)
        guard let sqliteWriting else {
            try await Self.insert([persona], into: database)
            return persona
        }
        try await sqliteWriting.creates.insert(persona) { rows in
            try await write { database in try await Self.insert(rows, into: database) }
        }
        return persona
    }

    private static func insert(_ rows: [PersonaRow], into database: any Database) async throws {
        try await (database as! any SQLDatabase).insert(into: PersonaRow.table)
            .models(rows, nilEncodingStrategy: .asNil)
            .run()
    }

    /// Runs `change` on the persona inside a transaction that holds the persona's row: the row's
    /// `revision` is bumped first, which takes PostgreSQL's row lock until commit (on SQLite the write
    /// gate already excludes other writers). The changed row is written back; a throw rolls
    /// everything back, the bump included. An unknown id is reported as `displayID` (the id as the
    /// client wrote it).
    @discardableResult
    func mutate(
        _ id: UUID,
        displayID: String? = nil,
        _ change: @escaping @Sendable (inout PersonaRow, any Database) async throws -> Void
    ) async throws -> PersonaRow {
        // Committed or not, the cached rendering may be stale now.
        defer { cache?.invalidate(id) }
        // Read here, in the caller's task: the transaction's body runs in a task the database driver
        // starts, which does not inherit task-locals.
        let context = AuditContext.current ?? AuditContext(actor: AuditContext.localActor, action: "unknown")
        return try await write { database in
            try await database.transaction { transaction in
                let sql = transaction as! any SQLDatabase
                guard
                    let original = try await sql.update(PersonaRow.table)
                        .set("revision", to: SQLRaw("revision + 1"))
                        .where("id", .equal, id)
                        .returning("*")
                        .first(decoding: PersonaRow.self)
                else { throw DomainError.personaNotFound(displayID ?? id.uuidString.lowercased()) }
                var persona = original
                try await change(&persona, transaction)
                let history = HistoryEntry.entries(from: original, to: persona, context: context, at: Timestamp.now())
                if !history.isEmpty {
                    try await sql.insert(into: HistoryEntry.table).models(history, nilEncodingStrategy: .asNil).run()
                }
                if persona != original {
                    try await sql.update(PersonaRow.table)
                        .set(model: persona, nilEncodingStrategy: .asNil)
                        .where("id", .equal, id)
                        .run()
                }
                return persona
            }
        }
    }

    /// A soft delete: the persona leaves the default list, and keeps its images and trail.
    func deactivate(_ id: UUID, displayID: String) async throws {
        try await mutate(id, displayID: displayID) { persona, _ in
            if persona.isActive {
                persona.isActive = false
                persona.updatedAt = Timestamp.now()
            }
        }
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await SQLiteWriting.write(on: database, with: sqliteWriting, body)
    }
}

extension SQLiteWriting {
    /// Runs `body` as a write: on SQLite through the gate, on a connection set up for writing; on
    /// PostgreSQL (no `writing`) directly.
    static func write<T: Sendable>(
        on database: any Database, with writing: SQLiteWriting?,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let writing else { return try await body(database) }
        return try await writing.gate.run {
            try await database.withConnection { connection in
                try await writing.connectionSetup.prepare(connection)
                return try await body(connection)
            }
        }
    }
}
