import Fluent
import FluentSQLiteDriver
import NIOConcurrencyHelpers
import SQLKit

/// Per-connection settings for SQLite, applied once to each pooled connection before its first write
/// (the pool offers no hook at connection time).
final class SQLiteConnectionSetup: Sendable {
    private let configured = NIOLockedValueBox(Set<ObjectIdentifier>())

    /// WAL with synchronous=NORMAL: a commit survives a crash of this process and costs no fsync;
    /// a power cut can lose the last commits, never corrupt the file.
    func prepare(_ connection: any Database) async throws {
        guard let sqlite = connection as? any SQLiteDatabase else { return }
        let identity = try await sqlite.withConnection { ObjectIdentifier($0) }
        guard !configured.withLockedValue({ $0.contains(identity) }) else { return }
        try await (connection as! any SQLDatabase).raw("PRAGMA synchronous = NORMAL").run()
        configured.withLockedValue { _ = $0.insert(identity) }
    }
}
