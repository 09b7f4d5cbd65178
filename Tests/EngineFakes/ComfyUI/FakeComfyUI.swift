import Foundation
import Vapor

/// A ComfyUI server on loopback that speaks ComfyUI's wire protocol (spec/generation.md): it
/// validates graphs like ComfyUI, "runs" them with the real websocket frame sequence, files their
/// history and serves the given PNG as every generated image. Every route also answers under `/api`.
public final class FakeComfyUI: Sendable {
    let server: LoopbackServer
    let state: FakeComfyUIState

    public var baseURL: String { server.baseURL }

    /// Every `POST /prompt` whose body was JSON, accepted or refused.
    public var submissions: Recorder<Submission> { state.submissions }
    public var uploads: Recorder<Upload> { state.uploads }
    /// The `prompt_id` of each `POST /interrupt` (nil: a global interrupt).
    public var interrupts: Recorder<String?> { state.interrupts }
    /// The ids of each `POST /queue {"delete": [...]}`.
    public var queueDeletes: Recorder<[String]> { state.queueDeletes }
    /// The `clientId` of each websocket connection.
    public var socketClients: Recorder<String> { state.socketClients }
    public var viewRequests: Recorder<ViewRequest> { state.viewRequests }
    /// Every websocket frame delivered, in order.
    public var sentFrames: Recorder<SentFrame> { state.sentFrames }
    /// The prompt id of each `GET /history/{id}`.
    public var historyRequests: Recorder<String> { state.historyRequests }

    /// `checkpoints`: what `CheckpointLoaderSimple` accepts and `/models/checkpoints` lists.
    /// `controlNets`: what `ControlNetLoader` accepts.
    public static func start(
        imagePNG: Data, checkpoints: [String], ipAdapterNodes: Bool = false,
        controlNets: [String] = ["controlnet-canny-sdxl-1.0.safetensors"]
    ) async throws -> FakeComfyUI {
        var behaviour = Behaviour()
        behaviour.ipAdapterNodes = ipAdapterNodes
        let state = FakeComfyUIState(
            imagePNG: imagePNG, checkpoints: checkpoints, controlNets: controlNets, behaviour: behaviour)
        let server = try await LoopbackServer.start { app in
            state.registerRoutes(on: app, prefix: "")
            state.registerRoutes(on: app.grouped("api"), prefix: "/api")
        }
        return FakeComfyUI(server: server, state: state)
    }

    private init(server: LoopbackServer, state: FakeComfyUIState) {
        self.server = server
        self.state = state
    }

    public var behaviour: Behaviour { state.behaviour }

    /// Changes the behaviour while the server runs; runs in progress see the change at their next step.
    public func update(_ change: (inout Behaviour) -> Void) {
        state.updateBehaviour(change)
    }

    /// Ids of the prompts running now.
    public var runningPrompts: Set<String> { state.runningPrompts }

    /// Ends the runs in progress, closes the websockets and stops the server.
    public func stop() async {
        await state.shutDown()
        await server.stop()
    }
}
