@testable import App
import Foundation
import PersonaSeedCore
import Testing
import Vapor
import VaporTesting

/// Keeps `/openapi.json` true: the same operations as the registered routes (no drift either way), a
/// well-formed 3.1 document, and the statuses real requests get are the ones documented.
@Suite struct OpenAPIDocumentTests {
    /// Documented ahead of the auth branch that adds them: allowed to be missing from the routes until
    /// that branch is merged (then this set should be emptied).
    @Test func everyRouteIsDocumentedAndEveryOperationIsARoute() async throws {
        try await withTestApp { app in
            let registered = Set(app.app.routes.all.map { route in
                let path = route.path.map { component -> String in
                    switch component {
                    case .constant(let text): text
                    case .parameter(let name): "{\(name)}"
                    case .anything: "*"
                    case .catchall: "**"
                    }
                }.joined(separator: "/")
                return "\(route.method.rawValue) /\(path)"
            })
            let documented = Set(try await Self.document(app).operations.map { "\($0.method.uppercased()) \($0.path)" })
            #expect(registered.subtracting(documented).sorted() == [], "routes missing from /openapi.json")
            #expect(
                documented.subtracting(registered).sorted() == [],
                "documented operations with no route")
        }
    }

    @Test func documentIsOpenAPI31WithCompleteOperations() async throws {
        try await withTestApp { app in
            let response = try await app.send(.GET, "/openapi.json")
            #expect(response.status == .ok)
            #expect(response.headers.contentType == .json)
            let document = try Self.document(response)
            #expect(document.json["openapi"]?.string == "3.1.0")
            #expect(document.json["info"]?["version"]?.string == OpenAPIDocument.apiVersion)
            #expect(document.json["components"]?["securitySchemes"]?["bearerAuth"]?["scheme"]?.string == "bearer")
            var operationIDs: Set<String> = []
            for operation in document.operations {
                let name = "\(operation.method) \(operation.path)"
                let id = try #require(operation.json["operationId"]?.string, "\(name): operationId")
                #expect(operationIDs.insert(id).inserted, "\(name): duplicate operationId \(id)")
                #expect(operation.json["summary"]?.string?.isEmpty == false, "\(name): summary")
                let codes = operation.responseCodes
                #expect(!codes.isEmpty && !codes.contains("default"), "\(name): explicit responses only")
                // Signing in, out, and "who am I" are the one part of /api/v1 that needs no key.
                if operation.path.hasPrefix("/api/v1/") && operation.path != "/api/v1/session" {
                    #expect(operation.json["security"] == .array([.object(["bearerAuth": .array([])])]), "\(name): security")
                    let scope = try #require(operation.json["x-required-scope"]?.string, "\(name): x-required-scope")
                    #expect(["read", "write", "approve", "admin"].contains(scope), "\(name): scope \(scope)")
                    #expect(operation.json["description"]?.string?.contains("`\(scope)` scope") == true, "\(name): scope text")
                    #expect(codes.isSuperset(of: ["401", "403"]), "\(name): 401 and 403")
                    if operation.method == "get" && !operation.path.hasPrefix("/api/v1/keys") {
                        #expect(scope == "read", "\(name): reads need the read scope")
                    }
                } else {
                    #expect(operation.json["security"] == .array([]), "\(name): public")
                }
                // Bodies past the 1 MiB limit are a 413 (PersonaAPITests checks it over a socket).
                if operation.json["requestBody"] != nil {
                    #expect(codes.contains("413"), "\(name): 413 for a body too large")
                }
                // Every path parameter of the template is declared.
                let declared = Set((operation.json["parameters"]?.array ?? []).filter { $0["in"]?.string == "path" }
                    .compactMap { $0["name"]?.string })
                let inPath = Set(operation.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
                #expect(declared == inPath, "\(name): path parameters")
            }
        }
    }

    /// Real requests, each answered with a status (and media type) its operation documents.
    @Test func realAnswersAreDocumented() async throws {
        try await withTestApp { app in
            let document = try await Self.document(app)
            func check(_ method: HTTPMethod, _ path: String, body: String? = nil, expect status: HTTPStatus) async throws {
                var headers = HTTPHeaders()
                if body != nil { headers.contentType = .json }
                let response = try await app.send(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
                #expect(response.status == status, "\(method) \(path): \(response.body.string)")
                let operation = try #require(document.operation(method.rawValue, path), "\(method) \(path): no operation")
                let code = String(response.status.code)
                #expect(operation.responseCodes.contains(code), "\(method) \(path) answered \(code), undocumented")
                if let mediaType = response.headers.contentType {
                    let documented = operation.mediaTypes(code)
                    #expect(documented.contains("\(mediaType.type)/\(mediaType.subType)"), "\(method) \(path) \(code): \(mediaType)")
                }
            }
            let unknown = UUID().uuidString.lowercased()
            try await check(.GET, "/healthz", expect: .ok)
            try await check(.GET, "/api/v1/personas/\(unknown)", expect: .notFound)
            try await check(.GET, "/api/v1/personas/not-a-uuid", expect: .notFound)
            try await check(.POST, "/api/v1/personas", body: "{}", expect: .unprocessableEntity)
            try await check(.GET, "/api/v1/personas?limit=0", expect: .unprocessableEntity)
            let id = try await app.createPersona()
            try await check(.GET, "/api/v1/personas?limit=5", expect: .ok)
            try await check(.PUT, "/api/v1/personas/\(id)", body: #"{"image_style": "oil"}"#, expect: .unprocessableEntity)
            try await check(.PUT, "/api/v1/personas/\(id)", body: #"{"base_image_status": "draft"}"#, expect: .badRequest)
            let base = "/api/v1/personas/\(id)/seed-image"
            try await check(.POST, "\(base)/approve", expect: .badRequest)
            try await check(.POST, "\(base)/reject", expect: .badRequest)
            try await check(.POST, "\(base)/generate-cloud", expect: .badRequest)
            try await check(.POST, "\(base)/generate-local", expect: .badRequest)
            try await check(.GET, "\(base)/image", expect: .notFound)
            try await check(.GET, "\(base)/versions/1", expect: .notFound)
            try await check(.GET, "\(base)/versions/1/image", expect: .notFound)
            try await check(.POST, "\(base)/versions/1/select", expect: .notFound)
            try await check(.GET, "\(base)/versions", expect: .ok)
            try await check(.GET, "\(base)/history", expect: .ok)
            try await check(.GET, "/api/v1/jobs/\(unknown)", expect: .notFound)
            try await check(.GET, "/api/v1/jobs/\(unknown)/events", expect: .notFound)
            try await check(.DELETE, "/api/v1/jobs/\(unknown)", expect: .notFound)
            try await check(.DELETE, "/api/v1/personas/\(id)", expect: .noContent)
            try await check(.GET, "/docs", expect: .ok)
        }
    }

    @Test func docsPageRendersTheDocumentWithOnlyItsOwnScript() async throws {
        try await withTestApp { app in
            let page = try await app.send(.GET, "/docs")
            #expect(page.status == .ok)
            #expect(page.headers.contentType?.subType == "html")
            #expect(page.body.string.contains(#"<script src="/docs/docs.js""#))
            #expect(page.body.string.contains("/openapi.json"))
            #expect(!page.body.string.contains("http://") && !page.body.string.contains("https://"), "no outside resources")
            let policy = try #require(page.headers.first(name: "Content-Security-Policy"))
            #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"))
            #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
            #expect(page.headers.first(name: "X-Content-Type-Options") == "nosniff")

            let script = try await app.send(.GET, "/docs/docs.js")
            #expect(script.status == .ok)
            #expect(script.headers.contentType?.subType == "javascript")
            #expect(script.body.string.contains(#"fetch("/openapi.json""#))
            #expect(!script.body.string.contains("innerHTML") && !script.body.string.contains("eval("))
            #expect(try await app.send(.GET, "/docs/docs.css").headers.contentType?.subType == "css")
            #expect(page.body.string.contains(#"<link rel="icon" href="/docs/icon.svg""#))
            let icon = try await app.send(.GET, "/docs/icon.svg")
            #expect(icon.headers.contentType?.subType == "svg+xml")
            #expect(icon.body.string.hasPrefix("<svg"))
        }
    }

    static func document(_ app: TestApp) async throws -> ParsedDocument {
        try document(try await app.send(.GET, "/openapi.json"))
    }

    static func document(_ response: TestingHTTPResponse) throws -> ParsedDocument {
        ParsedDocument(json: try JSONDecoder().decode(JSONValue.self, from: Data(response.body.readableBytesView)))
    }
}

/// The served document, read back as a client reads it.
struct ParsedDocument {
    struct Operation {
        let method: String
        let path: String
        let json: JSONValue

        var responseCodes: Set<String> {
            guard case .object(let responses)? = json["responses"] else { return [] }
            return Set(responses.keys)
        }

        func mediaTypes(_ code: String) -> Set<String> {
            guard case .object(let content)? = json["responses"]?[code]?["content"] else { return [] }
            return Set(content.keys)
        }
    }

    let json: JSONValue

    var operations: [Operation] {
        guard case .object(let paths)? = json["paths"] else { return [] }
        return paths.flatMap { path, item -> [Operation] in
            guard case .object(let methods) = item else { return [] }
            return methods.map { Operation(method: $0.key, path: path, json: $0.value) }
        }
    }

    /// The operation whose template matches a concrete path (`{x}` matches one segment).
    func operation(_ method: String, _ concrete: String) -> Operation? {
        let segments = concrete.split(separator: "?").first.map { $0.split(separator: "/") } ?? []
        return operations.first { operation in
            let template = operation.path.split(separator: "/")
            return operation.method == method.lowercased() && template.count == segments.count
                && zip(template, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }
}
