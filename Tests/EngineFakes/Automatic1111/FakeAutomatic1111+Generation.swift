import Foundation
import Vapor

extension FakeAutomatic1111 {
    enum Route: String {
        case txt2img
        case img2img
    }

    func generate(_ request: Request, route: Route) async -> Response {
        let bodyData = request.body.data.map { Data(buffer: $0) } ?? Data()
        let json = FakeJSON.decode(bodyData)
        record(request, json: json, ranAs: ranAs(route, json).rawValue)
        if let denied = authFailure(request) { return denied }
        guard let json, json.object != nil else {
            switch flavour {
            case .automatic1111:
                return Self.validationError(loc: ["body"], message: "Expecting value: line 1 column 1 (char 0)", type: "value_error.jsondecode")
            case .sdServer:
                return Self.reply(.internalServerError, [
                    "error": "server_error",
                    "message": "[json.exception.parse_error.101] parse error at line 1, column 1: syntax error",
                ])
            }
        }
        if let refusal = flavour == .automatic1111 ? validateForA1111(json, route: route) : validateForSDServer(json) {
            return refusal
        }
        let behaviour = self.behaviour
        switch behaviour.answer {
        case .serverError(let message):
            return serverError(message)
        case .validationError(let field, let message):
            return Self.validationError(loc: ["body", .string(field)], message: message, type: "value_error")
        default:
            break
        }
        let ran = ranAs(route, json)
        let units = flavour == .automatic1111 ? enabledControlNetUnits(json) : []
        let steps = json["steps"]?.int ?? 20
        let interrupted = await runJob(
            steps: steps, stepDelay: behaviour.stepDelay, hang: behaviour.answer == .hangUntilInterrupted,
            pollsToFinish: behaviour.pollsToFinish, startsAtFirstPoll: behaviour.startsAtFirstPoll)
        if stopped && !interrupted {
            return Self.reply(.serviceUnavailable, ["detail": "the fake engine stopped"])
        }
        return answer(json, ran: ran, controlNetUnits: units, kind: behaviour.answer)
    }

    /// sd-server quietly runs txt2img for an img2img without a decodable init image.
    private func ranAs(_ route: Route, _ json: FakeJSON?) -> Route {
        guard route == .img2img, flavour == .sdServer else { return route }
        guard let first = json?["init_images"]?[0]?.string, Self.decodeImage(first) != nil else { return .txt2img }
        return .img2img
    }

    private func validateForSDServer(_ json: FakeJSON) -> Response? {
        guard let prompt = json["prompt"]?.string, !prompt.isEmpty else {
            return Self.reply(.badRequest, ["error": "prompt required"])
        }
        return nil
    }

    /// The checks A1111 makes before sampling, with its status codes and shapes.
    private func validateForA1111(_ json: FakeJSON, route: Route) -> Response? {
        let integers = ["steps", "width", "height", "batch_size", "n_iter", "seed"]
        for field in integers {
            if let value = json[field], value.int == nil {
                return Self.validationError(loc: ["body", .string(field)], message: "value is not a valid integer", type: "type_error.integer")
            }
        }
        for field in ["cfg_scale", "denoising_strength"] {
            if let value = json[field], value.number == nil {
                return Self.validationError(loc: ["body", .string(field)], message: "value is not a valid float", type: "type_error.float")
            }
        }
        if let checkpoint = json["override_settings"]?["sd_model_checkpoint"]?.string, model(matching: checkpoint) == nil {
            return serverError("model '\(checkpoint)' not found", error: "RuntimeError")
        }
        if route == .img2img {
            guard let images = json["init_images"]?.array, !images.isEmpty else {
                return httpException(.notFound, "Init image not found")
            }
            if images.contains(where: { $0.string.flatMap(Self.decodeImage) == nil }) {
                return httpException(.internalServerError, "Invalid encoded image")
            }
        }
        if let scripts = json["alwayson_scripts"]?.object {
            for name in scripts.keys.sorted() where name.lowercased() != "controlnet" || controlNetModels == nil {
                return httpException(.unprocessableEntity, "always on script \(name) not found")
            }
        }
        for unit in enabledControlNetUnits(json) {
            let model = unit["model"]?.string ?? ""
            guard (controlNetModels ?? []).contains(model) else {
                return serverError("ControlNet model \(model) not found", error: "RuntimeError")
            }
            guard let image = unit["image"]?.string, Self.decodeImage(image) != nil else {
                return serverError("ControlNet unit image is not valid base64", error: "ValueError")
            }
        }
        return nil
    }

    private func enabledControlNetUnits(_ json: FakeJSON) -> [FakeJSON] {
        let scripts = json["alwayson_scripts"]?.object ?? [:]
        let args = scripts.first { $0.key.lowercased() == "controlnet" }?.value["args"]?.array ?? []
        return args.filter { $0["enabled"]?.bool ?? true }
    }

    /// A1111 resolves a checkpoint by title, by file name or by model name.
    func model(matching name: String) -> Model? {
        models.first { model in
            name == model.title || name == model.modelName || model.title.hasPrefix(name + " ")
        }
    }

    private func answer(_ json: FakeJSON, ran: Route, controlNetUnits: [FakeJSON], kind: Answer) -> Response {
        let count = max(json["batch_size"]?.int ?? 1, 1) * max(json["n_iter"]?.int ?? 1, 1)
        let requestedSeed = Int64(json["seed"]?.int ?? -1)
        let seed = requestedSeed == -1 ? Int64.random(in: 0..<4_294_967_296) : requestedSeed
        let seeds = (0..<count).map { seed + Int64($0) }
        seedLog.append(seeds)
        let generated: String
        switch kind {
        case .nonImageBytes: generated = Data("these bytes are not an image".utf8).base64EncodedString()
        case .malformedBase64: generated = "%%%this is not base64%%%"
        default: generated = imagePNG.base64EncodedString()
        }
        // The ControlNet extension appends each unit's detected map after the images.
        let maps = controlNetUnits.map { _ in Self.detectedMapPNG.base64EncodedString() }
        let images = Array(repeating: FakeJSON.string(generated), count: count) + maps.map(FakeJSON.string)
        var parameters = json.object ?? [:]
        if parameters["init_images"] != nil { parameters["init_images"] = nil }
        let body: FakeJSON = [
            "images": .array(images),
            "parameters": .object(parameters),
            "info": .string(info(json, ran: ran, seeds: seeds).description),
        ]
        switch kind {
        case .nonJSON:
            return Response(status: .ok, headers: ["Content-Type": "text/html"], body: .init(string: "<html><body>Internal error</body></html>"))
        case .dropConnectionMidBody:
            return Self.truncatedReply(body.encoded)
        default:
            return Self.reply(.ok, body)
        }
    }

    /// A1111's `info`, itself a JSON document sent as a string.
    private func info(_ json: FakeJSON, ran: Route, seeds: [Int64]) -> FakeJSON {
        let prompt = json["prompt"]?.string ?? ""
        let checkpoint = json["override_settings"]?["sd_model_checkpoint"]?.string.flatMap(model(matching:)) ?? models.first
        let infotexts: [FakeJSON] = seeds.map { seed in
            .string("\(prompt)\nSteps: \(json["steps"]?.int ?? 20), Seed: \(seed), Size: \(json["width"]?.int ?? 512)x\(json["height"]?.int ?? 512)")
        }
        var info: [String: FakeJSON] = [
            "prompt": .string(prompt),
            "all_prompts": .array(seeds.map { _ in .string(prompt) }),
            "negative_prompt": json["negative_prompt"] ?? "",
            "seed": .int(seeds[0]),
            "all_seeds": .array(seeds.map { .int($0) }),
            "width": json["width"] ?? 512,
            "height": json["height"] ?? 512,
            "steps": json["steps"] ?? 20,
            "batch_size": json["batch_size"] ?? 1,
            "infotexts": .array(infotexts),
        ]
        if flavour == .automatic1111 {
            info["sampler_name"] = json["sampler_name"] ?? "Euler"
            info["cfg_scale"] = json["cfg_scale"] ?? 7
            info["sd_model_name"] = checkpoint.map { .string($0.modelName) } ?? nil
            info["sd_model_hash"] = checkpoint.map { .string($0.hash) } ?? nil
            info["job_timestamp"] = "20261125120000"
            info["version"] = "v1.10.1"
            if ran == .img2img { info["denoising_strength"] = json["denoising_strength"] ?? 0.75 }
        }
        return .object(info)
    }

    private func serverError(_ message: String, error: String = "RuntimeError") -> Response {
        switch flavour {
        case .automatic1111:
            return Self.reply(.internalServerError, ["error": .string(error), "detail": "", "body": "", "errors": .string(message)])
        case .sdServer:
            return Self.reply(.internalServerError, ["error": "server_error", "message": .string(message)])
        }
    }

    /// A1111 answers its own HTTPExceptions through its generic exception handler.
    private func httpException(_ status: HTTPResponseStatus, _ detail: String) -> Response {
        Self.reply(status, [
            "error": "HTTPException", "detail": .string(detail), "body": "",
            "errors": .string("\(status.code): \(detail)"),
        ])
    }

    static func validationError(loc: [FakeJSON], message: String, type: String) -> Response {
        reply(.unprocessableEntity, ["detail": [["loc": .array(loc), "msg": .string(message), "type": .string(type)]]])
    }

    /// Half of the announced body, then the connection closes.
    static func truncatedReply(_ full: Data) -> Response {
        let half = full.prefix(full.count / 2)
        let body = Response.Body(asyncStream: { writer in
            try await writer.write(.buffer(ByteBuffer(data: half)))
            try await writer.write(.error(Abort(.internalServerError, reason: "connection dropped on purpose")))
        }, count: full.count)
        return Response(status: .ok, headers: ["Content-Type": "application/json"], body: body)
    }

    static func decodeImage(_ text: String) -> Data? {
        var payload = Substring(text)
        if payload.hasPrefix("data:"), let comma = payload.firstIndex(of: ",") {
            payload = payload[payload.index(after: comma)...]
        }
        guard let data = Data(base64Encoded: String(payload)), !data.isEmpty else { return nil }
        return data
    }

    /// A 1×1 PNG standing for a ControlNet detected map: unlike the generated image, so tests can tell.
    static let detectedMapPNG = Data(base64Encoded:
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")!
}
