import Fluent
import Foundation

/// One piece of content made from a persona's approved baseline. Rows are written once; deleting one
/// removes it and its files.
final class PersonaContentModel: Model, @unchecked Sendable {
    static let schema = "persona_content"

    @ID(key: .id) var id: UUID?
    @Field(key: "persona_id") var personaID: UUID
    /// The job that made it, and which of its candidates it is: a retried job finds its items here
    /// instead of making them twice.
    @Field(key: "job_id") var jobID: UUID
    @Field(key: "candidate") var candidate: Int
    /// `cloud` or `local`, as asked.
    @Field(key: "engine") var engine: String
    /// `openai`, `comfyui` or `automatic1111`.
    @Field(key: "backend") var backend: String
    @Field(key: "model") var model: String
    @Field(key: "scene_prompt") var scenePrompt: String
    @Field(key: "prompt") var prompt: String
    @OptionalField(key: "negative_prompt") var negativePrompt: String?
    @OptionalField(key: "seed") var seed: Int64?
    /// The size asked of the engine, `WIDTHxHEIGHT`; `width`/`height` are the stored image's.
    @Field(key: "requested_size") var requestedSize: String
    @Field(key: "identity_strength") var identityStrength: Double
    /// The approved version that served as the identity reference, and its bytes' sha256.
    @Field(key: "baseline_version") var baselineVersion: Int
    @Field(key: "baseline_sha256") var baselineSHA256: String
    @Field(key: "format") var format: String
    @Field(key: "width") var width: Int
    @Field(key: "height") var height: Int
    @Field(key: "bytes") var bytes: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "storage_key") var storageKey: String
    @Field(key: "thumbnail_key") var thumbnailKey: String
    @Field(key: "thumbnail_sha256") var thumbnailSHA256: String
    /// How it was made (JSON, as a version's `generation`).
    @OptionalField(key: "generation") var generationJSON: String?
    /// Who asked: an API key's name, or "local".
    @Field(key: "actor") var actor: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

extension PersonaContentModel {
    static func find(_ contentID: UUID, of personaID: UUID, on database: any Database) async throws -> PersonaContentModel? {
        try await query(on: database).filter(\.$id == contentID).filter(\.$personaID == personaID).first()
    }
}
