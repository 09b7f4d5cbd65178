@testable import App
import EngineFakes
import Foundation
import PersonaSeedCore
import Testing
import Vapor

/// `POST /api/v1/personas/bulk`: each id on its own, reported as the single request would answer.
@Suite struct BulkTests {
    static func bulk(_ action: String, _ ids: [String], options: String? = nil) -> String {
        let list = ids.map { "\"\($0)\"" }.joined(separator: ", ")
        return #"{"action": "\#(action)", "ids": [\#(list)]\#(options.map { ", \"options\": \($0)" } ?? "")}"#
    }

    @Test func mixedResultsAreReportedPerIdAndEachIsAtomic() async throws {
        try await withTestApp { app in
            let draft = try await app.createPersona()
            try await app.upload(draft, try Fixtures.bytes("valid-rgb.png"))
            let empty = try await app.createPersona()
            let unknown = UUID().uuidString.lowercased()
            let emptyBefore = try await app.snapshot(empty)

            let response = try await app.sendJSON(.POST, "/api/v1/personas/bulk", Self.bulk("approve", [unknown, empty, draft, "nonsense"]))
            #expect(response.status == .ok, "\(response.body.string)")
            let results = try #require(response.json["results"]?.array)
            #expect(results.compactMap { $0["id"]?.string } == [unknown, empty, draft, "nonsense"])
            #expect(results.compactMap { $0["status"]?.int } == [404, 400, 200, 404])
            #expect(results[0]["body"]?["detail"]?.string == "Persona \(unknown) not found")
            #expect(results[1]["body"]?["detail"]?.string == "Cannot approve baseline: persona does not have a base image")
            #expect(results[2]["body"]?["base_image_status"]?.string == "approved")
            #expect(response.json["succeeded"]?.int == 1)
            #expect(response.json["failed"]?.int == 3)
            #expect(try await app.persona(draft)["base_image_status"]?.string == "approved")
            #expect(try await app.snapshot(empty) == emptyBefore)

            // The same answer a single request gives, body for body.
            let single = try await app.send(.POST, "/api/v1/personas/\(empty)/seed-image/approve")
            #expect(single.json == results[1]["body"])

            // One audit entry per persona changed, naming the bulk action.
            let history = try await app.send(.GET, "/api/v1/personas/\(draft)/seed-image/history").json.array ?? []
            #expect(history.last?["action"]?.string == "bulk-approve")
            #expect(history.filter { $0["action"]?.string == "bulk-approve" }.count == 1)
        }
    }

    @Test func generationActionsQueueJobsAndALockedPersonaIsRefused() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let fresh = try await app.createPersona()
                let (approved, _) = try await app.approvedPersona()
                let unknown = UUID().uuidString.lowercased()
                let response = try await app.sendJSON(
                    .POST, "/api/v1/personas/bulk", Self.bulk("generate-local", [unknown, approved, fresh], options: #"{"steps": 20}"#))
                let results = try #require(response.json["results"]?.array)
                #expect(results.compactMap { $0["status"]?.int } == [404, 409, 202])
                #expect(results[1]["body"]?["detail"]?.string == "the approved baseline is locked; reject it before replacing it")
                let jobID = try #require(results[2]["body"]?["id"]?.string)
                let job = try await app.finishedJob(jobID)
                #expect(job["status"]?.string == "succeeded", "\(job)")
                #expect(engine.generations.last?.json?["steps"]?.int == 20)

                // Content for the approved one only; the fresh one is refused with the single request's 409.
                let content = try await app.sendJSON(
                    .POST, "/api/v1/personas/bulk",
                    Self.bulk("generate-content", [approved, fresh], options: #"{"engine": "local", "prompt": "in a park"}"#))
                let contentResults = try #require(content.json["results"]?.array)
                #expect(contentResults.compactMap { $0["status"]?.int } == [202, 409])
                let contentJob = try #require(contentResults[0]["body"]?["id"]?.string)
                let finished = try await app.finishedJob(contentJob)
                #expect(finished["content"]?.array?.count == 1, "\(finished)")

                // Options are checked as the single request checks them: per id, here for the approved one.
                let bad = try await app.sendJSON(
                    .POST, "/api/v1/personas/bulk", Self.bulk("generate-content", [approved], options: #"{"engine": "local"}"#))
                #expect(bad.json["results"]?[0]?["status"]?.int == 422)
            }
        }
    }

    @Test func scopesAreCheckedPerAction() async throws {
        try await withTestApp { app in
            let admin = try await app.makeKey("admin", Set(AccessScope.allCases))
            let writer = try await app.makeKey("writer", [.read, .write])
            let first = try await app.createPersona(key: admin)
            let second = try await app.createPersona(key: admin)
            for id in [first, second] {
                #expect(try await app.upload(id, try Fixtures.bytes("valid-rgb.png"), key: admin).status == .ok)
            }
            let refused = try await app.send(.POST, "/api/v1/personas/bulk", key: writer, json: Self.bulk("approve", [first, second]))
            #expect(refused.status == .ok)
            #expect(refused.json["results"]?.array?.compactMap { $0["status"]?.int } == [403, 403])
            #expect(refused.json["results"]?[0]?["body"]?["detail"]?.string == "This API key lacks the 'approve' scope")
            #expect(try await app.send(.GET, "/api/v1/personas/\(first)", key: admin).json["base_image_status"]?.string == "draft")
            let deactivate = try await app.send(.POST, "/api/v1/personas/bulk", key: writer, json: Self.bulk("deactivate", [first]))
            #expect(deactivate.json["results"]?[0]?["status"]?.int == 403)

            let approved = try await app.send(.POST, "/api/v1/personas/bulk", key: admin, json: Self.bulk("approve", [first, second]))
            #expect(approved.json["results"]?.array?.compactMap { $0["status"]?.int } == [200, 200])
            let gone = try await app.send(.POST, "/api/v1/personas/bulk", key: admin, json: Self.bulk("deactivate", [first]))
            #expect(gone.json["results"]?[0]?["status"]?.int == 204)
            #expect(gone.json["results"]?[0]?["body"] == .null)
            #expect(try await app.send(.GET, "/api/v1/personas/\(first)", key: admin).json["is_active"]?.bool == false)
            // Without a key at all, the request is refused as any other.
            #expect(try await app.send(.POST, "/api/v1/personas/bulk", key: nil, json: Self.bulk("approve", [first])).status == .unauthorized)
        }
    }

    @Test func badBulkRequestsAre422AndChangeNothing() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            try await app.upload(id, try Fixtures.bytes("valid-rgb.png"))
            let before = try await app.snapshot(id)
            let many = (0...100).map { _ in UUID().uuidString }
            let cases: [(String, String)] = [
                (Self.bulk("approve", many + [id]), "List should have at most 100 items after validation, not 102"),
                (Self.bulk("approve", []), "List should have at least 1 item after validation, not 0"),
                (Self.bulk("approve", [id, id]), "Value error, duplicate id \(id)"),
                (Self.bulk("publish", [id]), "Input should be 'approve', 'reject', 'generate-local', 'generate-cloud', 'generate-content' or 'deactivate'"),
                (#"{"action": "approve"}"#, "Field required"),
                (#"{"action": "approve", "ids": [1]}"#, "Input should be a persona id (a string of at most 100 characters)"),
                (#"{"action": "approve", "ids": ["\#(id)"], "options": 3}"#, "Input should be a valid dictionary"),
            ]
            for (body, message) in cases {
                let response = try await app.sendJSON(.POST, "/api/v1/personas/bulk", body)
                #expect(response.status == .unprocessableEntity, "\(body.prefix(80)): \(response.body.string)")
                #expect(response.json["detail"]?[0]?["msg"]?.string == message, "\(response.body.string)")
            }
            let exactly101 = try await app.sendJSON(.POST, "/api/v1/personas/bulk", Self.bulk("approve", many))
            #expect(exactly101.status == .unprocessableEntity)
            #expect(try await app.snapshot(id) == before)
        }
    }

    @Test func racingBulkAndSingleRequestsLoseNothing() async throws {
        try await withTestApp { app in
            var ids: [String] = []
            for _ in 0..<10 {
                let id = try await app.createPersona()
                try await app.upload(id, try Fixtures.bytes("valid-rgb.png"))
                ids.append(id)
            }
            // A bulk approve and single rejects of the same personas, at once. A reject succeeds from
            // draft and from approved, so every persona ends rejected; the approve either came first
            // (200) or found the persona rejected (409, changing nothing).
            let targets = ids
            async let bulk = app.sendJSON(.POST, "/api/v1/personas/bulk", Self.bulk("approve", targets))
            async let rejects: [HTTPStatus] = withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for id in targets { group.addTask { try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/reject").status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let (bulkAnswer, _) = try await (bulk, rejects)
            #expect(bulkAnswer.status == .ok)
            for (index, id) in ids.enumerated() {
                let status = try await app.persona(id)["base_image_status"]?.string
                let result = bulkAnswer.json["results"]?[index]?["status"]?.int
                #expect(status == "rejected")
                #expect(result == 200 || result == 409, "\(bulkAnswer.body.string)")
                let trail = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/history").json.array ?? []
                #expect(trail.filter { $0["action"]?.string == "bulk-approve" }.count == (result == 200 ? 1 : 0))
            }
        }
    }
}
