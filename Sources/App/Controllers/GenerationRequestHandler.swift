import Foundation
import PersonaSeedCore
import Vapor

/// `POST …/seed-image/generate-cloud` and `generate-local`: checks what can be checked at once, queues
/// a job, and either answers 202 with it (`Prefer: respond-async` or `?async=true`) or waits for it and
/// answers as the seed does (200 with the persona in `draft`), or with the job's error.
struct GenerationRequestHandler {
    let request: Request
    let kind: JobKind
    /// The persona id as the client wrote it (the path's, or one of a bulk request's ids).
    var rawPersonaID: String
    /// The options; nil: the request's own body, read only once the persona has passed its checks.
    var body: JSONValue??
    /// A bulk request queues: it never waits for an engine.
    var forceAsync = false

    init(request: Request, kind: JobKind) {
        self.request = request
        self.kind = kind
        self.rawPersonaID = request.rawPersonaID
        self.body = nil
    }

    init(request: Request, kind: JobKind, rawPersonaID: String, body: JSONValue?, forceAsync: Bool) {
        self.request = request
        self.kind = kind
        self.rawPersonaID = rawPersonaID
        self.body = .some(body)
        self.forceAsync = forceAsync
    }

    func respond() async throws -> Response {
        let persona = try await request.existingPersona(rawID: rawPersonaID)
        // A locked persona is refused first, as an upload is; then the seed's "not available" texts.
        _ = try persona.statusAfterNewImage()
        let runtime = request.generation
        let target: GenerationTarget
        switch kind {
        case .cloud:
            guard runtime.engines.cloud != nil else { throw DomainError.cloudUnavailable }
            target = .cloud(model: runtime.engines.cloudModel)
        case .local, .content:
            guard runtime.engines.local != nil else { throw DomainError.localUnavailable }
            target = .local
        }
        let options = try GenerationOptions.parse(try body ?? request.optionalJSONBody(), for: target)
        if case .cloud(let model) = target {
            try PromptLimits.checkCloud(prompt: SeedPrompt.build(for: try persona.profile(), suffix: options.promptSuffix), model: model)
        }
        if case .version(let number) = options.reference, number > persona.versionCount {
            throw DomainError.versionNotFound(String(number))
        }
        let submission = JobSubmission(request: request, forceAsync: forceAsync)
        let job = try JobRow.queued(kind: kind, personaID: persona.id, request: options, callbackURL: options.callbackURL)
        guard try await submission.submit(job) != nil else { return try await submission.accepted(job) }
        return try await PersonaResponse(try await request.existingPersona(rawID: rawPersonaID)).encodeResponse(for: request)
    }
}

/// Queues a job and answers as the client asked: at once with 202 and the job, or once it has
/// finished (its error then becomes the answer).
struct JobSubmission {
    let request: Request
    var forceAsync = false

    /// Checks the callback URL, queues the job and wakes the runner; then nil for an asynchronous
    /// request, else the job once it has succeeded.
    func submit(_ job: JobRow) async throws -> JobRow? {
        let runtime = request.generation
        if job.callbackURL != nil, runtime.settings.webhookSecret == nil {
            throw JobFailure(
                status: 400, detail: "callback_url needs WEBHOOK_SECRET to be set on the server, to sign the callback")
        }
        if let url = job.callbackURL, !CallbackURL.isAllowed(url, hosts: runtime.settings.webhookAllowedHosts) {
            throw JobFailure(
                status: 400,
                detail: "callback_url host \(CallbackURL.host(of: url) ?? "") is not in WEBHOOK_ALLOWED_HOSTS")
        }
        let jobs = request.jobs
        try await jobs.insert(job)
        runtime.events.publish(job)
        runtime.runner?.wake()
        if wantsAsync { return nil }
        let finished = try await runtime.awaitFinished(job.id, jobs: jobs)
        guard finished.state == .succeeded else {
            throw JobFailure(status: finished.errorStatus ?? 500, detail: finished.error ?? "Generation failed")
        }
        return finished
    }

    /// The 202 answer: the job, where to follow it, and that the preference was honoured.
    func accepted(_ job: JobRow) async throws -> Response {
        let response = try await JobResponse(job).encodeResponse(status: .accepted, for: request)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/jobs/\(job.id.uuidString.lowercased())")
        response.headers.replaceOrAdd(name: "Preference-Applied", value: "respond-async")
        return response
    }

    /// RFC 7240 `Prefer: respond-async`, or `?async=true` for clients that cannot set headers.
    var wantsAsync: Bool {
        if forceAsync { return true }
        let preferences = request.headers["Prefer"].flatMap { $0.split(separator: ",") }
        if preferences.contains(where: { $0.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() == "respond-async" }) {
            return true
        }
        let flag = (try? request.query.get(String.self, at: "async"))?.lowercased()
        return flag == "true" || flag == "1"
    }
}

extension JobRow {
    /// A queued job; `request` is what the executor reads back (`GenerationOptions` or `ContentOptions`).
    static func queued(
        kind: JobKind, personaID: UUID, request: some Encodable, callbackURL: String?, now: Date = Timestamp.now()
    ) throws -> JobRow {
        JobRow(
            id: UUID(), kind: kind.rawValue, status: Status.queued.rawValue, progress: 0, personaID: personaID,
            requestJSON: String(decoding: try JSONEncoder().encode(request), as: UTF8.self),
            versionsJSON: "[]", error: nil, errorStatus: nil, attempts: 0, cancelRequested: false, worker: nil,
            heartbeatAt: nil, callbackURL: callbackURL, webhookState: nil, webhookNextAt: nil,
            deliveriesJSON: "[]", createdAt: now, updatedAt: now, startedAt: nil, finishedAt: nil,
            actor: AuditContext.current?.actor)
    }

    static func queued(kind: JobKind, personaID: UUID, options: GenerationOptions, now: Date = Timestamp.now()) throws -> JobRow {
        try queued(kind: kind, personaID: personaID, request: options, callbackURL: options.callbackURL, now: now)
    }
}

extension Request {
    /// A JSON body that may be left out entirely (the seed's curl sends none): nil then.
    func optionalJSONBody() throws -> JSONValue? {
        guard let buffer = body.data, buffer.readableBytes > 0 else { return nil }
        return try jsonBody()
    }
}
