@testable import App
import Foundation
import PersonaSeedCore
import Testing
import Vapor
import VaporTesting

@Suite struct PersonaAPITests {
    static let sarah = #"""
        {"name": "AI Influencer Sarah", "appearance": "Professional woman in her 30s",
         "personality": "Confident tech expert",
         "base_appearance_description": "Professional woman in her early 30s, shoulder-length dark hair, warm smile, modern business casual attire"}
        """#

    @Test func seedCreateExampleAnswers201WithEveryDefault() async throws {
        try await withTestApp { app in
            let response = try await app.sendJSON(.POST, "/api/v1/personas/", Self.sarah)
            #expect(response.status == .created)
            let json = response.json
            let id = try #require(json["id"]?.string)
            #expect(UUID(uuidString: id)?.uuidString.lowercased() == id)
            #expect(json["name"]?.string == "AI Influencer Sarah")
            #expect(json["base_image_status"]?.string == "pending_upload")
            #expect(json["appearance_locked"]?.bool == false)
            #expect(json["base_image_path"] == .null)
            #expect(json["base_image"] == .null)
            #expect(json["image_model_preference"] == .null)
            #expect(json["content_themes"] == .array([]))
            #expect(json["style_preferences"] == .object([:]))
            #expect(json["default_content_rating"]?.string == "sfw")
            #expect(json["allowed_content_ratings"] == .array([.string("sfw")]))
            #expect(json["platform_restrictions"] == .object([:]))
            #expect(json["image_style"]?.string == "photorealistic")
            #expect(json["default_negative_prompt"]?.string == PersonaProfile.defaultNegativePrompt)
            #expect(json["is_active"]?.bool == true)
            #expect(json["generation_count"]?.int == 0)
            #expect(json["created_at"]?.string?.hasSuffix("Z") == true)
            #expect(response.headers.contentType == .json)
        }
    }

    @Test func secondSeedExampleNeedsOnlyNameAndDescription() async throws {
        try await withTestApp { app in
            let response = try await app.sendJSON(.POST, "/api/v1/personas/", #"""
                {"name": "AI Model Emma",
                 "base_appearance_description": "Athletic woman in her mid-20s, long blonde hair, bright blue eyes, confident expression, wearing fashionable streetwear"}
                """#)
            #expect(response.status == .created)
            #expect(response.json["appearance"] == .null)
        }
    }

    @Test func createRefusalsAre422ListsAndStoreNothing() async throws {
        try await withTestApp { app in
            let bodies = [
                "{}", "[]", "not json", #"{"name": "S", "appearance": "Professional woman"}"#,
                #"{"name": "Sarah"}"#, #"{"name": "Tom & Jerry", "appearance": "Professional woman"}"#,
                #"{"name": "Sarah", "appearance": "short"}"#,
                #"{"name": "Sarah", "appearance": "Professional woman", "content_themes": ["violence in games"]}"#,
                #"{"name": "Sarah", "appearance": "Professional woman", "image_style": "oil painting"}"#,
                #"{"name": "Sarah", "appearance": "Professional woman", "style_preferences": [1]}"#,
                #"{"name": 42, "appearance": "Professional woman"}"#,
            ]
            for body in bodies {
                let response = try await app.sendJSON(.POST, "/api/v1/personas", body)
                #expect(response.status == .unprocessableEntity, "\(body)")
                let first = try #require(response.json["detail"]?[0], "\(body): \(response.body.string)")
                #expect(first["loc"]?[0]?.string == "body")
                #expect(first["msg"]?.string?.isEmpty == false)
                #expect(first["type"]?.string?.isEmpty == false)
            }
            let emptyBody = try await app.send(.POST, "/api/v1/personas")
            #expect(emptyBody.status == .unprocessableEntity)
            let list = try await app.send(.GET, "/api/v1/personas?active_only=false")
            #expect(list.json == .array([]))
        }
    }

    @Test func missingNameIsReportedAsPydanticWouldReportIt() async throws {
        try await withTestApp { app in
            let response = try await app.sendJSON(.POST, "/api/v1/personas", #"{"appearance": "Professional woman"}"#)
            #expect(response.status == .unprocessableEntity)
            #expect(response.json["detail"] == .array([.object([
                "loc": .array([.string("body"), .string("name")]), "msg": .string("Field required"), "type": .string("missing"),
            ])]))
        }
    }

    @Test func nameIsTrimmedAndUnknownKeysIgnored() async throws {
        try await withTestApp { app in
            let response = try await app.sendJSON(.POST, "/api/v1/personas", #"""
                {"name": "  Sarah  ", "appearance": "Professional woman", "favourite_colour": "teal", "appearance_locked": true}
                """#)
            #expect(response.status == .created)
            #expect(response.json["name"]?.string == "Sarah")
            #expect(response.json["appearance_locked"]?.bool == false)
            #expect(response.json["favourite_colour"] == nil)
        }
    }

    @Test func unknownAndMalformedIdsAre404WithTheSameText() async throws {
        try await withTestApp { app in
            let unknown = UUID().uuidString.lowercased()
            for id in [unknown, "not-a-uuid", "1%20OR%201=1", "..%2F..%2Fetc"] {
                for (method, path) in [
                    (HTTPMethod.GET, "/api/v1/personas/\(id)"), (.DELETE, "/api/v1/personas/\(id)"),
                    (.POST, "/api/v1/personas/\(id)/seed-image/approve"),
                    (.GET, "/api/v1/personas/\(id)/seed-image/versions"),
                ] {
                    let response = try await app.send(method, path)
                    #expect(response.status == .notFound, "\(method) \(path)")
                    #expect(response.detail?.hasPrefix("Persona ") == true && response.detail?.hasSuffix(" not found") == true)
                }
            }
            let response = try await app.send(.GET, "/api/v1/personas/not-a-uuid")
            #expect(response.detail == "Persona not-a-uuid not found")
            let put = try await app.sendJSON(.PUT, "/api/v1/personas/\(unknown)", #"{"name": "Sarah"}"#)
            #expect(put.status == .notFound)
            #expect(put.detail == "Persona \(unknown) not found")
        }
    }

    @Test func listIsNewestFirstAndPaginated() async throws {
        try await withTestApp { app in
            var ids: [String] = []
            for index in 0..<5 {
                ids.append(try await app.createPersona(#"{"name": "Persona \#(index)", "appearance": "Professional woman"}"#))
            }
            let all = try await app.send(.GET, "/api/v1/personas/")
            #expect(all.status == .ok)
            #expect(all.json.array?.compactMap { $0["id"]?.string } == ids.reversed())
            let page = try await app.send(.GET, "/api/v1/personas?skip=1&limit=2")
            #expect(page.json.array?.compactMap { $0["id"]?.string } == [ids[3], ids[2]])
            let defaultLimit = try await app.send(.GET, "/api/v1/personas")
            #expect(defaultLimit.json.array?.count == 5)
            for query in ["limit=0", "limit=101", "skip=-1", "limit=abc", "active_only=maybe"] {
                let response = try await app.send(.GET, "/api/v1/personas?\(query)")
                #expect(response.status == .unprocessableEntity, "\(query)")
                #expect(response.json["detail"]?[0]?["loc"]?[0]?.string == "query")
            }
        }
    }

    @Test func deleteIsSoftAndHidesFromTheActiveList() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            let deleted = try await app.send(.DELETE, "/api/v1/personas/\(id)")
            #expect(deleted.status == .noContent)
            #expect(deleted.body.readableBytes == 0)
            #expect(try await app.persona(id)["is_active"]?.bool == false)
            #expect(try await app.send(.GET, "/api/v1/personas").json == .array([]))
            let all = try await app.send(.GET, "/api/v1/personas?active_only=false")
            #expect(all.json.array?.count == 1)
            #expect(try await app.send(.DELETE, "/api/v1/personas/\(id)").status == .noContent)
        }
    }

    @Test func putIsPartialAndNullLeavesFieldsAlone() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona(Self.sarah)
            let before = try await app.persona(id)
            let response = try await app.sendJSON(.PUT, "/api/v1/personas/\(id)", #"""
                {"personality": "Calm and precise engineer", "appearance": null, "content_themes": ["tech", "travel"],
                 "platform_restrictions": {"instagram": "sfw_only"}, "appearance_locked": true, "id": "ignored"}
                """#)
            #expect(response.status == .ok)
            let after = response.json
            #expect(after["personality"]?.string == "Calm and precise engineer")
            #expect(after["appearance"] == before["appearance"])
            #expect(after["content_themes"] == .array([.string("tech"), .string("travel")]))
            #expect(after["platform_restrictions"] == .object(["instagram": .string("sfw_only")]))
            #expect(after["appearance_locked"]?.bool == false)
            #expect(after["id"] == before["id"])
            #expect(after["created_at"] == before["created_at"])
            let reread = try await app.persona(id)
            #expect(reread == after, "\(reread) vs \(after)")
        }
    }

    @Test func putRefusalsChangeNothing() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona(Self.sarah)
            let before = try await app.persona(id)
            for body in [
                #"{"name": "x"}"#, #"{"base_image_status": "shiny"}"#, #"{"is_active": "yes please"}"#, "[1]", "{",
                #"{"name": "Valid Name", "personality": "short"}"#,
            ] {
                let response = try await app.sendJSON(.PUT, "/api/v1/personas/\(id)", body)
                #expect(response.status == .unprocessableEntity, "\(body)")
            }
            let approve = try await app.sendJSON(.PUT, "/api/v1/personas/\(id)", #"{"base_image_status": "approved"}"#)
            #expect(approve.status == .badRequest)
            #expect(approve.detail == "Cannot approve baseline: persona does not have a base image")
            #expect(try await app.persona(id) == before)
        }
    }

    @Test func hostileTextIsStoredAndReturnedExactly() async throws {
        try await withTestApp { app in
            // JSON-escaped as sent: a backslash and a quote among SQL, markup and emoji.
            let appearance = #"x'); DROP TABLE personas; -- \u00e9 ☃ 👩🏽‍💻 \\ \" <script>"#
            let response = try await app.sendJSON(.POST, "/api/v1/personas", #"{"name": "Sarah", "appearance": "\#(appearance)"}"#)
            #expect(response.status == .created)
            let id = try #require(response.json["id"]?.string)
            let expected = try JSONDecoder().decode(String.self, from: Data("\"\(appearance)\"".utf8))
            let stored = try await app.persona(id)["appearance"]?.string
            #expect(stored == expected, "\(Array((stored ?? "").unicodeScalars.map(\.value))) vs \(Array(expected.unicodeScalars.map(\.value)))")
            #expect(response.json["appearance"]?.string == expected)
            #expect(try await app.send(.GET, "/api/v1/personas").json.array?.count == 1)

            // A NUL cannot be stored as sent by either database: refused, nothing changes.
            let before = try await app.persona(id)
            let nul = try await app.sendJSON(.PUT, "/api/v1/personas/\(id)", #"{"personality": "Calm \u0000 and precise"}"#)
            #expect(nul.status == .unprocessableEntity)
            #expect(nul.json["detail"]?[0]?["loc"] == .array([.string("body"), .string("personality")]))
            #expect(try await app.persona(id) == before)
        }
    }

    /// Over a real socket: the body limit is applied while reading, before any handler runs.
    @Test func oversizedJSONBodyIsRefusedWithAClearError() async throws {
        try await withTestApp { app in
            try await app.withLiveServer { port in
                let body = Array(#"{"name": "Sarah", "appearance": "\#(String(repeating: "a", count: 2 * 1024 * 1024))"}"#.utf8)
                let head = "POST /api/v1/personas HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(body.count)\r\n\r\n"
                let reply = try await RawHTTP.exchangeOnOwnThread(port: port, request: Array(head.utf8), body: body, timeout: 120)
                #expect(reply.hasPrefix("HTTP/1.1 413"), "\(reply.prefix(200))")
                #expect(reply.contains(#"{"detail":"Request body too large: JSON bodies are limited to 1 MiB"}"#))
                #expect(try await app.send(.GET, "/api/v1/personas").json == .array([]))
            }
        }
    }

    @Test func unknownRouteAnswersJSON404() async throws {
        try await withTestApp { app in
            let response = try await app.send(.GET, "/api/v1/nothing-here")
            #expect(response.status == .notFound)
            #expect(response.detail == "Not Found")
        }
    }
}
