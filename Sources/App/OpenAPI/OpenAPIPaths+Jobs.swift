/// `/api/v1/jobs/{jobID}` and `/api/v1/keys`.
extension OpenAPIDocument {
    static var jobOperations: [OpenAPIOperation] {
        let base = "/api/v1/jobs/{jobID}"
        let notFound = R.error("Job <id> not found")
        return [
            OpenAPIOperation(
                method: "get", path: base, id: "getJob", tag: "jobs", summary: "Read a generation job",
                description: "`queued`, `running`, then `succeeded` (with `versions`, or for a `generate-content` job `content`), "
                    + "`failed` (with `error` and `error_status`) or `cancelled`.",
                scope: .read, parameters: [P.jobID], responses: [("200", R.json("The job.", R.ref("Job"))), ("404", notFound)]),
            OpenAPIOperation(
                method: "get", path: "\(base)/events", id: "getJobEvents", tag: "jobs", summary: "A job's Server-Sent Events",
                description: "The job now, then an `event: progress` each time it changes, then one of `succeeded`, `failed` or "
                    + "`cancelled`, and the stream ends. Each event's `data` is the job as JSON. A comment line keeps a quiet "
                    + "stream open.",
                scope: .read, parameters: [P.jobID],
                responses: [
                    ("200", ["description": "The event stream.", "content": ["text/event-stream": ["schema": ["type": "string"]]]]),
                    ("404", notFound),
                ]),
            OpenAPIOperation(
                method: "delete", path: base, id: "cancelJob", tag: "jobs", summary: "Cancel a job",
                description: "A queued job is cancelled at once; a running one is told to stop (the engine too) and awaited "
                    + "for up to 10 s.",
                scope: .write, parameters: [P.jobID],
                responses: [
                    ("200", R.json("Cancelled (or it finished meanwhile): the job.", R.ref("Job"))),
                    ("202", R.json("Still stopping: the job, running.", R.ref("Job"))),
                    ("404", notFound),
                    ("409", R.error("Job <id> has already finished (<status>)")),
                ]),
        ]
    }

    static var keyOperations: [OpenAPIOperation] {
        let base = "/api/v1/keys"
        return [
            OpenAPIOperation(
                method: "get", path: base, id: "listApiKeys", tag: "keys", summary: "List API keys",
                description: "Every key, revoked ones included, without secrets.", scope: .admin,
                responses: [("200", R.json("The keys.", OpenAPISchemas.array(R.ref("ApiKey"))))]),
            OpenAPIOperation(
                method: "post", path: base, id: "createApiKey", tag: "keys", summary: "Create an API key",
                description: "The answer holds the secret (`key`); it is shown this once.", scope: .admin,
                requestBody: ["required": true, "content": ["application/json": ["schema": R.ref("ApiKeyCreate")]]],
                responses: [
                    ("201", R.json("The new key, with its secret.", R.ref("ApiKeyCreated"))),
                    ("409", R.error("API key <name> already exists")),
                    ("413", R.tooLarge), ("422", R.validation),
                ]),
            OpenAPIOperation(
                method: "delete", path: "\(base)/{name}", id: "revokeApiKey", tag: "keys", summary: "Revoke an API key",
                description: "The key stops working at once.", scope: .admin,
                parameters: [["name": "name", "in": "path", "required": true, "schema": OpenAPISchemas.keyName]],
                responses: [("204", R.noContent), ("404", R.error("API key <name> not found"))]),
        ]
    }
}
