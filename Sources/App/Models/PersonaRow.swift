import Foundation
import PersonaSeedCore

/// A row of `personas`, read and written through SQLKit with Codable: the hot paths (create, read,
/// list) skip Fluent's reflection-based model machinery, which cost more than the query itself.
/// List- and object-valued fields are JSON text, the same on SQLite and PostgreSQL.
struct PersonaRow: Codable, Sendable, Equatable {
    static let table = "personas"

    var id: UUID
    var name: String
    var appearance: String?
    var personality: String?
    var baseAppearanceDescription: String?
    var contentThemesJSON: String
    var stylePreferencesJSON: String
    var defaultContentRating: String
    var allowedContentRatingsJSON: String
    var platformRestrictionsJSON: String
    var imageStyle: String
    var defaultNegativePrompt: String
    var imageModelPreference: String?
    var baseImageStatus: String
    /// Stored for the seed's SQL users; always `base_image_status == approved`.
    var appearanceLocked: Bool
    var baseImagePath: String?
    var currentVersion: Int?
    /// The current version's summary as JSON: versions never change, so this copy cannot go stale,
    /// and reading a persona costs one query.
    var baseImageJSON: String?
    var versionCount: Int
    var isActive: Bool
    var generationCount: Int
    /// Bumped by every change; the row guard against lost updates.
    var revision: Int
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, appearance, personality
        case baseAppearanceDescription = "base_appearance_description"
        case contentThemesJSON = "content_themes"
        case stylePreferencesJSON = "style_preferences"
        case defaultContentRating = "default_content_rating"
        case allowedContentRatingsJSON = "allowed_content_ratings"
        case platformRestrictionsJSON = "platform_restrictions"
        case imageStyle = "image_style"
        case defaultNegativePrompt = "default_negative_prompt"
        case imageModelPreference = "image_model_preference"
        case baseImageStatus = "base_image_status"
        case appearanceLocked = "appearance_locked"
        case baseImagePath = "base_image_path"
        case currentVersion = "current_version"
        case baseImageJSON = "base_image"
        case versionCount = "version_count"
        case isActive = "is_active"
        case generationCount = "generation_count"
        case revision
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
