import Fluent
import PersonaSeedCore
import Vapor

/// `/api/v1/personas/{id}/content/…`: content made from the approved baseline.
struct ContentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let content = routes.grouped("api", "v1", "personas", ":id", "content")
        let reading = content.grouped(RequireScope(.read))
        let writing = content.grouped(RequireScope(.write))
        writing.post("generate", use: generate)
        reading.get(use: list)
        reading.get(":cid", use: read)
        reading.get(":cid", "image", use: ImageServing.content)
        writing.delete(":cid", use: delete)
    }

    func generate(request: Request) async throws -> Response {
        try await ContentGenerationHandler(request: request).respond()
    }

    /// Newest first, paged as the persona list is; `baseline_version=` keeps one baseline's content.
    func list(request: Request) async throws -> [ContentResponse] {
        let persona = try await request.existingPersona()
        var errors: [FieldError] = []
        let (skip, limit) = ListQuery.page(request, errors: &errors)
        var baselineVersion: Int?
        if let text = request.query[String.self, at: "baseline_version"] {
            if let value = Int(text), value >= 1 {
                baselineVersion = value
            } else {
                errors.append(.query(
                    "baseline_version", msg: Int(text) == nil ? ListQuery.integerMessage : "Input should be greater than or equal to 1",
                    type: Int(text) == nil ? "int_parsing" : "greater_than_equal"))
            }
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
        var query = PersonaContentModel.query(on: request.db).filter(\.$personaID == persona.id)
        if let baselineVersion { query = query.filter(\.$baselineVersion == baselineVersion) }
        return try await query
            .sort(\.$createdAt, .descending).sort(\.$id, .descending)
            .range(skip..<(skip + limit))
            .all()
            .map(ContentResponse.init)
    }

    func read(request: Request) async throws -> ContentResponse {
        ContentResponse(try await request.contentItem())
    }

    func delete(request: Request) async throws -> HTTPStatus {
        let persona = try await request.existingPersona()
        let raw = request.parameters.get("cid") ?? ""
        guard let contentID = UUID(uuidString: raw) else { throw DomainError.contentNotFound(raw) }
        try await ContentService(repository: request.personas, store: request.personaSeed.store)
            .delete(contentID, of: persona.id, displayID: raw)
        return .noContent
    }
}

extension Request {
    /// The `{cid}` item of the `{id}` persona, or a 404 naming whichever is unknown.
    func contentItem() async throws -> PersonaContentModel {
        let persona = try await existingPersona()
        let raw = parameters.get("cid") ?? ""
        guard let contentID = UUID(uuidString: raw),
              let item = try await PersonaContentModel.find(contentID, of: persona.id, on: db)
        else { throw DomainError.contentNotFound(raw) }
        return item
    }
}
