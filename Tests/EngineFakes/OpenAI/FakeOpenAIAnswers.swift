import Foundation
import Vapor

/// The bodies the fake answers with, well-formed or deliberately broken.
struct FakeOpenAIAnswers {
    struct Success {
        var count: Int
        var revisedPrompt: String?
        var isGPTImage: Bool
        var size: String?
    }

    struct Datum: Encodable {
        var b64JSON: String?
        var url: String?
        var revisedPrompt: String?

        enum CodingKeys: String, CodingKey {
            case b64JSON = "b64_json"
            case url
            case revisedPrompt = "revised_prompt"
        }
    }

    private struct ImagesBody: Encodable {
        var created: Int
        var data: [Datum]
        var outputFormat: String?
        var quality: String?
        var size: String?
        var usage: Usage?

        struct Usage: Encodable {
            var inputTokens: Int
            var outputTokens: Int
            var totalTokens: Int

            enum CodingKeys: String, CodingKey {
                case inputTokens = "input_tokens"
                case outputTokens = "output_tokens"
                case totalTokens = "total_tokens"
            }
        }

        enum CodingKeys: String, CodingKey {
            case created, data, quality, size, usage
            case outputFormat = "output_format"
        }
    }

    let imagePNG: Data
    let knobs: FakeOpenAIKnobs
    let disconnects: Recorder<ContinuousClock.Instant>

    func success(_ success: Success) -> Response {
        json(successBody(success))
    }

    func images(_ data: [Datum]) -> Response {
        json(encode(ImagesBody(created: Self.now, data: data)))
    }

    /// Promises the whole body in Content-Length, sends half, then fails the stream so the server closes
    /// the connection: what a client sees when a proxy or the network drops mid-answer.
    func droppedMidBody(_ success: Success) -> Response {
        let body = successBody(success)
        let half = body.prefix(body.count / 2)
        return Response(
            status: .ok, headers: ["Content-Type": "application/json"],
            body: .init(managedAsyncStream: { writer in
                try await writer.write(.buffer(ByteBuffer(bytes: half)))
                throw ConnectionDropped()
            }, count: body.count))
    }

    /// Leading whitespace is valid JSON, so the client keeps reading: only a closed connection (or the
    /// fake stopping, or 30 s) ends this answer.
    func hangUntilClientGoesAway() -> Response {
        Response(
            status: .ok, headers: ["Content-Type": "application/json"],
            body: .init(managedAsyncStream: { [knobs, disconnects] writer in
                let started = ContinuousClock.now
                do {
                    while !knobs.isStopping && started.duration(to: .now) < .seconds(30) {
                        try await writer.write(.buffer(ByteBuffer(string: " ")))
                        try await Task.sleep(for: .milliseconds(20))
                    }
                } catch {
                    disconnects.append(.now)
                    throw error
                }
                try await writer.write(.buffer(ByteBuffer(string: #"{"created": 0, "data": []}"#)))
            }))
    }

    static func modelList(_ models: [String]) -> Response {
        let entries = models.map { model -> String in
            let shutdown = model.hasPrefix("dall-e") ? #", "shutdown_date": "2026-05-12""# : ""
            return #"{"id": "\#(model)", "object": "model", "created": 1745193600, "owned_by": "system"\#(shutdown)}"#
        }
        let body = #"{"object": "list", "data": [\#(entries.joined(separator: ", "))]}"#
        return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(string: body))
    }

    private func successBody(_ success: Success) -> Data {
        let image = imagePNG.base64EncodedString()
        let data = (0..<max(0, success.count)).map { _ in Datum(b64JSON: image, revisedPrompt: success.revisedPrompt) }
        guard success.isGPTImage else { return encode(ImagesBody(created: Self.now, data: data)) }
        return encode(ImagesBody(
            created: Self.now, data: data, outputFormat: "png", quality: "high", size: success.size ?? "1024x1024",
            usage: .init(inputTokens: 42, outputTokens: 4160 * success.count, totalTokens: 42 + 4160 * success.count)))
    }

    private func json(_ body: Data) -> Response {
        Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(data: body))
    }

    private func encode(_ body: ImagesBody) -> Data {
        (try? FakeJSON.pythonStyleEncoder.encode(body)) ?? Data()
    }

    private static var now: Int { Int(Date().timeIntervalSince1970) }

    private struct ConnectionDropped: Error {}
}
