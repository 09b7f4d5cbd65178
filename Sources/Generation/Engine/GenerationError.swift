/// Why an engine call failed. The App maps each case to one HTTP status:
/// unreachable / failed / invalidOutput → 502, refused → 422, timedOut → 504, noModels → 400.
public enum GenerationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection, connection refused or reset, or the connection dropped before a whole answer.
    case unreachable(engine: EngineKind, url: String, reason: String)
    /// The engine refused the prompt itself (OpenAI `content_policy_violation` / `moderation_blocked`):
    /// `message` is the engine's own text, shown to the user as is.
    case refused(engine: EngineKind, message: String)
    /// No whole answer within the configured time (the whole call, retries included).
    case timedOut(engine: EngineKind, url: String, seconds: Double)
    /// An answer arrived but is unusable: not JSON where JSON was due, missing images, bad base64.
    case invalidOutput(engine: EngineKind, reason: String)
    /// Any other error the engine reported (401, insufficient quota, node errors, HTTP 500 …), with its
    /// HTTP status when there was one and the engine's message.
    case failed(engine: EngineKind, status: Int?, message: String)
    /// The engine answered but offers no model to generate with.
    case noModels(engine: EngineKind)

    public var description: String {
        switch self {
        case .unreachable(let engine, let url, let reason):
            "\(engine.displayName) at \(url) is unreachable: \(reason)"
        case .refused(_, let message):
            message
        case .timedOut(let engine, let url, let seconds):
            "\(engine.displayName) at \(url) did not answer within \(Self.format(seconds)) seconds"
        case .invalidOutput(let engine, let reason):
            "\(engine.displayName) returned an unusable answer: \(reason)"
        case .failed(let engine, let status, let message):
            if let status {
                "\(engine.displayName) failed (HTTP \(status)): \(message)"
            } else {
                "\(engine.displayName) failed: \(message)"
            }
        case .noModels(let engine):
            "\(engine.displayName) offers no image model"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
