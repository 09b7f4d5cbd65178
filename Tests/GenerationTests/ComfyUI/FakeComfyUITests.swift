import AsyncHTTPClient
import EngineFakes
import Foundation
import NIOCore
import Testing

/// The fake itself answers like ComfyUI, so that other targets can rely on it.
struct FakeComfyUITests {
    private static func post(_ url: String, json: String, with client: HTTPClient) async throws -> (Int, [String: Any]) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
        let response = try await client.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 20)
        let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
        return (Int(response.status.code), object)
    }

    private static func withFake(_ body: (FakeComfyUI, HTTPClient) async throws -> Void) async throws {
        let fake = try await FakeComfyUI.start(imagePNG: ComfyTestKit.png, checkpoints: ["a.safetensors"])
        try await TestSupport.withHTTPClient(stopping: fake.stop) { try await body(fake, $0) }
    }

    @Test func anUnknownClassIsAnInvalidPromptWithEmptyNodeErrors() async throws {
        try await Self.withFake { fake, client in
            let (status, body) = try await Self.post(
                fake.baseURL + "/api/prompt", json: #"{"prompt": {"1": {"class_type": "Nope", "inputs": {}}}}"#, with: client)
            #expect(status == 400)
            let error = body["error"] as? [String: Any]
            #expect(error?["type"] as? String == "invalid_prompt")
            #expect(error?["message"] as? String == "Cannot execute because node Nope does not exist.")
            #expect((body["node_errors"] as? [String: Any])?.isEmpty == true)
            #expect(fake.submissions.entries.first?.path == "/api/prompt")
        }
    }

    @Test func aGraphWithoutSaveImageHasNoOutputs() async throws {
        try await Self.withFake { fake, client in
            let graph = #"{"prompt": {"1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "a.safetensors"}}}}"#
            let (status, body) = try await Self.post(fake.baseURL + "/prompt", json: graph, with: client)
            #expect(status == 400)
            #expect((body["error"] as? [String: Any])?["type"] as? String == "prompt_no_outputs")
        }
    }

    @Test func aLinkToAMissingNodeIsARequiredInputMissing() async throws {
        try await Self.withFake { fake, client in
            let graph = #"{"prompt": {"7": {"class_type": "SaveImage", "inputs": {"filename_prefix": "x", "images": ["6", 0]}}}}"#
            let (status, body) = try await Self.post(fake.baseURL + "/prompt", json: graph, with: client)
            #expect(status == 400)
            #expect((body["error"] as? [String: Any])?["type"] as? String == "prompt_outputs_failed_validation")
            let node = (body["node_errors"] as? [String: Any])?["7"] as? [String: Any]
            #expect(node?["class_type"] as? String == "SaveImage")
            let first = (node?["errors"] as? [[String: Any]])?.first
            #expect(first?["type"] as? String == "required_input_missing")
            #expect((first?["extra_info"] as? [String: Any])?["input_name"] as? String == "images")
        }
    }

    @Test func anUnknownPromptHasAnEmptyHistoryAndInterruptAnswersEmpty() async throws {
        try await Self.withFake { fake, client in
            let response = try await client.execute(HTTPClientRequest(url: fake.baseURL + "/history/unknown"), timeout: .seconds(60))
            #expect(response.status.code == 200)
            #expect(String(buffer: try await response.body.collect(upTo: 1024)) == "{}")
            let (status, _) = try await Self.post(fake.baseURL + "/interrupt", json: #"{"prompt_id": "abc"}"#, with: client)
            #expect(status == 200)
            #expect(fake.interrupts.entries == ["abc"])
        }
    }
}
