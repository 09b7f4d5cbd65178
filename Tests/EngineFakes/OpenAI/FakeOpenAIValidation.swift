/// The checks the real service makes before generating, per model family (generation.md).
struct FakeOpenAIValidation {
    let models: Set<String>

    static let gptSizes = ["1024x1024", "1536x1024", "1024x1536", "auto"]
    static let gptQualities = ["low", "medium", "high", "auto"]
    static let outputFormats = ["png", "jpeg", "webp"]
    static let gptGenerationFields: Set<String> = [
        "model", "prompt", "n", "size", "quality", "output_format", "output_compression", "background",
        "moderation", "user", "stream", "partial_images",
    ]
    static let gptEditFields: Set<String> = [
        "image", "image[]", "mask", "model", "prompt", "n", "size", "quality", "output_format",
        "output_compression", "background", "input_fidelity", "user", "stream", "partial_images",
    ]
    static let imageTypes = ["image/png", "image/jpeg", "image/webp"]

    func generations(_ json: [String: FakeJSON]) -> FakeOpenAIError? {
        guard let model = json["model"]?.string else { return .missing("model") }
        guard models.contains(model) else { return .modelNotFound(model) }
        guard let prompt = json["prompt"]?.string, !prompt.isEmpty else { return .missing("prompt") }
        let n = json["n"] ?? .int(1)
        let text = { (name: String) in json[name]?.string }

        if model.hasPrefix("dall-e-3") {
            if let unknown = firstUnknown(json.keys, allowed: ["model", "prompt", "n", "size", "quality", "style", "response_format", "user"]) {
                return .unknownParameter(unknown)
            }
            guard n.int == 1 else {
                return FakeOpenAIError(status: 400, message: "You must provide n=1 for this model.")
            }
            if prompt.count > 4000 { return FakeOpenAIError(status: 400, message: "Prompt too long (max 4000 characters).", param: "prompt", code: "string_above_max_length") }
            return oneOf("size", text("size"), ["1024x1024", "1792x1024", "1024x1792"])
                ?? oneOf("quality", text("quality"), ["standard", "hd"])
                ?? oneOf("style", text("style"), ["vivid", "natural"])
                ?? oneOf("response_format", text("response_format"), ["url", "b64_json"])
        }
        if model.hasPrefix("dall-e") {
            if let unknown = firstUnknown(json.keys, allowed: ["model", "prompt", "n", "size", "quality", "response_format", "user"]) {
                return .unknownParameter(unknown)
            }
            return countError(n)
                ?? oneOf("size", text("size"), ["256x256", "512x512", "1024x1024"])
                ?? oneOf("response_format", text("response_format"), ["url", "b64_json"])
        }
        // GPT image models always answer base64: `response_format` and `style` are unknown to them.
        if let unknown = firstUnknown(json.keys, allowed: Self.gptGenerationFields) {
            return .unknownParameter(unknown)
        }
        return countError(n)
            ?? oneOf("size", text("size"), Self.gptSizes)
            ?? oneOf("quality", text("quality"), Self.gptQualities)
            ?? oneOf("output_format", text("output_format"), Self.outputFormats)
    }

    func edits(_ parts: [FakeOpenAIFormPart]) -> FakeOpenAIError? {
        var fields: [String: String] = [:]
        for part in parts where part.filename == nil { fields[part.name] = part.text }
        guard let model = fields["model"] else { return .missing("model") }
        guard models.contains(model) else { return .modelNotFound(model) }
        guard !model.hasPrefix("dall-e") else {
            return FakeOpenAIError(status: 400, message: "The model '\(model)' does not support image edits.", param: "model", code: "invalid_value")
        }
        if let unknown = firstUnknown(parts.map(\.name), allowed: Self.gptEditFields) {
            return .unknownParameter(unknown)
        }
        let images = parts.filter { $0.name == "image" || $0.name == "image[]" }
        guard !images.isEmpty else { return .missing("image") }
        guard images.count <= 16 else {
            return FakeOpenAIError(status: 400, message: "Too many images: at most 16 are allowed.", param: "image", code: "invalid_value")
        }
        if let image = images.first(where: { $0.filename == nil || !Self.imageTypes.contains($0.contentType ?? "") || $0.body.isEmpty }) {
            return FakeOpenAIError(status: 400, message: "Invalid file 'image': unsupported mimetype ('\(image.contentType ?? "none")'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.", param: "image", code: "invalid_image_format")
        }
        guard let prompt = fields["prompt"], !prompt.isEmpty else { return .missing("prompt") }
        if fields["input_fidelity"] != nil && model.hasPrefix("gpt-image-1-mini") {
            return FakeOpenAIError(status: 400, message: "Unsupported parameter: 'input_fidelity' is not supported with this model.", param: "input_fidelity", code: "unsupported_parameter")
        }
        let n = fields["n"].map { Double($0).map(FakeJSON.double) ?? .string($0) } ?? .int(1)
        return countError(n)
            ?? oneOf("size", fields["size"], Self.gptSizes)
            ?? oneOf("quality", fields["quality"], Self.gptQualities)
            ?? oneOf("output_format", fields["output_format"], Self.outputFormats)
            ?? oneOf("input_fidelity", fields["input_fidelity"], ["high", "low"])
    }

    /// The alphabetically first name not allowed, so that the answer does not depend on field order.
    private func firstUnknown(_ names: some Sequence<String>, allowed: Set<String>) -> String? {
        names.filter { !allowed.contains($0) }.sorted().first
    }

    private func countError(_ n: FakeJSON) -> FakeOpenAIError? {
        guard let count = n.int, (1...10).contains(count) else {
            return FakeOpenAIError(status: 400, message: "Invalid 'n': must be an integer between 1 and 10.", param: "n", code: "invalid_value")
        }
        return nil
    }

    /// nil when the field is absent (the service's default applies) or allowed.
    private func oneOf(_ name: String, _ value: String?, _ allowed: [String]) -> FakeOpenAIError? {
        guard let value, !allowed.contains(value) else { return nil }
        return .invalidValue(name, value, supported: allowed)
    }
}
