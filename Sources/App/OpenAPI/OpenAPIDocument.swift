import Foundation

/// The OpenAPI 3.1 description of the whole API, served at `GET /openapi.json`. Built from Swift values
/// (no resource bundle: the binary works wherever it is copied); `OpenAPIDocumentTests` keeps it true
/// against the registered routes and real answers.
enum OpenAPIDocument {
    /// The API's own version (the base path says v1): bump the minor for additions, the major with /api/v2.
    static let apiVersion = "1.0.0"

    static var operations: [OpenAPIOperation] {
        linked(
            publicOperations + personaOperations + bulkOperations + seedImageOperations + contentOperations + jobOperations
                + keyOperations + studioOperations)
    }

    /// OpenAPI links: where the ids an answer carries can be used next (a client's map of the workflow,
    /// and how schemathesis chains real personas, versions and jobs instead of guessing ids).
    static func linked(_ operations: [OpenAPIOperation]) -> [OpenAPIOperation] {
        func links(to needle: String, _ parameters: OpenAPIJSON) -> OpenAPIJSON {
            .object(operations.filter { $0.path.contains(needle) }.map { target in
                (target.id, ["operationId": .string(target.id), "parameters": parameters])
            })
        }
        let sources: [String: (code: String, links: OpenAPIJSON)] = [
            "createPersona": ("201", links(to: "{id}", ["id": "$response.body#/id"])),
            "uploadSeedImage": ("200", links(
                to: "{version}", ["id": "$request.path.id", "version": "$response.body#/base_image/version"])),
            "generateCloudSeedImage": ("202", links(to: "{jobID}", ["jobID": "$response.body#/id"])),
            "generateLocalSeedImage": ("202", links(to: "{jobID}", ["jobID": "$response.body#/id"])),
            "generateContent": ("201", links(to: "{cid}", ["id": "$request.path.id", "cid": "$response.body#/0/id"])),
            "createApiKey": ("201", links(to: "{name}", ["name": "$response.body#/name"])),
        ]
        return operations.map { operation in
            guard let source = sources[operation.id] else { return operation }
            var operation = operation
            operation.responses = operation.responses.map { code, response in
                (code, code == source.code ? response.adding([("links", source.links)]) : response)
            }
            return operation
        }
    }

    static var json: OpenAPIJSON {
        var paths: [(String, OpenAPIJSON)] = []
        for operation in operations {
            if let index = paths.firstIndex(where: { $0.0 == operation.path }) {
                paths[index].1 = paths[index].1.adding([(operation.method, operation.json)])
            } else {
                paths.append((operation.path, .object([(operation.method, operation.json)])))
            }
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "PersonaSeed",
                "version": .string(apiVersion),
                "summary": "A consistent face for an AI persona: its baseline reference image and the workflow around it.",
                "description": .string("Errors are `{\"detail\": \"<text>\"}`; a 422 lists every problem as "
                    + "`{\"detail\": [{\"loc\": [...], \"msg\": \"...\", \"type\": \"...\"}]}`. A trailing slash is accepted "
                    + "wherever a path has none. Every `/api/v1` route needs an API key (`Authorization: Bearer <key>`) "
                    + "with the scope named in its description, or the studio's session cookie (`/api/v1/session`)."),
            ],
            "servers": [["url": "/"]],
            "tags": [
                ["name": "personas", "description": "Create, list, read, update and delete personas."],
                ["name": "seed-image", "description": "The baseline image: upload, generate, approve, reject, versions."],
                ["name": "content", "description": "Content made from the approved baseline: generate, list, read, delete."],
                ["name": "jobs", "description": "Generation jobs: state, events, cancel."],
                ["name": "keys", "description": "API keys (admin)."],
                ["name": "session", "description": "Signing in to the studio: an API key becomes a session cookie."],
                ["name": "service", "description": "Liveness and this documentation."],
            ],
            "paths": .object(paths),
            "components": [
                "securitySchemes": [
                    "bearerAuth": [
                        "type": "http", "scheme": "bearer",
                        "description": "An API key made with `personaseed keys create` or `POST /api/v1/keys`.",
                    ],
                ],
                "schemas": OpenAPISchemas.all,
            ],
        ]
    }

    /// The served bytes, rendered once.
    static let rendered: String = json.rendered()
}
