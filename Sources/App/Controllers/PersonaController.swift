import Fluent
import PersonaSeedCore
import Vapor

/// `/api/v1/personas`: create, list, read, update, soft-delete.
struct PersonaController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let personas = routes.grouped("api", "v1", "personas")
        personas.grouped(RequireScope(.write)).post(use: create)
        personas.grouped(RequireScope(.read)).get(use: list)
        personas.grouped(RequireScope(.read)).get(":id", use: read)
        personas.grouped(RequireScope(.write)).put(":id", use: update)
        personas.grouped(RequireScope(.admin)).delete(":id", use: delete)
    }

    func create(request: Request) async throws -> Response {
        let profile = try PersonaValidation.profile(fromCreateBody: try request.jsonBody())
        let persona = try await request.personas.create(profile)
        return try await PersonaResponse(persona, profile: profile).encodeResponse(status: .created, for: request)
    }

    func list(request: Request) async throws -> [PersonaResponse] {
        let query = try ListQuery(request)
        return try await request.personas
            .list(skip: query.skip, limit: query.limit, activeOnly: query.activeOnly, status: query.status, nameContains: query.nameContains)
            .map(PersonaResponse.init)
    }

    /// The hottest route: answered from the rendered-JSON cache when it can be.
    func read(request: Request) async throws -> Response {
        let id = try request.personaID()
        let cache = request.personaSeed.responseCache
        if let body = cache?.cached(id) { return Self.jsonResponse(body) }
        let ticket = cache?.ticket(for: id)
        let body = ByteBuffer(data: try JSONCoding.makeEncoder().encode(PersonaResponse(try await request.existingPersona())))
        if let ticket { cache?.store(body, for: id, ticket: ticket) }
        return Self.jsonResponse(body)
    }

    static func jsonResponse(_ body: ByteBuffer) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(buffer: body))
    }

    func update(request: Request) async throws -> PersonaResponse {
        let id = try request.personaID()
        let patch = try PersonaValidation.patch(fromUpdateBody: try request.jsonBody())
        // Setting the status is approving or rejecting by another road: it needs that scope too.
        if patch.baseImageStatus != nil { try request.require(.approve) }
        let persona = try await request.personas.mutate(id, displayID: request.rawPersonaID) { persona, _ in
            let before = try persona.profile()
            let after = patch.applied(to: before)
            var status = persona.status
            if let wanted = patch.baseImageStatus {
                status = try SeedWorkflow.status(
                    after: .setStatus(wanted), from: persona.status, hasImage: persona.currentVersion != nil)
            }
            // Edits to what the approved baseline pins down need the baseline out of `approved` first
            // (a PUT that rejects and edits in one go is fine).
            if status == .approved, persona.status == .approved, before.changesLockedAppearance(comparedTo: after) {
                throw DomainError.appearanceLocked
            }
            let activity = patch.isActive ?? persona.isActive
            if after != before || status != persona.status || activity != persona.isActive {
                try persona.apply(after)
                persona.status = status
                persona.isActive = activity
                persona.updatedAt = Timestamp.now()
            }
        }
        return try PersonaResponse(persona)
    }

    func delete(request: Request) async throws -> HTTPStatus {
        try await request.personas.deactivate(try request.personaID(), displayID: request.rawPersonaID)
        return .noContent
    }
}

/// `?skip=0&limit=10&active_only=true`, checked as the reference service checks it, and the studio's
/// filters `status=` (one workflow status) and `q=` (a part of the name, any case).
struct ListQuery {
    var skip = 0
    var limit = 10
    var activeOnly = true
    var status: BaseImageStatus?
    var nameContains: String?
    /// Longer than any name (names are at most 100 characters): such a search cannot match.
    static let maxSearchLength = 100

    init(_ request: Request) throws {
        var errors: [FieldError] = []
        (skip, limit) = Self.page(request, errors: &errors)
        if let text = request.query[String.self, at: "active_only"] {
            switch text.lowercased() {
            case "true", "1", "yes", "on", "t", "y": activeOnly = true
            case "false", "0", "no", "off", "f", "n": activeOnly = false
            default:
                errors.append(.query(
                    "active_only", msg: "Input should be a valid boolean, unable to interpret input", type: "bool_parsing"))
            }
        }
        if let text = request.query[String.self, at: "status"] {
            if let value = BaseImageStatus(rawValue: text) {
                status = value
            } else {
                let names = BaseImageStatus.allCases.map { "'\($0.rawValue)'" }
                let message = "Input should be " + names.dropLast().joined(separator: ", ") + " or " + names.last!
                errors.append(.query("status", msg: message, type: "enum"))
            }
        }
        if let text = request.query[String.self, at: "q"] {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.count > Self.maxSearchLength {
                errors.append(.query(
                    "q", msg: "String should have at most \(Self.maxSearchLength) characters", type: "string_too_long"))
            } else if !trimmed.isEmpty {
                nameContains = trimmed
            }
        }
        guard errors.isEmpty else { throw ValidationFailure(errors) }
    }

    /// `skip` (default 0) and `limit` (default 10, at most 100), as the reference service checks them;
    /// every list of the API pages this way.
    static func page(_ request: Request, errors: inout [FieldError]) -> (skip: Int, limit: Int) {
        var skip = 0
        var limit = 10
        if let text = request.query[String.self, at: "skip"] {
            if let value = Int(text) {
                if value < 0 {
                    errors.append(.query("skip", msg: "Input should be greater than or equal to 0", type: "greater_than_equal"))
                } else if value > 1_000_000_000 {
                    // An explicit bound, far past any real table, so no database sees an absurd OFFSET.
                    errors.append(.query("skip", msg: "Input should be less than or equal to 1000000000", type: "less_than_equal"))
                } else {
                    skip = value
                }
            } else {
                errors.append(.query("skip", msg: integerMessage, type: "int_parsing"))
            }
        }
        if let text = request.query[String.self, at: "limit"] {
            if let value = Int(text) {
                if value < 1 {
                    errors.append(.query("limit", msg: "Input should be greater than or equal to 1", type: "greater_than_equal"))
                } else if value > 100 {
                    errors.append(.query("limit", msg: "Input should be less than or equal to 100", type: "less_than_equal"))
                } else {
                    limit = value
                }
            } else {
                errors.append(.query("limit", msg: integerMessage, type: "int_parsing"))
            }
        }
        return (skip, limit)
    }

    static let integerMessage = "Input should be a valid integer, unable to parse string as an integer"
}

extension Request {
    /// The body as JSON, or the 422 the reference service gives for a missing or broken body.
    func jsonBody() throws -> JSONValue {
        guard let buffer = body.data, buffer.readableBytes > 0 else {
            throw ValidationFailure([.init(loc: [.key("body")], msg: "Field required", type: "missing")])
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView))
        } catch {
            throw ValidationFailure([.init(loc: [.key("body"), .index(0)], msg: "JSON decode error", type: "json_invalid")])
        }
    }
}
