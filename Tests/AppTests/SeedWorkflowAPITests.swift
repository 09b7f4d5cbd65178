@testable import App
import Foundation
import PersonaSeedCore
import Testing
import Vapor
import VaporTesting

@Suite struct SeedWorkflowAPITests {
    @Test func seedFlowUploadThenApproveLocksAppearance() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona(PersonaAPITests.sarah)
            let uploaded = try await app.upload(id, try Fixtures.bytes("valid-rgb.png"))
            #expect(uploaded.status == .ok, "\(uploaded.body.string)")
            #expect(uploaded.json["base_image_status"]?.string == "draft")
            #expect(uploaded.json["appearance_locked"]?.bool == false)
            #expect(uploaded.json["base_image_path"]?.string == "persona_\(id)_uploaded_v1.png")
            #expect(uploaded.json["base_image"]?["version"]?.int == 1)
            #expect(uploaded.json["base_image"]?["source"]?.string == "upload")

            let approved = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve")
            #expect(approved.status == .ok)
            #expect(approved.json["base_image_status"]?.string == "approved")
            #expect(approved.json["appearance_locked"]?.bool == true)

            let again = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve/")
            #expect(again.status == .ok)
            #expect(again.json == approved.json)
        }
    }

    @Test func approveWithoutImageIsRejectedWithTheSeedText() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            let response = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve")
            #expect(response.status == .badRequest)
            #expect(response.body.string == #"{"detail":"Cannot approve baseline: persona does not have a base image"}"#)
        }
    }

    @Test func lockedPersonaRefusesNewImagesAndAppearanceEdits() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona(PersonaAPITests.sarah)
            try await app.upload(id, try Fixtures.bytes("valid-rgb.png"))
            try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve")
            let before = try await app.snapshot(id)

            let upload = try await app.upload(id, try Fixtures.bytes("valid.jpg"), filename: "new.jpg", contentType: "image/jpeg")
            #expect(upload.status == .conflict)
            #expect(upload.detail == "the approved baseline is locked; reject it before replacing it")
            let select = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/versions/1/select")
            #expect(select.status == .conflict)
            for engine in ["generate-cloud", "generate-local"] {
                let generate = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/\(engine)")
                #expect(generate.status == .conflict, "\(engine)")
                #expect(generate.detail == "the approved baseline is locked; reject it before replacing it")
            }
            for body in [#"{"appearance": "Someone else entirely"}"#, #"{"image_style": "anime"}"#,
                         #"{"base_appearance_description": "Different"}"#, #"{"base_image_status": "draft"}"#] {
                let response = try await app.sendJSON(.PUT, "/api/v1/personas/\(id)", body)
                #expect(response.status == .conflict, "\(body)")
            }
            #expect(try await app.snapshot(id) == before)

            // Unlocked fields stay editable, and restating a locked field's value is no change.
            let edit = try await app.sendJSON(.PUT, "/api/v1/personas/\(id)", #"""
                {"personality": "Still a confident tech expert", "image_style": "photorealistic"}
                """#)
            #expect(edit.status == .ok)
            #expect(edit.json["appearance_locked"]?.bool == true)
        }
    }

    @Test func seedRejectionAndReplacementFlow() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            try await app.upload(id, try Fixtures.bytes("valid-rgb.png"))
            try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve")

            let rejected = try await app.sendJSON(.PUT, "/api/v1/personas/\(id)", #"{"base_image_status": "rejected"}"#)
            #expect(rejected.status == .ok)
            #expect(rejected.json["base_image_status"]?.string == "rejected")
            #expect(rejected.json["appearance_locked"]?.bool == false)

            let approveRejected = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve")
            #expect(approveRejected.status == .conflict)

            let replaced = try await app.upload(id, try Fixtures.bytes("valid-rgba.png"), filename: "new_image.png")
            #expect(replaced.status == .ok)
            #expect(replaced.json["base_image_status"]?.string == "draft")
            #expect(replaced.json["base_image"]?["version"]?.int == 2)

            let approved = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve")
            #expect(approved.json["base_image_status"]?.string == "approved")
            #expect(approved.json["appearance_locked"]?.bool == true)
        }
    }

    @Test func rejectRouteAndPutBackToDraft() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            let early = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/reject")
            #expect(early.status == .badRequest)
            try await app.upload(id, try Fixtures.bytes("valid-rgb.png"))
            let rejected = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/reject")
            #expect(rejected.json["base_image_status"]?.string == "rejected")
            let draft = try await app.sendJSON(.PUT, "/api/v1/personas/\(id)", #"{"base_image_status": "draft"}"#)
            #expect(draft.status == .ok)
            #expect(draft.json["base_image_status"]?.string == "draft")
            let approved = try await app.sendJSON(.PUT, "/api/v1/personas/\(id)", #"{"base_image_status": "approved"}"#)
            #expect(approved.json["appearance_locked"]?.bool == true)
            let back = try await app.sendJSON(.PUT, "/api/v1/personas/\(id)", #"{"base_image_status": "pending_upload"}"#)
            #expect(back.status == .conflict)
            // Rejecting and editing in one PUT is allowed: the edit happens once unlocked.
            let rejectAndEdit = try await app.sendJSON(.PUT, "/api/v1/personas/\(id)", #"""
                {"base_image_status": "rejected", "appearance": "A different look entirely"}
                """#)
            #expect(rejectAndEdit.status == .ok)
            #expect(rejectAndEdit.json["appearance"]?.string == "A different look entirely")
        }
    }

    @Test func generationWithoutEnginesAnswersTheSeedTexts() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            let before = try await app.snapshot(id)
            let cloud = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/generate-cloud")
            #expect(cloud.status == .badRequest)
            #expect(cloud.body.string == #"{"detail":"DALL-E 3 is not available. Check OPENAI_API_KEY configuration"}"#)
            let local = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/generate-local")
            #expect(local.status == .badRequest)
            #expect(local.body.string == #"{"detail":"No local image generation models available"}"#)
            #expect(try await app.snapshot(id) == before)
        }
    }

    @Test func versionsAreKeptListedAndSelectable() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            try await app.upload(id, try Fixtures.bytes("valid-rgb.png"))
            try await app.upload(id, try Fixtures.bytes("valid.jpg"), filename: "b.jpg", contentType: "image/jpeg")
            try await app.upload(id, try Fixtures.bytes("valid-lossy.webp"), filename: "c.webp", contentType: "image/webp")

            let list = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/versions")
            let versions = try #require(list.json.array)
            #expect(versions.compactMap { $0["version"]?.int } == [3, 2, 1])
            #expect(versions.compactMap { $0["format"]?.string } == ["webp", "jpeg", "png"])
            for version in versions {
                #expect(version["sha256"]?.string?.count == 64)
                #expect(version["generation"] == .null)
                #expect(version["url"]?.string?.hasSuffix("/image") == true)
            }
            let files = try folderContents(app.imagesDirectory)
            #expect(Set(files.keys) == [
                "persona_\(id)_uploaded_v1.png", "persona_\(id)_uploaded_v1_thumb.webp",
                "persona_\(id)_uploaded_v2.jpg", "persona_\(id)_uploaded_v2_thumb.webp",
                "persona_\(id)_uploaded_v3.webp", "persona_\(id)_uploaded_v3_thumb.webp",
            ])

            let one = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/versions/1")
            #expect(one.json == versions[2])
            #expect(try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/versions/9").status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/versions/x").status == .notFound)

            try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/reject")
            let selected = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/versions/1/select")
            #expect(selected.status == .ok)
            #expect(selected.json["base_image_status"]?.string == "draft")
            #expect(selected.json["base_image"] == versions[2])
            #expect(selected.json["base_image_path"]?.string == "persona_\(id)_uploaded_v1.png")
            let missing = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/versions/7/select")
            #expect(missing.status == .notFound)
            #expect(missing.detail == "Version 7 not found")
        }
    }

    @Test func imagesAreServedWithTypeStrongETagAndNosniff() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            #expect(try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/image").status == .notFound)
            let upload = try await app.upload(id, try Fixtures.bytes("valid.jpg"), filename: "a.jpg", contentType: "image/jpeg")
            let sha = try #require(upload.json["base_image"]?["sha256"]?.string)

            let image = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/image")
            #expect(image.status == .ok)
            #expect(image.headers.first(name: .contentType) == "image/jpeg")
            #expect(image.headers.first(name: .eTag) == "\"\(sha)\"")
            #expect(image.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(image.headers.first(name: "Content-Security-Policy") == "default-src 'none'; sandbox")
            #expect(image.headers.first(name: "Cross-Origin-Resource-Policy") == "same-site")
            #expect(SHA256.hash(data: Data(image.body.readableBytesView)).hex == sha)
            #expect(image.body.readableBytes == upload.json["base_image"]?["bytes"]?.int)

            let cached = try await app.send(
                .GET, "/api/v1/personas/\(id)/seed-image/image", headers: ["If-None-Match": "\"\(sha)\""])
            #expect(cached.status == .notModified)
            #expect(cached.body.readableBytes == 0)

            let thumb = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/versions/1/image?size=thumb")
            #expect(thumb.status == .ok)
            #expect(thumb.headers.first(name: .contentType) == "image/webp")
            #expect(Array(thumb.body.readableBytesView.prefix(4)) == Array("RIFF".utf8))
            #expect(thumb.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(thumb.headers.first(name: "Content-Security-Policy") == "default-src 'none'; sandbox")
            let bad = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/image?size=huge")
            #expect(bad.status == .unprocessableEntity)
        }
    }
}

extension Digest {
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
