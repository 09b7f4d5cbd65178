import PersonaSeedCore
import Vapor

/// Who sent a request: the key's name and scopes, or "local" (every scope) in protected mode.
struct Caller: Sendable, Equatable {
    let name: String
    let scopes: Set<AccessScope>
    /// A real key (rather than protected mode's local client): per-key limits apply.
    let isKey: Bool

    static let local = Caller(name: AuditContext.localActor, scopes: Set(AccessScope.allCases), isKey: false)
}

extension Caller {
    /// What a live key stands for, presented as a bearer token or through a studio session opened with it.
    init(key entry: KeyRing.Entry) {
        self.init(name: entry.name, scopes: entry.scopes, isKey: true)
    }
}

extension Request {
    private struct CallerKey: StorageKey {
        typealias Value = Caller
    }

    /// Set by `AccessMiddleware` for every route that needs a key; nil on public routes.
    var caller: Caller? {
        get { storage[CallerKey.self] }
        set { storage[CallerKey.self] = newValue }
    }

    /// Throws 403 unless the caller holds `scope`.
    func require(_ scope: AccessScope) throws {
        guard let caller, caller.scopes.contains(scope) else {
            throw AccessDenied.missingScope(scope)
        }
    }
}

/// Route groups that need a scope: `routes.grouped(RequireScope(.write))`.
struct RequireScope: AsyncMiddleware {
    let scope: AccessScope

    init(_ scope: AccessScope) { self.scope = scope }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try request.require(scope)
        return try await next.respond(to: request)
    }
}
