import Foundation

/// A `multipart/form-data` body (RFC 7578), small enough to build in memory: the edits endpoint gets a
/// handful of text fields and one reference image.
struct OpenAIMultipartFormBody {
    private struct Part {
        var name: String
        var filename: String?
        var contentType: String?
        var data: Data
    }

    private var parts: [Part] = []

    mutating func addField(_ name: String, _ value: String) {
        parts.append(Part(name: name, data: Data(value.utf8)))
    }

    mutating func addFile(_ name: String, filename: String, contentType: String, data: Data) {
        parts.append(Part(name: name, filename: filename, contentType: contentType, data: data))
    }

    /// The encoded body and the `Content-Type` header value that names its boundary.
    func encoded() -> (contentType: String, body: Data) {
        let boundary = uniqueBoundary()
        var body = Data()
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(part.name))\""
            if let filename = part.filename {
                head += "; filename=\"\(Self.quoted(filename))\""
            }
            head += "\r\n"
            if let contentType = part.contentType {
                head += "Content-Type: \(contentType)\r\n"
            }
            head += "\r\n"
            body.append(Data(head.utf8))
            body.append(part.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    /// A boundary must not occur inside any part; a random one almost never does, but image bytes are
    /// arbitrary, so check rather than hope.
    private func uniqueBoundary() -> String {
        while true {
            let candidate = "PersonaSeed-" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
            let marker = Data(candidate.utf8)
            if !parts.contains(where: { $0.data.range(of: marker) != nil }) {
                return candidate
            }
        }
    }

    private static func quoted(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
