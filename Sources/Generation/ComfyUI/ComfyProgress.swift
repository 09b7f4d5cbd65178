import Foundation

/// Forwards sampler progress as fractions that never go back (a second sampler pass, or a frame
/// arriving late, must not make the bar jump backwards).
final class ComfyProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private var reported = 0.0
    private let onProgress: @Sendable (Double) -> Void

    init(_ onProgress: @escaping @Sendable (Double) -> Void) {
        self.onProgress = onProgress
    }

    func report(_ fraction: Double) {
        let clamped = min(max(fraction, 0), 1)
        let advanced = lock.withLock {
            guard clamped > reported else { return false }
            reported = clamped
            return true
        }
        if advanced { onProgress(clamped) }
    }
}

/// Which prompt we submitted, once we may have: cancellation and timeouts must then stop the engine.
final class ComfySubmission: @unchecked Sendable {
    private let lock = NSLock()
    private var id: String?

    var promptID: String? { lock.withLock { id } }

    func mark(_ promptID: String) {
        lock.withLock { id = promptID }
    }
}

/// How following the websocket ended.
enum ComfySocketEnding: Sendable {
    case succeeded
    case closed
}

enum ComfyFrameFollower {
    /// Reads our prompt's frames until `execution_success`. Other prompts' frames and the frames that
    /// carry nothing for us (`status`, `executing`, `execution_cached`, `progress_state`…) are skipped;
    /// `executing {node: null}` is not an end (spec/generation.md).
    static func follow(
        _ frames: AsyncStream<String>, promptID: String, samplerNode: String, progress: ComfyProgressReporter
    ) async throws -> ComfySocketEnding {
        let decoder = JSONDecoder()
        for await text in frames {
            guard let frame = try? decoder.decode(ComfyFrame.self, from: Data(text.utf8)),
                  let data = frame.data, data.promptID == promptID
            else { continue }
            switch frame.type {
            case "progress":
                guard data.node == nil || data.node == samplerNode,
                      let value = data.value, let max = data.max, max > 0
                else { continue }
                progress.report(value / max)
            case "execution_success":
                progress.report(1)
                return .succeeded
            case "execution_error":
                throw GenerationError.failed(
                    engine: .comfyui, status: nil,
                    message: ComfyErrorMessage.execution(message: data.exceptionMessage, type: data.exceptionType))
            case "execution_interrupted":
                throw CancellationError()
            default:
                continue
            }
        }
        try Task.checkCancellation()
        return .closed
    }
}
