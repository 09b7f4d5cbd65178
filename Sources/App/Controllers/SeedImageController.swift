import Fluent
import PersonaSeedCore
import Vapor

/// `/api/v1/personas/{id}/seed-image/…`: uploads, generation, approval, versions.
struct SeedImageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let seed = routes.grouped("api", "v1", "personas", ":id", "seed-image")
        let reading = seed.grouped(RequireScope(.read))
        let writing = seed.grouped(RequireScope(.write))
        let approving = seed.grouped(RequireScope(.approve))
        // Streamed, not collected: the receiver stops reading as soon as the file is refused.
        writing.on(.POST, "upload", body: .stream, use: upload)
        writing.post("generate-cloud", use: generateCloud)
        writing.post("generate-local", use: generateLocal)
        approving.post("approve", use: approve)
        approving.post("reject", use: reject)
        reading.get("versions", use: versions)
        reading.get("versions", ":version", use: version)
        writing.post("versions", ":version", "select", use: select)
        reading.get("history", use: history)
        reading.get("image", use: ImageServing.current)
        reading.get("versions", ":version", "image", use: ImageServing.version)
    }

    func upload(request: Request) async throws -> PersonaResponse {
        let persona = try await request.existingPersona()
        // Refuse a locked persona before reading a byte of the body.
        _ = try persona.statusAfterNewImage()
        return try await request.application.access.uploadSlots.run(for: request.caller) {
            try await receiveUpload(request, into: persona)
        }
    }

    private func receiveUpload(_ request: Request, into persona: PersonaRow) async throws -> PersonaResponse {
        let services = request.personaSeed
        let spoolPath = services.store.makeTemporaryPath(suffix: ".upload")
        defer { unlink(spoolPath) }
        let receiver = UploadReceiver(maxFileBytes: AppConfig.maxUploadBytes, threadPool: services.imagePool)
        let upload = try await receiver.receive(request, spoolPath: spoolPath)
        return try PersonaResponse(try await request.seedImages.addUpload(upload, to: persona.id))
    }

    func generateCloud(request: Request) async throws -> Response {
        try await GenerationRequestHandler(request: request, kind: .cloud).respond()
    }

    func generateLocal(request: Request) async throws -> Response {
        try await GenerationRequestHandler(request: request, kind: .local).respond()
    }

    func approve(request: Request) async throws -> PersonaResponse {
        let id = try request.personaID()
        return try PersonaResponse(try await request.seedImages.apply(.approve, to: id, displayID: request.rawPersonaID))
    }

    func reject(request: Request) async throws -> PersonaResponse {
        let id = try request.personaID()
        return try PersonaResponse(try await request.seedImages.apply(.reject, to: id, displayID: request.rawPersonaID))
    }

    func versions(request: Request) async throws -> [VersionResponse] {
        let persona = try await request.existingPersona()
        return try await PersonaImageModel.query(on: request.db)
            .filter(\.$personaID == persona.id)
            .sort(\.$version, .descending)
            .all()
            .map(VersionResponse.init)
    }

    func version(request: Request) async throws -> VersionResponse {
        VersionResponse(try await request.imageVersion())
    }

    /// The audit trail: every status change and new version, oldest first.
    func history(request: Request) async throws -> [HistoryResponse] {
        let persona = try await request.existingPersona()
        return try await request.personas.history(of: persona.id).map(HistoryResponse.init)
    }

    func select(request: Request) async throws -> PersonaResponse {
        let persona = try await request.existingPersona()
        let number = try request.versionNumber()
        return try PersonaResponse(try await request.seedImages.select(version: number, of: persona.id))
    }
}

extension Request {
    /// The `{version}` path parameter; anything but a positive whole number is an unknown version.
    func versionNumber() throws -> Int {
        let raw = parameters.get("version") ?? ""
        guard let number = Int(raw), number > 0 else { throw DomainError.versionNotFound(raw) }
        return number
    }

    func imageVersion() async throws -> PersonaImageModel {
        let persona = try await existingPersona()
        let number = try versionNumber()
        guard
            let image = try await PersonaImageModel.find(version: number, of: persona.id, on: db)
        else { throw DomainError.versionNotFound(String(number)) }
        return image
    }
}
