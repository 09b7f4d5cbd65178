import PersonaSeedCore
import Vapor

/// `/api/v1/keys` (scope `admin`): the same as `personaseed keys create|list|revoke`, over HTTP.
struct KeyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let keys = routes.grouped("api", "v1", "keys").grouped(RequireScope(.admin))
        keys.get(use: list)
        keys.post(use: create)
        keys.delete(":name", use: revoke)
    }

    func list(request: Request) async throws -> [APIKeyResponse] {
        try await request.apiKeys.all().map { APIKeyResponse($0) }
    }

    func create(request: Request) async throws -> Response {
        let wanted = try APIKeyRequest.parse(body: try request.jsonBody())
        let (row, key) = try await request.apiKeys.create(wanted)
        let response = try await APIKeyResponse(row, key: key).encodeResponse(status: .created, for: request)
        // The secret appears in this answer only: no cache may keep it.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func revoke(request: Request) async throws -> HTTPStatus {
        let name = request.parameters.get("name") ?? ""
        guard try await request.apiKeys.revoke(name: name) else { throw APIKeyRepository.notFound(name) }
        return .noContent
    }
}
