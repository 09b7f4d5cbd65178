@testable import App
import EngineFakes
import Foundation
import Generation
import PersonaSeedCore
import Testing
import Vapor

/// Content from the approved baseline, per engine: what each engine receives as the identity
/// reference is exactly the approved version's stored bytes, in the form the engine can use.
@Suite struct ContentEngineTests {
    static let scene = #"{"engine": "%@", "prompt": "reading in a sunlit cafe, candid", "identity_strength": 0.8}"#

    static func body(_ engine: String) -> String { scene.replacingOccurrences(of: "%@", with: engine) }

    @Test func gptImageGetsTheBaselineAsItsEditImageAtHighFidelity() async throws {
        try await withFakeOpenAI { engine in
            try await withTestApp({ $0.useCloudEngine(engine) }) { app in
                let (id, baselineSHA) = try await app.approvedPersona()
                let response = try await app.generateContent(id, Self.body("cloud"))
                #expect(response.status == .created, "\(response.body.string)")
                let sent = try #require(engine.imageRequests.last)
                #expect(sent.path == "/v1/images/edits")
                #expect(sent.formFields["input_fidelity"] == "high")
                let image = try #require(sent.multipart?.first { $0.name == "image[]" })
                #expect(sha256Hex(image.body) == baselineSHA)
                let prompt = try #require(sent.formFields["prompt"])
                #expect(prompt.contains("Athletic woman in her mid-20s"))
                #expect(prompt.contains("Scene: reading in a sunlit cafe, candid"))

                let item = try #require(response.json[0])
                let cid = try #require(item["id"]?.string)
                #expect(item["baseline_version"]?.int == 1)
                #expect(item["baseline_sha256"]?.string == baselineSHA)
                #expect(item["engine"]?.string == "cloud")
                #expect(item["backend"]?.string == "openai")
                #expect(item["scene_prompt"]?.string == "reading in a sunlit cafe, candid")
                #expect(item["prompt"]?.string == prompt.components(separatedBy: "\n\nAvoid: ").first)
                #expect(item["path"]?.string == "persona_\(id)_content_\(cid).png")
                #expect(FileManager.default.fileExists(atPath: "\(app.imagesDirectory)/persona_\(id)_content_\(cid).png"))
                #expect(FileManager.default.fileExists(atPath: "\(app.imagesDirectory)/persona_\(id)_content_\(cid)_thumb.webp"))
            }
        }
    }

    @Test func dallE3GetsTheBaselinesDescriptionInItsPromptAndNoImage() async throws {
        try await withFakeOpenAI { engine in
            try await withTestApp({ $0.useCloudEngine(engine); $0.generation.openAIImageModel = "dall-e-3" }) { app in
                let (id, _) = try await app.approvedPersona()
                let response = try await app.generateContent(id, Self.body("cloud"))
                #expect(response.status == .created, "\(response.body.string)")
                let sent = try #require(engine.imageRequests.last)
                #expect(sent.path == "/v1/images/generations")
                #expect(sent.multipart == nil)
                let prompt = try #require(sent.json?["prompt"]?.string)
                #expect(prompt.contains(
                    "The same person as in the approved reference portrait: Athletic woman in her mid-20s, long blonde hair, bright blue eyes"))
                #expect(prompt.contains("Scene: reading in a sunlit cafe, candid"))
                #expect(response.json[0]?["generation"]?["parameters"]?["reference_ignored"]?.bool == true)
            }
        }
    }

    @Test(arguments: [true, false])
    func comfyUIUsesIPAdapterNodesWhenListedElseImageToImage(ipAdapterNodes: Bool) async throws {
        let engine = try await FakeComfyUI.start(
            imagePNG: try EngineImage.png, checkpoints: ComfyUIGenerationTests.checkpoints, ipAdapterNodes: ipAdapterNodes)
        do {
            try await withTestApp({
                $0.generation.localBackend = .comfyui
                $0.generation.localURL = engine.baseURL
                $0.generation.localTimeout = 600
            }) { app in
                let (id, baselineSHA) = try await app.approvedPersona()
                let response = try await app.generateContent(id, Self.body("local"))
                #expect(response.status == .created, "\(response.body.string)")
                let upload = try #require(engine.uploads.entries.last)
                #expect(sha256Hex(upload.bytes) == baselineSHA)
                let graph = try #require(engine.submissions.entries.last)
                #expect(graph.node("LoadImage")?.node.string("image")?.hasSuffix(upload.filename) == true)
                let sampler = try #require(graph.node("KSampler")?.node)
                if ipAdapterNodes {
                    #expect(graph.node("IPAdapterUnifiedLoader") != nil)
                    #expect(graph.node("IPAdapterAdvanced")?.node.number("weight") == 0.8)
                    // A new scene from noise: the adapter alone carries the face.
                    #expect(graph.node("VAEEncode") == nil)
                    #expect(graph.node("EmptyLatentImage") != nil)
                    #expect(sampler.number("denoise") == 1)
                    #expect(sampler.link("model")?.node == graph.node("IPAdapterAdvanced")?.id)
                } else {
                    #expect(graph.node("IPAdapterUnifiedLoader") == nil && graph.node("IPAdapterAdvanced") == nil)
                    #expect(graph.node("VAEEncode") != nil)
                    #expect(sampler.number("denoise") == ReferenceRole.denoise(forIdentityStrength: 0.8))
                }
                #expect(response.json[0]?["backend"]?.string == "comfyui")
            }
            await engine.stop()
        } catch {
            await engine.stop()
            throw error
        }
    }

    @Test func a1111SendsAnIPAdapterUnitWhenTheExtensionListsOne() async throws {
        let adapter = "ip-adapter-plus-face_sd15 [7f7a633a]"
        try await withFakeA1111(models: ["v1-5-pruned-emaonly"], controlNetModels: [adapter, "control_v11p_sd15_canny [d14c016b]"]) { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let (id, baselineSHA) = try await app.approvedPersona()
                let response = try await app.generateContent(id, Self.body("local"))
                #expect(response.status == .created, "\(response.body.string)")
                let sent = try #require(engine.generations.last)
                #expect(sent.path == "/sdapi/v1/txt2img")
                #expect(sent.json?["init_images"] == nil)
                let units = try #require(sent.json?["alwayson_scripts"]?["controlnet"]?["args"]?.array)
                #expect(units.count == 1)
                #expect(units[0]["model"]?.string == adapter)
                #expect(units[0]["weight"]?.number == 0.8)
                let image = try #require(units[0]["image"]?.string.flatMap { Data(base64Encoded: $0) })
                #expect(sha256Hex(image) == baselineSHA)
                #expect(response.json[0]?["generation"]?["parameters"]?["mode"]?.string == "txt2img+ip-adapter")
            }
        }
    }

    @Test func a1111WithoutAnIPAdapterUsesImageToImageAtTheDerivedDenoise() async throws {
        try await withFakeA1111(models: ["v1-5-pruned-emaonly"]) { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let (id, baselineSHA) = try await app.approvedPersona()
                let response = try await app.generateContent(id, Self.body("local"))
                #expect(response.status == .created, "\(response.body.string)")
                let sent = try #require(engine.generations.last)
                #expect(sent.path == "/sdapi/v1/img2img")
                #expect(sent.json?["alwayson_scripts"] == nil)
                #expect(sent.json?["denoising_strength"]?.number == ReferenceRole.denoise(forIdentityStrength: 0.8))
                let image = try #require(sent.json?["init_images"]?[0]?.string.flatMap { Data(base64Encoded: $0) })
                #expect(sha256Hex(image) == baselineSHA)
            }
        }
    }
}
