@testable import App
import EngineFakes
import Foundation
import PersonaSeedCore
import Testing
import Vapor

/// `generate-local` with `LOCAL_SD_BACKEND=comfyui`, against a loopback ComfyUI (HTTP + websocket).
@Suite struct ComfyUIGenerationTests {
    static let checkpoints = ["v1-5-pruned-emaonly.safetensors", "sd_xl_base_1.0.safetensors"]

    func withComfyUI(
        controlNet: String? = nil, _ body: (FakeComfyUI, TestApp) async throws -> Void
    ) async throws {
        let engine = try await FakeComfyUI.start(imagePNG: try EngineImage.png, checkpoints: Self.checkpoints)
        do {
            try await withTestApp({
                $0.generation.localBackend = .comfyui
                $0.generation.localURL = engine.baseURL
                $0.generation.localControlNetModel = controlNet
                $0.generation.localTimeout = 60
            }) { app in try await body(engine, app) }
            await engine.stop()
        } catch {
            await engine.stop()
            throw error
        }
    }

    @Test func generateThenRefineThroughControlNet() async throws {
        try await withComfyUI(controlNet: "controlnet-canny-sdxl-1.0.safetensors") { engine, app in
            let id = try await app.createPersona(LocalGenerationTests.sarah)
            let first = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/generate-local")
            #expect(first.status == .ok, "\(first.body.string)")
            #expect(first.json["base_image_path"]?.string == "persona_\(id)_local_v1.png")
            let graph = try #require(engine.submissions.entries.first)
            #expect(graph.node("CheckpointLoaderSimple")?.node.string("ckpt_name") == "sd_xl_base_1.0.safetensors")
            #expect(graph.node("EmptyLatentImage")?.node.int("width") == 1024)
            #expect(graph.node("KSampler")?.node.int("steps") == 50)
            #expect(graph.node("LoadImage") == nil)
            let job = try #require(graph.promptID)

            // The second call refines the first draft: uploaded, loaded, fed to ControlNet.
            let second = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/generate-local")
            #expect(second.status == .ok, "\(second.body.string)")
            let refined = try #require(engine.submissions.entries.last)
            let upload = try #require(engine.uploads.entries.last)
            let stored = try Data(contentsOf: URL(fileURLWithPath: "\(app.imagesDirectory)/persona_\(id)_local_v1.png"))
            #expect(upload.byteCount == stored.count)
            #expect(refined.node("LoadImage")?.node.string("image")?.hasSuffix(upload.filename) == true)
            #expect(refined.node("ControlNetLoader")?.node.string("control_net_name") == "controlnet-canny-sdxl-1.0.safetensors")
            #expect(refined.promptID != job)

            let versions = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/versions").json
            let generation = try #require(versions[0]?["generation"])
            #expect(generation["backend"]?.string == "comfyui")
            #expect(generation["reference_version"]?.int == 1)
            // ComfyUI takes no "random": the seed we chose is the one in the graph, and the one recorded.
            #expect(generation["seed"]?.int != nil)
            #expect(generation["seed"]?.int == refined.node("KSampler")?.node.int("seed").map(Int.init))
            // The job id is ComfyUI's prompt_id: what a cancel names.
            #expect(generation["job_id"]?.string == refined.promptID)
        }
    }

    @Test func cancellingAJobInterruptsItsPrompt() async throws {
        try await withComfyUI { engine, app in
            engine.update { $0.hangUntilInterrupted = true }
            let id = try await app.createPersona()
            let before = try await app.snapshot(id)
            let accepted = try await app.generate(id, query: "?async=true")
            let jobID = try #require(accepted.json["id"]?.string)
            try await app.waitUntil("ComfyUI to run the prompt") { engine.runningPrompts.contains(jobID) }
            let cancelled = try await app.cancelRunningJob(jobID)
            #expect(cancelled["status"]?.string == "cancelled", "\(cancelled)")
            #expect(engine.interrupts.entries.contains(jobID))
            #expect(try await app.snapshot(id) == before)
        }
    }

    @Test func aFailedRunIsA502WithTheEnginesMessage() async throws {
        try await withComfyUI { engine, app in
            engine.update { $0.executionError = "CUDA error: out of memory" }
            let id = try await app.createPersona()
            let before = try await app.snapshot(id)
            let response = try await app.generate(id)
            #expect(response.status == .badGateway)
            #expect(response.detail?.contains("CUDA error: out of memory") == true, "\(response.detail ?? "")")
            #expect(try await app.snapshot(id) == before)
        }
    }
}
