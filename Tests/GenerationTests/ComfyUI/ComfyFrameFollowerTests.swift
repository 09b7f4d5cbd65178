import Foundation
import Testing

@testable import Generation

/// Reading the websocket frames of one prompt among everything ComfyUI sends.
struct ComfyFrameFollowerTests {
    private static func frames(_ texts: [String]) -> AsyncStream<String> {
        AsyncStream { continuation in
            texts.forEach { continuation.yield($0) }
            continuation.finish()
        }
    }

    private static func progress(_ value: Int, of max: Int, prompt: String = "ours", node: String = "5") -> String {
        #"{"type": "progress", "data": {"value": \#(value), "max": \#(max), "prompt_id": "\#(prompt)", "node": "\#(node)"}}"#
    }

    @Test func followsOnlyOurPromptAndEndsOnExecutionSuccessOnly() async throws {
        let log = ComfyProgressLog()
        let ending = try await ComfyFrameFollower.follow(
            Self.frames([
                #"{"type": "status", "data": {"status": {"exec_info": {"queue_remaining": 1}}, "sid": "c"}}"#,
                Self.progress(3, of: 4, prompt: "theirs"),
                #"{"type": "execution_success", "data": {"prompt_id": "theirs", "timestamp": 1}}"#,
                #"{"type": "execution_cached", "data": {"nodes": [], "prompt_id": "ours"}}"#,
                Self.progress(1, of: 4),
                #"{"type": "progress_state", "data": {"prompt_id": "ours", "nodes": {}}}"#,
                Self.progress(1, of: 1, node: "6"),
                Self.progress(2, of: 4),
                Self.progress(1, of: 4),
                #"{"type": "executing", "data": {"node": null, "prompt_id": "ours"}}"#,
                "not json",
                Self.progress(4, of: 4),
                #"{"type": "execution_success", "data": {"prompt_id": "ours", "timestamp": 2}}"#,
                Self.progress(1, of: 8),
            ]),
            promptID: "ours", samplerNode: "5", progress: ComfyProgressReporter { log.record($0) })
        #expect(ending == .succeeded)
        #expect(log.all == [0.25, 0.5, 1.0])
    }

    @Test func aSocketThatEndsWithoutSuccessIsClosedNotFinished() async throws {
        let ending = try await ComfyFrameFollower.follow(
            Self.frames([
                Self.progress(1, of: 4),
                #"{"type": "executing", "data": {"node": null, "prompt_id": "ours"}}"#,
            ]),
            promptID: "ours", samplerNode: "5", progress: ComfyProgressReporter { _ in })
        #expect(ending == .closed)
    }

    @Test func anExecutionErrorCarriesItsExceptionMessage() async throws {
        let error = await TestSupport.error {
            try await ComfyFrameFollower.follow(
                Self.frames([
                    #"{"type": "execution_error", "data": {"prompt_id": "ours", "node_id": "5", "node_type": "KSampler", "exception_message": "Allocation on device\n", "exception_type": "torch.OutOfMemoryError"}}"#,
                ]),
                promptID: "ours", samplerNode: "5", progress: ComfyProgressReporter { _ in })
        }
        #expect(error as? GenerationError == .failed(engine: .comfyui, status: nil, message: "Allocation on device"))
    }

    @Test func anInterruptionIsACancellation() async throws {
        let error = await TestSupport.error {
            try await ComfyFrameFollower.follow(
                Self.frames([
                    #"{"type": "execution_interrupted", "data": {"prompt_id": "ours", "node_id": "5", "node_type": "KSampler", "executed": [], "timestamp": 3}}"#,
                ]),
                promptID: "ours", samplerNode: "5", progress: ComfyProgressReporter { _ in })
        }
        #expect(error is CancellationError)
    }

    @Test func nodeErrorsAreSpelledOutWithInputAndReceivedValue() {
        let body = """
        {"error": {"type": "prompt_outputs_failed_validation", "message": "Prompt outputs failed validation",
         "details": "", "extra_info": {}}, "node_errors": {"1": {"errors": [{"type": "value_not_in_list",
         "message": "Value not in list", "details": "ckpt_name: 'x.safetensors' not in ['a.safetensors']",
         "extra_info": {"input_name": "ckpt_name", "input_config": [["a.safetensors"], {}], "received_value": "x.safetensors"}}],
         "dependent_outputs": ["7"], "class_type": "CheckpointLoaderSimple"}}}
        """
        #expect(ComfyErrorMessage.from(body: Data(body.utf8), status: 400)
            == "Prompt outputs failed validation; CheckpointLoaderSimple node 1: Value not in list: ckpt_name = "
            + "'x.safetensors' (ckpt_name: 'x.safetensors' not in ['a.safetensors'])")
        #expect(ComfyErrorMessage.from(body: Data("500 Internal Server Error".utf8), status: 500) == "500 Internal Server Error")
        #expect(ComfyErrorMessage.from(body: Data(), status: 404) == "HTTP 404")
    }
}
