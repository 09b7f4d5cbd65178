/// One documented operation. The document adds what every `/api/v1` operation shares (the bearer
/// security requirement, `x-required-scope`, the 401 and 403 answers) so that no operation can forget it.
struct OpenAPIOperation: Sendable {
    /// The API key scope an operation needs (`x-required-scope`); nil for the public routes.
    enum Scope: String, Sendable {
        case read, write, approve, admin
    }

    var method: String
    /// The path template, with the same parameter names as the registered Vapor route.
    var path: String
    var id: String
    var tag: String
    var summary: String
    var description: String
    var scope: Scope?
    var parameters: [OpenAPIJSON] = []
    var requestBody: OpenAPIJSON? = nil
    /// Status code (as text: "200") and the response object.
    var responses: [(String, OpenAPIJSON)]
    /// For an operation whose scope depends on its body (bulk): the sentence that replaces "Requires an
    /// API key with the `…` scope." (it names `scope` too, as every operation's description does).
    var scopeText: String? = nil
    /// Further `x-…` fields of the operation.
    var extensions: [(String, OpenAPIJSON)] = []

    var json: OpenAPIJSON {
        var pairs: [(String, OpenAPIJSON)] = [
            ("operationId", .string(id)),
            ("tags", [.string(tag)]),
            ("summary", .string(summary)),
            ("description", .string(scope.map {
                "\(description)\n\n\(scopeText ?? "Requires an API key with the `\($0.rawValue)` scope.")"
            } ?? description)),
        ]
        if !parameters.isEmpty { pairs.append(("parameters", .array(parameters))) }
        if let requestBody { pairs.append(("requestBody", requestBody)) }
        var answers = responses
        if let scope {
            answers += [("401", OpenAPIResponses.unauthorized), ("403", OpenAPIResponses.forbidden)]
            pairs.append(("security", [["bearerAuth": []]]))
            pairs.append(("x-required-scope", .string(scope.rawValue)))
            pairs += extensions
        } else {
            pairs.append(("security", []))
        }
        answers.sort { $0.0 < $1.0 }
        pairs.append(("responses", .object(answers)))
        return .object(pairs)
    }
}

/// Parameters shared by several operations.
enum OpenAPIParameters {
    static let personaID: OpenAPIJSON = [
        "name": "id", "in": "path", "required": true,
        "description": "The persona's id. A malformed id is answered like an unknown one: 404.",
        "schema": ["type": "string", "format": "uuid"],
    ]
    static let version: OpenAPIJSON = [
        "name": "version", "in": "path", "required": true,
        "description": "A version number (1, 2, …). Anything but a positive whole number is an unknown version: 404.",
        "schema": ["type": "integer", "minimum": 1],
    ]
    static let jobID: OpenAPIJSON = [
        "name": "jobID", "in": "path", "required": true,
        "description": "The job's id. A malformed id is answered like an unknown one: 404.",
        "schema": ["type": "string", "format": "uuid"],
    ]
    static let contentID: OpenAPIJSON = [
        "name": "cid", "in": "path", "required": true,
        "description": "The content item's id. A malformed id, or another persona's item, is answered like an unknown one: 404.",
        "schema": ["type": "string", "format": "uuid"],
    ]
    static let skip: OpenAPIJSON = [
        "name": "skip", "in": "query", "schema": ["type": "integer", "minimum": 0, "maximum": 1_000_000_000, "default": 0],
    ]
    static let limit: OpenAPIJSON = [
        "name": "limit", "in": "query", "schema": ["type": "integer", "minimum": 1, "maximum": 100, "default": 10],
    ]
    static let asyncFlag: OpenAPIJSON = [
        "name": "async", "in": "query", "description": "`true` (or `1`): answer 202 with the job at once.",
        "schema": ["type": "boolean"],
    ]
    static let prefer: OpenAPIJSON = [
        "name": "Prefer", "in": "header", "description": "`respond-async`: answer 202 with the job at once (RFC 7240).",
        "schema": ["type": "string"],
    ]
    static let size: OpenAPIJSON = [
        "name": "size", "in": "query", "required": false,
        "description": "`thumb`: the 256-px WEBP thumbnail; `full` or `original` (the default): the stored image.",
        "schema": ["type": "string", "enum": ["thumb", "full", "original"]],
    ]
    static let ifNoneMatch: OpenAPIJSON = [
        "name": "If-None-Match", "in": "header", "required": false,
        "description": "ETags already held (the sha256 in quotes), or `*`: a match answers 304.",
        "schema": ["type": "string"],
    ]
}
