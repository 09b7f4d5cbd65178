import Foundation
@testable import Generation
import Testing

@Suite struct A1111WireTests {
    @Test func credentialsComeFromTheConfigurationBeforeTheURL() {
        let fromURL = A1111Endpoint(configuration: .init(baseURL: "http://bob:pa%40ss@gpu.local:7860/"))
        #expect(fromURL.baseURL == "http://gpu.local:7860")
        #expect(fromURL.authorization == "Basic " + Data("bob:pa@ss".utf8).base64EncodedString())

        let explicit = A1111Endpoint(configuration: .init(baseURL: "http://bob:old@gpu.local:7860", username: "amy", password: "new"))
        #expect(explicit.baseURL == "http://gpu.local:7860")
        #expect(explicit.authorization == "Basic " + Data("amy:new".utf8).base64EncodedString())

        #expect(A1111Endpoint(configuration: .init()).authorization == nil)
        #expect(A1111Endpoint(configuration: .init()).baseURL == "http://127.0.0.1:7860")
    }

    @Test func errorShapesReduceToTheEnginesMessage() throws {
        func summary(_ json: String) -> String? {
            (try? JSONDecoder().decode(A1111ErrorBody.self, from: Data(json.utf8)))?.summary
        }
        #expect(summary(#"{"detail": "Not authenticated"}"#) == "Not authenticated")
        #expect(summary(#"{"detail": [{"loc": ["body", "init_images", 0], "msg": "str type expected", "type": "type_error.str"}]}"#)
            == "body.init_images.0: str type expected")
        #expect(summary(#"{"error": "RuntimeError", "detail": "", "body": "", "errors": "boom"}"#) == "RuntimeError: boom")
        #expect(summary(#"{"error": "HTTPException", "detail": "always on script foo not found", "body": "", "errors": "422: always on script foo not found"}"#)
            == "always on script foo not found")
        #expect(summary(#"{"error": "server_error", "message": "bad json"}"#) == "bad json")
        #expect(summary(#"{"error": "prompt required"}"#) == "prompt required")

        let page = A1111ErrorMapping.failure(status: 502, body: Data("<html>Bad Gateway</html>".utf8), path: "/sdapi/v1/txt2img")
        #expect(page == .failed(engine: .automatic1111, status: 502, message: "<html>Bad Gateway</html>"))
        let missing = A1111ErrorMapping.failure(status: 404, body: Data(#"{"detail":"Not Found"}"#.utf8), path: "/sdapi/v1/txt2img")
        #expect(missing.description.contains("--api"))
    }

    @Test func answerDecodingStripsDataURLsAndFallsBackToSeedPlusIndex() throws {
        let png = Data([0x89, 0x50, 0x4E, 0x47])
        let body: [String: Any] = [
            "images": ["data:image/png;base64," + png.base64EncodedString(), png.base64EncodedString()],
            "parameters": [:],
            "info": #"{"seed": 100, "sd_model_hash": "abc"}"#,
        ]
        let data = try JSONSerialization.data(withJSONObject: body)
        let plan = A1111Plan(
            mode: .txt2img, body: Data(), units: [], samplerName: "Euler", cfgScale: 5,
            denoisingStrength: nil)
        let output = try A1111OutputReader.read(data, request: GenerationRequest(prompt: "p", model: "m", count: 2), plan: plan)
        #expect(output.images.map(\.bytes) == [png, png])
        #expect(output.images.map(\.seed) == [100, 101])
        #expect(output.parameters["sd_model_hash"] == .string("abc"))

        #expect(throws: GenerationError.self) {
            try A1111OutputReader.read(data, request: GenerationRequest(prompt: "p", model: "m", count: 3), plan: plan)
        }
    }
}
