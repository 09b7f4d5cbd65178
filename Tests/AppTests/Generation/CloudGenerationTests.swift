@testable import App
import EngineFakes
import Foundation
import PersonaSeedCore
import Testing
import Vapor

/// `generate-cloud` against a loopback OpenAI Images API.
@Suite struct CloudGenerationTests {
    static let emma = #"{"name": "AI Model Emma", "base_appearance_description": "Athletic woman in her mid-20s, long blonde hair, bright blue eyes, confident expression, wearing fashionable streetwear"}"#

    @Test func seedCurlGeneratesWithTheGPTImageModel() async throws {
        try await withFakeOpenAI { engine in
            try await withTestApp({ $0.useCloudEngine(engine) }) { app in
                let id = try await app.createPersona(Self.emma)
                let response = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/generate-cloud")
                #expect(response.status == .ok, "\(response.body.string)")
                #expect(response.json["base_image_status"]?.string == "draft")
                #expect(response.json["base_image_path"]?.string == "persona_\(id)_dalle3_v1.png")
                #expect(response.json["base_image"]?["source"]?.string == "cloud")
                #expect(response.json["generation_count"]?.int == 1)

                let sent = try #require(engine.imageRequests.first)
                #expect(sent.path == "/v1/images/generations")
                #expect(sent.model == "gpt-image-2")
                #expect(sent.json?["quality"]?.string == "high")
                #expect(sent.json?["size"]?.string == "1024x1024")
                #expect(sent.json?["response_format"] == nil && sent.json?["style"] == nil)
                #expect(sent.headers["authorization"] == "Bearer \(engine.apiKey)")
                let generation = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/versions/1").json["generation"]
                #expect(generation?["backend"]?.string == "openai")
                #expect(generation?["model"]?.string == "gpt-image-2")
                #expect(generation?["prompt"]?.string?.hasPrefix("Athletic woman in her mid-20s") == true)
            }
        }
    }

    @Test func regenerateSendsThePreviousDraftToEdits() async throws {
        try await withFakeOpenAI { engine in
            try await withTestApp({ $0.useCloudEngine(engine) }) { app in
                let id = try await app.createPersona(Self.emma)
                #expect(try await app.generate(id, "generate-cloud").status == .ok)
                let second = try await app.generate(id, "generate-cloud")
                #expect(second.status == .ok, "\(second.body.string)")
                let sent = try #require(engine.imageRequests.last)
                #expect(sent.path == "/v1/images/edits")
                #expect(sent.formFields["input_fidelity"] == "high")
                let stored = try Data(contentsOf: URL(fileURLWithPath: "\(app.imagesDirectory)/persona_\(id)_dalle3_v1.png"))
                #expect(sent.multipart?.first { $0.name == "image[]" }?.body == stored)
                let generation = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/versions/2").json["generation"]
                #expect(generation?["reference_version"]?.int == 1)
            }
        }
    }

    @Test func dallE3StaysAvailableForCompatibleServers() async throws {
        try await withFakeOpenAI { engine in
            try await withTestApp({ $0.useCloudEngine(engine); $0.generation.openAIImageModel = "dall-e-3" }) { app in
                let id = try await app.createPersona(Self.emma)
                let response = try await app.generate(id, "generate-cloud", json: #"{"size": "1792x1024"}"#)
                #expect(response.status == .ok, "\(response.body.string)")
                let sent = try #require(engine.imageRequests.first?.json)
                #expect(sent["quality"]?.string == "hd")
                #expect(sent["response_format"]?.string == "b64_json")
                #expect(sent["size"]?.string == "1792x1024")
                // GPT image sizes are refused for dall-e-3 before anything is sent.
                let wrong = try await app.generate(id, "generate-cloud", json: #"{"size": "1536x1024"}"#)
                #expect(wrong.status == .unprocessableEntity)
                #expect(engine.imageRequests.count == 1)
            }
        }
    }

    @Test func refusedPromptIs422WithTheEnginesMessage() async throws {
        try await withFakeOpenAI { engine in
            try await withTestApp({ $0.useCloudEngine(engine) }) { app in
                let id = try await app.createPersona(Self.emma)
                let before = try await app.snapshot(id)
                engine.enqueue(.error(status: 400, code: "moderation_blocked", message: "Your request was rejected by the safety system."))
                let response = try await app.generate(id, "generate-cloud")
                #expect(response.status == .unprocessableEntity)
                #expect(response.detail == "Your request was rejected by the safety system.")
                #expect(try await app.snapshot(id) == before)
                #expect(engine.imageRequests.count == 1)  // never retried
            }
        }
    }

    @Test func unreachableEngineIs502NamingItsURL() async throws {
        let port = try closedLoopbackPort()
        try await withTestApp({
            $0.openAIAPIKey = "sk-test"
            $0.generation.openAIBaseURL = "http://127.0.0.1:\(port)/v1"
            $0.generation.openAITimeout = 20
        }) { app in
            let id = try await app.createPersona(Self.emma)
            let before = try await app.snapshot(id)
            let response = try await app.generate(id, "generate-cloud")
            #expect(response.status == .badGateway)
            #expect(response.detail?.contains("OpenAI at http://127.0.0.1:\(port)/v1") == true, "\(response.detail ?? "")")
            #expect(try await app.snapshot(id) == before)
        }
    }

    @Test func rateLimitIsRetriedAfterRetryAfter() async throws {
        try await withFakeOpenAI { engine in
            try await withTestApp({ $0.useCloudEngine(engine) }) { app in
                let id = try await app.createPersona(Self.emma)
                engine.enqueue(.error(status: 429, code: "rate_limit_exceeded", retryAfter: "0.3"))
                let response = try await app.generate(id, "generate-cloud")
                #expect(response.status == .ok, "\(response.body.string)")
                let arrivals = engine.imageRequests.map(\.arrivedAt)
                #expect(arrivals.count == 2)
                if arrivals.count == 2 { #expect(arrivals[1] - arrivals[0] >= .milliseconds(300)) }
            }
        }
    }

    @Test func withoutAKeyTheSeedErrorStands() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona(Self.emma)
            let response = try await app.generate(id, "generate-cloud")
            #expect(response.status == .badRequest)
            #expect(response.detail == "DALL-E 3 is not available. Check OPENAI_API_KEY configuration")
        }
    }

    @Test func tooLongPromptForDallE3Is422() async throws {
        try await withFakeOpenAI { engine in
            try await withTestApp({ $0.useCloudEngine(engine); $0.generation.openAIImageModel = "dall-e-3" }) { app in
                let id = try await app.createPersona(
                    #"{"name": "Emma", "base_appearance_description": "\#(String(repeating: "tall ", count: 900))"}"#)
                let response = try await app.generate(id, "generate-cloud", json: #"{"prompt_suffix": "\#(String(repeating: "x", count: 1000))"}"#)
                #expect(response.status == .unprocessableEntity)
                #expect(response.json["detail"]?[0]?["msg"]?.string?.contains("at most 4000") == true)
                #expect(engine.imageRequests.isEmpty)
            }
        }
    }
}
