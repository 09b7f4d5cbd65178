import Fluent
import Foundation
import PersonaSeedCore
import Vapor

/// `POST …/content/generate`: refuses anything but an approved persona before an engine is asked,
/// checks the options, queues a `generate-content` job, and answers 202 with it (asynchronous) or
/// 201 with the items once they are stored.
struct ContentGenerationHandler {
    let request: Request
    var rawPersonaID: String
    /// The options; nil: the request's own body, read once the persona has passed its checks.
    var body: JSONValue??
    var forceAsync = false

    init(request: Request) {
        self.request = request
        self.rawPersonaID = request.rawPersonaID
        self.body = nil
    }

    init(request: Request, rawPersonaID: String, body: JSONValue?, forceAsync: Bool) {
        self.request = request
        self.rawPersonaID = rawPersonaID
        self.body = .some(body)
        self.forceAsync = forceAsync
    }

    func respond() async throws -> Response {
        let persona = try await request.existingPersona(rawID: rawPersonaID)
        try persona.requireApprovedBaseline()
        let runtime = request.generation
        let options = try ContentOptions.parse(try body ?? request.optionalJSONBody(), cloudModel: runtime.engines.cloudModel)
        switch options.engine {
        case .cloud:
            guard runtime.engines.cloud != nil else { throw DomainError.cloudUnavailable }
            // The longest prompt the job can build (a dall-e prompt carries the baseline's description
            // too, which the job checks again once it has read it).
            let prompt = ContentPrompt.build(for: try persona.profile(), scene: options.scene)
            try PromptLimits.checkCloud(prompt: prompt, model: runtime.engines.cloudModel, field: "prompt")
        case .local:
            guard runtime.engines.local != nil else { throw DomainError.localUnavailable }
        }
        let submission = JobSubmission(request: request, forceAsync: forceAsync)
        let job = try JobRow.queued(
            kind: .content, personaID: persona.id, request: options, callbackURL: options.generation.callbackURL)
        guard let finished = try await submission.submit(job) else { return try await submission.accepted(job) }
        let items = try await ContentService.items(madeBy: finished.id, on: request.db)
        return try await items.map(ContentResponse.init).encodeResponse(status: .created, for: request)
    }
}
