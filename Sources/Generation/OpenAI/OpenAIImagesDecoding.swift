import Foundation

enum OpenAIImagesDecoding {
    /// Reads `{"created", "data": [{"b64_json", "url"?, "revised_prompt"?}]}`; the bytes are not checked
    /// beyond base64 (the App validates images).
    static func images(from body: Data, expected: Int) throws -> [GeneratedImage] {
        let response: OpenAIImagesResponse
        do {
            response = try JSONDecoder().decode(OpenAIImagesResponse.self, from: body)
        } catch {
            let start = String(decoding: body.prefix(200), as: UTF8.self)
            throw GenerationError.invalidOutput(engine: .openai, reason: "the answer is not an Images response: \(start)")
        }
        guard response.data.count >= expected else {
            throw GenerationError.invalidOutput(
                engine: .openai, reason: "asked for \(expected) images, got \(response.data.count)")
        }
        return try response.data.prefix(expected).enumerated().map { index, datum in
            guard let base64 = datum.b64JSON else {
                throw GenerationError.invalidOutput(engine: .openai, reason: "image \(index + 1) has no b64_json")
            }
            guard let bytes = Data(base64Encoded: base64), !bytes.isEmpty else {
                throw GenerationError.invalidOutput(engine: .openai, reason: "image \(index + 1) is not valid base64")
            }
            return GeneratedImage(bytes: bytes, seed: nil, revisedPrompt: datum.revisedPrompt)
        }
    }
}
