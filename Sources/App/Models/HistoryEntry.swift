import Foundation

/// A row of `persona_history`: who moved a persona's baseline, when, from which status to which, and
/// which version it concerned.
struct HistoryEntry: Codable, Sendable, Equatable {
    static let table = "persona_history"

    var id: UUID
    var personaID: UUID
    var at: Date
    var actor: String
    var action: String
    var fromStatus: String
    var toStatus: String
    var version: Int?
    /// The content item made or deleted, for content entries.
    var contentID: UUID? = nil

    enum CodingKeys: String, CodingKey {
        case id
        case personaID = "persona_id"
        case at, actor, action
        case fromStatus = "from_status"
        case toStatus = "to_status"
        case version
        case contentID = "content_id"
    }

    /// What a change to a persona row means for the trail: an entry per new version (the first one
    /// carrying the status change), else one for a status change or another version made current.
    static func entries(from original: PersonaRow, to changed: PersonaRow, context: AuditContext, at now: Date) -> [HistoryEntry] {
        func entry(from: String, version: Int?) -> HistoryEntry {
            HistoryEntry(
                id: UUID(), personaID: changed.id, at: now, actor: context.actor, action: context.action,
                fromStatus: from, toStatus: changed.baseImageStatus, version: version)
        }
        let added = changed.versionCount - original.versionCount
        if added > 0 {
            return (1...added).map { index in
                entry(from: index == 1 ? original.baseImageStatus : changed.baseImageStatus, version: original.versionCount + index)
            }
        }
        if changed.baseImageStatus != original.baseImageStatus || changed.currentVersion != original.currentVersion {
            return [entry(from: original.baseImageStatus, version: changed.currentVersion)]
        }
        return []
    }
}
