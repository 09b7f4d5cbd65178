import Vapor

/// One entry of `GET …/seed-image/history`.
struct HistoryResponse: Content, Equatable {
    var at: String
    var actor: String
    var action: String
    var fromStatus: String
    var toStatus: String
    var version: Int?

    enum CodingKeys: String, CodingKey {
        case at, actor, action
        case fromStatus = "from_status"
        case toStatus = "to_status"
        case version
    }

    init(_ entry: HistoryEntry) {
        at = Timestamp.iso8601(entry.at)
        actor = entry.actor
        action = entry.action
        fromStatus = entry.fromStatus
        toStatus = entry.toStatus
        version = entry.version
    }

    /// `version` is written as null when absent: clients see every field.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(at, forKey: .at)
        try container.encode(actor, forKey: .actor)
        try container.encode(action, forKey: .action)
        try container.encode(fromStatus, forKey: .fromStatus)
        try container.encode(toStatus, forKey: .toStatus)
        try container.encode(version, forKey: .version)
    }
}
