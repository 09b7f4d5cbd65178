import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Storage
import Vapor

/// Sets the application up: used by `main` and by every test.
public func configure(_ app: Application, config: AppConfig) async throws {
    app.http.server.configuration.hostname = "127.0.0.1"
    app.http.server.configuration.port = 8000
    // JSON bodies are small; uploads stream and have their own limit.
    app.routes.defaultMaxBodySize = "1mb"
    ContentConfiguration.global.use(encoder: JSONCoding.makeEncoder(), for: .json)

    try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
    let store = try FileImageStore(directory: config.imagesDirectory)

    let sqliteWriting: SQLiteWriting?
    switch config.database {
    case .sqlite(let path):
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
        sqliteWriting = SQLiteWriting()
    case .postgres(let url):
        var postgres = try SQLPostgresConfiguration(url: url)
        postgres.searchPath = config.postgresSearchPath
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: 4), as: .psql)
        sqliteWriting = nil
        if let schema = config.postgresSearchPath?.first {
            try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
        }
    }
    if case .sqlite = config.database {
        // WAL lets reads run beside the single writer; the mode is stored in the file.
        try await (app.db as! any SQLDatabase).raw("PRAGMA journal_mode = WAL").run()
    }

    app.migrations.add(M001_CreatePersonas())
    app.migrations.add(M002_CreatePersonaImages())
    try await app.autoMigrate()

    // One thread more than cores: a validation blocked on fsync leaves its core to the others.
    // Memory stays bounded by `imageMemory`, not by the thread count.
    let imagePool = NIOThreadPool(numberOfThreads: System.coreCount + 1)
    imagePool.start()
    app.lifecycle.use(ThreadPoolShutdown(pool: imagePool))
    app.personaSeed = PersonaSeedServices(
        config: config, store: store, imagePool: imagePool,
        // Two 10 MiB validations at once would not fit; a 2 MiB photo costs 8 MiB, so the pool's
        // threads stay busy with everyday uploads.
        imageMemory: MemoryBudget(capacity: 32 * 1024 * 1024),
        sqliteWriting: sqliteWriting,
        responseCache: sqliteWriting == nil ? nil : PersonaResponseCache())

    app.middleware = Middlewares()
    app.middleware.use(APIErrorMiddleware())
    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(FsckCommand(), as: "fsck")
    if config.sweepOnStart {
        app.lifecycle.use(SweepOnBoot(store: store, gracePeriod: config.orphanGracePeriod))
    }
    try routes(app)
}

private struct ThreadPoolShutdown: LifecycleHandler {
    let pool: NIOThreadPool

    func shutdownAsync(_ application: Application) async {
        try? await pool.shutdownGracefully()
    }
}
