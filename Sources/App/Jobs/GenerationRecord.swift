import Foundation
import Generation
import PersonaSeedCore

/// The `generation` object of a version: enough to make the same image again.
struct GenerationRecord {
    let job: JobRow
    let family: EngineFamily
    let engine: any ImageGenerator
    let request: GenerationRequest
    let output: GenerationOutput
    let image: GeneratedImage
    let index: Int
    let warnings: [String]

    var json: JSONValue {
        var fields: [String: JSONValue] = [
            "backend": .string(engine.engine.rawValue),
            "engine_url": .string(engine.baseURL),
            "model": .string(output.model),
            "prompt": .string(request.prompt),
            "negative_prompt": request.negativePrompt.map(JSONValue.string) ?? .null,
            "seed": (image.seed ?? request.seed).map { .number(Double($0)) } ?? .null,
            "size": .string("\(request.width)x\(request.height)"),
            "count": .number(Double(request.count)),
            "candidate": .number(Double(index + 1)),
            "reference_version": output.usedReference ? request.reference.map { .number(Double($0.version)) } ?? .null : .null,
            "job_id": .string(job.id.uuidString.lowercased()),
            "parameters": .object(output.parameters.mapValues(\.json)),
        ]
        // Steps mean nothing to OpenAI.
        fields["steps"] = family == .local ? .number(Double(request.steps)) : .null
        if let revised = image.revisedPrompt { fields["revised_prompt"] = .string(revised) }
        if !warnings.isEmpty { fields["warnings"] = .array(warnings.map(JSONValue.string)) }
        return .object(fields)
    }
}

extension EngineJSON {
    var json: JSONValue {
        switch self {
        case .null: .null
        case .string(let value): .string(value)
        case .int(let value): .number(Double(value))
        case .double(let value): .number(value)
        case .bool(let value): .bool(value)
        case .array(let values): .array(values.map(\.json))
        case .object(let values): .object(values.mapValues(\.json))
        }
    }
}
