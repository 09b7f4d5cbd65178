import Foundation
import NIOHTTP1

/// Why one HTTP attempt failed, and whether another attempt may do better.
struct OpenAIAttemptFailure: Error {
    var error: GenerationError
    var retryable: Bool
    /// The wait the server asked for, when it did.
    var retryAfter: Duration?

    static func final(_ error: GenerationError) -> Self {
        Self(error: error, retryable: false, retryAfter: nil)
    }

    static func transient(_ error: GenerationError, retryAfter: Duration? = nil) -> Self {
        Self(error: error, retryable: true, retryAfter: retryAfter)
    }
}

/// Maps an OpenAI error answer (`{"error": {"message", "type", "param", "code"}}`) to a failure.
enum OpenAIErrorAnswer {
    static let refusalCodes: Set<String> = ["content_policy_violation", "moderation_blocked"]
    /// Transient on OpenAI's side; 504 is what its gateways answer while overloaded.
    static let retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]

    static func failure(status: HTTPResponseStatus, headers: HTTPHeaders, body: Data) -> OpenAIAttemptFailure {
        let detail = try? JSONDecoder().decode(OpenAIErrorEnvelope.self, from: body).error
        let message = detail?.message.flatMap { $0.isEmpty ? nil : $0 } ?? describe(status: status, body: body)
        let code = detail?.code

        if let code, refusalCodes.contains(code) {
            return .final(.refused(engine: .openai, message: message))
        }
        let failed = GenerationError.failed(engine: .openai, status: Int(status.code), message: message)
        // An exhausted quota stays exhausted: retrying only burns the time budget.
        if status.code == 429 && code == "insufficient_quota" {
            return .final(failed)
        }
        if retryableStatuses.contains(Int(status.code)) {
            return .transient(failed, retryAfter: OpenAIRetryAfterHeader.delay(in: headers))
        }
        return .final(failed)
    }

    /// For answers that are not OpenAI's JSON error (a proxy's HTML page, an empty body).
    static func describe(status: HTTPResponseStatus, body: Data) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let head = "HTTP \(status.code) \(status.reasonPhrase)"
        return text.isEmpty ? "\(head) with an empty body" : "\(head): \(text)"
    }
}
