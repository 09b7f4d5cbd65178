import Foundation
import PersonaSeedCore
import Vapor

/// `/api/v1/session`: the studio's sign-in. A person pastes an API key once; the answer is a session
/// cookie (`HttpOnly`, `SameSite=Strict`), and the key itself is never kept by the browser.
struct SessionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let session = routes.grouped("api", "v1", "session")
        session.post(use: signIn)
        session.get(use: current)
        session.delete(use: signOut)
    }

    /// `{"key": "psk_…"}` → 201 with who the session is, and the cookie.
    func signIn(request: Request) async throws -> Response {
        guard case .object(let body) = try request.jsonBody(), case .string(let key)? = body["key"] else {
            throw ValidationFailure([.init(loc: [.key("body"), .key("key")], msg: "Field required", type: "missing")])
        }
        let keys = try await request.application.access.ring.snapshot()
        if keys.isEmpty { throw Self.nothingToSignInTo }
        guard let entry = keys.entry(for: Substring(key)) else { throw AccessDenied.invalidKey }
        let (id, row) = try await request.studioSessions.open(forKey: key)
        let response = try await SessionResponse(Caller(key: entry), via: .session, expiresAt: row.expiresAt)
            .encodeResponse(status: .created, for: request)
        response.cookies[StudioSessions.cookieName] = Self.cookie(id, for: request, maxAge: Int(StudioSessions.lifetime))
        response.headers.replaceOrAdd(name: HTTPHeaders.Name.cacheControl, value: "no-store")
        return response
    }

    /// Who this request acts as: a session, a key, protected mode's local user, or nobody (`via: none`,
    /// a browser that is not signed in, or whose session has ended).
    func current(request: Request) async throws -> SessionResponse {
        guard let caller = request.caller else { return SessionResponse.nobody }
        return SessionResponse(caller, via: request.session == nil ? (caller.isKey ? .key : .local) : .session,
                               expiresAt: request.session?.expiresAt)
    }

    /// Ends this browser's session (if any) and clears the cookie: 204 either way.
    func signOut(request: Request) async throws -> Response {
        if let id = request.cookies[StudioSessions.cookieName]?.string {
            try await request.studioSessions.end(id)
        }
        let response = Response(status: .noContent)
        response.cookies[StudioSessions.cookieName] = Self.cookie("", for: request, maxAge: 0)
        return response
    }

    static let nothingToSignInTo = DomainError(
        .conflict, "No API key exists yet: on this machine the studio needs no sign-in (protected mode)")

    /// `Secure` when the browser reached us over TLS: only a proxy on this machine can say so.
    static func cookie(_ value: String, for request: Request, maxAge: Int) -> HTTPCookies.Value {
        let overTLS = request.url.scheme == "https"
            || (AccessMiddleware.isLoopback(request.remoteAddress)
                && request.headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https")
        return HTTPCookies.Value(
            string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/", isSecure: overTLS, isHTTPOnly: true,
            sameSite: .strict)
    }
}

/// `GET /api/v1/session`'s answer.
struct SessionResponse: Content {
    enum Via: String, Codable, CaseIterable { case session, key, local, none }

    var name: String?
    var scopes: [String]
    var via: Via
    var expiresAt: String?

    static let nobody = SessionResponse(name: nil, scopes: [], via: .none, expiresAt: nil)

    private init(name: String?, scopes: [String], via: Via, expiresAt: String?) {
        self.name = name
        self.scopes = scopes
        self.via = via
        self.expiresAt = expiresAt
    }

    init(_ caller: Caller, via: Via, expiresAt: Date?) {
        name = caller.name
        scopes = AccessScope.allCases.filter { caller.scopes.contains($0) }.map(\.rawValue)
        self.via = via
        self.expiresAt = expiresAt.map(Timestamp.iso8601)
    }

    enum CodingKeys: String, CodingKey {
        case name, scopes, via
        case expiresAt = "expires_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)  // null, not absent
        try container.encode(scopes, forKey: .scopes)
        try container.encode(via, forKey: .via)
        try container.encode(expiresAt, forKey: .expiresAt)  // null, not absent
    }
}

extension Request {
    private struct SessionKey: StorageKey {
        typealias Value = StudioSessionRow
    }

    /// The studio session this request came with, when it was authenticated by one.
    var session: StudioSessionRow? {
        get { storage[SessionKey.self] }
        set { storage[SessionKey.self] = newValue }
    }

    var studioSessions: StudioSessions {
        StudioSessions(database: application.db, sqliteWriting: application.personaSeed.sqliteWriting)
    }
}
