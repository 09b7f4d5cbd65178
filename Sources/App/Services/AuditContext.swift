import Vapor

/// Who is changing a persona, and through which action: read where the change is written
/// (`PersonaRepository.mutate`), set where the request or job starts. A task-local, so that every
/// layer between need not carry it.
struct AuditContext: Sendable {
    /// The API key's name; "local" while the server runs without keys (protected mode).
    var actor: String
    /// `upload`, `generate-local`, `approve`, `update`, …
    var action: String

    @TaskLocal static var current: AuditContext?

    static let localActor = "local"
}

/// Names the action of every request after its route, for the audit trail.
struct AuditMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Reads change nothing: the hottest routes skip the bookkeeping.
        if request.method == .GET || request.method == .HEAD { return try await next.respond(to: request) }
        let context = AuditContext(actor: request.caller?.name ?? AuditContext.localActor, action: Self.action(for: request))
        return try await AuditContext.$current.withValue(context) { try await next.respond(to: request) }
    }

    /// `POST …/seed-image/versions/3/select` → `select`; `PUT /api/v1/personas/{id}` → `update`.
    static func action(for request: Request) -> String {
        let parts = request.url.path.split(separator: "/")
        if let seed = parts.firstIndex(of: "seed-image"), seed + 1 < parts.count {
            return String(parts.last!)
        }
        // `POST …/content/generate` → `generate-content`; `DELETE …/content/{cid}` → `delete-content`.
        if parts.contains("content") {
            return request.method == .DELETE ? "delete-content" : "generate-content"
        }
        switch request.method {
        case .PUT: return "update"
        case .DELETE: return "delete"
        case .POST: return "create"
        default: return request.method.rawValue.lowercased()
        }
    }
}
