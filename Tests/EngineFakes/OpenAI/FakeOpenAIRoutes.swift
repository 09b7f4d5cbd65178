import Foundation
import Vapor

/// The request handlers: record, check like the real service, then answer the next behaviour.
struct FakeOpenAIRoutes: Sendable {
    let imagePNG: Data
    let apiKey: String
    let models: Set<String>
    let knobs: FakeOpenAIKnobs
    let requests: Recorder<FakeOpenAIRequest>
    let disconnects: Recorder<ContinuousClock.Instant>

    func register(on app: Application) {
        app.post("v1", "images", "generations") { request async throws -> Response in
            try await generations(request)
        }
        app.post("v1", "images", "edits") { request async throws -> Response in
            try await edits(request)
        }
        app.get("v1", "models") { request async throws -> Response in
            listModels(request)
        }
    }

    private func generations(_ request: Request) async throws -> Response {
        let body = request.body.data ?? ByteBuffer()
        let json = try? JSONDecoder().decode([String: FakeJSON].self, from: Data(body.readableBytesView))
        record(request, json: json, multipart: nil)
        if let denied = authorizationError(request) { return denied.response }
        guard let json else {
            return FakeOpenAIError(status: 400, message: "We could not parse the JSON body of your request.").response
        }
        if let invalid = FakeOpenAIValidation(models: models).generations(json) { return invalid.response }
        let model = json["model"]?.string ?? ""
        let count = model.hasPrefix("dall-e") ? 1 : json["n"]?.int ?? 1
        return try await answer(FakeOpenAIAnswers.Success(
            count: count, revisedPrompt: model.hasPrefix("dall-e-3") ? revised(json["prompt"]?.string) : nil,
            isGPTImage: !model.hasPrefix("dall-e"), size: json["size"]?.string))
    }

    private func edits(_ request: Request) async throws -> Response {
        let body = request.body.data ?? ByteBuffer()
        let parts = request.headers.contentType?.parameters["boundary"].flatMap {
            try? FakeOpenAIMultipartReader.parts(of: body, boundary: $0)
        }
        record(request, json: nil, multipart: parts)
        if let denied = authorizationError(request) { return denied.response }
        guard let parts else {
            return FakeOpenAIError(status: 400, message: "Could not parse multipart form: expected multipart/form-data with a boundary.").response
        }
        if let invalid = FakeOpenAIValidation(models: models).edits(parts) { return invalid.response }
        let count = parts.last(where: { $0.name == "n" }).flatMap { Int($0.text) } ?? 1
        let size = parts.last(where: { $0.name == "size" })?.text
        return try await answer(FakeOpenAIAnswers.Success(count: count, revisedPrompt: nil, isGPTImage: true, size: size))
    }

    private func listModels(_ request: Request) -> Response {
        record(request, json: nil, multipart: nil)
        if let denied = authorizationError(request) { return denied.response }
        return FakeOpenAIAnswers.modelList(models.sorted())
    }

    private func answer(_ success: FakeOpenAIAnswers.Success) async throws -> Response {
        let answers = FakeOpenAIAnswers(imagePNG: imagePNG, knobs: knobs, disconnects: disconnects)
        switch knobs.nextBehavior() {
        case .succeed:
            return answers.success(success)
        case .error(let status, let code, let message, let type, let param, let retryAfter):
            return FakeOpenAIError.scripted(
                status: status, code: code, message: message, type: type, param: param, retryAfter: retryAfter
            ).response
        case .rawError(let status, let body):
            return Response(
                status: HTTPResponseStatus(statusCode: status), headers: ["Content-Type": "text/html"],
                body: .init(string: body))
        case .delay(let seconds):
            // In short sleeps, so that stopping the fake ends the wait: its server's shutdown waits for
            // open requests, and a test that gave up on this answer must not wait out the delay.
            let answerAt = ContinuousClock.now + .seconds(seconds)
            while !knobs.isStopping, ContinuousClock.now < answerAt {
                try await Task.sleep(for: min(.milliseconds(20), ContinuousClock.now.duration(to: answerAt)))
            }
            return answers.success(success)
        case .dropMidBody:
            return answers.droppedMidBody(success)
        case .notAnImage:
            return answers.images([.init(b64JSON: Data("these bytes are not an image".utf8).base64EncodedString())])
        case .malformedBase64:
            return answers.images([.init(b64JSON: "%%% not base64 %%%")])
        case .missingB64JSON:
            return answers.images([.init(url: "https://images.example/generated.png")])
        case .fewerImages:
            return answers.success(.init(count: success.count - 1, revisedPrompt: success.revisedPrompt,
                                         isGPTImage: success.isGPTImage, size: success.size))
        case .hangUntilClientGoesAway:
            return answers.hangUntilClientGoesAway()
        }
    }

    private func revised(_ prompt: String?) -> String {
        "A detailed, natural rendering of: \(prompt ?? "")"
    }

    private func authorizationError(_ request: Request) -> FakeOpenAIError? {
        guard let header = request.headers.first(name: .authorization) else { return .invalidAPIKey(nil) }
        let presented = header.hasPrefix("Bearer ") ? String(header.dropFirst("Bearer ".count)) : header
        return presented == apiKey ? nil : .invalidAPIKey(presented)
    }

    private func record(_ request: Request, json: [String: FakeJSON]?, multipart: [FakeOpenAIFormPart]?) {
        var headers: [String: String] = [:]
        for (name, value) in request.headers {
            let key = name.lowercased()
            headers[key] = headers[key].map { "\($0), \(value)" } ?? value
        }
        requests.append(FakeOpenAIRequest(
            method: request.method.rawValue, path: request.url.path, headers: headers, json: json,
            multipart: multipart, arrivedAt: .now))
    }
}
