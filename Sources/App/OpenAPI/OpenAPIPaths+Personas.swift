import PersonaSeedCore

/// The public routes and `/api/v1/personas`.
extension OpenAPIDocument {
    typealias R = OpenAPIResponses
    typealias P = OpenAPIParameters

    static var publicOperations: [OpenAPIOperation] {
        [
            OpenAPIOperation(
                method: "get", path: "/healthz", id: "healthz", tag: "service", summary: "Liveness",
                description: "Answers `ok` while the process serves.", scope: nil,
                responses: [("200", ["description": "`ok`", "content": ["text/plain": ["schema": ["type": "string", "enum": ["ok"]]]]])]),
            OpenAPIOperation(
                method: "get", path: "/openapi.json", id: "getOpenAPIDocument", tag: "service",
                summary: "This document", description: "The OpenAPI 3.1 description of the whole API.", scope: nil,
                responses: [("200", R.json("The document.", ["type": "object", "required": ["openapi", "info", "paths"]]))]),
            OpenAPIOperation(
                method: "get", path: "/docs", id: "getDocsPage", tag: "service", summary: "The API reference, for a browser",
                description: "An HTML page that renders `/openapi.json` with no outside resources.", scope: nil,
                responses: [("200", ["description": "The page.", "content": ["text/html": ["schema": ["type": "string"]]]])]),
            OpenAPIOperation(
                method: "get", path: "/docs/docs.js", id: "getDocsScript", tag: "service", summary: "The reference page's script",
                description: "The renderer `/docs` loads (served separately so that the page's CSP allows no inline script).",
                scope: nil,
                responses: [("200", ["description": "The script.", "content": ["text/javascript": ["schema": ["type": "string"]]]])]),
            OpenAPIOperation(
                method: "get", path: "/docs/docs.css", id: "getDocsStyle", tag: "service", summary: "The reference page's style",
                description: "The stylesheet `/docs` loads.", scope: nil,
                responses: [("200", ["description": "The stylesheet.", "content": ["text/css": ["schema": ["type": "string"]]]])]),
            OpenAPIOperation(
                method: "get", path: "/docs/icon.svg", id: "getDocsIcon", tag: "service", summary: "The reference page's icon",
                description: "The tab icon `/docs` names (so that browsers do not ask for a missing `/favicon.ico`).", scope: nil,
                responses: [("200", ["description": "The icon.", "content": ["image/svg+xml": ["schema": ["type": "string"]]]])]),
        ]
    }

    static var personaOperations: [OpenAPIOperation] {
        let base = "/api/v1/personas"
        return [
            OpenAPIOperation(
                method: "post", path: base, id: "createPersona", tag: "personas", summary: "Create a persona",
                description: "Creates a persona in `pending_upload`. Fields left out (or null) take their defaults.",
                scope: .write,
                requestBody: ["required": true, "content": ["application/json": ["schema": R.ref("PersonaCreate")]]],
                responses: [
                    ("201", R.json("The new persona.", R.ref("Persona"))),
                    ("413", R.tooLarge), ("422", R.validation),
                ]),
            OpenAPIOperation(
                method: "get", path: base, id: "listPersonas", tag: "personas", summary: "List personas",
                description: "Newest first.", scope: .read,
                parameters: [
                    P.skip, P.limit,
                    ["name": "active_only", "in": "query", "description": "Leave out deleted personas.",
                     "schema": ["type": "boolean", "default": true]],
                    ["name": "status", "in": "query", "description": "Only personas whose baseline is in this status.",
                     "schema": OpenAPISchemas.enumeration(BaseImageStatus.self)],
                    ["name": "q", "in": "query",
                     "description": "Only personas whose name contains this text, ignoring case (surrounding spaces ignored).",
                     "schema": ["type": "string", "maxLength": .int(ListQuery.maxSearchLength)]],
                ],
                responses: [("200", R.json("The page of personas.", OpenAPISchemas.array(R.ref("Persona")))), ("422", R.validation)]),
            OpenAPIOperation(
                method: "get", path: "\(base)/{id}", id: "getPersona", tag: "personas", summary: "Read a persona",
                description: "A deleted persona is still readable (`is_active: false`).", scope: .read,
                parameters: [P.personaID], responses: [("200", R.persona), ("404", R.personaNotFound)]),
            OpenAPIOperation(
                method: "put", path: "\(base)/{id}", id: "updatePersona", tag: "personas", summary: "Update a persona",
                description: "A partial update: absent or null fields are left as is. `base_image_status` goes through the "
                    + "workflow's rules (and needs the `approve` scope rather than `write`).",
                scope: .write, parameters: [P.personaID],
                requestBody: ["required": true, "content": ["application/json": ["schema": R.ref("PersonaUpdate")]]],
                responses: [
                    ("200", R.persona),
                    ("400", R.error(
                        DomainError.approveWithoutImage, DomainError.rejectWithoutImage, DomainError.draftWithoutImage)),
                    ("404", R.personaNotFound),
                    ("409", R.error(
                        DomainError.appearanceLocked, DomainError.approveRejected, DomainError.approvedBackToDraft,
                        DomainError.backToPendingUpload)),
                    ("413", R.tooLarge), ("422", R.validation),
                ]),
            OpenAPIOperation(
                method: "delete", path: "\(base)/{id}", id: "deletePersona", tag: "personas", summary: "Delete a persona",
                description: "A soft delete: `is_active` becomes false; the persona and its images stay readable.",
                scope: .admin, parameters: [P.personaID], responses: [("204", R.noContent), ("404", R.personaNotFound)]),
        ]
    }
}
