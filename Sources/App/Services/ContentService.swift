import Fluent
import Foundation
import PersonaSeedCore
import SQLKit
import Storage

/// Stores and removes content items. Like versions, an item is written while its persona's row is
/// held (so the audit trail and the files agree), every file is durable before its row exists, and a
/// failure leaves neither.
struct ContentService: Sendable {
    let repository: PersonaRepository
    let store: any ImageStore

    /// What the executor knows of one item besides its image.
    struct NewItem: Sendable {
        var candidate: Int
        var options: ContentOptions
        var backend: String
        var model: String
        var prompt: String
        var negativePrompt: String?
        var seed: Int64?
        var requestedSize: String
        var baselineVersion: Int
        var baselineSHA256: String
        var generation: JSONValue
    }

    /// The items a job stored, in candidate order.
    static func items(madeBy jobID: UUID, on database: any Database) async throws -> [PersonaContentModel] {
        try await PersonaContentModel.query(on: database).filter(\.$jobID == jobID).sort(\.$candidate).all()
    }

    /// Publishes each prepared image as a content item of the persona, with one audit entry each.
    /// A job retried after its items were stored gets those back instead of storing them twice.
    func commit(
        _ images: [SeedImageService.PreparedImage], items: [NewItem], personaID: UUID, jobID: UUID, actor: String?
    ) async throws -> [UUID] {
        let store = self.store
        let context = AuditContext.current ?? AuditContext(actor: actor ?? AuditContext.localActor, action: JobKind.content.rawValue)
        let generationJSON = try items.map { String(decoding: try JSONEncoder().encode($0.generation), as: UTF8.self) }
        let box = ResultBox()
        try await repository.mutate(personaID) { persona, database in
            let existing = try await Self.items(madeBy: jobID, on: database)
            if !existing.isEmpty {
                box.ids = existing.compactMap(\.id)
                return
            }
            var published: [String] = []
            do {
                var rows: [PersonaContentModel] = []
                let now = Timestamp.now()
                for (index, prepared) in images.enumerated() {
                    let item = items[index]
                    let id = UUID()
                    let stem = Self.stem(personaID: personaID, contentID: id)
                    let key = "\(stem).\(prepared.image.format.fileExtension)"
                    let thumbnailKey = "\(stem)_thumb.webp"
                    try store.publish(temporaryPath: prepared.output, as: key)
                    published.append(key)
                    try store.publish(temporaryPath: prepared.thumbnail, as: thumbnailKey)
                    published.append(thumbnailKey)
                    let row = PersonaContentModel()
                    row.id = id
                    row.personaID = personaID
                    row.jobID = jobID
                    row.candidate = item.candidate
                    row.engine = item.options.engine.rawValue
                    row.backend = item.backend
                    row.model = item.model
                    row.scenePrompt = item.options.scene
                    row.prompt = item.prompt
                    row.negativePrompt = item.negativePrompt
                    row.seed = item.seed
                    row.requestedSize = item.requestedSize
                    row.identityStrength = item.options.identityStrength
                    row.baselineVersion = item.baselineVersion
                    row.baselineSHA256 = item.baselineSHA256
                    row.fill(from: prepared, key: key, thumbnailKey: thumbnailKey)
                    row.generationJSON = generationJSON[index]
                    row.actor = context.actor
                    // Candidates of one job keep their order when listed newest first.
                    row.createdAt = now.addingTimeInterval(Double(index) / 1000)
                    rows.append(row)
                }
                // Every file is durable before any row refers to it: one folder sync for all of them.
                try store.syncPublished()
                for row in rows {
                    try await row.create(on: database)
                    try await Self.audit(row, persona: persona, context: context, on: database)
                }
                box.ids = rows.compactMap(\.id)
            } catch {
                // Nothing refers to the files yet: take them back before the transaction rolls back.
                for key in published { try? store.delete(key: key) }
                throw error
            }
        }
        return box.ids
    }

    /// Removes an item: its row and audit entry in one transaction, then its files (a crash in between
    /// leaves files no row refers to, which the boot sweep removes).
    func delete(_ contentID: UUID, of personaID: UUID, displayID: String) async throws {
        let context = AuditContext.current ?? AuditContext(actor: AuditContext.localActor, action: "delete-content")
        let box = ResultBox()
        try await repository.mutate(personaID) { persona, database in
            guard let row = try await PersonaContentModel.find(contentID, of: personaID, on: database) else {
                throw DomainError.contentNotFound(displayID)
            }
            try await row.delete(on: database)
            try await Self.audit(row, persona: persona, context: context, on: database)
            box.keys = [row.storageKey, row.thumbnailKey]
        }
        for key in box.keys { try? store.delete(key: key) }
    }

    static func stem(personaID: UUID, contentID: UUID) -> String {
        "persona_\(personaID.uuidString.lowercased())_content_\(contentID.uuidString.lowercased())"
    }

    /// Content leaves the baseline's status as it is: the entry names the item and its baseline version.
    private static func audit(
        _ row: PersonaContentModel, persona: PersonaRow, context: AuditContext, on database: any Database
    ) async throws {
        let entry = HistoryEntry(
            id: UUID(), personaID: row.personaID, at: Timestamp.now(), actor: context.actor, action: context.action,
            fromStatus: persona.baseImageStatus, toStatus: persona.baseImageStatus, version: row.baselineVersion,
            contentID: row.id)
        try await (database as! any SQLDatabase).insert(into: HistoryEntry.table).model(entry, nilEncodingStrategy: .asNil).run()
    }

    /// Carries what the transaction's body found out of it (the body is a Sendable closure).
    private final class ResultBox: @unchecked Sendable {
        var ids: [UUID] = []
        var keys: [String] = []
    }
}
