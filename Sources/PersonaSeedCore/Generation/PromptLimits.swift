/// Prompt lengths engines accept, decided before anything is sent.
public enum PromptLimits {
    /// CLIP, the text encoder of SD 1.x checkpoints, reads 77 tokens and silently drops the rest.
    public static let clipTokens = 77

    /// The cloud prompt, or a 422 naming the model's limit.
    /// `field`: the request field the prompt was built from, which the 422 points at.
    public static func checkCloud(prompt: String, model: String, field: String = "prompt_suffix") throws(ValidationFailure) {
        let limit = OpenAIModelFamily(model: model).maxPromptCharacters
        let length = prompt.unicodeScalars.count
        if length > limit {
            throw ValidationFailure([.init(
                loc: [.key("body"), .key(field)],
                msg: "Value error, the prompt built for \(model) has \(length) characters; the model accepts at most \(limit)",
                type: "value_error")])
        }
    }

    /// A warning to record when an SD 1.x checkpoint will not read the whole prompt, else nil.
    /// SDXL names carry "xl"; SD 2.x uses OpenCLIP with the same 77-token window, so only names
    /// that are clearly SDXL, SD3 or Flux escape the check.
    public static func localWarning(prompt: String, model: String) -> String? {
        let name = model.lowercased()
        guard !["xl", "sd3", "flux"].contains(where: name.contains) else { return nil }
        let tokens = estimatedCLIPTokens(prompt)
        guard tokens > clipTokens else { return nil }
        return "The prompt is about \(tokens) CLIP tokens; \(model) reads only the first \(clipTokens)"
    }

    /// CLIP's BPE gives about one token per short word and one per punctuation mark; long words split.
    public static func estimatedCLIPTokens(_ text: String) -> Int {
        var count = 0
        var wordLength = 0
        func endWord() {
            if wordLength > 0 { count += (wordLength + 7) / 8 }
            wordLength = 0
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                wordLength += 1
            } else {
                endWord()
                if !scalar.properties.isWhitespace { count += 1 }
            }
        }
        endWord()
        return count
    }
}
