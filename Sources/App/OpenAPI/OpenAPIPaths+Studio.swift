/// `/api/v1/session` (the studio's sign-in) and the studio's own files.
extension OpenAPIDocument {
    static var studioOperations: [OpenAPIOperation] {
        let base = "/api/v1/session"
        return [
            OpenAPIOperation(
                method: "post", path: base, id: "signIn", tag: "session", summary: "Sign in to the studio with an API key",
                description: "Answers with a session cookie `personaseed_session` (`HttpOnly`, `SameSite=Strict`, 12 hours; "
                    + "`Secure` behind a TLS proxy on this machine that sends `X-Forwarded-Proto: https`). The browser keeps "
                    + "the cookie, never the key; the session has the key's scopes and ends with sign-out, expiry, or the "
                    + "key's revocation. Requests that change anything with the cookie must come from the studio's own "
                    + "pages (`Sec-Fetch-Site: same-origin` or a matching `Origin`), else 403.",
                scope: nil,
                requestBody: ["required": true, "content": ["application/json": ["schema": R.ref("SessionCreate")]]],
                responses: [
                    ("201", R.json("Signed in: who the session is.", R.ref("Session"),
                                   headers: ["Set-Cookie": ["description": "`personaseed_session=…`", "schema": ["type": "string"]]])),
                    ("401", R.error("Invalid API key")),
                    ("403", R.error("Cross-origin request refused: …")),
                    ("409", R.error(SessionController.nothingToSignInTo)),
                    ("413", R.tooLarge), ("422", R.validation),
                ]),
            OpenAPIOperation(
                method: "get", path: base, id: "getSession", tag: "session", summary: "Who this request acts as",
                description: "A studio session, an API key, protected mode's local user, or nobody (`via: none`, with no "
                    + "scopes: not signed in, or the session has ended).", scope: nil,
                responses: [("200", R.json("Who the caller is.", R.ref("Session")))]),
            OpenAPIOperation(
                method: "delete", path: base, id: "signOut", tag: "session", summary: "Sign out of the studio",
                description: "Ends this browser's session, if any, and clears the cookie.", scope: nil,
                responses: [("204", R.noContent), ("403", R.error("Cross-origin request refused: …"))]),
            OpenAPIOperation(
                method: "get", path: "/", id: "getStudio", tag: "service", summary: "The studio, for a browser",
                description: "PersonaSeed Studio: review, compare and approve baselines. Its page holds no data; its scripts "
                    + "call this API.", scope: nil,
                responses: [("200", ["description": "The page.", "content": ["text/html": ["schema": ["type": "string"]]]])]),
            OpenAPIOperation(
                method: "get", path: "/studio/{file}", id: "getStudioFile", tag: "service", summary: "One of the studio's files",
                description: "Its scripts (JavaScript modules), style and icon, compiled into the binary.", scope: nil,
                parameters: [["name": "file", "in": "path", "required": true, "schema": ["type": "string"]]],
                responses: [
                    ("200", ["description": "The file.", "content": [
                        "text/javascript": ["schema": ["type": "string"]], "text/css": ["schema": ["type": "string"]],
                        "image/svg+xml": ["schema": ["type": "string"]],
                    ]]),
                    ("404", R.error("No studio file <name>")),
                ]),
        ]
    }
}

extension OpenAPISchemas {
    static var session: OpenAPIJSON {
        let fields: [(String, OpenAPIJSON)] = [
            ("name", described(string(nullable: true), "The key's name, `local` in protected mode, null when nobody.")),
            ("scopes", array(keyScope)),
            ("via", enumeration(SessionResponse.Via.self)),
            ("expires_at", string(format: "date-time", nullable: true)),
        ]
        return object(fields, required: fields.map(\.0), closed: true, description: "Who a request acts as.")
    }

    static var sessionCreate: OpenAPIJSON {
        object([("key", described(["type": "string"], "An API key (`psk_…`)."))], required: ["key"], closed: false)
    }
}
