import Vapor

func routes(_ app: Application) throws {
    // A trivial route: liveness for scripts, and the benchmark's ceiling.
    app.get("healthz") { _ in "ok" }
    try app.register(collection: PersonaController())
    try app.register(collection: SeedImageController())
    try app.register(collection: ContentController())
    try app.register(collection: BulkController())
    try app.register(collection: JobController())
    try app.register(collection: KeyController())
    try app.register(collection: SessionController())
    // The studio: a browser client of the same API, served from the binary.
    try app.register(collection: StudioController())
    // The API document and its reference page (public, like /healthz).
    try app.register(collection: DocsController())
}
