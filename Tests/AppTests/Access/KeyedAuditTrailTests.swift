@testable import App
import EngineFakes
import Foundation
import PersonaSeedCore
import Testing
import Vapor

/// The audit trail names the key behind every change, also for a generation that ran later in a worker.
@Suite struct KeyedAuditTrailTests {
    struct Entry: Equatable {
        var actor: String
        var action: String
        var from: String
        var to: String
        var version: Int?
    }

    func trail(_ app: TestApp, _ id: String, key: String) async throws -> [Entry] {
        let response = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/history", key: key)
        #expect(response.status == .ok)
        return (response.json.array ?? []).map {
            Entry(actor: $0["actor"]?.string ?? "", action: $0["action"]?.string ?? "", from: $0["from_status"]?.string ?? "",
                  to: $0["to_status"]?.string ?? "", version: $0["version"]?.int)
        }
    }

    /// upload → approve → reject → upload → approve, by a maker and a reviewer.
    @Test func fullFlowNamesWhoDidWhat() async throws {
        try await withTestApp { app in
            let maker = try await app.makeKey("maker", [.read, .write])
            let reviewer = try await app.makeKey("reviewer", [.read, .approve])
            let created = try await app.send(.POST, "/api/v1/personas", key: maker, json: #"{"name": "Sarah", "appearance": "Professional woman in her 30s"}"#)
            let id = try #require(created.json["id"]?.string)
            #expect(try await app.upload(id, try Fixtures.bytes("valid-rgb.png"), key: maker).status == .ok)
            // The maker cannot sign off on their own work.
            #expect(try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve", key: maker).status == .forbidden)
            #expect(try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve", key: reviewer).status == .ok)
            #expect(try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/reject", key: reviewer).status == .ok)
            #expect(try await app.upload(id, try Fixtures.bytes("valid.jpg"), key: maker).status == .ok)
            #expect(try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve", key: reviewer).status == .ok)

            let recorded = try await trail(app, id, key: maker)
            #expect(recorded == [
                Entry(actor: "maker", action: "upload", from: "pending_upload", to: "draft", version: 1),
                Entry(actor: "reviewer", action: "approve", from: "draft", to: "approved", version: 1),
                Entry(actor: "reviewer", action: "reject", from: "approved", to: "rejected", version: 1),
                Entry(actor: "maker", action: "upload", from: "rejected", to: "draft", version: 2),
                Entry(actor: "reviewer", action: "approve", from: "draft", to: "approved", version: 2),
            ], "\(recorded)")
        }
    }

    @Test func anAsyncGenerationIsAttributedToTheKeyThatQueuedIt() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let maker = try await app.makeKey("maker", [.read, .write])
                let created = try await app.send(.POST, "/api/v1/personas", key: maker, json: #"{"name": "Sarah", "appearance": "Professional woman in her 30s"}"#)
                let id = try #require(created.json["id"]?.string)
                let queued = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/generate-local?async=true", key: maker)
                #expect(queued.status == .accepted)
                let jobID = try #require(queued.json["id"]?.string)
                try await app.waitUntil("the job to finish") {
                    try await app.send(.GET, "/api/v1/jobs/\(jobID)", key: maker).json["status"]?.string == "succeeded"
                }
                #expect(try await trail(app, id, key: maker) == [
                    Entry(actor: "maker", action: "generate-local", from: "pending_upload", to: "draft", version: 1),
                ])
            }
        }
    }
}
