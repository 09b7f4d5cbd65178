import PersonaSeedCore

/// Response objects, written once: each names the texts a client can see, as api.md words them.
enum OpenAPIResponses {
    static func ref(_ schema: String) -> OpenAPIJSON { ["$ref": .string("#/components/schemas/\(schema)")] }

    static func json(_ description: String, _ schema: OpenAPIJSON, headers: OpenAPIJSON? = nil) -> OpenAPIJSON {
        var response: OpenAPIJSON = ["description": .string(description), "content": ["application/json": ["schema": schema]]]
        if let headers { response = response.adding([("headers", headers)]) }
        return response
    }

    /// `{"detail": "<text>"}`; `texts` are the messages this status carries for the operation.
    static func error(_ texts: String...) -> OpenAPIJSON {
        json(texts.map { "`\($0)`" }.joined(separator: "; or "), ref("Error"))
    }

    static func error(_ errors: DomainError...) -> OpenAPIJSON {
        json(errors.map { "`\($0.message)`" }.joined(separator: "; or "), ref("Error"))
    }

    static let persona = json("The persona.", ref("Persona"))
    static let validation = json("The body or query is invalid: one entry per problem.", ref("ValidationError"))
    static let personaNotFound = error("Persona <id> not found")
    static let tooLarge = error("Payload Too Large")
    static let noContent: OpenAPIJSON = ["description": "Done; no body."]
    /// The 202 of a generation asked to answer at once (`?async=true`, `Prefer: respond-async`).
    static let jobAccepted = json(
        "Queued (asynchronous call): the job.", ref("Job"),
        headers: [
            "Location": ["description": "`/api/v1/jobs/{id}`", "required": true, "schema": ["type": "string"]],
            "Preference-Applied": ["required": true, "schema": ["type": "string", "enum": ["respond-async"]]],
        ])

    /// The 401 every `/api/v1` operation documents (answered by the key check before the route runs).
    static let unauthorized = json(
        "No API key, or one that is unknown or revoked: `Missing API key` or `Invalid API key`.", ref("Error"),
        headers: ["WWW-Authenticate": ["description": "`Bearer`", "required": true, "schema": ["type": "string"]]])
    static let forbidden = error(
        "This API key lacks the '<scope>' scope",
        "Cross-origin request refused: a change sent by a browser from a page other than PersonaSeed's own",
        "a refusal of a non-loopback client while the server runs without API keys (protected mode)")

    /// The bytes of an image: its stored type, or WEBP for a thumbnail.
    static let image: OpenAPIJSON = [
        "description": .string(
            "The image bytes, with a strong ETag (the sha256 of the bytes), `X-Content-Type-Options: nosniff`, "
                + "`Content-Security-Policy: default-src 'none'; sandbox` and `Cross-Origin-Resource-Policy: same-site`."),
        "headers": [
            "ETag": ["description": "The sha256 of the bytes, quoted.", "required": true, "schema": ["type": "string"]],
            "X-Content-Type-Options": ["required": true, "schema": ["type": "string", "enum": ["nosniff"]]],
        ],
        "content": [
            "image/png": ["schema": ["type": "string", "format": "binary"]],
            "image/jpeg": ["schema": ["type": "string", "format": "binary"]],
            "image/webp": ["schema": ["type": "string", "format": "binary"]],
        ],
    ]
    static let notModified: OpenAPIJSON = [
        "description": "`If-None-Match` matched the ETag: no body.",
        "headers": ["ETag": ["required": true, "schema": ["type": "string"]]],
    ]
}
