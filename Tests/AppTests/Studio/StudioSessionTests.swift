@testable import App
import Crypto
import Foundation
import PersonaSeedCore
import SQLKit
import Testing
import Vapor

/// `/api/v1/session`: an API key becomes a cookie session with the key's scopes; changes with the
/// cookie must come from the studio's own pages; sign-out, expiry and revocation end it.
@Suite struct StudioSessionTests {
    static let host = "127.0.0.1:8000"
    static let persona = #"{"name": "Session Made", "appearance": "Professional woman in her 30s"}"#

    /// Signs in with `key` as the studio does and returns the cookie's value.
    func signIn(_ app: TestApp, _ key: String) async throws -> String {
        let response = try await app.send(.POST, "/api/v1/session", headers: Self.studio(), body: ByteBuffer(string: #"{"key": "\#(key)"}"#))
        #expect(response.status == .created, "\(response.body.string)")
        return try #require(response.headers.setCookie?[StudioSessions.cookieName]?.string)
    }

    /// What a browser on the studio's page sends with a change: its Host and Origin, JSON.
    static func studio(cookie: String? = nil, _ extra: [(String, String)] = [("Origin", "http://" + host)]) -> HTTPHeaders {
        var headers = HTTPHeaders([("Host", host)] + extra)
        headers.contentType = .json
        if let cookie { headers.add(name: .cookie, value: "\(StudioSessions.cookieName)=\(cookie)") }
        return headers
    }

    func count(_ app: TestApp, key: String) async throws -> Int {
        try await app.send(.GET, "/api/v1/personas?limit=100", key: key).json.array?.count ?? -1
    }

    @Test func signingInNeedsAKeyThatExists() async throws {
        try await withTestApp { app in
            let none = try await app.send(.POST, "/api/v1/session", headers: Self.studio(), body: ByteBuffer(string: #"{"key": "psk_x"}"#))
            #expect(none.status == .conflict)
            #expect(none.detail == SessionController.nothingToSignInTo.message)
            let key = try await app.makeKey("reviewer", [.read, .write, .approve])
            let bad = try await app.send(.POST, "/api/v1/session", headers: Self.studio(), body: ByteBuffer(string: #"{"key": "psk_x"}"#))
            #expect(bad.status == .unauthorized)
            #expect(bad.detail == "Invalid API key")
            for body in [#"{}"#, #"{"key": 5}"#, #"[]"#, "not json"] {
                let refused = try await app.send(.POST, "/api/v1/session", headers: Self.studio(), body: ByteBuffer(string: body))
                #expect(refused.status == .unprocessableEntity, "\(body): \(refused.body.string)")
                #expect(refused.headers.setCookie == nil)
            }
            let response = try await app.send(.POST, "/api/v1/session", headers: Self.studio(), body: ByteBuffer(string: #"{"key": "\#(key)"}"#))
            #expect(response.status == .created)
            #expect(response.json["name"]?.string == "reviewer")
            #expect(response.json["scopes"] == .array(["read", "write", "approve"].map(JSONValue.string)))
            #expect(response.json["via"]?.string == "session")
            #expect(response.headers.first(name: .cacheControl) == "no-store")
            let header = try #require(response.headers.first(name: .setCookie))
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
                #expect(header.contains(attribute), "\(header)")
            }
            #expect(!header.contains("Secure"), "plain HTTP: no Secure")
            #expect(!header.contains(key))
        }
    }

    @Test func aLocalTLSProxyMakesTheCookieSecure() async throws {
        try await withTestApp { app in
            let key = try await app.makeKey("reviewer", [.read])
            var headers = Self.studio()
            headers.add(name: "X-Forwarded-Proto", value: "https")
            let response = try await app.send(.POST, "/api/v1/session", headers: headers, body: ByteBuffer(string: #"{"key": "\#(key)"}"#))
            #expect(response.headers.first(name: .setCookie)?.contains("Secure") == true)
        }
    }

    @Test func theCookieActsAsItsKeyForTheStudiosOwnChanges() async throws {
        try await withTestApp { app in
            let admin = try await app.makeKey("admin", [.read, .write, .approve, .admin])
            let cookie = try await signIn(app, try await app.makeKey("writer", [.read, .write]))
            let me = try await app.send(.GET, "/api/v1/session", headers: Self.studio(cookie: cookie))
            #expect(me.json["via"]?.string == "session" && me.json["name"]?.string == "writer")
            #expect(try await app.send(.GET, "/api/v1/personas", headers: Self.studio(cookie: cookie, [])).status == .ok)
            let byOrigin = try await app.send(.POST, "/api/v1/personas", headers: Self.studio(cookie: cookie), body: ByteBuffer(string: Self.persona))
            #expect(byOrigin.status == .created)
            let byFetchSite = try await app.send(
                .POST, "/api/v1/personas", headers: Self.studio(cookie: cookie, [("Sec-Fetch-Site", "same-origin")]),
                body: ByteBuffer(string: Self.persona))
            #expect(byFetchSite.status == .created)
            let id = try #require(byOrigin.json["id"]?.string)
            // The audit trail names the key the session came from.
            #expect(try await app.upload(id, Fixtures.bytes("valid-rgb.png"), key: admin).status == .ok)
            let approve = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve", headers: Self.studio(cookie: cookie))
            #expect(approve.status == .forbidden)
            #expect(approve.detail == "This API key lacks the 'approve' scope")
            #expect(try await count(app, key: admin) == 2)
        }
    }

    @Test func changesWithTheCookieFromElsewhereAreRefusedAndStoreNothing() async throws {
        try await withTestApp { app in
            let admin = try await app.makeKey("admin", [.read, .write, .approve, .admin])
            let cookie = try await signIn(app, admin)
            let id = try await app.createPersona(key: admin)
            let before = try await app.snapshot(id, key: admin)
            let elsewhere: [[(String, String)]] = [
                [], [("Origin", "http://evil.example")], [("Origin", "null")], [("Sec-Fetch-Site", "cross-site")],
                [("Sec-Fetch-Site", "same-site")], [("Origin", "http://" + Self.host), ("Sec-Fetch-Site", "cross-site")],
            ]
            for extra in elsewhere {
                for (method, path, body) in [
                    (HTTPMethod.POST, "/api/v1/personas", Self.persona), (.PUT, "/api/v1/personas/\(id)", #"{"name": "Changed"}"#),
                    (.DELETE, "/api/v1/personas/\(id)", ""), (.POST, "/api/v1/keys", #"{"name": "sneaky", "scopes": ["admin"]}"#),
                ] {
                    let refused = try await app.send(method, path, headers: Self.studio(cookie: cookie, extra), body: ByteBuffer(string: body))
                    #expect(refused.status == .forbidden, "\(method) \(path) with \(extra)")
                    #expect(refused.detail?.hasPrefix("Cross-origin request refused") == true)
                }
            }
            #expect(try await app.snapshot(id, key: admin) == before)
            #expect(try await count(app, key: admin) == 1)
            #expect(try await app.send(.GET, "/api/v1/keys", key: admin).json.array?.count == 1)
        }
    }

    @Test func signOutRevocationAndExpiryEndTheSession() async throws {
        try await withTestApp { app in
            // Another key stays: with none left the server would be back in protected mode.
            _ = try await app.makeKey("admin", [.admin])
            let key = try await app.makeKey("reviewer", [.read])
            let first = try await signIn(app, key)
            let second = try await signIn(app, key)
            #expect(first != second)
            let out = try await app.send(.DELETE, "/api/v1/session", headers: Self.studio(cookie: first))
            #expect(out.status == .noContent)
            #expect(out.headers.first(name: .setCookie)?.contains("Max-Age=0") == true)
            let ended = try await app.send(.GET, "/api/v1/personas", headers: Self.studio(cookie: first, []))
            #expect(ended.status == .unauthorized)
            #expect(ended.detail == "Session expired or ended: sign in again with an API key")
            #expect(try await app.send(.GET, "/api/v1/session", headers: Self.studio(cookie: first, [])).json["via"]?.string == "none")
            #expect(try await app.send(.GET, "/api/v1/personas", headers: Self.studio(cookie: second, [])).status == .ok)
            #expect(try await app.send(.DELETE, "/api/v1/session", headers: Self.studio()).status == .noContent)  // no cookie

            #expect(try await app.app.apiKeys.revoke(name: "reviewer"))
            #expect(try await app.send(.GET, "/api/v1/personas", headers: Self.studio(cookie: second, [])).status == .unauthorized)
            // A new key of the same name does not bring the old sessions back.
            _ = try await app.makeKey("reviewer", [.read])
            #expect(try await app.send(.GET, "/api/v1/personas", headers: Self.studio(cookie: second, [])).status == .unauthorized)

            let sessions = StudioSessions(database: app.app.db, sqliteWriting: app.app.personaSeed.sqliteWriting)
            let current = try await app.makeKey("later", [.read])
            let old = try await sessions.open(forKey: current, now: Date().addingTimeInterval(-StudioSessions.lifetime - 1))
            #expect(try await app.send(.GET, "/api/v1/personas", headers: Self.studio(cookie: old.id, [])).status == .unauthorized)
        }
    }

    @Test func onlyTheHashOfASessionIsStoredAndBrokenCookiesAreRefused() async throws {
        try await withTestApp { app in
            let key = try await app.makeKey("reviewer", [.read])
            let cookie = try await signIn(app, key)
            let rows = try await (app.app.db as! any SQLDatabase).select().column("*").from(StudioSessionRow.table)
                .all(decoding: StudioSessionRow.self)
            #expect(rows.count == 1)
            #expect(rows.first?.idHash == SHA256.hash(data: Array(cookie.utf8)).map { String(format: "%02x", $0) }.joined())
            #expect(rows.first?.keyHash == APIKeySecret.hexHash(key))
            for broken in ["", "x", String(repeating: "a", count: 43), String(repeating: "é", count: 43), String(cookie.dropLast()), String(repeating: "a", count: 5000)] {
                let response = try await app.send(.GET, "/api/v1/personas", headers: Self.studio(cookie: broken, []))
                #expect(response.status == .unauthorized, "\(broken.prefix(20))")
            }
        }
    }

    @Test func concurrentSignInsEachGetASessionOfTheirOwn() async throws {
        try await withTestApp { app in
            let key = try await app.makeKey("reviewer", [.read])
            let cookies = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 { group.addTask { try await signIn(app, key) } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(cookies.count == 20)
            for cookie in cookies {
                #expect(try await app.send(.GET, "/api/v1/session", headers: Self.studio(cookie: cookie, [])).json["via"]?.string == "session")
            }
        }
    }

    /// Protected mode (no key): the local user is every browser tab too, so a page of another site
    /// must not act as it. Clients that are not browsers send neither header and are served.
    @Test func protectedModeRefusesChangesThatABrowserSaysCameFromElsewhere() async throws {
        try await withTestApp { app in
            for extra in [[("Sec-Fetch-Site", "cross-site")], [("Origin", "http://evil.example")]] {
                let refused = try await app.send(.POST, "/api/v1/personas", headers: Self.studio(extra), body: ByteBuffer(string: Self.persona))
                #expect(refused.status == .forbidden)
                #expect(try await app.send(.GET, "/api/v1/personas", headers: Self.studio(extra)).status == .ok)
            }
            #expect(try await app.send(.GET, "/api/v1/personas").json.array?.isEmpty == true)
            let curl = try await app.send(.POST, "/api/v1/personas", headers: Self.studio([]), body: ByteBuffer(string: Self.persona))
            #expect(curl.status == .created)
            let studio = try await app.send(.POST, "/api/v1/personas", headers: Self.studio(), body: ByteBuffer(string: Self.persona))
            #expect(studio.status == .created)
            #expect(try await app.send(.GET, "/api/v1/session").json["via"]?.string == "local")
        }
    }
}

extension TestApp {
    func createPersona(key: String) async throws -> String {
        let response = try await send(.POST, "/api/v1/personas", key: key, json: StudioSessionTests.persona)
        return try #require(response.json["id"]?.string)
    }

    func snapshot(_ id: String, key: String) async throws -> JSONValue {
        .array([try await send(.GET, "/api/v1/personas/\(id)", key: key).json,
                try await send(.GET, "/api/v1/personas/\(id)/seed-image/versions", key: key).json])
    }
}
