import PersonaSeedCore

/// Versions, their generation records, the audit trail, generation options and jobs.
extension OpenAPISchemas {
    static var version: OpenAPIJSON {
        let fields: [(String, OpenAPIJSON)] = [
            ("version", integer(min: 1)),
            ("source", enumeration(ImageSource.self)),
            ("format", ["type": "string", "enum": ["png", "jpeg", "webp"]]),
            ("width", integer(min: 1)),
            ("height", integer(min: 1)),
            ("bytes", integer(min: 1)),
            ("sha256", ["type": "string", "pattern": "^[0-9a-f]{64}$"]),
            ("created_at", timestamp),
            ("url", described(["type": "string"], "Where the bytes are: `…/versions/{n}/image`.")),
            ("thumbnail_url", described(["type": "string"], "`…/versions/{n}/image?size=thumb`.")),
            ("generation", described(
                ["oneOf": [OpenAPIResponses.ref("Generation"), ["type": "null"]]], "How a generated image was made; null for uploads.")),
        ]
        return object(fields, required: fields.map(\.0), closed: true, description: "One stored image version.")
    }

    /// Open: the engine's own settings and the warnings vary by backend.
    static var generation: OpenAPIJSON {
        object([
            ("backend", ["type": "string"]),
            ("engine_url", ["type": "string"]),
            ("model", ["type": "string"]),
            ("prompt", ["type": "string"]),
            ("negative_prompt", string(nullable: true)),
            ("seed", integer(min: 0, nullable: true)),
            ("steps", integer(min: 1, nullable: true)),
            ("size", ["type": "string", "pattern": "^[0-9]+x[0-9]+$"]),
            ("count", integer(min: 1)),
            ("candidate", integer(min: 1)),
            ("reference_version", integer(min: 1, nullable: true)),
            ("job_id", uuid),
            ("parameters", described(anyObject, "The engine's own settings (sampler, ControlNet / IP-Adapter units, quality…).")),
            ("revised_prompt", ["type": "string"]),
            ("warnings", array(["type": "string"])),
        ], required: ["backend", "model", "prompt", "size"], closed: false,
        description: "Enough to make the same image again.")
    }

    static var historyEntry: OpenAPIJSON {
        let fields: [(String, OpenAPIJSON)] = [
            ("at", timestamp),
            ("actor", described(["type": "string"], "The API key's name; `local` for a server without keys.")),
            ("action", described(
                ["type": "string"],
                "`upload`, `generate-local`, `generate-cloud`, `approve`, `reject`, `select`, `update`, `generate-content`, "
                    + "`delete-content`, `bulk-approve`, `bulk-reject`, …")),
            ("from_status", enumeration(BaseImageStatus.self)),
            ("to_status", enumeration(BaseImageStatus.self)),
            ("version", described(
                integer(min: 1, nullable: true),
                "The version made current, if any; for a content entry, the baseline version the item came from.")),
            ("content_id", described(
                string(format: "uuid", nullable: true),
                "The content item made or deleted (`generate-content`, `delete-content`); null for other entries.")),
        ]
        return object(
            fields, required: fields.map(\.0), closed: true,
            description: "One entry of the audit trail. A content entry leaves the status as it is (`from_status` = `to_status`).")
    }

    static var generationOptions: OpenAPIJSON {
        object([
            ("prompt_suffix", described(string(max: 2000, nullable: true), "Added to the prompt.")),
            ("negative_prompt", described(string(max: 2000, nullable: true), "Replaces the persona's `default_negative_prompt`.")),
            ("seed", integer(min: 0, max: Int(GenerationOptions.maxSeed), nullable: true)),
            ("steps", described(integer(min: 1, max: GenerationOptions.maxSteps, nullable: true), "Local engines; default 50.")),
            ("size", described(
                string(max: 20, nullable: true),
                "`WxH`. Cloud: `1024x1024`, `1536x1024`, `1024x1536` (dall-e-3: `1792x1024`, `1024x1792`); "
                    + "local: multiples of 8 from \(GenerationOptions.localSideRange.lowerBound) to "
                    + "\(GenerationOptions.localSideRange.upperBound). Default `1024x1024`.")),
            ("count", described(
                integer(min: 1, max: GenerationOptions.maxCount, nullable: true),
                "Candidates; all become versions, the first becomes current.")),
            ("reference", [
                "description": "The image the engine refines from: `current` (the default, when there is one), `none`, or a version number.",
                "oneOf": [
                    ["type": "string", "enum": ["current", "none"]],
                    ["type": "integer", "minimum": 1, "maximum": 1_000_000_000],
                    ["type": "null"],
                ],
            ]),
            ("callback_url", described(
                string(max: 2000, format: "uri", nullable: true),
                "An absolute http(s) URL that receives the finished job (needs `WEBHOOK_SECRET` on the server).")),
        ], required: [], closed: false, description: "All optional; the body itself may be left out.")
    }

    static var webhookAttempt: OpenAPIJSON {
        let fields: [(String, OpenAPIJSON)] = [
            ("attempt", integer(min: 1)),
            ("at", timestamp),
            ("status_code", described(integer(nullable: true), "The receiver's HTTP status; null when no answer came.")),
            ("error", string(nullable: true)),
            ("duration_ms", integer(min: 0)),
        ]
        return object(fields, required: fields.map(\.0), closed: true)
    }

    static var job: OpenAPIJSON {
        let fields: [(String, OpenAPIJSON)] = [
            ("id", uuid),
            ("kind", ["type": "string", "enum": ["generate-cloud", "generate-local", "generate-content"]]),
            ("status", ["type": "string", "enum": ["queued", "running", "succeeded", "failed", "cancelled"]]),
            ("progress", ["type": "number", "minimum": 0, "maximum": 1]),
            ("persona_id", uuid),
            ("versions", described(array(integer(min: 1)), "The versions made (once succeeded).")),
            ("content", described(
                array(uuid), "The content items made by a `generate-content` job (once succeeded); empty for other jobs.")),
            ("error", string(nullable: true)),
            ("error_status", described(integer(min: 400, max: 599, nullable: true), "The status a synchronous call answers `error` with.")),
            ("attempts", integer(min: 0)),
            ("callback_url", string(nullable: true)),
            ("webhook_state", ["type": ["string", "null"], "enum": ["pending", "delivered", "failed", nil]]),
            ("deliveries", array(OpenAPIResponses.ref("WebhookAttempt"))),
            ("created_at", timestamp),
            ("updated_at", timestamp),
            ("started_at", string(format: "date-time", nullable: true)),
            ("finished_at", string(format: "date-time", nullable: true)),
            ("url", ["type": "string"]),
            ("events_url", ["type": "string"]),
        ]
        return object(fields, required: fields.map(\.0), closed: true, description: "A generation job; every field is always present.")
    }
}
