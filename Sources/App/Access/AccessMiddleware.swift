import NIOCore
import Vapor

/// Who may call what. While no key exists the server is in protected mode (as Redis without a
/// password): loopback clients are served as "local" with every scope, others are refused unless the
/// server was started with `--allow-unauthenticated`. Once a key exists, every route but the public
/// ones needs `Authorization: Bearer <key>`; the routes' `RequireScope` then checks the scope.
struct AccessMiddleware: AsyncMiddleware {
    let access: AccessControl

    /// Liveness, the API's own description, the studio's pages (they hold no data: their script asks
    /// the API) and signing in or out: no key needed. `path` without its trailing slash (`trimmed`).
    static func isPublic(_ method: HTTPMethod, _ path: String) -> Bool {
        if path == "/api/v1/session" { return method == .POST || method == .DELETE }
        return path == "/healthz" || path == "/openapi.json" || path == "/docs" || path.hasPrefix("/docs/")
            || path == "/" || path.hasPrefix("/studio/")
    }

    /// A trailing slash is accepted wherever a path has none.
    static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let keys = try await access.ring.snapshot()
        let presented = request.headers.first(name: .authorization)
        let path = Self.trimmed(request.url.path)
        let isPublic = Self.isPublic(request.method, path)
        if keys.isEmpty {
            guard Self.isLoopback(request.remoteAddress) || access.allowUnauthenticated.withLockedValue({ $0 }) else {
                throw AccessDenied.protectedMode
            }
            // No key exists, so a presented one cannot be valid (revoked, or meant for another server).
            if presented != nil, !isPublic { throw AccessDenied.invalidKey }
            // A page of another site open in this machine's browser must not act as the local user.
            if BrowserOrigin.says(request, is: .otherSite) { throw AccessDenied.crossOrigin }
            request.caller = .local
            return try await next.respond(to: request)
        }
        if isPublic {
            if BrowserOrigin.says(request, is: .otherSite) { throw AccessDenied.crossOrigin }
            return try await next.respond(to: request)
        }
        if let presented {
            guard let token = Self.bearerToken(presented), let entry = keys.entry(for: token) else {
                throw AccessDenied.invalidKey
            }
            request.caller = Caller(key: entry)
            return try await next.respond(to: request)
        }
        // "Who am I" answers a signed-out browser too (`via: none`): the studio asks it before signing in.
        let asksWhoItIs = request.method == .GET && path == "/api/v1/session"
        guard let cookie = request.cookies[StudioSessions.cookieName]?.string else {
            if asksWhoItIs { return try await next.respond(to: request) }
            throw AccessDenied.missingKey
        }
        guard let session = try await request.studioSessions.find(cookie), let entry = keys.entry(forSession: session) else {
            if asksWhoItIs { return try await next.respond(to: request) }
            throw AccessDenied.sessionEnded
        }
        // A browser sends the cookie with whatever page asked: a change must come from the studio itself.
        if !BrowserOrigin.says(request, is: .sameOrigin) { throw AccessDenied.crossOrigin }
        request.session = session
        request.caller = Caller(key: entry)
        return try await next.respond(to: request)
    }

    /// `Bearer <token>`, the scheme in any case (RFC 7235). Byte by byte: this runs on every request.
    static func bearerToken(_ header: String) -> Substring? {
        let scheme = "bearer ".utf8
        let utf8 = header.utf8
        var index = utf8.startIndex
        while index < utf8.endIndex, utf8[index] == UInt8(ascii: " ") { index = utf8.index(after: index) }
        for expected in scheme {
            guard index < utf8.endIndex, utf8[index] | 0x20 == expected | 0x20 else { return nil }
            index = utf8.index(after: index)
        }
        while index < utf8.endIndex, utf8[index] == UInt8(ascii: " ") { index = utf8.index(after: index) }
        var end = utf8.endIndex
        while end > index, utf8[utf8.index(before: end)] == UInt8(ascii: " ") { end = utf8.index(before: end) }
        guard index < end else { return nil }
        return header[index..<end]
    }

    /// The peer of the TCP connection (never a forwarded-for header). No peer at all (Vapor's in-memory
    /// tests) or a Unix socket is this machine.
    static func isLoopback(_ address: SocketAddress?) -> Bool {
        switch address {
        case .none, .unixDomainSocket: return true
        case .v4(let v4):
            // 127.0.0.0/8
            return UInt32(bigEndian: v4.address.sin_addr.s_addr) >> 24 == 127
        case .v6:
            guard let ip = address?.ipAddress?.lowercased() else { return false }
            return ip == "::1" || ip.hasPrefix("::ffff:127.")
        }
    }
}
