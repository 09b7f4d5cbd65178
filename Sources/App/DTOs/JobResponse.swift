import Foundation
import Vapor

/// A generation job as clients see it (`GET /api/v1/jobs/{id}`, the 202 answer, webhook bodies).
struct JobResponse: Content, Equatable {
    var id: String
    var kind: String
    var status: String
    var progress: Double
    var personaID: String
    var versions: [Int]
    /// The content items a `generate-content` job made (empty for other jobs).
    var content: [String]
    var error: String?
    /// The HTTP status a synchronous call would have answered `error` with.
    var errorStatus: Int?
    var attempts: Int
    var callbackURL: String?
    var webhookState: String?
    var deliveries: [WebhookAttempt]
    var createdAt: String
    var updatedAt: String
    var startedAt: String?
    var finishedAt: String?
    var url: String
    var eventsURL: String

    enum CodingKeys: String, CodingKey {
        case id, kind, status, progress
        case personaID = "persona_id"
        case versions, content, error
        case errorStatus = "error_status"
        case attempts
        case callbackURL = "callback_url"
        case webhookState = "webhook_state"
        case deliveries
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case url
        case eventsURL = "events_url"
    }

    /// Absent values are written as null: clients see every field, always.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(status, forKey: .status)
        try container.encode(progress, forKey: .progress)
        try container.encode(personaID, forKey: .personaID)
        try container.encode(versions, forKey: .versions)
        try container.encode(content, forKey: .content)
        try container.encode(error, forKey: .error)
        try container.encode(errorStatus, forKey: .errorStatus)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(callbackURL, forKey: .callbackURL)
        try container.encode(webhookState, forKey: .webhookState)
        try container.encode(deliveries, forKey: .deliveries)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(url, forKey: .url)
        try container.encode(eventsURL, forKey: .eventsURL)
    }

    init(_ job: JobRow) {
        let id = job.id.uuidString.lowercased()
        self.id = id
        self.kind = job.kind
        self.status = job.status
        // Rounded: a fraction like 0.30000000000000004 helps nobody.
        self.progress = (job.progress * 1000).rounded() / 1000
        self.personaID = job.personaID.uuidString.lowercased()
        self.versions = job.versions
        self.content = job.content.map { $0.uuidString.lowercased() }
        self.error = job.error
        self.errorStatus = job.errorStatus
        self.attempts = job.attempts
        self.callbackURL = job.callbackURL
        self.webhookState = job.webhookState
        self.deliveries = job.deliveries
        self.createdAt = Timestamp.iso8601(job.createdAt)
        self.updatedAt = Timestamp.iso8601(job.updatedAt)
        self.startedAt = job.startedAt.map(Timestamp.iso8601)
        self.finishedAt = job.finishedAt.map(Timestamp.iso8601)
        self.url = "/api/v1/jobs/\(id)"
        self.eventsURL = "/api/v1/jobs/\(id)/events"
    }
}
