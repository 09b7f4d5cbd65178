import Vapor

/// One entry of `GET …/seed-image/history`.
struct HistoryResponse: Content, Equatable {
    var at: String
    var actor: String
    var action: String
    var fromStatus: String
    var toStatus: String
    var version: Int?
    /// Set on content entries (`generate-content`, `delete-content`): the item concerned.
    var contentID: String?

    enum CodingKeys: String, CodingKey {
        case at, actor, action
        case fromStatus = "from_status"
        case toStatus = "to_status"
        case version
        case contentID = "content_id"
    }

    init(_ entry: HistoryEntry) {
        at = Timestamp.iso8601(entry.at)
        actor = entry.actor
        action = entry.action
        fromStatus = entry.fromStatus
        toStatus = entry.toStatus
        version = entry.version
        contentID = entry.contentID?.uuidString.lowercased()
    }

    /// `version` and `content_id` are written as null when absent: clients see every field.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(at, forKey: .at)
        try container.encode(actor, forKey: .actor)
        try container.encode(action, forKey: .action)
        try container.encode(fromStatus, forKey: .fromStatus)
        try container.encode(toStatus, forKey: .toStatus)
        try container.encode(version, forKey: .version)
        try container.encode(contentID, forKey: .contentID)
    }
}
