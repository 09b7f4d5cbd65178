import Fluent
import PersonaSeedCore
import Storage
import Vapor

/// What the routes need, made once in `configure` and reached through `request.personaSeed`.
struct PersonaSeedServices: Sendable {
    let config: AppConfig
    let store: any ImageStore
    let imagePool: NIOThreadPool
    /// Shared by all image work of the process (see `MemoryBudget`).
    let imageMemory: MemoryBudget
    let sqliteWriting: SQLiteWriting?
    /// Set where this process sees every write (SQLite).
    let responseCache: PersonaResponseCache?
}

extension Application {
    private struct ServicesKey: StorageKey {
        typealias Value = PersonaSeedServices
    }

    var personaSeed: PersonaSeedServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("configure(_:config:) has not run") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension PersonaSeedServices {
    func seedImages(repository: PersonaRepository) -> SeedImageService {
        SeedImageService(
            repository: repository, store: store, imagePool: imagePool,
            imageMemory: imageMemory, maxMegapixels: config.maxImageMegapixels)
    }
}

extension Request {
    var personaSeed: PersonaSeedServices { application.personaSeed }

    var personas: PersonaRepository {
        PersonaRepository(database: db, sqliteWriting: personaSeed.sqliteWriting, cache: personaSeed.responseCache)
    }

    var seedImages: SeedImageService { personaSeed.seedImages(repository: personas) }

    var jobs: JobRepository { JobRepository(database: db, sqliteWriting: personaSeed.sqliteWriting) }

    /// The `{id}` path parameter as a UUID. A malformed id is answered like an unknown one, and is never
    /// used in a query or a path.
    func personaID() throws -> UUID {
        let raw = parameters.get("id") ?? ""
        guard let id = UUID(uuidString: raw) else { throw DomainError.personaNotFound(raw) }
        return id
    }

    /// The `{id}` path parameter as the client wrote it, for "not found" texts.
    var rawPersonaID: String { parameters.get("id") ?? "" }

    func existingPersona() async throws -> PersonaRow {
        try await existingPersona(rawID: rawPersonaID)
    }

    /// The persona `rawID` names (a path parameter, or one of a bulk request's ids), or its 404.
    func existingPersona(rawID: String) async throws -> PersonaRow {
        guard let id = UUID(uuidString: rawID), let persona = try await personas.find(id) else {
            throw DomainError.personaNotFound(rawID)
        }
        return persona
    }
}
