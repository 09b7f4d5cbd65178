import Foundation
import Vapor

/// Reads a multipart/form-data body part by part with MultipartKit's parser, keeping every part (the
/// Codable form decoder would fold `image[]` into an array and drop what it does not expect).
enum FakeOpenAIMultipartReader {
    struct Malformed: Error {}

    static func parts(of body: ByteBuffer, boundary: String) throws -> [FakeOpenAIFormPart] {
        let parser = MultipartParser(boundary: boundary)
        var parts: [FakeOpenAIFormPart] = []
        var headers: [String: String] = [:]
        var content = Data()
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { chunk in content.append(contentsOf: chunk.readableBytesView) }
        parser.onPartComplete = {
            let disposition = dispositionParameters(headers["content-disposition"] ?? "")
            parts.append(FakeOpenAIFormPart(
                name: disposition["name"] ?? "", filename: disposition["filename"],
                contentType: headers["content-type"], body: content))
            headers = [:]
            content = Data()
        }
        try parser.execute(body)
        guard !parts.isEmpty else { throw Malformed() }
        return parts
    }

    /// `form-data; name="image[]"; filename="reference.png"` → ["name": "image[]", "filename": …].
    static func dispositionParameters(_ header: String) -> [String: String] {
        var parameters: [String: String] = [:]
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            var value = pair[1]
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 {
                value = String(value.dropFirst().dropLast())
                    .replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
            }
            parameters[pair[0].lowercased()] = value
        }
        return parameters
    }
}
