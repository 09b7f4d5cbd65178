/// API keys (`/api/v1/keys`, admin scope). Open objects: the key store may tell more than this.
extension OpenAPISchemas {
    static let keyName = string(min: 1, max: 64).adding([("pattern", "^[A-Za-z0-9._-]+$")])
    static let keyScope: OpenAPIJSON = ["type": "string", "enum": ["read", "write", "approve", "admin"]]

    static var apiKeyFields: [(String, OpenAPIJSON)] {
        [
            ("name", keyName),
            ("scopes", array(keyScope)),
            ("prefix", described(["type": "string"], "The first characters of the secret, to tell keys apart.")),
            ("created_at", timestamp),
            ("revoked_at", string(format: "date-time", nullable: true)),
        ]
    }

    static var apiKey: OpenAPIJSON {
        object(apiKeyFields, required: apiKeyFields.map(\.0), closed: false, description: "An API key, without its secret.")
    }

    static var apiKeyCreated: OpenAPIJSON {
        let fields = apiKeyFields + [("key", described(["type": "string"], "The secret: shown this once, never again."))]
        return object(fields, required: fields.map(\.0), closed: false, description: "A new API key, with its secret.")
    }

    static var apiKeyCreate: OpenAPIJSON {
        object([
            ("name", described(keyName, "1–64 characters of `A-Z a-z 0-9 . _ -`.")),
            ("scopes", array(keyScope).adding([("minItems", 1), ("maxItems", 4), ("uniqueItems", true)])),
        ], required: ["name", "scopes"], closed: false)
    }
}
