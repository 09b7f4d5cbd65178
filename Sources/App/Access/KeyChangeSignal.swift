import Foundation
import SQLKit

/// How a process learns that another one (the `keys` command, another API process) changed the keys.
///
/// Checking the database on every request would cost more than the rest of a cached GET; instead each
/// process keeps the keys in memory (`KeyRing`) and reloads them when this signal moves:
/// - SQLite (one machine): a stamp file beside the database, replaced after every change; a `stat` per
///   request sees it.
/// - PostgreSQL (several machines): `NOTIFY personaseed_api_keys`, heard by `KeyChangeListener`.
enum KeyChangeSignal: Sendable {
    case stampFile(path: String)
    /// The channel is per schema: databases shared by several installations (or tests) in separate
    /// schemas do not wake each other.
    case postgresNotify(channel: String)

    static func channel(schema: String?) -> String {
        schema.map { "personaseed_api_keys_\($0)" } ?? "personaseed_api_keys"
    }

    static func stampPath(forDatabase path: String) -> String { path + ".keys-changed" }

    /// Called after a change has committed.
    func announce(on sql: any SQLDatabase) async throws {
        switch self {
        case .stampFile(let path):
            // A new file renamed into place: a new inode and mtime, whatever the clock's granularity.
            let temporary = path + ".\(UUID().uuidString).tmp"
            try Data(UUID().uuidString.utf8).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else {
                unlink(temporary)
                throw KeyStampError(path: path, errno: errno)
            }
        case .postgresNotify(let channel):
            try await sql.raw("NOTIFY \(ident: channel)").run()
        }
    }

    /// What the stamp file looks like now; any difference means the keys may have changed.
    func stamp() -> StampToken {
        guard case .stampFile(let path) = self else { return .none }
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        return .file(inode: UInt64(info.st_ino), seconds: Int64(info.st_mtim.tv_sec), nanoseconds: Int64(info.st_mtim.tv_nsec))
    }

    enum StampToken: Sendable, Equatable {
        case none, missing
        case file(inode: UInt64, seconds: Int64, nanoseconds: Int64)
    }
}

struct KeyStampError: Error, CustomStringConvertible {
    let path: String
    let errno: Int32
    var description: String { "could not replace \(path): \(String(cString: strerror(errno)))" }
}
