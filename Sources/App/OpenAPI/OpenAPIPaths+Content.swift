import PersonaSeedCore

/// `/api/v1/personas/{id}/content/…` (content made from the approved baseline) and
/// `/api/v1/personas/bulk` (one action for many personas).
extension OpenAPIDocument {
    static var contentOperations: [OpenAPIOperation] {
        let base = "/api/v1/personas/{id}/content"
        let itemNotFound = R.error("Persona <id> not found", "Content <cid> not found")
        return [
            OpenAPIOperation(
                method: "post", path: "\(base)/generate", id: "generateContent", tag: "content",
                summary: "Generate content from the approved baseline",
                description: "New images of the persona in the scene `prompt` describes, with the approved version as the "
                    + "identity reference: GPT image models get it as the image of `/images/edits` (`input_fidelity: high`); "
                    + "dall-e-3 gets no image, the baseline's description in its prompt; ComfyUI and AUTOMATIC1111 an "
                    + "IP-Adapter at weight `identity_strength` when the engine has one, else image-to-image at "
                    + "denoise 1 − 0.6 × `identity_strength`. Only an approved persona gets content (409 otherwise, before "
                    + "any engine is asked); the baseline is read again when the job runs. Each image becomes a content "
                    + "item naming the baseline version and sha256 it came from; the persona, its versions and its status "
                    + "are left as they are. Synchronous by default: 201 with the items once they are stored. "
                    + "With `Prefer: respond-async` or `?async=true`: 202 with the `generate-content` job at once, and its "
                    + "URL in `Location`; the job lists the items in `content` once it has succeeded. A failure stores nothing.",
                scope: .write,
                parameters: [P.personaID, P.asyncFlag, P.prefer],
                requestBody: ["required": true, "content": ["application/json": ["schema": R.ref("ContentGenerate")]]],
                responses: [
                    ("201", R.json(
                        "The items made, in candidate order, once stored.", OpenAPISchemas.array(R.ref("ContentItem")))),
                    ("202", R.jobAccepted),
                    ("400", R.error(
                        DomainError.cloudUnavailable.message, DomainError.localUnavailable.message,
                        "callback_url needs WEBHOOK_SECRET to be set on the server, to sign the callback",
                        "callback_url host <host> is not in WEBHOOK_ALLOWED_HOSTS")),
                    ("404", R.personaNotFound),
                    ("409", R.error(
                        "Cannot generate content: the persona's baseline is <status>; content is generated only from an "
                            + "approved baseline",
                        JobRunner.cancelledReason)),
                    ("413", R.tooLarge),
                    ("422", R.json(
                        "The body is missing or invalid, or the prompt built for the cloud model is longer than it accepts "
                            + "(a list); or, once the job ran, the engine refused the prompt or the prompt with the baseline's "
                            + "description is too long for dall-e-3 (`{\"detail\": \"<text>\"}`).",
                        ["oneOf": [R.ref("ValidationError"), R.ref("Error")]])),
                    ("500", R.error(
                        "Generation failed: <reason>",
                        "The stored file of approved version <n> does not match its sha256; run personaseed fsck")),
                    ("502", R.error("the engine is unreachable (naming it and its URL), or answered something unusable")),
                    ("504", R.error("the engine did not answer in time")),
                ]),
            OpenAPIOperation(
                method: "get", path: base, id: "listContent", tag: "content", summary: "List a persona's content",
                description: "Newest first (the candidates of one job in their order, the last one first). "
                    + "`baseline_version` keeps the content made from one approved version.",
                scope: .read,
                parameters: [
                    P.personaID, P.skip, P.limit,
                    ["name": "baseline_version", "in": "query",
                     "description": "Only content made from this version of the baseline.",
                     "schema": ["type": "integer", "minimum": 1]],
                ],
                responses: [
                    ("200", R.json("The page of items.", OpenAPISchemas.array(R.ref("ContentItem")))),
                    ("404", R.personaNotFound), ("422", R.validation),
                ]),
            OpenAPIOperation(
                method: "get", path: "\(base)/{cid}", id: "getContentItem", tag: "content", summary: "Read a content item",
                description: "What was asked, what the engine made, and the baseline it came from.", scope: .read,
                parameters: [P.personaID, P.contentID],
                responses: [("200", R.json("The item.", R.ref("ContentItem"))), ("404", itemNotFound)]),
            OpenAPIOperation(
                method: "get", path: "\(base)/{cid}/image", id: "getContentImage", tag: "content",
                summary: "A content item's bytes", description: "Immutable: cached for a year.", scope: .read,
                parameters: [P.personaID, P.contentID, P.size, P.ifNoneMatch],
                responses: [
                    ("200", R.image), ("304", R.notModified), ("404", itemNotFound), ("422", R.validation),
                ]),
            OpenAPIOperation(
                method: "delete", path: "\(base)/{cid}", id: "deleteContentItem", tag: "content",
                summary: "Delete a content item",
                description: "Removes the item and its files, and records `delete-content` in the audit trail. "
                    + "The baseline is not touched.",
                scope: .write, parameters: [P.personaID, P.contentID],
                responses: [("204", R.noContent), ("404", itemNotFound)]),
        ]
    }

    static var bulkOperations: [OpenAPIOperation] {
        let actions = BulkRequest.Action.allCases
        func named(_ scope: AccessScope) -> String {
            let names = actions.filter { $0.requiredScope == scope }.map { "`\($0.rawValue)`" }
            return names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
        }
        let scopes = [AccessScope.approve, .write, .admin].map { "the `\($0.rawValue)` scope for \(named($0))" }
        return [
            OpenAPIOperation(
                method: "post", path: "/api/v1/personas/bulk", id: "bulkPersonaAction", tag: "personas",
                summary: "One action for many personas",
                description: "Up to \(BulkRequest.maxIDs) ids, each handled as its own request would be, in the order sent: "
                    + "its own scope check, its own transaction, its own audit entry. One id failing changes nothing for "
                    + "the others. The answer is 200 whatever the ids' outcomes: `results` holds, per id, the status and "
                    + "body the single request would have answered (`approve` / `reject`: `…/seed-image/approve` / "
                    + "`reject`; `generate-*`: the generate routes with `options` as their body, always asynchronous: 202 "
                    + "with the job; `deactivate`: `DELETE /api/v1/personas/{id}`, 204 with a null body). "
                    + "`approve` and `reject` are recorded in the audit trail as `bulk-approve` / `bulk-reject`; the jobs "
                    + "of the generation actions record what they make under their own kind, as any job does.",
                scope: .write,
                requestBody: ["required": true, "content": ["application/json": ["schema": R.ref("BulkRequest")]]],
                responses: [
                    ("200", R.json("Every id's outcome.", R.ref("BulkResponse"))),
                    ("413", R.tooLarge), ("422", R.validation),
                ],
                scopeText: "Requires an API key. Each id is checked against the scope of the action, as its single request "
                    + "is: " + scopes.joined(separator: ", ") + " (`x-required-scope-per-action`; `x-required-scope` "
                    + "names the generation actions'). A key without it gets 200 with a 403 for every id.",
                extensions: [(
                    "x-required-scope-per-action",
                    .object(actions.map { action -> (String, OpenAPIJSON) in
                        (action.rawValue, .string(action.requiredScope.rawValue))
                    })
                )]),
        ]
    }
}
