import Fluent
import Foundation
import SQLKit

/// Opens, finds and ends studio sessions (`studio_sessions`).
struct StudioSessions: Sendable {
    /// The cookie that carries a session's id.
    static let cookieName = "personaseed_session"
    /// A working day: long enough for a review session, short enough that a forgotten browser does not
    /// stay signed in for long.
    static let lifetime: TimeInterval = 12 * 3600

    let database: any Database
    let sqliteWriting: SQLiteWriting?

    private var sql: any SQLDatabase { database as! any SQLDatabase }

    /// Opens a session for the key `key` and returns the cookie's value (shown nowhere else). Sessions
    /// that have expired are removed at the same time.
    func open(forKey key: String, now: Date = Timestamp.now()) async throws -> (id: String, row: StudioSessionRow) {
        let id = Self.newID()
        let row = StudioSessionRow(
            idHash: Self.hash(id), keyPrefix: APIKeySecret.prefix(of: Substring(key)) ?? "",
            keyHash: APIKeySecret.hexHash(key), createdAt: now, expiresAt: now.addingTimeInterval(Self.lifetime))
        try await SQLiteWriting.write(on: database, with: sqliteWriting) { database in
            let sql = database as! any SQLDatabase
            try await sql.delete(from: StudioSessionRow.table).where("expires_at", .lessThan, now).run()
            try await sql.insert(into: StudioSessionRow.table).model(row).run()
        }
        return (id, row)
    }

    /// The live session with this cookie value, if any.
    func find(_ id: String, now: Date = Timestamp.now()) async throws -> StudioSessionRow? {
        guard Self.isWellFormed(id) else { return nil }
        let row = try await sql.select().column("*").from(StudioSessionRow.table)
            .where("id_hash", .equal, Self.hash(id))
            .first(decoding: StudioSessionRow.self)
        guard let row, row.expiresAt > now else { return nil }
        return row
    }

    /// Ends the session with this cookie value (signing out); nothing when there is none.
    func end(_ id: String) async throws {
        guard Self.isWellFormed(id) else { return }
        try await SQLiteWriting.write(on: database, with: sqliteWriting) { database in
            try await (database as! any SQLDatabase).delete(from: StudioSessionRow.table)
                .where("id_hash", .equal, Self.hash(id)).run()
        }
    }

    /// As unguessable as an API key's secret.
    static func newID() -> String { APIKeySecret.randomText() }

    /// 43 base64url characters, as `newID` makes them: anything else is not looked up at all.
    static func isWellFormed(_ id: String) -> Bool {
        id.utf8.count == 43 && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    static func hash(_ id: String) -> String { APIKeySecret.hexHash(id) }
}

extension KeyRing.Snapshot {
    /// The live key a session was opened with, or nil once it has been revoked.
    func entry(forSession session: StudioSessionRow) -> KeyRing.Entry? {
        guard let lookup = APIKeySecret.lookupKey(ofPrefix: session.keyPrefix), let entry = byLookupKey[lookup] else {
            return nil
        }
        let hash = APIKeySecret.bytes(fromHex: session.keyHash)
        return APIKeySecret.constantTimeEqual(entry.hash, hash) ? entry : nil
    }
}
