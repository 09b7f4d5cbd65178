@testable import App
import EngineFakes
import Foundation
import PersonaSeedCore
import Testing
import Vapor

/// Reading, serving, paging and deleting content items, and their audit trail.
@Suite struct ContentItemsTests {
    @Test func itemsAreServedPagedAndDeletedWithTheirTrail() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let (id, _) = try await app.approvedPersona()
                let made = try await app.generateContent(id, #"{"engine": "local", "prompt": "city at night", "count": 3, "seed": 42}"#)
                #expect(made.status == .created, "\(made.body.string)")
                let ids = try #require(made.json.array?.compactMap { $0["id"]?.string })
                #expect(ids.count == 3)

                // Newest first; candidates of one job in their order (the last candidate is newest).
                let all = try await app.content(id)
                #expect(all.array?.compactMap { $0["id"]?.string } == ids.reversed())
                let page = try await app.content(id, query: "?skip=1&limit=1")
                #expect(page.array?.compactMap { $0["id"]?.string } == [ids[1]])
                #expect(try await app.send(.GET, "/api/v1/personas/\(id)/content?limit=0").status == .unprocessableEntity)

                let item = try await app.send(.GET, "/api/v1/personas/\(id)/content/\(ids[0])").json
                #expect(item["seed"]?.int == 42)
                #expect(item["model"]?.string != nil)
                #expect(item["size"]?.string == "1024x1024")
                #expect(item["actor"]?.string == "local")
                #expect(item["negative_prompt"]?.string == PersonaProfile.defaultNegativePrompt)
                #expect(item["prompt"]?.string?.contains("Scene: city at night") == true)

                let image = try await app.send(.GET, "/api/v1/personas/\(id)/content/\(ids[0])/image")
                #expect(image.status == .ok)
                #expect(image.headers.contentType?.description == "image/png")
                #expect(sha256Hex(Data(image.body.readableBytesView)) == item["sha256"]?.string)
                #expect(image.headers.first(name: "X-Content-Type-Options") == "nosniff")
                let thumb = try await app.send(.GET, "/api/v1/personas/\(id)/content/\(ids[0])/image?size=thumb")
                #expect(thumb.status == .ok)
                #expect(thumb.headers.contentType?.description == "image/webp")

                // Delete: the row, the files, and an entry in the trail.
                let key = try #require(item["path"]?.string)
                #expect(try await app.send(.DELETE, "/api/v1/personas/\(id)/content/\(ids[0])").status == .noContent)
                #expect(!FileManager.default.fileExists(atPath: "\(app.imagesDirectory)/\(key)"))
                #expect(try await app.send(.GET, "/api/v1/personas/\(id)/content/\(ids[0])").status == .notFound)
                #expect(try await app.send(.GET, "/api/v1/personas/\(id)/content/\(ids[0])/image").status == .notFound)
                let again = try await app.send(.DELETE, "/api/v1/personas/\(id)/content/\(ids[0])")
                #expect(again.status == .notFound)
                #expect(again.detail == "Content \(ids[0]) not found")
                #expect(try await app.content(id).array?.count == 2)

                let history = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/history").json.array ?? []
                let contentEntries = history.filter { $0["content_id"]?.string != nil }
                #expect(contentEntries.compactMap { $0["action"]?.string } == [
                    "generate-content", "generate-content", "generate-content", "delete-content",
                ])
                #expect(contentEntries.allSatisfy { $0["version"]?.int == 1 && $0["to_status"]?.string == "approved" })
                #expect(contentEntries.last?["content_id"]?.string == ids[0])
            }
        }
    }

    @Test func unknownAndMalformedIdsAre404() async throws {
        try await withTestApp { app in
            let (id, _) = try await app.approvedPersona()
            for raw in [UUID().uuidString, "not-a-uuid", "1"] {
                let response = try await app.send(.GET, "/api/v1/personas/\(id)/content/\(raw)")
                #expect(response.status == .notFound)
                #expect(response.detail == "Content \(raw) not found")
            }
            // Another persona's item is not this persona's.
            let other = try await app.createPersona()
            #expect(try await app.send(.GET, "/api/v1/personas/\(other)/content").json.array?.isEmpty == true)
            #expect(try await app.send(.GET, "/api/v1/personas/\(UUID())/content").status == .notFound)
        }
    }

    @Test func contentFilesSurviveTheSweepAndFsckChecksThem() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let (id, _) = try await app.approvedPersona()
                #expect(try await app.generateContent(id, #"{"engine": "local", "prompt": "snow"}"#).status == .created)
                let before = try folderContents(app.imagesDirectory)
                let sweeper = OrphanSweeper(store: app.app.personaSeed.store, database: app.app.db, gracePeriod: 0)
                let outcome = try await sweeper.sweep(now: Date().addingTimeInterval(3600))
                #expect(outcome.orphans == 0)
                #expect(try folderContents(app.imagesDirectory) == before)
            }
        }
    }

    @Test func deletingNeedsTheWriteScope() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let admin = try await app.makeKey("admin", Set(AccessScope.allCases))
                let reader = try await app.makeKey("reader", [.read])
                let id = try await app.createPersona(key: admin)
                #expect(try await app.upload(id, try Fixtures.bytes("valid-rgb.png"), key: admin).status == .ok)
                #expect(try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve", key: admin).status == .ok)
                let made = try await app.send(
                    .POST, "/api/v1/personas/\(id)/content/generate", key: admin, json: #"{"engine": "local", "prompt": "x"}"#)
                #expect(made.status == .created, "\(made.body.string)")
                #expect(made.json[0]?["actor"]?.string == "admin")
                let cid = try #require(made.json[0]?["id"]?.string)
                let refused = try await app.send(.DELETE, "/api/v1/personas/\(id)/content/\(cid)", key: reader)
                #expect(refused.status == .forbidden)
                let generate = try await app.send(
                    .POST, "/api/v1/personas/\(id)/content/generate", key: reader, json: #"{"engine": "local", "prompt": "x"}"#)
                #expect(generate.status == .forbidden)
                #expect(try await app.send(.GET, "/api/v1/personas/\(id)/content/\(cid)", key: reader).status == .ok)
            }
        }
    }
}
