import Fluent
import NIOConcurrencyHelpers
import Vapor

/// Keys and the protected-mode policy of one process, made in `configure`.
struct AccessControl: Sendable {
    let ring: KeyRing
    let signal: KeyChangeSignal
    /// Set by `serve --allow-unauthenticated`: while no key exists, serve every client, not only
    /// loopback ones.
    let allowUnauthenticated: NIOLockedValueBox<Bool>
    let uploadSlots: UploadSlots

    func keys(on database: any Database, sqliteWriting: SQLiteWriting?) -> APIKeyRepository {
        APIKeyRepository(database: database, sqliteWriting: sqliteWriting, signal: signal, ring: ring)
    }
}

extension Application {
    private struct AccessKey: StorageKey {
        typealias Value = AccessControl
    }

    var access: AccessControl {
        get {
            guard let access = storage[AccessKey.self] else { fatalError("configure(_:config:) has not run") }
            return access
        }
        set { storage[AccessKey.self] = newValue }
    }

    /// Where keys are read and written; changes reach this process's ring at once.
    var apiKeys: APIKeyRepository {
        access.keys(on: db, sqliteWriting: personaSeed.sqliteWriting)
    }
}

extension Request {
    var apiKeys: APIKeyRepository { application.apiKeys }
}
