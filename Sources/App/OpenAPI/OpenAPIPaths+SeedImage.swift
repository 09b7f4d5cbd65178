import PersonaSeedCore

/// `/api/v1/personas/{id}/seed-image/…`: the baseline image workflow.
extension OpenAPIDocument {
    static var seedImageOperations: [OpenAPIOperation] {
        let base = "/api/v1/personas/{id}/seed-image"
        let locked = R.error(DomainError.baselineLocked)
        let imageResponses: [(String, OpenAPIJSON)] = [
            ("200", R.image), ("304", R.notModified), ("422", R.validation),
        ]
        return [
            OpenAPIOperation(
                method: "post", path: "\(base)/upload", id: "uploadSeedImage", tag: "seed-image", summary: "Upload a base image",
                description: "Multipart field `file`: PNG, JPEG or WEBP (decided from the bytes), at most 10 MiB. It becomes a new "
                    + "version and the current draft. Metadata (EXIF, XMP, IPTC) is stripped; the file name is never used.",
                scope: .write, parameters: [P.personaID],
                requestBody: [
                    "required": true,
                    "content": ["multipart/form-data": [
                        "schema": OpenAPISchemas.object(
                            [("file", ["type": "string", "format": "binary", "description": "The image (at most 10 MiB)."])],
                            required: ["file"], closed: false),
                        "encoding": ["file": ["contentType": "image/png, image/jpeg, image/webp, application/octet-stream"]],
                    ]],
                ],
                responses: [
                    ("200", R.persona),
                    ("400", R.error(
                        DomainError.invalidFileType.message, DomainError.fileTooLarge.message,
                        DomainError.undecodableImage.message, "Image too large: maximum is <n> megapixels",
                        "There was an error parsing the body")),
                    ("404", R.personaNotFound), ("409", locked),
                    ("413", R.error("Form fields other than file may hold at most 64 KiB")),
                    ("422", R.json("The `file` field is missing.", R.ref("ValidationError"))),
                ]),
            generateOperation(
                path: "\(base)/generate-cloud", id: "generateCloudSeedImage", summary: "Generate a base image in the cloud",
                description: "OpenAI's Images API (`OPENAI_IMAGE_MODEL`).", unavailable: .cloudUnavailable),
            generateOperation(
                path: "\(base)/generate-local", id: "generateLocalSeedImage", summary: "Generate a base image on the local engine",
                description: "ComfyUI or an AUTOMATIC1111-compatible API (`LOCAL_SD_BACKEND`, `LOCAL_SD_URL`).",
                unavailable: .localUnavailable),
            OpenAPIOperation(
                method: "post", path: "\(base)/approve", id: "approveSeedImage", tag: "seed-image", summary: "Approve the base image",
                description: "Locks the persona's appearance. Approving an approved persona changes nothing.",
                scope: .approve, parameters: [P.personaID],
                responses: [
                    ("200", R.persona), ("400", R.error(DomainError.approveWithoutImage)), ("404", R.personaNotFound),
                    ("409", R.error(DomainError.approveRejected)),
                ]),
            OpenAPIOperation(
                method: "post", path: "\(base)/reject", id: "rejectSeedImage", tag: "seed-image", summary: "Reject the base image",
                description: "Unlocks the appearance; a replacement (upload, generation, select) or a PUT back to `draft` follows.",
                scope: .approve, parameters: [P.personaID],
                responses: [("200", R.persona), ("400", R.error(DomainError.rejectWithoutImage)), ("404", R.personaNotFound)]),
            OpenAPIOperation(
                method: "get", path: "\(base)/versions", id: "listSeedImageVersions", tag: "seed-image",
                summary: "List the image versions", description: "Every stored version, newest first.", scope: .read,
                parameters: [P.personaID],
                responses: [("200", R.json("The versions.", OpenAPISchemas.array(R.ref("Version")))), ("404", R.personaNotFound)]),
            OpenAPIOperation(
                method: "get", path: "\(base)/versions/{version}", id: "getSeedImageVersion", tag: "seed-image",
                summary: "Read one image version", description: "One version's record.", scope: .read,
                parameters: [P.personaID, P.version],
                responses: [
                    ("200", R.json("The version.", R.ref("Version"))),
                    ("404", R.error("Persona <id> not found", "Version <n> not found")),
                ]),
            OpenAPIOperation(
                method: "post", path: "\(base)/versions/{version}/select", id: "selectSeedImageVersion", tag: "seed-image",
                summary: "Make a version the current draft", description: "The same rules as an upload.", scope: .write,
                parameters: [P.personaID, P.version],
                responses: [
                    ("200", R.persona), ("404", R.error("Persona <id> not found", "Version <n> not found")), ("409", locked),
                ]),
            OpenAPIOperation(
                method: "get", path: "\(base)/history", id: "getSeedImageHistory", tag: "seed-image", summary: "The audit trail",
                description: "Every status change and new version, oldest first.", scope: .read, parameters: [P.personaID],
                responses: [
                    ("200", R.json("The entries.", OpenAPISchemas.array(R.ref("HistoryEntry")))), ("404", R.personaNotFound),
                ]),
            OpenAPIOperation(
                method: "get", path: "\(base)/image", id: "getSeedImage", tag: "seed-image", summary: "The current image's bytes",
                description: "`Cache-Control: no-cache`: the current image changes with the workflow.", scope: .read,
                parameters: [P.personaID, P.size, P.ifNoneMatch],
                responses: imageResponses + [("404", R.error("Persona <id> not found", "Persona <id> has no base image"))]),
            OpenAPIOperation(
                method: "get", path: "\(base)/versions/{version}/image", id: "getSeedImageVersionImage", tag: "seed-image",
                summary: "A version's bytes", description: "Immutable: cached for a year.", scope: .read,
                parameters: [P.personaID, P.version, P.size, P.ifNoneMatch],
                responses: imageResponses + [("404", R.error("Persona <id> not found", "Version <n> not found"))]),
        ]
    }

    private static func generateOperation(
        path: String, id: String, summary: String, description: String, unavailable: DomainError
    ) -> OpenAPIOperation {
        OpenAPIOperation(
            method: "post", path: path, id: id, tag: "seed-image", summary: summary,
            description: description + " Synchronous by default: 200 with the persona in `draft` once the image is made. "
                + "With `Prefer: respond-async` or `?async=true`: 202 with the job at once, and its URL in `Location`. "
                + "The current draft is the reference unless the body says otherwise.",
            scope: .write,
            parameters: [P.personaID, P.asyncFlag, P.prefer],
            requestBody: ["required": false, "content": ["application/json": ["schema": R.ref("GenerationOptions")]]],
            responses: [
                ("200", R.json("The image is made: the persona, in `draft`.", R.ref("Persona"))),
                ("202", R.jobAccepted),
                ("400", R.error(
                    unavailable.message,
                    "callback_url needs WEBHOOK_SECRET to be set on the server, to sign the callback")),
                ("404", R.error("Persona <id> not found", "Version <n> not found")),
                ("409", R.error(DomainError.baselineLocked.message, JobRunner.cancelledReason)),
                ("413", R.tooLarge),
                ("422", R.json(
                    "The options are invalid (a list), or the prompt is too long for the model or the engine refused it "
                        + "(`{\"detail\": \"<text>\"}`).",
                    ["oneOf": [R.ref("ValidationError"), R.ref("Error")]])),
                ("500", R.error("Generation failed: <reason>")),
                ("502", R.error("the engine is unreachable (naming it and its URL), or answered something unusable")),
                ("504", R.error("the engine did not answer in time")),
            ])
    }
}
