import AsyncHTTPClient
import EngineFakes
import Foundation
import Generation
import NIOCore
import Testing

/// The fake's own rules, spoken to directly: other suites and the benchmark rely on them.
@Suite struct A1111FakeBehaviourTests {
    private func post(
        _ url: String, _ json: FakeJSON, with httpClient: HTTPClient
    ) async throws -> (status: UInt, body: FakeJSON?) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: json.encoded))
        let response = try await httpClient.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 64 << 20)
        return (response.status.code, FakeJSON.decode(Data(body.readableBytesView)))
    }

    @Test func sdServerQuietlyRunsTxt2imgForAnImg2imgWithoutUsableInitImage() async throws {
        try await A1111TestHarness.withFake(flavour: .sdServer) { fake, _ in
            try await TestSupport.withHTTPClient { httpClient in
                let url = fake.baseURL + "/sdapi/v1/img2img"
                let missing = try await post(url, ["prompt": "a cat"], with: httpClient)
                let garbled = try await post(url, ["prompt": "a cat", "init_images": ["%%%"]], with: httpClient)
                #expect(missing.status == 200)
                #expect(garbled.status == 200)
                #expect(fake.generations.map(\.ranAs) == ["txt2img", "txt2img"])
            }
        }
    }

    @Test func a1111RefusesAControlNetScriptWithoutTheExtension() async throws {
        try await A1111TestHarness.withFake(controlNetModels: nil) { fake, _ in
            try await TestSupport.withHTTPClient { httpClient in
                let answer = try await post(fake.baseURL + "/sdapi/v1/txt2img", [
                    "prompt": "a cat", "alwayson_scripts": ["ControlNet": ["args": []]],
                ], with: httpClient)
                #expect(answer.status == 422)
                #expect(answer.body?["detail"] == "always on script ControlNet not found")
            }
        }
    }

    @Test func progressIsZeroWhenIdleAndInfoIsAJSONString() async throws {
        try await A1111TestHarness.withFake(controlNetModels: ["control_v11p_sd15_canny [d14c016b]"]) { fake, _ in
            try await TestSupport.withHTTPClient { httpClient in
                let idle = try await httpClient.execute(HTTPClientRequest(url: fake.baseURL + "/sdapi/v1/progress"), timeout: .seconds(60))
                let idleBody = FakeJSON.decode(Data(try await idle.body.collect(upTo: 1 << 20).readableBytesView))
                #expect(idleBody?["progress"] == 0)
                #expect(idleBody?["state"]?["sampling_steps"] == 0)

                let image = try TestSupport.generatedPNG().base64EncodedString()
                let answer = try await post(fake.baseURL + "/sdapi/v1/img2img", [
                    "prompt": "a cat", "seed": 5, "batch_size": 2, "init_images": [.string(image)],
                    "alwayson_scripts": ["controlnet": ["args": [[
                        "enabled": true, "image": .string(image), "module": "canny",
                        "model": "control_v11p_sd15_canny [d14c016b]",
                    ]]]],
                ], with: httpClient)
                #expect(answer.status == 200)
                #expect(answer.body?["images"]?.array?.count == 3)
                let info = try #require(answer.body?["info"]?.string.flatMap { FakeJSON.decode(Data($0.utf8)) })
                #expect(info["seed"] == 5)
                #expect(info["all_seeds"] == [5, 6])
                #expect(info["sd_model_hash"]?.string == fake.models[0].hash)
                #expect(info["infotexts"]?.array?.count == 2)
            }
        }
    }
}
