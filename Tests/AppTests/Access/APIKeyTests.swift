@testable import App
import Foundation
import PersonaSeedCore
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Keys over HTTP and in the database: shown once, stored only as a hash, revoked at once.
@Suite struct APIKeyTests {
    @Test func createdKeyIsShownOnceAndStoredOnlyAsAHash() async throws {
        try await withTestApp { app in
            let admin = try await app.makeKey("admin", [.admin])
            let created = try await app.send(.POST, "/api/v1/keys", key: admin, json: #"{"name": "ci-bot", "scopes": ["write", "read"]}"#)
            #expect(created.status == .created)
            #expect(created.headers.first(name: .cacheControl) == "no-store")
            let key = try #require(created.json["key"]?.string)
            #expect(key.hasPrefix("psk_") && key.count == 47)
            #expect(created.json["scopes"] == .array([.string("read"), .string("write")]))
            #expect(created.json["prefix"]?.string == String(key.prefix(16)))
            #expect(created.json["revoked_at"] == .null)
            // The new key works at once, with its scopes only.
            #expect(try await app.send(.GET, "/api/v1/personas", key: key).status == .ok)
            #expect(try await app.send(.GET, "/api/v1/keys", key: key).status == .forbidden)

            let listed = try await app.send(.GET, "/api/v1/keys", key: admin)
            #expect(listed.status == .ok)
            #expect(!listed.body.string.contains(key))
            #expect(listed.json.array?.map { $0["name"]?.string } == ["admin", "ci-bot"])
            #expect(listed.json.array?.allSatisfy { $0["key"] == nil } == true)

            // Nowhere in the table: only a hash of it.
            let rows = try await (app.app.db as! any SQLDatabase).raw("SELECT * FROM api_keys").all(decoding: APIKeyRow.self)
            #expect(rows.count == 2)
            for row in rows {
                #expect(!row.secretHash.contains(String(key.dropFirst(16))))
                #expect(row.secretHash.count == 64)
            }
            #expect(rows.contains { $0.secretHash == APIKeySecret.hexHash(key) })
        }
    }

    @Test func revokingOverHTTPTakesEffectAtOnce() async throws {
        try await withTestApp { app in
            let admin = try await app.makeKey("admin", [.admin])
            let reader = try await app.makeKey("reader", [.read])
            #expect(try await app.send(.GET, "/api/v1/personas", key: reader).status == .ok)
            #expect(try await app.send(.DELETE, "/api/v1/keys/reader", key: admin).status == .noContent)
            let after = try await app.send(.GET, "/api/v1/personas", key: reader)
            #expect(after.status == .unauthorized)
            #expect(after.detail == "Invalid API key")
            #expect(try await app.send(.DELETE, "/api/v1/keys/reader", key: admin).status == .notFound)
            let listed = try await app.send(.GET, "/api/v1/keys", key: admin).json.array ?? []
            #expect(listed.first { $0["name"]?.string == "reader" }?["revoked_at"]?.string?.hasSuffix("Z") == true)
            // The name is free again; the old key stays dead.
            let again = try await app.send(.POST, "/api/v1/keys", key: admin, json: #"{"name": "reader", "scopes": ["read"]}"#)
            #expect(again.status == .created)
            #expect(try await app.send(.GET, "/api/v1/personas", key: reader).status == .unauthorized)
        }
    }

    /// Another process (the `keys` command, a second API process) revokes: this one stops accepting the
    /// key without a restart. Two apps on one database stand for the two processes. The periodic reread
    /// is pushed out of the way (an hour), so only the change signal can explain the refusal.
    @Test func revokingInAnotherProcessTakesEffect() async throws {
        try await withTestApp({ $0.keyRefreshInterval = .seconds(3600) }) { app in
            let reader = try await app.makeKey("reader", [.read])
            #expect(try await app.send(.GET, "/api/v1/personas", key: reader).status == .ok)
            let other = try await Application.make(.testing)
            other.logger.logLevel = .warning
            do {
                try await configure(other, config: app.config)
                #expect(try await other.apiKeys.revoke(name: "reader"))
            } catch {
                try? await other.asyncShutdown()
                throw error
            }
            try await other.asyncShutdown()
            if TestApp.postgresURL == nil {
                // SQLite: the stamp file has moved; the very next request sees it.
                #expect(try await app.send(.GET, "/api/v1/personas", key: reader).status == .unauthorized)
            } else {
                // PostgreSQL: NOTIFY reaches the listener a moment later (milliseconds when idle).
                try await app.waitUntil("the revocation to reach this process") {
                    try await app.send(.GET, "/api/v1/personas", key: reader).status == .unauthorized
                }
            }
        }
    }

    @Test(arguments: [
        (#"{"name": "ok", "scopes": []}"#, "scopes"),
        (#"{"name": "ok", "scopes": ["root"]}"#, "scopes"),
        (#"{"name": "ok", "scopes": ["read", "read"]}"#, "scopes"),
        (#"{"name": "ok", "scopes": ["read", "write", "approve", "admin", "read"]}"#, "scopes"),
        (#"{"name": "ok", "scopes": "read"}"#, "scopes"),
        (#"{"name": "has space", "scopes": ["read"]}"#, "name"),
        (#"{"name": "", "scopes": ["read"]}"#, "name"),
        (#"{"name": "x\u0000", "scopes": ["read"]}"#, "name"),
        (#"{"name": "ünïcode", "scopes": ["read"]}"#, "name"),
        (#"{"scopes": ["read"]}"#, "name"),
        (#"{"name": "ok"}"#, "scopes"),
    ])
    func invalidKeyRequestsAre422(body: String, field: String) async throws {
        try await withTestApp { app in
            let admin = try await app.makeKey("admin", [.admin])
            let longName = try await app.send(.POST, "/api/v1/keys", key: admin, json: #"{"name": "\#(String(repeating: "n", count: 65))", "scopes": ["read"]}"#)
            #expect(longName.status == .unprocessableEntity)
            let response = try await app.send(.POST, "/api/v1/keys", key: admin, json: body)
            #expect(response.status == .unprocessableEntity, "\(body)")
            let locations = response.json["detail"]?.array?.compactMap { $0["loc"]?.array?.dropFirst().first?.string } ?? []
            #expect(locations.contains(field), "\(body): \(response.body.string)")
            #expect(try await app.send(.GET, "/api/v1/keys", key: admin).json.array?.count == 1)
        }
    }

    @Test func aLiveNameCannotBeTakenTwice() async throws {
        try await withTestApp { app in
            let admin = try await app.makeKey("admin", [.admin])
            let first = try await app.send(.POST, "/api/v1/keys", key: admin, json: #"{"name": "ci", "scopes": ["read"]}"#)
            #expect(first.status == .created)
            let second = try await app.send(.POST, "/api/v1/keys", key: admin, json: #"{"name": "ci", "scopes": ["write"]}"#)
            #expect(second.status == .conflict)
            #expect(second.detail == "API key ci already exists")
        }
    }

    /// Racing creations of one name: exactly one key is made.
    @Test func racingCreationsOfOneNameMakeOneKey() async throws {
        try await withTestApp { app in
            let admin = try await app.makeKey("admin", [.admin])
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await app.send(.POST, "/api/v1/keys", key: admin, json: #"{"name": "same", "scopes": ["read"], "n": \#(index)}"#).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 7)
            let live = try await app.app.apiKeys.live().filter { $0.name == "same" }
            #expect(live.count == 1)
        }
    }

    @Test func keysAreRandomAndFindTheirOwnRowOnly() {
        let keys = (0..<200).map { _ in APIKeySecret.generate() }
        #expect(Set(keys).count == 200)
        #expect(Set(keys.map { APIKeySecret.prefix(of: Substring($0))! }).count == 200)
        #expect(keys.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } })
        #expect(APIKeySecret.constantTimeEqual([UInt8]([1, 2, 3]), [UInt8]([1, 2, 3])))
        #expect(!APIKeySecret.constantTimeEqual([UInt8]([1, 2, 3]), [UInt8]([1, 2, 4])))
        #expect(!APIKeySecret.constantTimeEqual([UInt8]([1, 2, 3]), [UInt8]([1, 2])))
        let key = APIKeySecret.generate()
        #expect(APIKeySecret.constantTimeEqual(APIKeySecret.digest(Substring(key)), APIKeySecret.bytes(fromHex: APIKeySecret.hexHash(key))))
    }
}
