import Foundation

/// How the fake answers one valid request. Requests that fail the fake's own checks (bearer, model,
/// parameters) are answered with OpenAI's error and consume no behaviour.
public enum FakeOpenAIBehavior: Sendable, Equatable {
    /// `n` images of the fake's PNG (`revised_prompt` too for dall-e-3).
    case succeed
    /// OpenAI's error envelope; `message` nil means a realistic text for `code`. `retryAfter` is sent
    /// as the `Retry-After` header verbatim (seconds or an HTTP date).
    case error(status: Int, code: String?, message: String? = nil, type: String? = nil, param: String? = nil,
               retryAfter: String? = nil)
    /// A body that is not OpenAI's JSON (a proxy's error page, say).
    case rawError(status: Int, body: String)
    /// Waits this many seconds (less if the fake stops meanwhile), then succeeds.
    case delay(Double)
    /// Announces the whole success body's length, sends half of it, then closes the connection.
    case dropMidBody
    /// Valid base64 of bytes that are not an image.
    case notAnImage
    /// `b64_json` that is not base64.
    case malformedBase64
    /// Entries with a `url` but no `b64_json`.
    case missingB64JSON
    /// One image fewer than asked.
    case fewerImages
    /// Sends the head and then whitespace (a valid JSON prefix) until the client closes the connection,
    /// which `FakeOpenAI.clientDisconnects` records. Bounded at 30 s.
    case hangUntilClientGoesAway
}
