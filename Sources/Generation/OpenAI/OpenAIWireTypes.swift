/// Body of `POST /images/generations` for GPT image models. They reject `response_format` and `style`
/// (400 unknown_parameter), so this type has no such fields at all.
struct GPTImageGenerationBody: Encodable {
    var model: String
    var prompt: String
    var n: Int
    var size: String
    var quality: String
    var outputFormat: String

    enum CodingKeys: String, CodingKey {
        case model, prompt, n, size, quality
        case outputFormat = "output_format"
    }
}

/// Body of `POST /images/generations` for dall-e models, which answer URLs unless told otherwise.
struct DallEGenerationBody: Encodable {
    var model: String
    var prompt: String
    var n: Int
    var size: String
    var quality: String
    var style: String
    var responseFormat: String

    enum CodingKeys: String, CodingKey {
        case model, prompt, n, size, quality, style
        case responseFormat = "response_format"
    }
}

struct OpenAIImagesResponse: Decodable {
    var created: Int?
    var data: [ImageDatum]

    struct ImageDatum: Decodable {
        var b64JSON: String?
        var url: String?
        var revisedPrompt: String?

        enum CodingKeys: String, CodingKey {
            case b64JSON = "b64_json"
            case url
            case revisedPrompt = "revised_prompt"
        }
    }
}

/// `{"error": {"message", "type", "param", "code"}}`; every field may be null on a real server.
struct OpenAIErrorEnvelope: Decodable {
    var error: Detail

    struct Detail: Decodable {
        var message: String?
        var type: String?
        var param: String?
        var code: String?
    }
}
