import Fluent
import Foundation
import PersonaSeedCore

/// A persona row. List- and object-valued fields are JSON text, the same on SQLite and PostgreSQL.
final class PersonaModel: Model, @unchecked Sendable {
    static let schema = "personas"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @OptionalField(key: "appearance") var appearance: String?
    @OptionalField(key: "personality") var personality: String?
    @OptionalField(key: "base_appearance_description") var baseAppearanceDescription: String?
    @Field(key: "content_themes") var contentThemesJSON: String
    @Field(key: "style_preferences") var stylePreferencesJSON: String
    @Field(key: "default_content_rating") var defaultContentRating: String
    @Field(key: "allowed_content_ratings") var allowedContentRatingsJSON: String
    @Field(key: "platform_restrictions") var platformRestrictionsJSON: String
    @Field(key: "image_style") var imageStyle: String
    @Field(key: "default_negative_prompt") var defaultNegativePrompt: String
    @OptionalField(key: "image_model_preference") var imageModelPreference: String?
    @Field(key: "base_image_status") var baseImageStatus: String
    /// Stored for the seed's SQL users; always `base_image_status == approved`.
    @Field(key: "appearance_locked") var appearanceLocked: Bool
    @OptionalField(key: "base_image_path") var baseImagePath: String?
    @OptionalField(key: "current_version") var currentVersion: Int?
    /// The current version's summary as JSON: versions never change, so this copy cannot go stale,
    /// and reading a persona costs one query.
    @OptionalField(key: "base_image") var baseImageJSON: String?
    @Field(key: "version_count") var versionCount: Int
    @Field(key: "is_active") var isActive: Bool
    @Field(key: "generation_count") var generationCount: Int
    /// Bumped by every change; the row guard against lost updates.
    @Field(key: "revision") var revision: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
