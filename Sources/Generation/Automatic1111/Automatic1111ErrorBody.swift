import Foundation

/// The error shapes these engines answer, reduced to one message:
/// FastAPI `{"detail": "…"}` or `{"detail": [{"loc", "msg", "type"}]}` (401, 404, 422),
/// A1111's exception handler `{"error", "detail", "body", "errors"}` (500),
/// sd-server `{"error": "prompt required"}` (400) and `{"error": "server_error", "message"}` (500).
struct A1111ErrorBody: Decodable {
    let detail: Detail?
    let error: String?
    let message: String?
    let errors: String?

    enum CodingKeys: String, CodingKey {
        case detail, error, message, errors
    }

    /// Each field on its own: a variant shape in one must not hide the message in another.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        detail = try? container.decodeIfPresent(Detail.self, forKey: .detail)
        error = try? container.decodeIfPresent(String.self, forKey: .error)
        message = try? container.decodeIfPresent(String.self, forKey: .message)
        errors = try? container.decodeIfPresent(String.self, forKey: .errors)
    }

    enum Detail: Decodable {
        case text(String)
        case issues([Issue])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                self = .issues(try container.decode([Issue].self))
            }
        }
    }

    struct Issue: Decodable {
        let loc: [LocationPart]?
        let msg: String?
    }

    /// FastAPI locations mix field names and list indexes.
    struct LocationPart: Decodable {
        let text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let int = try? container.decode(Int.self) {
                text = String(int)
            } else {
                text = try container.decode(String.self)
            }
        }
    }

    /// A1111 wraps its HTTPExceptions as `{"error": "HTTPException", "detail": <the text>, "errors":
    /// "<status>: <the text>"}` and other exceptions with an empty detail: the detail text reads best.
    var summary: String? {
        if let message = nonEmpty(message) {
            return message
        }
        if case .text(let text) = detail, let text = nonEmpty(text) {
            return text
        }
        if let errors = nonEmpty(errors) {
            return nonEmpty(error).map { "\($0): \(errors)" } ?? errors
        }
        if case .issues(let issues) = detail, !issues.isEmpty {
            return issues.map { issue in
                let location = (issue.loc ?? []).map(\.text).joined(separator: ".")
                let text = issue.msg ?? "invalid"
                return location.isEmpty ? text : "\(location): \(text)"
            }.joined(separator: "; ")
        }
        return nonEmpty(error)
    }

    private func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return text
    }
}

enum A1111ErrorMapping {
    /// `.failed` with the engine's own message; a page that is not one of its JSON shapes is quoted.
    static func failure(status: Int, body: Data, path: String) -> GenerationError {
        var message = (try? JSONDecoder().decode(A1111ErrorBody.self, from: body))?.summary
            ?? quoted(body)
            ?? "HTTP \(status) without a message"
        if status == 404, path.hasPrefix("/sdapi/") {
            message += " (\(path) is missing: is the engine started with --api?)"
        }
        return .failed(engine: .automatic1111, status: status, message: message)
    }

    private static func quoted(_ body: Data) -> String? {
        let text = String(decoding: body.prefix(500), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
