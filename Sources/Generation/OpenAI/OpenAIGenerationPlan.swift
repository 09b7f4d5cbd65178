import Foundation

/// GPT image models and dall-e models take different fields and endpoints; the model's name decides.
enum OpenAIModelFamily: Equatable {
    case gptImage
    case dallE

    init(model: String) {
        self = model.lowercased().hasPrefix("dall-e") ? .dallE : .gptImage
    }
}

/// One HTTP call to make (with retries), already encoded.
struct OpenAIImageCall: Sendable {
    var path: String
    var contentType: String
    var body: Data
}

/// What one `generate` sends: the calls, and the settings to store beside the images.
struct OpenAIGenerationPlan: Sendable {
    var model: String
    var calls: [OpenAIImageCall]
    var imagesPerCall: Int
    var usedReference: Bool
    var parameters: [String: EngineJSON]

    init(request: GenerationRequest, configuredModel: String) throws {
        model = request.model ?? configuredModel
        let count = max(1, request.count)
        let size = "\(request.width)x\(request.height)"
        let prompt = Self.promptSent(request)
        var parameters: [String: EngineJSON] = ["size": .string(size)]
        if let negative = Self.negativePrompt(request) {
            parameters["negative_prompt"] = .string(negative)
            // OpenAI has no negative prompt: record how it reached the engine, for reproduction.
            parameters["negative_prompt_handling"] = .string("appended to the prompt as \"\\n\\nAvoid: …\"")
        }

        switch OpenAIModelFamily(model: model) {
        case .dallE:
            // dall-e-3 takes n = 1 only, and has no edits endpoint: a reference cannot be used.
            let body = DallEGenerationBody(
                model: model, prompt: prompt, n: 1, size: size,
                quality: "hd", style: "natural", responseFormat: "b64_json")
            let call = OpenAIImageCall(
                path: "/images/generations", contentType: "application/json", body: try JSONEncoder().encode(body))
            calls = Array(repeating: call, count: count)
            imagesPerCall = 1
            usedReference = false
            parameters.merge([
                "endpoint": .string("generations"), "n": .int(1), "requests": .int(Int64(count)),
                "quality": .string("hd"), "style": .string("natural"), "response_format": .string("b64_json"),
            ]) { _, new in new }
            if request.reference != nil {
                parameters["reference_ignored"] = .bool(true)
            }

        case .gptImage:
            imagesPerCall = count
            parameters.merge([
                "n": .int(Int64(count)), "quality": .string("high"), "output_format": .string("png"),
            ]) { _, new in new }
            if let reference = request.reference {
                calls = [Self.editsCall(model: model, prompt: prompt, count: count, size: size, reference: reference)]
                usedReference = true
                parameters["endpoint"] = .string("edits")
                parameters["reference_version"] = .int(Int64(reference.version))
                if Self.supportsInputFidelity(model) {
                    parameters["input_fidelity"] = .string("high")
                }
            } else {
                let body = GPTImageGenerationBody(
                    model: model, prompt: prompt, n: count, size: size, quality: "high", outputFormat: "png")
                calls = [OpenAIImageCall(
                    path: "/images/generations", contentType: "application/json",
                    body: try JSONEncoder().encode(body))]
                usedReference = false
                parameters["endpoint"] = .string("generations")
            }
        }
        self.parameters = parameters
    }

    private static func editsCall(
        model: String, prompt: String, count: Int, size: String, reference: ReferenceImage
    ) -> OpenAIImageCall {
        var form = OpenAIMultipartFormBody()
        form.addFile(
            "image[]", filename: "reference.\(reference.format)", contentType: reference.mimeType,
            data: reference.bytes)
        form.addField("prompt", prompt)
        form.addField("model", model)
        form.addField("n", String(count))
        form.addField("size", size)
        form.addField("quality", "high")
        form.addField("output_format", "png")
        if supportsInputFidelity(model) {
            form.addField("input_fidelity", "high")
        }
        let (contentType, body) = form.encoded()
        return OpenAIImageCall(path: "/images/edits", contentType: contentType, body: body)
    }

    /// gpt-image-1-mini answers 400 to `input_fidelity`; every other GPT image model keeps faces with it.
    static func supportsInputFidelity(_ model: String) -> Bool {
        !model.lowercased().hasPrefix("gpt-image-1-mini")
    }

    static func promptSent(_ request: GenerationRequest) -> String {
        guard let negative = negativePrompt(request) else { return request.prompt }
        return request.prompt + "\n\nAvoid: " + negative
    }

    private static func negativePrompt(_ request: GenerationRequest) -> String? {
        guard let negative = request.negativePrompt?.trimmingCharacters(in: .whitespacesAndNewlines),
              !negative.isEmpty
        else { return nil }
        return negative
    }
}
