@testable import App
import Foundation
import PersonaSeedCore
import Testing
import Vapor

/// `GET /api/v1/personas?status=…&q=…`: the studio's filters, and `version_count`.
@Suite struct PersonaListFilterTests {
    func names(_ app: TestApp, _ query: String) async throws -> [String] {
        let response = try await app.send(.GET, "/api/v1/personas?limit=100&\(query)")
        #expect(response.status == .ok, "\(query): \(response.body.string)")
        return (response.json.array ?? []).compactMap { $0["name"]?.string }
    }

    @Test func statusAndNameFilterAloneAndTogether() async throws {
        try await withTestApp { app in
            let alpha = try await app.createPersona(#"{"name": "Alice Alpha", "appearance": "Professional woman in her 30s"}"#)
            _ = try await app.createPersona(#"{"name": "Bob Beta", "appearance": "Professional man in his 40s"}"#)
            _ = try await app.createPersona(#"{"name": "alice gamma", "appearance": "Professional woman in her 20s"}"#)
            let beta = try await app.persona(try await app.createPersona(#"{"name": "Bea Draft", "appearance": "Professional woman in her 50s"}"#))
            #expect(try await app.upload(try #require(beta["id"]?.string), Fixtures.bytes("valid-rgb.png")).status == .ok)

            #expect(try await names(app, "status=draft") == ["Bea Draft"])
            #expect(try await names(app, "status=approved") == [])
            #expect(try await names(app, "q=ALICE") == ["alice gamma", "Alice Alpha"])
            #expect(try await names(app, "q=%20alpha%20") == ["Alice Alpha"])  // surrounding spaces ignored
            #expect(try await names(app, "q=alice&status=pending_upload") == ["alice gamma", "Alice Alpha"])
            #expect(try await names(app, "q=bea&status=pending_upload") == [])
            #expect(try await names(app, "q=%20%20").count == 4)  // an empty search is no filter
            // Paging applies to the filtered list.
            #expect(try await names(app, "q=alice&limit=1&skip=1") == ["Alice Alpha"])
            // Deleted personas stay out unless asked for.
            #expect(try await app.send(.DELETE, "/api/v1/personas/\(alpha)").status == .noContent)
            #expect(try await names(app, "q=alice") == ["alice gamma"])
            #expect(try await names(app, "q=alice&active_only=false") == ["alice gamma", "Alice Alpha"])
        }
    }

    @Test func likeWildcardsInASearchAreTakenLiterally() async throws {
        try await withTestApp { app in
            _ = try await app.createPersona(#"{"name": "Promo 100% real", "appearance": "Professional woman in her 30s"}"#)
            _ = try await app.createPersona(#"{"name": "snake_case Sam", "appearance": "Professional man in his 30s"}"#)
            _ = try await app.createPersona(#"{"name": "Back\\slash Bo", "appearance": "Professional man in his 30s"}"#)
            _ = try await app.createPersona(#"{"name": "Plain Pat", "appearance": "Professional man in his 30s"}"#)
            #expect(try await names(app, "q=%25") == ["Promo 100% real"])
            #expect(try await names(app, "q=_") == ["snake_case Sam"])
            #expect(try await names(app, "q=%5C") == ["Back\\slash Bo"])
            #expect(try await names(app, "q=100%25%20r") == ["Promo 100% real"])
        }
    }

    @Test func badFiltersAre422AndSayWhy() async throws {
        try await withTestApp { app in
            let status = try await app.send(.GET, "/api/v1/personas?status=shiny")
            #expect(status.status == .unprocessableEntity)
            #expect(status.json["detail"]?[0]?["loc"] == .array([.string("query"), .string("status")]))
            #expect(status.json["detail"]?[0]?["msg"]?.string == "Input should be 'pending_upload', 'draft', 'approved' or 'rejected'")
            let long = try await app.send(.GET, "/api/v1/personas?q=" + String(repeating: "a", count: 101))
            #expect(long.status == .unprocessableEntity)
            #expect(long.json["detail"]?[0]?["msg"]?.string == "String should have at most 100 characters")
            #expect(try await app.send(.GET, "/api/v1/personas?q=" + String(repeating: "a", count: 100)).status == .ok)
        }
    }

    @Test func versionCountFollowsUploads() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            #expect(try await app.persona(id)["version_count"]?.int == 0)
            try await app.upload(id, Fixtures.bytes("valid-rgb.png"))
            try await app.upload(id, Fixtures.bytes("valid.jpg"), filename: "b.jpg", contentType: "image/jpeg")
            #expect(try await app.persona(id)["version_count"]?.int == 2)
            #expect(try await app.send(.GET, "/api/v1/personas").json[0]?["version_count"]?.int == 2)
        }
    }
}
