import PersonaSeedCore

/// The persona resource: the answer, and the bodies of create and update (api.md, "Persona resource").
extension OpenAPISchemas {
    static let personaName = string(min: 2, max: 100).adding([
        ("pattern", "^[^<>&']*$"),
        ("description", "2–100 characters after trimming whitespace; none of `< > & '`."),
    ])

    /// The fields a client writes, with the validation rules; `nullable` for request bodies, where null
    /// means "leave as is" (create: use the default).
    static func profileFields(nullable: Bool) -> [(String, OpenAPIJSON)] {
        [
            ("name", nullable ? personaName.adding([("type", ["string", "null"])]) : personaName),
            ("appearance", string(min: 10, max: 2000, nullable: true)),
            ("personality", string(min: 10, max: 2000, nullable: true)),
            ("base_appearance_description", string(max: 5000, nullable: true)),
            ("content_themes", described(
                array(["type": "string"], max: PersonaValidation.maxContentThemes, nullable: nullable),
                "A theme containing " + PersonaValidation.bannedThemeWords.map { "\"\($0)\"" }.joined(separator: ", ")
                    + " (any case) is refused.")),
            ("style_preferences", nullable ? ["type": ["object", "null"]] : anyObject),
            ("default_content_rating", enumeration(ContentRating.self, nullable: nullable)),
            ("allowed_content_ratings", array(enumeration(ContentRating.self), nullable: nullable)),
            ("platform_restrictions", [
                "type": nullable ? ["object", "null"] : "object",
                "description": "Platform name → what it allows.",
                "additionalProperties": enumeration(PlatformPolicy.self),
            ]),
            ("image_style", enumeration(ImageStyle.self, nullable: nullable)),
            ("default_negative_prompt", string(max: 2000, nullable: nullable)),
            ("image_model_preference", described(
                string(max: 200, nullable: true), "A case-insensitive part of a local model's name.")),
        ]
    }

    static var persona: OpenAPIJSON {
        let fields: [(String, OpenAPIJSON)] = [("id", uuid)] + profileFields(nullable: false) + [
            ("base_image_status", enumeration(BaseImageStatus.self)),
            ("appearance_locked", described(["type": "boolean"], "Always `base_image_status == \"approved\"`.")),
            ("base_image_path", described(
                string(nullable: true), "Storage key of the current image, relative to the image store.")),
            ("base_image", described(
                ["oneOf": [OpenAPIResponses.ref("Version"), ["type": "null"]]], "The current image's version.")),
            ("is_active", described(["type": "boolean"], "False once deleted (soft delete).")),
            ("generation_count", integer(min: 0)),
            ("version_count", described(integer(min: 0), "How many image versions the persona has.")),
            ("created_at", timestamp),
            ("updated_at", timestamp),
        ]
        return object(fields, required: fields.map(\.0), closed: true, description: "A persona; every field is always present.")
    }

    static var personaCreate: OpenAPIJSON {
        // Null is "not given" on create too, except for the name.
        object(
            profileFields(nullable: true).map { $0.0 == "name" ? ("name", personaName) : $0 },
            required: ["name"], closed: false,
        description: "Needs `name` and at least one of `appearance` / `base_appearance_description`. Unknown keys are ignored.")
        .adding([("anyOf", [
            ["required": ["appearance"], "properties": ["appearance": ["type": "string"]]],
            ["required": ["base_appearance_description"], "properties": ["base_appearance_description": ["type": "string"]]],
        ])])
    }

    static var personaUpdate: OpenAPIJSON {
        object(profileFields(nullable: true) + [
            ("base_image_status", described(
                enumeration(BaseImageStatus.self, nullable: true),
                "Goes through the same rules as the workflow routes (`approved` = approve). "
                    + "Setting it needs the `approve` scope.")),
            ("is_active", ["type": ["boolean", "null"]]),
        ], required: [], closed: false,
        description: "A partial update: an absent or null field is left as is. `appearance_locked` is ignored. "
            + "While approved, changing `appearance`, `base_appearance_description` or `image_style` is a 409.")
    }
}
