import EngineFakes
import Foundation
import Testing

/// The fake must refuse what the real service refuses, or the client tests prove nothing.
@Suite("FakeOpenAI: checks like the real service")
struct FakeOpenAIChecksTests {
    struct Rejection: Sendable, CustomTestStringConvertible {
        var json: String
        var apiKey: String? = "test-key"
        var status: Int
        var code: String?
        var param: String?

        var testDescription: String { "\(status) \(code ?? "no code") for \(json)" }
    }

    @Test("invalid requests get OpenAI's error envelope", arguments: [
        Rejection(json: #"{"model": "gpt-image-2", "prompt": "p", "response_format": "b64_json"}"#,
                  status: 400, code: "unknown_parameter", param: "response_format"),
        Rejection(json: #"{"model": "gpt-image-1", "prompt": "p", "style": "natural"}"#,
                  status: 400, code: "unknown_parameter", param: "style"),
        Rejection(json: #"{"model": "dall-e-3", "prompt": "p", "n": 2}"#, status: 400),
        Rejection(json: #"{"model": "gpt-image-9", "prompt": "p"}"#, status: 404, code: "model_not_found"),
        Rejection(json: #"{"model": "gpt-image-2", "prompt": "p"}"#, apiKey: "sk-wrong", status: 401, code: "invalid_api_key"),
        Rejection(json: #"{"model": "gpt-image-2", "prompt": "p"}"#, apiKey: nil, status: 401, code: "invalid_api_key"),
    ])
    func rejects(_ rejection: Rejection) async throws {
        let fake = try await FakeOpenAI.start(imagePNG: Data([0x89]))
        do {
            let (status, body) = try await OpenAIRawHTTP.send(
                "POST", to: fake.baseURL + "/images/generations", json: rejection.json, apiKey: rejection.apiKey)
            #expect(status == rejection.status)
            let envelope = try JSONDecoder().decode([String: [String: FakeJSON]].self, from: Data(body.utf8))
            let error = try #require(envelope["error"])
            #expect(error["message"]?.string?.isEmpty == false)
            #expect(error["type"] != nil)
            #expect(error["code"] == rejection.code.map(FakeJSON.string) ?? .null)
            #expect(error["param"] == rejection.param.map(FakeJSON.string) ?? .null)
            #expect(fake.pendingBehaviors == 0)
        } catch {
            await fake.stop()
            throw error
        }
        await fake.stop()
    }

    @Test("GET /v1/models lists the models, bearer required")
    func listsModels() async throws {
        let fake = try await FakeOpenAI.start(imagePNG: Data([0x89]), models: ["gpt-image-2", "dall-e-3"])
        do {
            let (status, body) = try await OpenAIRawHTTP.send("GET", to: fake.baseURL + "/models")
            #expect(status == 200)
            #expect(body.contains(#""id": "gpt-image-2""#))
            #expect(body.contains(#""id": "dall-e-3""#))
            let (unauthorized, _) = try await OpenAIRawHTTP.send("GET", to: fake.baseURL + "/models", apiKey: nil)
            #expect(unauthorized == 401)
        } catch {
            await fake.stop()
            throw error
        }
        await fake.stop()
    }
}
