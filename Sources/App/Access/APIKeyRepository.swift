import Fluent
import Foundation
import PersonaSeedCore
import SQLKit

/// Reads and writes `api_keys`, and after each change tells every process's `KeyRing` (see
/// `KeyChangeSignal`), so that a revoked key stops working at once wherever it is presented.
struct APIKeyRepository: Sendable {
    let database: any Database
    let sqliteWriting: SQLiteWriting?
    let signal: KeyChangeSignal
    /// This process's ring: told directly, as other processes' notifications may come a moment later.
    let ring: KeyRing?

    private var sql: any SQLDatabase { database as! any SQLDatabase }

    /// Stores a new key and returns it with its secret, which exists nowhere else afterwards.
    func create(_ request: APIKeyRequest, now: Date = Timestamp.now()) async throws -> (row: APIKeyRow, key: String) {
        let key = APIKeySecret.generate()
        let row = APIKeyRow(
            id: UUID(), name: request.name, scopes: AccessScope.listText(request.scopes),
            prefix: APIKeySecret.prefix(of: Substring(key))!, secretHash: APIKeySecret.hexHash(key),
            createdAt: now, revokedAt: nil)
        try await SQLiteWriting.write(on: database, with: sqliteWriting) { database in
            let sql = database as! any SQLDatabase
            // The partial unique index has the last word when two creations race.
            guard try await Self.live(named: request.name, on: sql) == nil else { throw Self.exists(request.name) }
            do {
                try await sql.insert(into: APIKeyRow.table).model(row, nilEncodingStrategy: .asNil).run()
            } catch let error as any DatabaseError where error.isConstraintFailure {
                throw Self.exists(request.name)
            }
        }
        try await changed()
        return (row, key)
    }

    /// Every key ever made, revoked ones included (their names stay in the audit trail), oldest first.
    func all() async throws -> [APIKeyRow] {
        try await sql.select().column("*").from(APIKeyRow.table)
            .orderBy("created_at").orderBy("name").all(decoding: APIKeyRow.self)
    }

    func live() async throws -> [APIKeyRow] {
        try await sql.select().column("*").from(APIKeyRow.table).where("revoked_at", .is, SQLLiteral.null)
            .all(decoding: APIKeyRow.self)
    }

    /// Revokes the live key called `name`; false when there is none.
    func revoke(name: String, now: Date = Timestamp.now()) async throws -> Bool {
        let revoked = try await SQLiteWriting.write(on: database, with: sqliteWriting) { database in
            try await (database as! any SQLDatabase).raw("""
                UPDATE \(ident: APIKeyRow.table) SET revoked_at = \(bind: now)
                WHERE name = \(bind: name) AND revoked_at IS NULL RETURNING id
                """).all().count > 0
        }
        if revoked { try await changed() }
        return revoked
    }

    private func changed() async throws {
        ring?.invalidate()
        try await signal.announce(on: sql)
    }

    private static func live(named name: String, on sql: any SQLDatabase) async throws -> APIKeyRow? {
        try await sql.select().column("*").from(APIKeyRow.table)
            .where("name", .equal, name).where("revoked_at", .is, SQLLiteral.null)
            .first(decoding: APIKeyRow.self)
    }

    static func exists(_ name: String) -> DomainError { DomainError(.conflict, "API key \(name) already exists") }
    static func notFound(_ name: String) -> DomainError { DomainError(.notFound, "API key \(name) not found") }
}
