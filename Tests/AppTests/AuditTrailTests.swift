@testable import App
import EngineFakes
import Foundation
import PersonaSeedCore
import Testing
import Vapor

/// `GET …/seed-image/history`: every status change and every new version, with who, when and which.
@Suite struct AuditTrailTests {
    struct Entry: Equatable {
        var action: String
        var from: String
        var to: String
        var version: Int?
    }

    func trail(_ app: TestApp, _ id: String) async throws -> [Entry] {
        let response = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/history")
        #expect(response.status == .ok)
        let entries = try #require(response.json.array)
        for entry in entries {
            #expect(entry["actor"]?.string == "local")
            #expect(entry["at"]?.string?.hasSuffix("Z") == true)
        }
        return entries.map {
            Entry(action: $0["action"]?.string ?? "", from: $0["from_status"]?.string ?? "",
                  to: $0["to_status"]?.string ?? "", version: $0["version"]?.int)
        }
    }

    @Test func seedFlowIsRecordedStepByStep() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            let png = try Fixtures.bytes("valid-rgb.png")
            #expect(try await app.upload(id, png).status == .ok)
            #expect(try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve").status == .ok)
            // A no-op approve and an edit that leaves the status alone record nothing.
            #expect(try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve").status == .ok)
            #expect(try await app.sendJSON(.PUT, "/api/v1/personas/\(id)", #"{"name": "Sarah Renamed"}"#).status == .ok)
            // Refused while locked: nothing recorded either.
            #expect(try await app.upload(id, png).status == .conflict)
            #expect(try await app.sendJSON(.PUT, "/api/v1/personas/\(id)", #"{"base_image_status": "rejected"}"#).status == .ok)
            #expect(try await app.upload(id, try Fixtures.bytes("valid.jpg"), filename: "b.jpg", contentType: "image/jpeg").status == .ok)
            #expect(try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/versions/1/select").status == .ok)
            #expect(try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve").status == .ok)

            let recorded = try await trail(app, id)
            #expect(recorded == [
                Entry(action: "upload", from: "pending_upload", to: "draft", version: 1),
                Entry(action: "approve", from: "draft", to: "approved", version: 1),
                Entry(action: "update", from: "approved", to: "rejected", version: 1),
                Entry(action: "upload", from: "rejected", to: "draft", version: 2),
                Entry(action: "select", from: "draft", to: "draft", version: 1),
                Entry(action: "approve", from: "draft", to: "approved", version: 1),
            ], "\(recorded)")
        }
    }

    @Test func everyCandidateOfAGenerationIsRecorded() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let id = try await app.createPersona()
                #expect(try await app.generate(id, json: #"{"count": 2}"#).status == .ok)
                #expect(try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/reject").status == .ok)
                let recorded = try await trail(app, id)
                #expect(recorded == [
                    Entry(action: "generate-local", from: "pending_upload", to: "draft", version: 1),
                    Entry(action: "generate-local", from: "draft", to: "draft", version: 2),
                    Entry(action: "reject", from: "draft", to: "rejected", version: 1),
                ], "\(recorded)")
            }
        }
    }

    @Test func unknownPersonaHasNoHistory() async throws {
        try await withTestApp { app in
            let response = try await app.send(.GET, "/api/v1/personas/\(UUID().uuidString.lowercased())/seed-image/history")
            #expect(response.status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/personas/not-a-uuid/seed-image/history").status == .notFound)
            let id = try await app.createPersona()
            #expect(try await trail(app, id) == [])
        }
    }
}
