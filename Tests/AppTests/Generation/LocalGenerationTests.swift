@testable import App
import EngineFakes
import Foundation
import PersonaSeedCore
import Testing
import Vapor

/// `generate-local` against a loopback AUTOMATIC1111 that speaks the real wire protocol.
@Suite struct LocalGenerationTests {
    static let sarah = #"{"name": "AI Influencer Sarah", "appearance": "Professional woman in her 30s", "personality": "Confident tech expert", "base_appearance_description": "Professional woman in her early 30s, shoulder-length dark hair, warm smile"}"#

    @Test func seedCurlGeneratesADraftAndRecordsHowItWasMade() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let id = try await app.createPersona(Self.sarah)
                // The seed's curl: no body, no content type.
                let response = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/generate-local")
                #expect(response.status == .ok, "\(response.body.string)")
                let persona = response.json
                #expect(persona["base_image_status"]?.string == "draft")
                #expect(persona["generation_count"]?.int == 1)
                #expect(persona["base_image_path"]?.string == "persona_\(id)_local_v1.png")
                #expect(persona["base_image"]?["source"]?.string == "local")
                #expect(persona["base_image"]?["width"]?.int == 1024)

                let sent = try #require(engine.generations.first)
                #expect(sent.path == "/sdapi/v1/txt2img")
                let body = try #require(sent.json)
                // The SDXL checkpoint wins over the SD 1.5 one; 1024x1024, 50 steps as the seed says.
                #expect(body["override_settings"]?["sd_model_checkpoint"]?.string?.hasPrefix("sd_xl_base_1.0.safetensors") == true)
                #expect(body["width"]?.int == 1024 && body["height"]?.int == 1024 && body["steps"]?.int == 50)
                #expect(body["prompt"]?.string?.hasPrefix("Professional woman in her early 30s") == true)
                #expect(body["prompt"]?.string?.contains("Confident tech expert") == true)
                #expect(body["negative_prompt"]?.string == PersonaProfile.defaultNegativePrompt)
                #expect(body["init_images"] == nil)

                let version = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/versions/1").json
                let generation = try #require(version["generation"])
                #expect(generation["backend"]?.string == "automatic1111")
                #expect(generation["model"]?.string?.hasPrefix("sd_xl_base_1.0") == true)
                #expect(generation["steps"]?.int == 50)
                #expect(generation["size"]?.string == "1024x1024")
                #expect(generation["reference_version"] == .null)
                // The seed is the one the engine reported in its `info` string.
                let reported = try #require(engine.answeredSeeds.first?.first)
                #expect(generation["seed"]?.int == Int(reported))
                #expect(FileManager.default.fileExists(atPath: "\(app.imagesDirectory)/persona_\(id)_local_v1.png"))
            }
        }
    }

    @Test func regenerateRefinesThePreviousDraft() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let id = try await app.createPersona(Self.sarah)
                #expect(try await app.generate(id).status == .ok)
                let second = try await app.generate(id, json: #"{"seed": 1234, "steps": 20, "prompt_suffix": "studio light"}"#)
                #expect(second.status == .ok, "\(second.body.string)")
                #expect(second.json["base_image"]?["version"]?.int == 2)
                #expect(second.json["generation_count"]?.int == 2)

                let sent = try #require(engine.generations.last?.json)
                #expect(engine.generations.last?.path == "/sdapi/v1/img2img")
                // The reference is the stored version 1, byte for byte.
                let stored = try Data(contentsOf: URL(fileURLWithPath: "\(app.imagesDirectory)/persona_\(id)_local_v1.png"))
                #expect(sent["init_images"]?[0]?.string == stored.base64EncodedString())
                #expect(sent["seed"]?.int == 1234 && sent["steps"]?.int == 20)
                #expect(sent["prompt"]?.string?.hasSuffix("studio light") == true)
                let generation = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/versions/2").json["generation"]
                #expect(generation?["reference_version"]?.int == 1)
                #expect(generation?["seed"]?.int == 1234)
                // The model list is asked for once, not per generation.
                #expect(engine.requests(to: "/sdapi/v1/sd-models").count == 1)
            }
        }
    }

    @Test func candidatesAllBecomeVersionsAndTheFirstIsCurrent() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let id = try await app.createPersona(Self.sarah)
                let response = try await app.generate(id, json: #"{"count": 3, "reference": "none"}"#)
                #expect(response.status == .ok, "\(response.body.string)")
                #expect(response.json["base_image"]?["version"]?.int == 1)
                #expect(response.json["generation_count"]?.int == 3)
                let versions = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/versions").json
                #expect(versions.array?.compactMap { $0["version"]?.int } == [3, 2, 1])
                #expect(versions.array?.compactMap { $0["generation"]?["candidate"]?.int } == [3, 2, 1])
                #expect(engine.generations.first?.json?["batch_size"]?.int == 3)
                let selected = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/versions/3/select")
                #expect(selected.json["base_image"]?["version"]?.int == 3)
            }
        }
    }

    @Test func modelPreferenceChoosesTheCheckpoint() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let id = try await app.createPersona(
                    #"{"name": "Emma", "appearance": "Athletic woman, long blonde hair", "image_model_preference": "V1-5"}"#)
                #expect(try await app.generate(id).status == .ok)
                let model = engine.generations.first?.json?["override_settings"]?["sd_model_checkpoint"]?.string
                #expect(model?.hasPrefix("v1-5-pruned-emaonly") == true)
            }
        }
    }

    @Test func noModelsOrNoEngineIsTheSeedError() async throws {
        try await withFakeA1111(models: []) { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let id = try await app.createPersona()
                let before = try await app.snapshot(id)
                let response = try await app.generate(id)
                #expect(response.status == .badRequest)
                #expect(response.detail == "No local image generation models available")
                #expect(try await app.snapshot(id) == before)
            }
        }
        let port = try closedLoopbackPort()
        try await withTestApp({ $0.generation.localBackend = .automatic1111; $0.generation.localURL = "http://127.0.0.1:\(port)" }) { app in
            let id = try await app.createPersona()
            let response = try await app.generate(id)
            #expect(response.status == .badRequest)
            #expect(response.detail == "No local image generation models available")
        }
        try await withTestApp { app in
            let id = try await app.createPersona()
            #expect(try await app.generate(id).detail == "No local image generation models available")
        }
    }

    @Test func engineFailuresChangeNothing() async throws {
        let cases: [(FakeAutomatic1111.Answer, HTTPStatus, String)] = [
            (.nonImageBytes, .badGateway, "not a valid image"),
            (.malformedBase64, .badGateway, "AUTOMATIC1111"),
            (.dropConnectionMidBody, .badGateway, "AUTOMATIC1111 at http://127.0.0.1:"),
            (.serverError(message: "CUDA out of memory"), .badGateway, "CUDA out of memory"),
        ]
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let id = try await app.createPersona(Self.sarah)
                #expect(try await app.generate(id).status == .ok)
                let before = try await app.snapshot(id)
                for (answer, status, text) in cases {
                    engine.behaviour = .init(answer: answer)
                    let response = try await app.generate(id)
                    #expect(response.status == status, "\(answer): \(response.body.string)")
                    #expect(response.detail?.contains(text) == true, "\(answer): \(response.detail ?? "")")
                    #expect(try await app.snapshot(id) == before, "\(answer)")
                }
            }
        }
    }

    @Test func slowEngineTimesOutWith504AndIsInterrupted() async throws {
        try await withFakeA1111 { engine in
            engine.behaviour = .init(answer: .hangUntilInterrupted)
            try await withTestApp({ $0.useLocalEngine(engine, timeout: 1) }) { app in
                let id = try await app.createPersona()
                let before = try await app.snapshot(id)
                let started = ContinuousClock.now
                let response = try await app.generate(id)
                #expect(response.status == .gatewayTimeout)
                #expect(response.detail?.contains("did not answer within 1 seconds") == true, "\(response.detail ?? "")")
                // Without the timeout the engine would hang until the fake stops.
                #expect(ContinuousClock.now - started < .seconds(30))
                #expect(engine.interruptCount >= 1)
                #expect(try await app.snapshot(id) == before)
            }
        }
    }

    @Test func lockedPersonaIsRefusedBeforeTheEngineIsAsked() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let id = try await app.createPersona()
                #expect(try await app.generate(id).status == .ok)
                #expect(try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve").status == .ok)
                let calls = engine.requests.count
                let response = try await app.generate(id)
                #expect(response.status == .conflict)
                #expect(response.detail == "the approved baseline is locked; reject it before replacing it")
                #expect(engine.requests.count == calls)
            }
        }
    }

    @Test func badOptionsAre422AndQueueNothing() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let id = try await app.createPersona()
                let before = try await app.snapshot(id)
                for body in [#"{"count": 9}"#, #"{"size": "1001x1000"}"#, #"{"reference": "previous"}"#, "[1]", "{", #"{"steps": "many"}"#] {
                    let response = try await app.generate(id, json: body)
                    #expect(response.status == .unprocessableEntity, "\(body): \(response.body.string)")
                }
                let missing = try await app.generate(id, json: #"{"reference": 7}"#)
                #expect(missing.status == .notFound)
                #expect(missing.detail == "Version 7 not found")
                #expect(engine.generations.isEmpty)
                #expect(try await app.snapshot(id) == before)
                let unknown = try await app.generate(UUID().uuidString.lowercased())
                #expect(unknown.status == .notFound)
            }
        }
    }

    @Test func racingGenerationsBothLand() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let id = try await app.createPersona()
                async let first = app.generate(id, json: #"{"reference": "none"}"#)
                async let second = app.generate(id, json: #"{"reference": "none"}"#)
                let statuses = try await [first.status, second.status]
                #expect(statuses == [.ok, .ok])
                let persona = try await app.persona(id)
                #expect(persona["generation_count"]?.int == 2)
                let versions = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/versions").json
                #expect(versions.array?.compactMap { $0["version"]?.int } == [2, 1])
            }
        }
    }
}
