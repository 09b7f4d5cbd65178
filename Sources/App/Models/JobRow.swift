import Foundation
import PersonaSeedCore

/// A row of `generation_jobs`. Read and written through SQLKit with Codable, as `PersonaRow`.
struct JobRow: Codable, Sendable, Equatable {
    static let table = "generation_jobs"

    enum Status: String, Codable, Sendable {
        case queued, running, succeeded, failed, cancelled

        var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
    }

    enum WebhookState: String, Codable, Sendable {
        case pending, delivered, failed
    }

    var id: UUID
    /// `generate-cloud` or `generate-local`.
    var kind: String
    var status: String
    var progress: Double
    var personaID: UUID
    /// `GenerationOptions` as JSON.
    var requestJSON: String
    /// The version numbers made, as a JSON array.
    var versionsJSON: String
    var error: String?
    /// The HTTP status a synchronous call answers with for `error`.
    var errorStatus: Int?
    /// How many times a worker has claimed the job.
    var attempts: Int
    var cancelRequested: Bool
    var worker: String?
    var heartbeatAt: Date?
    var callbackURL: String?
    var webhookState: String?
    var webhookNextAt: Date?
    /// Every webhook delivery attempt, as a JSON array of `WebhookAttempt`.
    var deliveriesJSON: String
    var createdAt: Date
    var updatedAt: Date
    var startedAt: Date?
    var finishedAt: Date?
    /// Who queued it (an API key's name, or "local"): the versions it makes are theirs in the audit trail.
    /// nil for jobs queued before keys existed.
    var actor: String?
    /// The content items a `generate-content` job made, as a JSON array of ids; nil for other jobs.
    var contentJSON: String? = nil

    enum CodingKeys: String, CodingKey {
        case id, kind, status, progress
        case personaID = "persona_id"
        case requestJSON = "request"
        case versionsJSON = "versions"
        case error
        case errorStatus = "error_status"
        case attempts
        case cancelRequested = "cancel_requested"
        case worker
        case heartbeatAt = "heartbeat_at"
        case callbackURL = "callback_url"
        case webhookState = "webhook_state"
        case webhookNextAt = "webhook_next_at"
        case deliveriesJSON = "deliveries"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case actor
        case contentJSON = "content"
    }

    var state: Status { Status(rawValue: status) ?? .failed }

    var versions: [Int] {
        (try? JSONDecoder().decode([Int].self, from: Data(versionsJSON.utf8))) ?? []
    }

    var content: [UUID] {
        contentJSON.flatMap { try? JSONDecoder().decode([UUID].self, from: Data($0.utf8)) } ?? []
    }

    var deliveries: [WebhookAttempt] {
        (try? JSONDecoder().decode([WebhookAttempt].self, from: Data(deliveriesJSON.utf8))) ?? []
    }

    func options() throws -> GenerationOptions {
        try JSONDecoder().decode(GenerationOptions.self, from: Data(requestJSON.utf8))
    }
}

/// One POST of a finished job to its `callback_url`.
struct WebhookAttempt: Codable, Sendable, Equatable {
    var attempt: Int
    var at: String
    /// The receiver's HTTP status, or nil when no answer came.
    var statusCode: Int?
    var error: String?
    var durationMs: Int

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(attempt, forKey: .attempt)
        try container.encode(at, forKey: .at)
        try container.encode(statusCode, forKey: .statusCode)
        try container.encode(error, forKey: .error)
        try container.encode(durationMs, forKey: .durationMs)
    }

    enum CodingKeys: String, CodingKey {
        case attempt, at, error
        case statusCode = "status_code"
        case durationMs = "duration_ms"
    }
}

enum JobKind: String, Sendable {
    case cloud = "generate-cloud"
    case local = "generate-local"
    /// Content from the approved baseline: its request is `ContentOptions`, not `GenerationOptions`.
    case content = "generate-content"
}
