import PersonaSeedCore

/// `components.schemas`: what the server writes (every field always present, null when absent) and what
/// it reads (the validation rules of `PersonaValidation`, `GenerationOptions`, `ContentOptions` and `BulkRequest`).
enum OpenAPISchemas {
    static func string(min: Int? = nil, max: Int? = nil, format: String? = nil, nullable: Bool = false) -> OpenAPIJSON {
        var schema: OpenAPIJSON = ["type": nullable ? ["string", "null"] : "string"]
        if let min { schema = schema.adding([("minLength", .int(min))]) }
        if let max { schema = schema.adding([("maxLength", .int(max))]) }
        if let format { schema = schema.adding([("format", .string(format))]) }
        return schema
    }

    static func integer(min: Int? = nil, max: Int? = nil, nullable: Bool = false) -> OpenAPIJSON {
        var schema: OpenAPIJSON = ["type": nullable ? ["integer", "null"] : "integer"]
        if let min { schema = schema.adding([("minimum", .int(min))]) }
        if let max { schema = schema.adding([("maximum", .int(max))]) }
        return schema
    }

    static func enumeration<E: CaseIterable & RawRepresentable>(_: E.Type, nullable: Bool = false) -> OpenAPIJSON
    where E.RawValue == String {
        let values = E.allCases.map { OpenAPIJSON.string($0.rawValue) }
        return nullable
            ? ["type": ["string", "null"], "enum": .array(values + [.null])]
            : ["type": "string", "enum": .array(values)]
    }

    static func array(_ items: OpenAPIJSON, max: Int? = nil, nullable: Bool = false) -> OpenAPIJSON {
        var schema: OpenAPIJSON = ["type": nullable ? ["array", "null"] : "array", "items": items]
        if let max { schema = schema.adding([("maxItems", .int(max))]) }
        return schema
    }

    static func object(
        _ properties: [(String, OpenAPIJSON)], required: [String], closed: Bool, description: String? = nil
    ) -> OpenAPIJSON {
        var schema: OpenAPIJSON = ["type": "object"]
        if let description { schema = schema.adding([("description", .string(description))]) }
        schema = schema.adding([
            ("properties", .object(properties)), ("required", .array(required.map(OpenAPIJSON.string))),
        ])
        if closed { schema = schema.adding([("additionalProperties", false)]) }
        return schema
    }

    static func described(_ schema: OpenAPIJSON, _ text: String) -> OpenAPIJSON {
        schema.adding([("description", .string(text))])
    }

    static let timestamp = string(format: "date-time")
    static let uuid = string(format: "uuid")
    static let anyObject: OpenAPIJSON = ["type": "object"]

    static var all: OpenAPIJSON {
        .object([
            ("Persona", persona),
            ("PersonaCreate", personaCreate),
            ("PersonaUpdate", personaUpdate),
            ("Version", version),
            ("Generation", generation),
            ("HistoryEntry", historyEntry),
            ("GenerationOptions", generationOptions),
            ("Job", job),
            ("WebhookAttempt", webhookAttempt),
            ("ContentItem", contentItem),
            ("ContentGenerate", contentGenerate),
            ("BulkRequest", bulkRequest),
            ("BulkResponse", bulkResponse),
            ("ApiKey", apiKey),
            ("ApiKeyCreate", apiKeyCreate),
            ("ApiKeyCreated", apiKeyCreated),
            ("Session", session),
            ("SessionCreate", sessionCreate),
            ("Error", error),
            ("ValidationError", validationError),
        ])
    }

    static let error = object(
        [("detail", ["type": "string"])], required: ["detail"], closed: true,
        description: "Every refusal but a validation failure.")

    static let validationError = object(
        [("detail", array(object(
            [
                ("loc", described(array(["type": ["string", "integer"]]),
                    "Where the problem is: `body` or `query`, then field names and list indexes.")),
                ("msg", ["type": "string"]),
                ("type", described(["type": "string"], "A pydantic error type: `missing`, `string_too_long`, `enum`, …")),
            ], required: ["loc", "msg", "type"], closed: true)))],
        required: ["detail"], closed: true,
        description: "422: every problem of a JSON body or query, as the reference service (FastAPI) lists them.")
}
