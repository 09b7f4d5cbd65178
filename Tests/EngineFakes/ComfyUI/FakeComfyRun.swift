import Foundation
import Vapor

/// One accepted prompt "executing": the frame sequence ComfyUI 0.3.64 sends (spec/generation.md,
/// "Observed"), then the history entry and the saved images.
struct FakeComfyRun: Sendable {
    let state: FakeComfyUIState
    let promptID: String
    let clientID: String?
    let number: Int
    let prompt: FakeJSON
    let graph: [String: FakeComfyUI.Node]
    let outputs: [String]

    private enum StepOutcome {
        case finished
        case interrupted(at: String)
        case failed(at: String, message: String)
        case abandoned
    }

    func perform() async {
        state.markRunning(promptID, true)
        defer { state.markRunning(promptID, false) }
        var messages: [FakeJSON] = []
        func announce(_ type: String, _ data: FakeJSON, keep: Bool = false) async {
            if keep { messages.append([.string(type), data]) }
            await send(["type": .string(type), "data": data])
        }

        await announce("status", ["status": ["exec_info": ["queue_remaining": 1]]])
        await announce("execution_start", ["prompt_id": .string(promptID), "timestamp": Self.now], keep: true)
        await announce("execution_cached", ["nodes": [], "prompt_id": .string(promptID), "timestamp": Self.now], keep: true)
        var executed: [String] = []
        for id in executionOrder() {
            await announce("executing", ["node": .string(id), "display_node": .string(id), "prompt_id": .string(promptID)])
            await announce("progress_state", progressState(id, value: 0, max: 1))
            if graph[id]?.classType == "KSampler" {
                switch await sample(node: id, announce: announce) {
                case .finished: break
                case .abandoned: return
                case .interrupted(let node):
                    let data: FakeJSON = [
                        "prompt_id": .string(promptID), "node_id": .string(node), "node_type": "KSampler",
                        "executed": .array(executed.map { .string($0) }), "timestamp": Self.now,
                    ]
                    await announce("execution_interrupted", data, keep: true)
                    fileHistory(messages: messages, outputs: [:], success: false)
                    await announce("status", ["status": ["exec_info": ["queue_remaining": 0]]])
                    return
                case .failed(let node, let message):
                    let data: FakeJSON = [
                        "prompt_id": .string(promptID), "node_id": .string(node), "node_type": "KSampler",
                        "executed": .array(executed.map { .string($0) }), "exception_message": .string(message + "\n"),
                        "exception_type": "RuntimeError", "traceback": ["  File \"execution.py\", line 496, in execute\n"],
                        "current_inputs": [:], "current_outputs": [:], "timestamp": Self.now,
                    ]
                    await announce("execution_error", data, keep: true)
                    fileHistory(messages: messages, outputs: [:], success: false)
                    await announce("status", ["status": ["exec_info": ["queue_remaining": 0]]])
                    return
                }
            }
            executed.append(id)
        }
        var saved: [String: FakeJSON] = [:]
        let subfolder = state.behaviour.outputSubfolder
        for id in outputs {
            let prefix = graph[id]?.string("filename_prefix") ?? "ComfyUI"
            let names = state.saveOutputs(prefix: prefix, subfolder: subfolder, count: imageCount())
            let images: FakeJSON = .array(names.map { ["filename": .string($0), "subfolder": .string(subfolder), "type": "output"] })
            saved[id] = ["images": images]
            await announce("executed", [
                "node": .string(id), "display_node": .string(id), "output": ["images": images], "prompt_id": .string(promptID),
            ])
        }
        await announce("execution_success", ["prompt_id": .string(promptID), "timestamp": Self.now], keep: true)
        // The real server files the history after it sends execution_success.
        try? await Task.sleep(for: state.behaviour.historyDelay)
        fileHistory(messages: messages, outputs: saved, success: true)
        await announce("status", ["status": ["exec_info": ["queue_remaining": 0]]])
        await announce("executing", ["node": nil, "prompt_id": .string(promptID)])
    }

    /// One `progress` frame per step; the knobs act half-way through (or, to hang, before the first step).
    private func sample(node: String, announce: (String, FakeJSON, Bool) async -> Void) async -> StepOutcome {
        let steps = Int(max(graph[node]?.int("steps") ?? 1, 1))
        let halfway = max(1, (steps + 1) / 2)
        var step = 0
        while step < steps {
            let behaviour = state.behaviour
            // Like the real sampler, an interrupt is noticed between steps.
            try? await Task.sleep(for: behaviour.hangUntilInterrupted ? .milliseconds(5) : behaviour.stepDelay)
            if Task.isCancelled || state.isStopped { return .abandoned }
            if state.isInterrupted(promptID) { return .interrupted(at: node) }
            if behaviour.hangUntilInterrupted { continue }
            step += 1
            await announce("progress", [
                "value": .int(Int64(step)), "max": .int(Int64(steps)), "prompt_id": .string(promptID), "node": .string(node),
            ], false)
            await announce("progress_state", progressState(node, value: step, max: steps), false)
            guard step == halfway else { continue }
            await sendPreview()
            if let message = behaviour.executionError { return .failed(at: node, message: message) }
            if behaviour.closeSocketMidRun, let socket = state.socket(of: clientID) { try? await socket.close() }
        }
        return .finished
    }

    private func fileHistory(messages: [FakeJSON], outputs: [String: FakeJSON], success: Bool) {
        var meta: [String: FakeJSON] = [:]
        for id in outputs.keys {
            meta[id] = ["node_id": .string(id), "display_node": .string(id), "parent_node": nil, "real_node_id": .string(id)]
        }
        state.fileHistory(promptID, [
            "prompt": [.int(Int64(number)), .string(promptID), prompt, ["client_id": clientID.map { .string($0) } ?? nil],
                       .array(self.outputs.map { .string($0) })],
            "outputs": .object(outputs),
            "status": ["status_str": success ? "success" : "error", "completed": .bool(success), "messages": .array(messages)],
            "meta": .object(meta),
        ])
    }

    /// Dependencies first, as ComfyUI executes them.
    private func executionOrder() -> [String] {
        var order: [String] = []
        var seen: Set<String> = []
        func visit(_ id: String) {
            guard seen.insert(id).inserted, let node = graph[id] else { return }
            for name in node.inputs.keys.sorted() {
                if let link = node.link(name) { visit(link.node) }
            }
            order.append(id)
        }
        outputs.forEach(visit)
        return order
    }

    private func imageCount() -> Int {
        if let amount = graph.values.first(where: { $0.classType == "RepeatLatentBatch" })?.int("amount") { return Int(amount) }
        if let batch = graph.values.first(where: { $0.classType == "EmptyLatentImage" })?.int("batch_size") { return Int(batch) }
        return 1
    }

    private func progressState(_ node: String, value: Int, max: Int) -> FakeJSON {
        ["prompt_id": .string(promptID), "nodes": .object([node: [
            "value": .int(Int64(value)), "max": .int(Int64(max)), "state": "running", "node_id": .string(node),
            "prompt_id": .string(promptID), "display_node_id": .string(node), "parent_node_id": nil,
            "real_node_id": .string(node),
        ]])]
    }

    private func send(_ frame: FakeJSON) async {
        guard let clientID, let socket = state.socket(of: clientID) else { return }
        guard (try? await socket.send(frame.description)) != nil else { return }
        state.sentFrames.append(.init(
            clientID: clientID, type: frame["type"]?.string ?? "", promptID: frame["data"]?["prompt_id"]?.string))
    }

    /// ComfyUI's binary preview: event type 1 (PREVIEW_IMAGE), image type 2 (PNG), then the image.
    private func sendPreview() async {
        guard let clientID, let socket = state.socket(of: clientID) else { return }
        guard (try? await socket.send([0, 0, 0, 1, 0, 0, 0, 2] + Array(state.imagePNG.prefix(256)))) != nil else { return }
        state.sentFrames.append(.init(clientID: clientID, type: "preview", promptID: promptID))
    }

    private static var now: FakeJSON { .int(Int64(Date().timeIntervalSince1970 * 1000)) }
}
