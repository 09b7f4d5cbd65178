@testable import App
import Foundation
import PersonaSeedCore
import Testing
import Vapor
import VaporTesting

/// Every route against every scope: a key holding the route's scope gets past access control (whatever
/// the handler then answers), a key without it gets 403, no key or a wrong key gets 401.
@Suite struct ScopeTableTests {
    struct Route: Sendable, CustomStringConvertible {
        let method: HTTPMethod
        let template: String
        let scope: AccessScope
        var description: String { "\(method) \(template) → \(scope)" }
    }

    static let routes: [Route] = [
        Route(method: .POST, template: "api/v1/personas", scope: .write),
        Route(method: .GET, template: "api/v1/personas", scope: .read),
        Route(method: .GET, template: "api/v1/personas/:id", scope: .read),
        Route(method: .PUT, template: "api/v1/personas/:id", scope: .write),
        Route(method: .DELETE, template: "api/v1/personas/:id", scope: .admin),
        Route(method: .POST, template: "api/v1/personas/:id/seed-image/upload", scope: .write),
        Route(method: .POST, template: "api/v1/personas/:id/seed-image/generate-cloud", scope: .write),
        Route(method: .POST, template: "api/v1/personas/:id/seed-image/generate-local", scope: .write),
        Route(method: .POST, template: "api/v1/personas/:id/seed-image/approve", scope: .approve),
        Route(method: .POST, template: "api/v1/personas/:id/seed-image/reject", scope: .approve),
        Route(method: .GET, template: "api/v1/personas/:id/seed-image/versions", scope: .read),
        Route(method: .GET, template: "api/v1/personas/:id/seed-image/versions/:version", scope: .read),
        Route(method: .POST, template: "api/v1/personas/:id/seed-image/versions/:version/select", scope: .write),
        Route(method: .GET, template: "api/v1/personas/:id/seed-image/history", scope: .read),
        Route(method: .GET, template: "api/v1/personas/:id/seed-image/image", scope: .read),
        Route(method: .GET, template: "api/v1/personas/:id/seed-image/versions/:version/image", scope: .read),
        Route(method: .POST, template: "api/v1/personas/:id/content/generate", scope: .write),
        Route(method: .GET, template: "api/v1/personas/:id/content", scope: .read),
        Route(method: .GET, template: "api/v1/personas/:id/content/:cid", scope: .read),
        Route(method: .GET, template: "api/v1/personas/:id/content/:cid/image", scope: .read),
        Route(method: .DELETE, template: "api/v1/personas/:id/content/:cid", scope: .write),
        Route(method: .GET, template: "api/v1/jobs/:jobID", scope: .read),
        Route(method: .GET, template: "api/v1/jobs/:jobID/events", scope: .read),
        Route(method: .DELETE, template: "api/v1/jobs/:jobID", scope: .write),
        Route(method: .GET, template: "api/v1/keys", scope: .admin),
        Route(method: .POST, template: "api/v1/keys", scope: .admin),
        Route(method: .DELETE, template: "api/v1/keys/:name", scope: .admin),
    ]

    /// Routes anyone may call, key or not.
    static let publicRoutes: Set<String> = [
        "GET healthz", "GET openapi.json", "GET docs", "GET docs/docs.js", "GET docs/docs.css",
        "GET docs/icon.svg", "GET ", "GET studio/:file", "GET api/v1/session", "POST api/v1/session", "DELETE api/v1/session",
    ]

    /// Routes any valid key may call, checking scopes inside: a bulk request checks the action's scope
    /// per id (BulkTests).
    static let keyedRoutes: Set<String> = ["POST api/v1/personas/bulk"]

    /// A new route cannot slip past this table: every registered route is in it, public, or keyed.
    @Test func everyRegisteredRouteIsInTheTable() async throws {
        try await withTestApp { app in
            let registered = Set(app.app.routes.all.map { "\($0.method) \($0.path.map(\.description).joined(separator: "/"))" })
            let tabled = Set(Self.routes.map { "\($0.method) \($0.template)" })
            #expect(registered.subtracting(Self.publicRoutes).subtracting(Self.keyedRoutes) == tabled)
        }
    }

    @Test func keyedRoutesRefuseAMissingOrForgedKey() async throws {
        try await withTestApp { app in
            let key = try await app.makeKey("reader", [.read])
            let body = #"{"action": "approve", "ids": ["x"]}"#
            #expect(try await app.send(.POST, "/api/v1/personas/bulk", key: nil, json: body).status == .unauthorized)
            #expect(try await app.send(.POST, "/api/v1/personas/bulk", key: key + "x", json: body).status == .unauthorized)
            #expect(try await app.send(.POST, "/api/v1/personas/bulk", key: key, json: body).status == .ok)
        }
    }

    @Test(arguments: routes)
    func eachScopeAgainstTheRoute(route: Route) async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()  // protected mode: no key yet
            var keys: [AccessScope: String] = [:]
            for scope in AccessScope.allCases {
                keys[scope] = try await app.makeKey("only-\(scope.rawValue)", [scope])
            }
            let path = "/" + route.template
                .replacingOccurrences(of: ":id", with: id)
                .replacingOccurrences(of: ":version", with: "1")
                .replacingOccurrences(of: ":cid", with: UUID().uuidString.lowercased())
                .replacingOccurrences(of: ":jobID", with: UUID().uuidString.lowercased())
                .replacingOccurrences(of: ":name", with: "nobody")
            for (scope, key) in keys.sorted(by: { $0.key < $1.key }) {
                let response = try await app.send(route.method, path, key: key, json: route.method == .GET || route.method == .DELETE ? nil : "{}")
                if scope == route.scope {
                    #expect(response.status != .forbidden && response.status != .unauthorized,
                            "\(route) with a \(scope) key: \(response.status) \(response.body.string)")
                } else {
                    #expect(response.status == .forbidden, "\(route) with a \(scope) key: \(response.status)")
                    #expect(response.detail == "This API key lacks the '\(route.scope.rawValue)' scope")
                    #expect(response.headers.first(name: .wwwAuthenticate)?.contains(#"error="insufficient_scope""#) == true)
                }
            }
            let anonymous = try await app.send(route.method, path, key: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.detail == "Missing API key")
            #expect(anonymous.headers.first(name: .wwwAuthenticate) == "Bearer")
            let genuine = keys[route.scope]!
            let forged = try await app.send(route.method, path, key: String(genuine.dropLast()) + (genuine.last == "A" ? "B" : "A"))
            #expect(forged.status == .unauthorized)
            #expect(forged.detail == "Invalid API key")
            #expect(forged.headers.first(name: .wwwAuthenticate) == "Bearer")
        }
    }

    /// Setting `base_image_status` through PUT is approving or rejecting by another road.
    @Test func putThatSetsTheStatusNeedsApproveToo() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            #expect(try await app.upload(id, try Fixtures.bytes("valid-rgb.png")).status == .ok)
            let writer = try await app.makeKey("writer", [.read, .write])
            let reviewer = try await app.makeKey("reviewer", [.write, .approve])
            let before = try await app.send(.GET, "/api/v1/personas/\(id)", key: writer).body.string
            let refused = try await app.send(.PUT, "/api/v1/personas/\(id)", key: writer, json: #"{"base_image_status": "approved", "name": "Changed"}"#)
            #expect(refused.status == .forbidden)
            #expect(refused.detail == "This API key lacks the 'approve' scope")
            #expect(try await app.send(.GET, "/api/v1/personas/\(id)", key: writer).body.string == before)
            // The same key may still edit other fields.
            #expect(try await app.send(.PUT, "/api/v1/personas/\(id)", key: writer, json: #"{"name": "Renamed"}"#).status == .ok)
            let approved = try await app.send(.PUT, "/api/v1/personas/\(id)", key: reviewer, json: #"{"base_image_status": "approved"}"#)
            #expect(approved.status == .ok)
            #expect(approved.json["base_image_status"]?.string == "approved")
        }
    }

    @Test func publicRoutesNeedNoKey() async throws {
        try await withTestApp { app in
            _ = try await app.makeKey("someone", [.read])
            #expect(try await app.send(.GET, "/healthz").status == .ok)
            #expect(try await app.send(.GET, "/api/v1/personas").status == .unauthorized)
        }
    }

    @Test(arguments: ["Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer psk_short", "Token psk_x", String(repeating: "B", count: 9000)])
    func malformedAuthorizationIsRefused(header: String) async throws {
        try await withTestApp { app in
            _ = try await app.makeKey("someone", [.read])
            let response = try await app.send(.GET, "/api/v1/personas", headers: ["Authorization": header])
            #expect(response.status == .unauthorized)
            #expect(response.detail == "Invalid API key")
        }
    }

    @Test func theSchemeIsCaseInsensitive() async throws {
        try await withTestApp { app in
            let key = try await app.makeKey("someone", [.read])
            #expect(try await app.send(.GET, "/api/v1/personas", headers: ["Authorization": "bearer \(key)"]).status == .ok)
            #expect(try await app.send(.GET, "/api/v1/personas", headers: ["Authorization": "BEARER  \(key) "]).status == .ok)
        }
    }
}
