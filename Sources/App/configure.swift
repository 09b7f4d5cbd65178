import AsyncHTTPClient
import Fluent
import NIOConcurrencyHelpers
import FluentPostgresDriver
import FluentSQLiteDriver
import Storage
import Vapor

/// Sets the application up: used by `main` and by every test.
public func configure(_ app: Application, config: AppConfig) async throws {
    app.http.server.configuration.hostname = "127.0.0.1"
    app.http.server.configuration.port = 8000
    // JSON bodies are small; uploads stream and have their own limit.
    app.routes.defaultMaxBodySize = ByteCount(value: RequestLimits.maxJSONBodyBytes)
    app.http.server.configuration.idleTimeout = .milliseconds(Int64(config.effectiveIdleTimeout * 1000))
    ContentConfiguration.global.use(encoder: JSONCoding.makeEncoder(), for: .json)

    try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
    let store = try FileImageStore(directory: config.imagesDirectory)

    let sqliteWriting: SQLiteWriting?
    switch config.database {
    case .sqlite(let path):
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        // One connection per event loop, and every write holds one through its folder sync: in a burst
        // of commits a request can wait its turn longer than the driver's default 10 s. Waiting is
        // better than a 500; a minute still ends a real hang.
        app.databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(60)), as: .sqlite)
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
    app.migrations.add(M003_CreateGenerationJobs())
    app.migrations.add(M004_CreatePersonaHistory())
    app.migrations.add(M005_CreateAPIKeys())
    app.migrations.add(M006_CreateStudioSessions())
    app.migrations.add(M007_CreatePersonaContent())
    try await app.autoMigrate()

    // One thread more than cores: a validation blocked on fsync leaves its core to the others.
    // Memory stays bounded by `imageMemory`, not by the thread count.
    let imagePool = NIOThreadPool(numberOfThreads: System.coreCount + 1)
    imagePool.start()
    app.lifecycle.use(ThreadPoolShutdown(pool: imagePool))
    let services = PersonaSeedServices(
        config: config, store: store, imagePool: imagePool,
        // Two 10 MiB validations at once would not fit; a 2 MiB photo costs 8 MiB, so the pool's
        // threads stay busy with everyday uploads.
        imageMemory: MemoryBudget(capacity: 32 * 1024 * 1024),
        sqliteWriting: sqliteWriting,
        responseCache: sqliteWriting == nil ? nil : PersonaResponseCache())
    app.personaSeed = services
    app.generation = makeGenerationRuntime(app, services: services)
    if let runner = app.generation.runner {
        app.lifecycle.use(JobRunnerLifecycle(runner: runner))
    }

    app.access = try makeAccessControl(app, config: config, sqliteWriting: sqliteWriting)

    app.middleware = Middlewares()
    app.middleware.use(APIErrorMiddleware())
    app.middleware.use(RequestLimitsMiddleware())
    app.middleware.use(AccessMiddleware(access: app.access))
    app.middleware.use(AuditMiddleware())
    app.asyncCommands.use(GuardedServeCommand(), as: "serve", isDefault: true)
    app.asyncCommands.use(KeysCommand(), as: "keys")
    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(FsckCommand(), as: "fsck")
    if config.sweepOnStart {
        app.lifecycle.use(SweepOnBoot(store: store, gracePeriod: config.orphanGracePeriod))
    }
    try routes(app)
}

/// Keys live in the database and, for speed, in each process's `KeyRing`; the signal tells the rings of
/// other processes (the `keys` command, other API processes) that they changed.
private func makeAccessControl(_ app: Application, config: AppConfig, sqliteWriting: SQLiteWriting?) throws -> AccessControl {
    let signal: KeyChangeSignal
    switch config.database {
    case .sqlite(let path): signal = .stampFile(path: KeyChangeSignal.stampPath(forDatabase: path))
    case .postgres: signal = .postgresNotify(channel: KeyChangeSignal.channel(schema: config.postgresSearchPath?.first))
    }
    let database = app.db
    let ring = KeyRing(signal: signal, maxAge: config.keyRefreshInterval) {
        try await APIKeyRepository(database: database, sqliteWriting: sqliteWriting, signal: signal, ring: nil).live()
    }
    if case .postgres(let url) = config.database, case .postgresNotify(let channel) = signal {
        app.lifecycle.use(try KeyChangeListener(url: url, channel: channel, ring: ring, logger: app.logger))
    }
    return AccessControl(
        ring: ring, signal: signal, allowUnauthenticated: NIOLockedValueBox(false),
        uploadSlots: UploadSlots(perKey: config.limits.concurrentUploadsPerKey))
}

private func makeGenerationRuntime(_ app: Application, services: PersonaSeedServices) -> GenerationRuntime {
    let config = services.config
    let settings = config.generation
    let httpClient = makeEngineClient(app)
    let engines = GenerationEngines(config: config, httpClient: httpClient)
    let events = JobEvents()
    let personas = PersonaRepository(database: app.db, sqliteWriting: services.sqliteWriting, cache: services.responseCache)
    let executor = GenerationExecutor(
        personas: personas, seedImages: services.seedImages(repository: personas), engines: engines,
        store: services.store, database: app.db, maxMegapixels: config.maxImageMegapixels, logger: app.logger)
    let webhooks = settings.webhookSecret.map {
        WebhookSender(
            client: httpClient, secret: $0, maxAttempts: settings.webhookMaxAttempts,
            retryDelay: settings.webhookRetryDelay, logger: app.logger)
    }
    let runner = settings.workers > 0
        ? JobRunner(
            jobs: JobRepository(database: app.db, sqliteWriting: services.sqliteWriting), events: events,
            executor: executor, webhooks: webhooks, settings: settings,
            soleProcess: services.sqliteWriting != nil, logger: app.logger)
        : nil
    return GenerationRuntime(engines: engines, events: events, runner: runner, settings: settings)
}

/// Engines and webhook receivers get a client of their own: a refused connection must fail at once
/// (the OpenAI client retries with its own backoff; a local engine that is down is the seed's 400), not
/// be retried silently until the connect timeout as AsyncHTTPClient does by default.
private func makeEngineClient(_ app: Application) -> HTTPClient {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool.retryConnectionEstablishment = false
    configuration.timeout.connect = .seconds(10)
    // Engines answer with base64 images of several MB, and local ones take minutes: the per-request
    // timeouts are the clients' own.
    configuration.decompression = .disabled
    let client = HTTPClient(eventLoopGroup: app.eventLoopGroup, configuration: configuration)
    app.lifecycle.use(HTTPClientShutdown(client: client))
    return client
}

private struct HTTPClientShutdown: LifecycleHandler {
    let client: HTTPClient

    func shutdownAsync(_ application: Application) async {
        try? await client.shutdown()
    }
}

private struct ThreadPoolShutdown: LifecycleHandler {
    let pool: NIOThreadPool

    func shutdownAsync(_ application: Application) async {
        try? await pool.shutdownGracefully()
    }
}
