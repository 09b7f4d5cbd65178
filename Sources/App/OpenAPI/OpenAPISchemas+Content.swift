import Generation
import PersonaSeedCore

/// Content items, the body that asks for them, and the bulk request and its answer.
extension OpenAPISchemas {
    static let sha256 = string().adding([("pattern", "^[0-9a-f]{64}$")])

    static var contentItem: OpenAPIJSON {
        let fields: [(String, OpenAPIJSON)] = [
            ("id", uuid),
            ("persona_id", uuid),
            ("scene_prompt", described(["type": "string"], "The scene as asked (`prompt` of the request, trimmed).")),
            ("prompt", described(
                ["type": "string"],
                "The prompt the engine received: the persona's appearance (for dall-e-3: the baseline's description), "
                    + "personality, the scene, and a phrase for its `image_style`.")),
            ("negative_prompt", described(
                string(nullable: true), "As sent: the request's, else the persona's `default_negative_prompt`.")),
            ("engine", enumeration(EngineFamily.self)),
            ("backend", enumeration(EngineKind.self)),
            ("model", ["type": "string"]),
            ("seed", described(integer(min: 0, nullable: true), "The seed the engine used (read back from it), if any.")),
            ("size", described(
                ["type": "string", "pattern": "^[0-9]+x[0-9]+$"], "The size asked of the engine; `width` and `height` are the stored image's.")),
            ("width", integer(min: 1)),
            ("height", integer(min: 1)),
            ("format", ["type": "string", "enum": ["png", "jpeg", "webp"]]),
            ("bytes", integer(min: 1)),
            ("sha256", described(sha256, "Of the stored bytes (the image's strong ETag).")),
            ("identity_strength", ["type": "number", "minimum": 0, "maximum": 1]),
            ("baseline_version", described(integer(min: 1), "The approved version that was the identity reference.")),
            ("baseline_sha256", described(sha256, "That version's sha256, as it was when the item was made.")),
            ("job_id", described(uuid, "The `generate-content` job that made it.")),
            ("actor", described(["type": "string"], "Who asked: the API key's name; `local` for a server without keys.")),
            ("created_at", timestamp),
            ("path", described(
                ["type": "string"], "Storage key, relative to the image store: `persona_{id}_content_{cid}.{png|jpg|webp}`.")),
            ("image_url", described(["type": "string"], "Where the bytes are: `…/content/{cid}/image`.")),
            ("thumbnail_url", described(["type": "string"], "`…/content/{cid}/image?size=thumb`.")),
            ("generation", described(
                ["oneOf": [OpenAPIResponses.ref("Generation"), ["type": "null"]]],
                "How it was made, as a version's `generation` (`reference_version` is the baseline when the engine used it).")),
        ]
        return object(
            fields, required: fields.map(\.0), closed: true,
            description: "One piece of content made from the approved baseline; every field is always present.")
    }

    static var contentGenerate: OpenAPIJSON {
        object([
            ("engine", described(
                enumeration(EngineFamily.self),
                "`cloud`: OpenAI's Images API (`OPENAI_IMAGE_MODEL`); `local`: ComfyUI or an AUTOMATIC1111-compatible API "
                    + "(`LOCAL_SD_BACKEND`).")),
            ("prompt", described(
                string(min: 1, max: ContentOptions.maxSceneLength),
                "The scene (\"reading in a sunlit cafe, candid\"): 1–\(ContentOptions.maxSceneLength) characters after "
                    + "trimming whitespace. The persona's appearance and style are added.")),
            ("identity_strength", [
                "type": ["number", "null"], "minimum": 0, "maximum": 1, "default": .double(ContentOptions.defaultIdentityStrength),
                "description": .string("How strongly the baseline's identity is imposed: the IP-Adapter weight, or, without one, "
                    + "image-to-image at denoise 1 − 0.6 × this. Not used by the cloud engine."),
            ]),
            ("count", described(
                integer(min: 1, max: GenerationOptions.maxCount, nullable: true), "Images to make, each its own item; default 1.")),
            ("size", described(
                string(max: 20, nullable: true),
                "`WxH`, as for the baseline: cloud `1024x1024`, `1536x1024`, `1024x1536` (dall-e-3: `1792x1024`, "
                    + "`1024x1792`); local: multiples of 8 from \(GenerationOptions.localSideRange.lowerBound) to "
                    + "\(GenerationOptions.localSideRange.upperBound). Default `1024x1024`.")),
            ("seed", integer(min: 0, max: Int(GenerationOptions.maxSeed), nullable: true)),
            ("steps", described(integer(min: 1, max: GenerationOptions.maxSteps, nullable: true), "Local engines; default 50.")),
            ("negative_prompt", described(string(max: 2000, nullable: true), "Replaces the persona's `default_negative_prompt`.")),
            ("callback_url", described(
                string(max: 2000, format: "uri", nullable: true),
                "An absolute http(s) URL that receives the finished job (needs `WEBHOOK_SECRET` on the server).")),
        ], required: ["engine", "prompt"], closed: false,
        description: "What to make. Other keys are ignored: the reference is always the approved version.")
    }

    static var bulkRequest: OpenAPIJSON {
        object([
            ("action", enumeration(BulkRequest.Action.self)),
            ("ids", described(
                array(string(max: 100), max: BulkRequest.maxIDs).adding([("minItems", 1), ("uniqueItems", true)]),
                "Persona ids, as sent: an unknown or malformed one is that id's 404. An id given twice (in any case) is a 422.")),
            ("options", described(
                ["type": ["object", "null"]],
                "The body of the single request: `GenerationOptions` for `generate-local` / `generate-cloud`, "
                    + "`ContentGenerate` for `generate-content` (checked per id, a problem being that id's 422); "
                    + "ignored by the other actions.")),
        ], required: ["action", "ids"], closed: false)
    }

    static var bulkResponse: OpenAPIJSON {
        let result: [(String, OpenAPIJSON)] = [
            ("id", described(["type": "string"], "The id as sent.")),
            ("status", described(integer(min: 100, max: 599), "The status the single request would have answered.")),
            ("body", [
                "description": .string("Its body: the persona (`approve`, `reject`), the job (generation actions: 202), an error, "
                    + "or null (`deactivate`: 204)."),
                "oneOf": [
                    OpenAPIResponses.ref("Persona"), OpenAPIResponses.ref("Job"), OpenAPIResponses.ref("Error"),
                    OpenAPIResponses.ref("ValidationError"), ["type": "null"],
                ],
            ]),
        ]
        let fields: [(String, OpenAPIJSON)] = [
            ("action", enumeration(BulkRequest.Action.self)),
            ("results", described(
                array(object(result, required: result.map(\.0), closed: true)), "One per id, in the order sent.")),
            ("succeeded", described(integer(min: 0), "Results with a 2xx status.")),
            ("failed", described(integer(min: 0), "The others.")),
        ]
        return object(fields, required: fields.map(\.0), closed: true, description: "Every id's outcome.")
    }
}
