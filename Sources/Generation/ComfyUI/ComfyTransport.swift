import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One answer, whole: ComfyUI's answers are small JSON documents or single images.
struct ComfyAnswer: Sendable {
    var status: Int
    var body: Data

    var isSuccess: Bool { (200..<300).contains(status) }
}

/// The HTTP side of the client: every call bounded by `requestTimeout`, every transport failure
/// mapped to a `GenerationError`.
struct ComfyTransport: Sendable {
    let baseURL: String
    let httpClient: HTTPClient
    let requestTimeout: Duration
    /// A 2048x2048 PNG is ~12 MB; anything far larger is not an answer we asked for.
    static let maxAnswerBytes = 128 * 1024 * 1024

    func get(_ path: String, timeout: Duration? = nil) async throws -> ComfyAnswer {
        try await send(.GET, path, body: nil, contentType: nil, timeout: timeout)
    }

    func post(_ path: String, json: some Encodable, timeout: Duration? = nil) async throws -> ComfyAnswer {
        let body: Data
        do {
            body = try JSONEncoder().encode(json)
        } catch {
            throw GenerationError.invalidOutput(engine: .comfyui, reason: "could not encode the request: \(error)")
        }
        return try await send(.POST, path, body: body, contentType: "application/json", timeout: timeout)
    }

    func post(_ path: String, multipart: ComfyMultipart) async throws -> ComfyAnswer {
        try await send(.POST, path, body: multipart.finished(), contentType: multipart.contentType, timeout: nil)
    }

    /// Decodes a 2xx JSON answer; other statuses become `.failed` with the engine's message.
    func decode<T: Decodable>(_ type: T.Type, from answer: ComfyAnswer, what: String) throws -> T {
        guard answer.isSuccess else { throw failure(answer) }
        do {
            return try JSONDecoder().decode(type, from: answer.body)
        } catch {
            throw GenerationError.invalidOutput(engine: .comfyui, reason: "\(what) is not the expected JSON")
        }
    }

    func failure(_ answer: ComfyAnswer) -> GenerationError {
        .failed(engine: .comfyui, status: answer.status, message: ComfyErrorMessage.from(body: answer.body, status: answer.status))
    }

    private func send(
        _ method: HTTPMethod, _ path: String, body: Data?, contentType: String?, timeout: Duration?
    ) async throws -> ComfyAnswer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let body, let contentType {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let limit = timeout ?? requestTimeout
        do {
            let response = try await httpClient.execute(request, timeout: TimeAmount(limit))
            let bytes = try await response.body.collect(upTo: Self.maxAnswerBytes)
            return ComfyAnswer(status: Int(response.status.code), body: Data(bytes.readableBytesView))
        } catch {
            throw mapped(error, limit: limit)
        }
    }

    private func mapped(_ error: any Error, limit: Duration) -> any Error {
        if Task.isCancelled || error is CancellationError { return CancellationError() }
        if error is GenerationError { return error }
        if let clientError = error as? HTTPClientError {
            if clientError == .deadlineExceeded || clientError == .readTimeout {
                return GenerationError.timedOut(engine: .comfyui, url: baseURL, seconds: limit.comfySeconds)
            }
            if clientError == .cancelled { return CancellationError() }
        }
        if error is NIOTooManyBytesError {
            return GenerationError.invalidOutput(
                engine: .comfyui, reason: "an answer was larger than \(Self.maxAnswerBytes / 1_048_576) MB")
        }
        return GenerationError.unreachable(engine: .comfyui, url: baseURL, reason: Self.reason(error))
    }

    /// NIO's descriptions are long and nested; the one word a user needs is usually inside.
    static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        let lowered = text.lowercased()
        if lowered.contains("refused") { return "connection refused" }
        if lowered.contains("reset") { return "connection reset" }
        if let clientError = error as? HTTPClientError, clientError == .remoteConnectionClosed {
            return "the connection closed before the whole answer arrived"
        }
        if let clientError = error as? HTTPClientError, clientError == .connectTimeout {
            return "connecting timed out"
        }
        return text
    }
}

extension String {
    private static let comfyUnreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Percent-encodes everything but RFC 3986's unreserved characters: aiohttp reads "+" in a query
    /// as a space, so the usual query encoding is not enough for file names.
    var comfyQueryEncoded: String {
        addingPercentEncoding(withAllowedCharacters: Self.comfyUnreserved) ?? self
    }
}
