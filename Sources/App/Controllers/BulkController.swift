import Foundation
import PersonaSeedCore
import Vapor

/// `POST /api/v1/personas/bulk`: the same action for many personas. Each id is its own request (its
/// own scope check, transaction and audit entry); the answer lists, per id, the status and body the
/// single request would have answered. Generation actions queue jobs and never wait for them.
struct BulkController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        // No scope for the route itself: each id is checked against the action's scope.
        routes.grouped("api", "v1", "personas").post("bulk", use: run)
    }

    func run(request: Request) async throws -> BulkResponse {
        let bulk = try BulkRequest.parse(try request.jsonBody())
        let context = AuditContext(
            actor: request.caller?.name ?? AuditContext.localActor, action: "bulk-\(bulk.action.rawValue)")
        var results: [BulkResponse.Result] = []
        for id in bulk.ids {
            let response = await AuditContext.$current.withValue(context) {
                await Self.respond(to: bulk, id: id, request: request)
            }
            results.append(.init(id: id, status: Int(response.status.code), body: Self.json(of: response)))
        }
        return BulkResponse(action: bulk.action.rawValue, results: results)
    }

    private static func respond(to bulk: BulkRequest, id: String, request: Request) async -> Response {
        do {
            try request.require(bulk.action.requiredScope)
            switch bulk.action {
            case .approve, .reject:
                let persona = try await request.existingPersona(rawID: id)
                let command: SeedWorkflow.Command = bulk.action == .approve ? .approve : .reject
                let changed = try await request.seedImages.apply(command, to: persona.id, displayID: id)
                return try await PersonaResponse(changed).encodeResponse(for: request)
            case .deactivate:
                let persona = try await request.existingPersona(rawID: id)
                try await request.personas.deactivate(persona.id, displayID: id)
                return Response(status: .noContent)
            case .generateLocal, .generateCloud:
                return try await GenerationRequestHandler(
                    request: request, kind: bulk.action == .generateCloud ? .cloud : .local, rawPersonaID: id,
                    body: bulk.options, forceAsync: true
                ).respond()
            case .generateContent:
                return try await ContentGenerationHandler(
                    request: request, rawPersonaID: id, body: bulk.options, forceAsync: true
                ).respond()
            }
        } catch {
            return APIErrorMiddleware.response(for: error, request: request)
        }
    }

    private static func json(of response: Response) -> JSONValue {
        guard let buffer = response.body.buffer, buffer.readableBytes > 0 else { return .null }
        return (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView))) ?? .null
    }
}

/// The answer to a bulk request: one result per id, in the order sent.
struct BulkResponse: Content {
    struct Result: Content {
        var id: String
        var status: Int
        var body: JSONValue
    }

    var action: String
    var results: [Result]
    var succeeded: Int
    var failed: Int

    init(action: String, results: [Result]) {
        self.action = action
        self.results = results
        succeeded = results.count { (200..<300).contains($0.status) }
        failed = results.count - succeeded
    }
}
