import Foundation

/// What was sent, kept to describe the images once they are back.
struct A1111Plan: Sendable {
    enum Mode: String, Sendable {
        case txt2img
        case img2img
        case img2imgControlNet = "img2img+controlnet"
        /// A new scene from noise, the reference's face carried by an IP-Adapter unit.
        case txt2imgIPAdapter = "txt2img+ip-adapter"
    }

    let mode: Mode
    let body: Data
    let units: [A1111ControlNetUnit]
    let samplerName: String
    let cfgScale: Double
    let denoisingStrength: Double?

    var usedReference: Bool { mode != .txt2img }
    var path: String { mode == .txt2img || mode == .txt2imgIPAdapter ? "/sdapi/v1/txt2img" : "/sdapi/v1/img2img" }
}

enum A1111OutputReader {
    /// ControlNet appends its detected maps after the generated images: only the first `count` are ours.
    static func read(_ body: Data, request: GenerationRequest, plan: A1111Plan) throws -> GenerationOutput {
        let answer: A1111GenerationAnswer
        do {
            answer = try JSONDecoder().decode(A1111GenerationAnswer.self, from: body)
        } catch {
            throw invalid("the answer is not the expected JSON (\(String(decoding: body.prefix(120), as: UTF8.self)))")
        }
        let encoded = answer.images ?? []
        guard encoded.count >= request.count else {
            throw invalid("\(request.count) image(s) asked, \(encoded.count) returned")
        }
        let seeds = seeds(from: answer.info, count: request.count)
        let images = try encoded.prefix(request.count).enumerated().map { index, text in
            guard let bytes = decodeBase64(text), !bytes.isEmpty else {
                throw invalid("image \(index + 1) is not valid base64")
            }
            return GeneratedImage(bytes: bytes, seed: seeds[index])
        }
        return GenerationOutput(
            images: images,
            model: request.model ?? answer.info?.sdModelName ?? "",
            usedReference: plan.usedReference,
            parameters: parameters(plan: plan, info: answer.info, seeds: seeds))
    }

    static func seeds(from info: A1111Info?, count: Int) -> [Int64?] {
        (0..<count).map { index in
            if let all = info?.allSeeds, index < all.count { return all[index] }
            return info?.seed.map { $0 + Int64(index) }
        }
    }

    /// Engines and proxies sometimes hand back a data URL instead of bare base64.
    static func decodeBase64(_ text: String) -> Data? {
        var payload = Substring(text)
        if payload.hasPrefix("data:"), let comma = payload.firstIndex(of: ",") {
            payload = payload[payload.index(after: comma)...]
        }
        return Data(base64Encoded: String(payload))
    }

    static func parameters(plan: A1111Plan, info: A1111Info?, seeds: [Int64?]) -> [String: EngineJSON] {
        var parameters: [String: EngineJSON] = [
            "mode": .string(plan.mode.rawValue),
            "sampler_name": .string(plan.samplerName),
            "cfg_scale": .double(plan.cfgScale),
        ]
        if let denoisingStrength = plan.denoisingStrength {
            parameters["denoising_strength"] = .double(denoisingStrength)
        }
        if !plan.units.isEmpty {
            parameters["controlnet_units"] = .array(plan.units.map(describe))
        }
        let knownSeeds = seeds.compactMap { $0 }
        if !knownSeeds.isEmpty, knownSeeds.count == seeds.count {
            parameters["seeds"] = .array(knownSeeds.map(EngineJSON.int))
        }
        if let hash = info?.sdModelHash, !hash.isEmpty {
            parameters["sd_model_hash"] = .string(hash)
        }
        return parameters
    }

    /// A unit as sent, without the reference bytes.
    private static func describe(_ unit: A1111ControlNetUnit) -> EngineJSON {
        .object([
            "module": .string(unit.module),
            "model": .string(unit.model),
            "weight": .double(unit.weight),
            "resize_mode": .string(unit.resizeMode),
            "control_mode": .string(unit.controlMode),
            "guidance_start": .double(unit.guidanceStart),
            "guidance_end": .double(unit.guidanceEnd),
            "pixel_perfect": .bool(unit.pixelPerfect),
        ])
    }

    private static func invalid(_ reason: String) -> GenerationError {
        .invalidOutput(engine: .automatic1111, reason: reason)
    }
}
