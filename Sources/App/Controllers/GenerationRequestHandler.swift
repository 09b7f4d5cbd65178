import Foundation
import PersonaSeedCore
import Vapor

/// `POST …/seed-image/generate-cloud` and `generate-local`: checks what can be checked at once, queues
/// a job, and either answers 202 with it (`Prefer: respond-async` or `?async=true`) or waits for it and
/// answers as the seed does (200 with the persona in `draft`), or with the job's error.
struct GenerationRequestHandler {
    let request: Request
    let kind: JobKind

    func respond() async throws -> Response {
        let persona = try await request.existingPersona()
        // A locked persona is refused first, as an upload is; then the seed's "not available" texts.
        _ = try persona.statusAfterNewImage()
        let runtime = request.generation
        let target: GenerationTarget
        switch kind {
        case .cloud:
            guard runtime.engines.cloud != nil else { throw DomainError.cloudUnavailable }
            target = .cloud(model: runtime.engines.cloudModel)
        case .local:
            guard runtime.engines.local != nil else { throw DomainError.localUnavailable }
            target = .local
        }
        let options = try GenerationOptions.parse(try request.optionalJSONBody(), for: target)
        if case .cloud(let model) = target {
            try PromptLimits.checkCloud(prompt: SeedPrompt.build(for: try persona.profile(), suffix: options.promptSuffix), model: model)
        }
        if case .version(let number) = options.reference, number > persona.versionCount {
            throw DomainError.versionNotFound(String(number))
        }
        if options.callbackURL != nil, runtime.settings.webhookSecret == nil {
            throw JobFailure(
                status: 400, detail: "callback_url needs WEBHOOK_SECRET to be set on the server, to sign the callback")
        }
        if let url = options.callbackURL, !CallbackURL.isAllowed(url, hosts: runtime.settings.webhookAllowedHosts) {
            throw JobFailure(
                status: 400,
                detail: "callback_url host \(CallbackURL.host(of: url) ?? "") is not in WEBHOOK_ALLOWED_HOSTS")
        }

        let job = try JobRow.queued(kind: kind, personaID: persona.id, options: options)
        let jobs = request.jobs
        try await jobs.insert(job)
        runtime.events.publish(job)
        runtime.runner?.wake()

        if wantsAsync {
            let response = try await JobResponse(job).encodeResponse(status: .accepted, for: request)
            response.headers.replaceOrAdd(name: .location, value: "/api/v1/jobs/\(job.id.uuidString.lowercased())")
            response.headers.replaceOrAdd(name: "Preference-Applied", value: "respond-async")
            return response
        }
        let finished = try await runtime.awaitFinished(job.id, jobs: jobs)
        guard finished.state == .succeeded else {
            throw JobFailure(status: finished.errorStatus ?? 500, detail: finished.error ?? "Generation failed")
        }
        return try await PersonaResponse(try await request.existingPersona()).encodeResponse(for: request)
    }

    /// RFC 7240 `Prefer: respond-async`, or `?async=true` for clients that cannot set headers.
    private var wantsAsync: Bool {
        let preferences = request.headers["Prefer"].flatMap { $0.split(separator: ",") }
        if preferences.contains(where: { $0.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == "respond-async" }) {
            return true
        }
        let flag = (try? request.query.get(String.self, at: "async"))?.lowercased()
        return flag == "true" || flag == "1"
    }
}

extension JobRow {
    static func queued(kind: JobKind, personaID: UUID, options: GenerationOptions, now: Date = Timestamp.now()) throws -> JobRow {
        JobRow(
            id: UUID(), kind: kind.rawValue, status: Status.queued.rawValue, progress: 0, personaID: personaID,
            requestJSON: String(decoding: try JSONEncoder().encode(options), as: UTF8.self),
            versionsJSON: "[]", error: nil, errorStatus: nil, attempts: 0, cancelRequested: false, worker: nil,
            heartbeatAt: nil, callbackURL: options.callbackURL, webhookState: nil, webhookNextAt: nil,
            deliveriesJSON: "[]", createdAt: now, updatedAt: now, startedAt: nil, finishedAt: nil,
            actor: AuditContext.current?.actor)
    }
}

extension Request {
    /// A JSON body that may be left out entirely (the seed's curl sends none): nil then.
    func optionalJSONBody() throws -> JSONValue? {
        guard let buffer = body.data, buffer.readableBytes > 0 else { return nil }
        return try jsonBody()
    }
}
