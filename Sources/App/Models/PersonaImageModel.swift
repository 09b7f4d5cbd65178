import Fluent
import Foundation

/// One image ever made for a persona. Rows are written once and never changed.
final class PersonaImageModel: Model, @unchecked Sendable {
    static let schema = "persona_images"

    @ID(key: .id) var id: UUID?
    @Field(key: "persona_id") var personaID: UUID
    @Field(key: "version") var version: Int
    @Field(key: "source") var source: String
    @Field(key: "format") var format: String
    @Field(key: "width") var width: Int
    @Field(key: "height") var height: Int
    @Field(key: "bytes") var bytes: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "storage_key") var storageKey: String
    @Field(key: "thumbnail_key") var thumbnailKey: String
    @Field(key: "thumbnail_sha256") var thumbnailSHA256: String
    /// How a generated image was made (JSON), null for uploads.
    @OptionalField(key: "generation") var generationJSON: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

extension PersonaImageModel {
    /// Version `number` of a persona, if it exists.
    static func find(version number: Int, of personaID: UUID, on database: any Database) async throws -> PersonaImageModel? {
        try await query(on: database).filter(\.$personaID == personaID).filter(\.$version == number).first()
    }
}
