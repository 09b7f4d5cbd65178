@testable import App
import EngineFakes
import Foundation
import PersonaSeedCore
import SQLKit
import Testing
import Vapor

/// Who may have content, what a request may ask, and what a failure leaves behind (nothing).
@Suite struct ContentRulesTests {
    static let cafe = #"{"engine": "local", "prompt": "reading in a sunlit cafe, candid"}"#

    @Test func onlyAnApprovedPersonaGetsContentAndNothingReachesAnEngine() async throws {
        try await withFakeOpenAI { cloud in
            try await withFakeA1111 { local in
                try await withTestApp({ $0.useLocalEngine(local); $0.useCloudEngine(cloud) }) { app in
                    let pending = try await app.createPersona()
                    let draft = try await app.createPersona()
                    try await app.upload(draft, try Fixtures.bytes("valid-rgb.png"))
                    let rejected = try await app.createPersona()
                    try await app.upload(rejected, try Fixtures.bytes("valid-rgb.png"))
                    try await app.send(.POST, "/api/v1/personas/\(rejected)/seed-image/reject")
                    for (id, status) in [(pending, "pending_upload"), (draft, "draft"), (rejected, "rejected")] {
                        let before = try await app.contentState(id)
                        for engine in ["local", "cloud"] {
                            for query in ["", "?async=true"] {
                                let response = try await app.generateContent(
                                    id, #"{"engine": "\#(engine)", "prompt": "at the beach"}"#, query: query)
                                #expect(response.status == .conflict, "\(status) \(engine)\(query): \(response.body.string)")
                                #expect(response.detail == "Cannot generate content: the persona's baseline is \(status); content is generated only from an approved baseline")
                            }
                        }
                        #expect(try await app.contentState(id) == before)
                    }
                    #expect(local.generations.isEmpty)
                    #expect(cloud.imageRequests.isEmpty)
                    // An unknown persona is a 404, as everywhere.
                    let unknown = try await app.generateContent(UUID().uuidString, Self.cafe)
                    #expect(unknown.status == .notFound)
                }
            }
        }
    }

    @Test func badRequestsAre422AndQueueNothing() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let (id, _) = try await app.approvedPersona()
                let before = try await app.contentState(id)
                let cases: [(String, String)] = [
                    ("", "body"),
                    (#"{"engine": "local"}"#, "prompt"),
                    (#"{"prompt": "x"}"#, "engine"),
                    (#"{"engine": "gpu", "prompt": "x"}"#, "engine"),
                    (#"{"engine": "local", "prompt": "   "}"#, "prompt"),
                    (#"{"engine": "local", "prompt": "\#(String(repeating: "a", count: 1001))"}"#, "prompt"),
                    (#"{"engine": "local", "prompt": "x", "identity_strength": 1.5}"#, "identity_strength"),
                    (#"{"engine": "local", "prompt": "x", "identity_strength": "high"}"#, "identity_strength"),
                    (#"{"engine": "local", "prompt": "x", "count": 5}"#, "count"),
                    (#"{"engine": "local", "prompt": "x", "size": "1001x1000"}"#, "size"),
                    (#"{"engine": "local", "prompt": "x\u0000y"}"#, "prompt"),
                    ("[1, 2]", "body"),
                ]
                for (body, field) in cases {
                    let response = try await app.generateContent(id, body)
                    #expect(response.status == .unprocessableEntity, "\(body): \(response.body.string)")
                    let locations = response.json["detail"]?.array?.compactMap { $0["loc"]?.array?.compactMap(\.string) } ?? []
                    #expect(locations.contains { $0.last == field || ($0 == ["body"] && field == "body") }, "\(body): \(locations)")
                }
                #expect(engine.generations.isEmpty)
                #expect(try await app.contentState(id) == before)
                let jobs = try await app.app.db.query(PersonaContentModel.self).count()
                #expect(jobs == 0)
            }
        }
    }

    @Test func engineFailuresStoreNoItem() async throws {
        let cases: [(FakeAutomatic1111.Answer, HTTPStatus, String)] = [
            (.nonImageBytes, .badGateway, "not a valid image"),
            (.dropConnectionMidBody, .badGateway, "AUTOMATIC1111 at http://127.0.0.1:"),
            (.serverError(message: "CUDA out of memory"), .badGateway, "CUDA out of memory"),
        ]
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let (id, _) = try await app.approvedPersona()
                let before = try await app.contentState(id)
                for (answer, status, text) in cases {
                    engine.behaviour = .init(answer: answer)
                    let response = try await app.generateContent(id, Self.cafe)
                    #expect(response.status == status, "\(answer): \(response.body.string)")
                    #expect(response.detail?.contains(text) == true, "\(answer): \(response.detail ?? "")")
                    #expect(try await app.contentState(id) == before, "\(answer)")
                }
            }
        }
    }

    @Test func aSlowEngineTimesOutWithNoItem() async throws {
        try await withFakeA1111 { engine in
            engine.behaviour = .init(answer: .hangUntilInterrupted)
            try await withTestApp({ $0.useLocalEngine(engine, timeout: 1) }) { app in
                let (id, _) = try await app.approvedPersona()
                let before = try await app.contentState(id)
                let response = try await app.generateContent(id, Self.cafe)
                #expect(response.status == .gatewayTimeout, "\(response.body.string)")
                #expect(try await app.contentState(id) == before)
            }
        }
    }

    @Test func anUnreachableEngineStoresNoItem() async throws {
        let port = try closedLoopbackPort()
        try await withTestApp({
            $0.generation.localBackend = .automatic1111
            $0.generation.localURL = "http://127.0.0.1:\(port)"
        }) { app in
            let (id, _) = try await app.approvedPersona()
            let before = try await app.contentState(id)
            let response = try await app.generateContent(id, Self.cafe)
            #expect(response.status == .badRequest, "\(response.body.string)")
            #expect(response.detail == "No local image generation models available")
            #expect(try await app.contentState(id) == before)
        }
    }

    @Test func aPromptTheCloudRefusesIs422WithNoItem() async throws {
        try await withFakeOpenAI { engine in
            try await withTestApp({ $0.useCloudEngine(engine) }) { app in
                let (id, _) = try await app.approvedPersona()
                let before = try await app.contentState(id)
                engine.enqueue(.error(status: 400, code: "moderation_blocked", message: "Your request was rejected by the safety system."))
                let response = try await app.generateContent(id, #"{"engine": "cloud", "prompt": "at the beach"}"#)
                #expect(response.status == .unprocessableEntity)
                #expect(response.detail == "Your request was rejected by the safety system.")
                #expect(try await app.contentState(id) == before)
            }
        }
    }

    @Test func eachItemNamesTheBaselineItCameFrom() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let (id, firstSHA) = try await app.approvedPersona()
                let first = try await app.generateContent(id, Self.cafe)
                #expect(first.status == .created, "\(first.body.string)")
                let firstID = try #require(first.json[0]?["id"]?.string)

                // The baseline is replaced: rejected, a new image, approved.
                try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/reject")
                #expect(try await app.upload(id, try Fixtures.bytes("valid.jpg")).status == .ok)
                #expect(try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve").status == .ok)
                let secondSHA = try await app.currentFileSHA256(of: id)
                #expect(secondSHA != firstSHA)
                let second = try await app.generateContent(id, #"{"engine": "local", "prompt": "hiking at dawn", "count": 2}"#)
                #expect(second.status == .created, "\(second.body.string)")
                #expect(second.json.array?.count == 2)
                let sent = try #require(engine.generations.last?.json?["init_images"]?[0]?.string.flatMap { Data(base64Encoded: $0) })
                #expect(sha256Hex(sent) == secondSHA)

                let all = try await app.content(id)
                #expect(all.array?.compactMap { $0["baseline_version"]?.int } == [2, 2, 1])
                #expect(all.array?.last?["id"]?.string == firstID)
                #expect(all.array?.last?["baseline_sha256"]?.string == firstSHA)
                let fromFirst = try await app.content(id, query: "?baseline_version=1")
                #expect(fromFirst.array?.compactMap { $0["id"]?.string } == [firstID])
                #expect(try await app.content(id, query: "?baseline_version=2").array?.count == 2)
                let bad = try await app.send(.GET, "/api/v1/personas/\(id)/content?baseline_version=zero")
                #expect(bad.status == .unprocessableEntity)
            }
        }
    }

    @Test func anAsyncJobIsFollowedAndCancelledAsBaselineJobsAre() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let (id, _) = try await app.approvedPersona()
                let accepted = try await app.generateContent(id, Self.cafe, query: "?async=true")
                #expect(accepted.status == .accepted, "\(accepted.body.string)")
                #expect(accepted.json["kind"]?.string == "generate-content")
                let jobID = try #require(accepted.json["id"]?.string)
                let finished = try await app.finishedJob(jobID)
                #expect(finished["status"]?.string == "succeeded", "\(finished)")
                let made = try #require(finished["content"]?.array?.compactMap { $0.string })
                #expect(made.count == 1)
                let item = try await app.send(.GET, "/api/v1/personas/\(id)/content/\(made[0])")
                #expect(item.status == .ok)
                #expect(item.json["job_id"]?.string == jobID)

                // Cancelled while the engine works: no item.
                let before = try await app.contentState(id)
                engine.behaviour = .init(answer: .hangUntilInterrupted)
                let hanging = try await app.generateContent(id, Self.cafe, query: "?async=true")
                let hangingID = try #require(hanging.json["id"]?.string)
                try await app.waitUntil("the engine to start") { engine.isGenerating }
                let cancelled = try await app.cancelRunningJob(hangingID)
                #expect(cancelled["status"]?.string == "cancelled", "\(cancelled)")
                #expect(cancelled["content"]?.array?.isEmpty == true)
                #expect(try await app.contentState(id) == before)
            }
        }
    }
}

extension ContentRulesTests {
    @Test func aJobRetriedAfterItsItemsWereStoredGetsThemBackAndStoresNothingTwice() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let (id, _) = try await app.approvedPersona()
                let accepted = try await app.generateContent(id, Self.cafe, query: "?async=true")
                let jobID = try #require(accepted.json["id"]?.string)
                let first = try await app.finishedJob(jobID)
                let made = try #require(first["content"]?.array)
                #expect(made.count == 1)
                let before = try await app.contentState(id)
                let asked = engine.generations.count

                // As if the process had died between storing the item and recording the job's end.
                try await (app.app.db as! any SQLDatabase).raw("""
                    UPDATE generation_jobs SET status = 'queued', worker = NULL, content = NULL
                    WHERE id = \(bind: try #require(UUID(uuidString: jobID)))
                    """).run()
                app.app.generationIfConfigured?.runner?.wake()
                let again = try await app.finishedJob(jobID)
                #expect(again["status"]?.string == "succeeded", "\(again)")
                #expect(again["content"]?.array == made)
                #expect(engine.generations.count == asked)
                #expect(try await app.contentState(id) == before)
            }
        }
    }
}

/// A persona's whole stored state, content included.
struct ContentState: Equatable {
    let stored: StoredState
    let content: JSONValue
    let history: JSONValue
}

extension TestApp {
    func contentState(_ id: String) async throws -> ContentState {
        ContentState(
            stored: try await snapshot(id),
            content: try await send(.GET, "/api/v1/personas/\(id)/content?limit=100").json,
            history: try await send(.GET, "/api/v1/personas/\(id)/seed-image/history").json)
    }
}
