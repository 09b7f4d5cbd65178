import Foundation
import PersonaSeedCore
import Vapor

/// A persona as clients see it (`spec/api.md`, "Persona resource"). Null fields are sent as null.
struct PersonaResponse: Content {
    var id: UUID
    var profile: PersonaProfile
    var baseImageStatus: String
    var appearanceLocked: Bool
    var baseImagePath: String?
    var baseImage: VersionResponse?
    var isActive: Bool
    var generationCount: Int
    /// How many versions the persona has (the studio's cards show it).
    var versionCount: Int
    var createdAt: String
    var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, name, appearance, personality
        case baseAppearanceDescription = "base_appearance_description"
        case contentThemes = "content_themes"
        case stylePreferences = "style_preferences"
        case defaultContentRating = "default_content_rating"
        case allowedContentRatings = "allowed_content_ratings"
        case platformRestrictions = "platform_restrictions"
        case imageStyle = "image_style"
        case defaultNegativePrompt = "default_negative_prompt"
        case imageModelPreference = "image_model_preference"
        case baseImageStatus = "base_image_status"
        case appearanceLocked = "appearance_locked"
        case baseImagePath = "base_image_path"
        case baseImage = "base_image"
        case isActive = "is_active"
        case generationCount = "generation_count"
        case versionCount = "version_count"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(_ persona: PersonaRow) throws {
        try self.init(persona, profile: try persona.profile())
    }

    /// For a row whose profile is at hand (just created): spares decoding its JSON columns again.
    init(_ persona: PersonaRow, profile: PersonaProfile) throws {
        self.id = persona.id
        self.profile = profile
        self.baseImageStatus = persona.baseImageStatus
        self.appearanceLocked = persona.appearanceLocked
        self.baseImagePath = persona.baseImagePath
        self.baseImage = try persona.baseImageJSON.map { try JSONDecoder().decode(VersionResponse.self, from: Data($0.utf8)) }
        self.isActive = persona.isActive
        self.generationCount = persona.generationCount
        self.versionCount = persona.versionCount
        self.createdAt = Timestamp.iso8601(persona.createdAt)
        self.updatedAt = Timestamp.iso8601(persona.updatedAt)
    }

    init(from decoder: any Decoder) throws {
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "PersonaResponse is write-only"))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.uuidString.lowercased(), forKey: .id)
        try container.encode(profile.name, forKey: .name)
        try container.encode(profile.appearance, forKey: .appearance)
        try container.encode(profile.personality, forKey: .personality)
        try container.encode(profile.baseAppearanceDescription, forKey: .baseAppearanceDescription)
        try container.encode(profile.contentThemes, forKey: .contentThemes)
        try container.encode(profile.stylePreferences, forKey: .stylePreferences)
        try container.encode(profile.defaultContentRating, forKey: .defaultContentRating)
        try container.encode(profile.allowedContentRatings, forKey: .allowedContentRatings)
        try container.encode(profile.platformRestrictions, forKey: .platformRestrictions)
        try container.encode(profile.imageStyle, forKey: .imageStyle)
        try container.encode(profile.defaultNegativePrompt, forKey: .defaultNegativePrompt)
        try container.encode(profile.imageModelPreference, forKey: .imageModelPreference)
        try container.encode(baseImageStatus, forKey: .baseImageStatus)
        try container.encode(appearanceLocked, forKey: .appearanceLocked)
        try container.encode(baseImagePath, forKey: .baseImagePath)
        try container.encode(baseImage, forKey: .baseImage)
        try container.encode(isActive, forKey: .isActive)
        try container.encode(generationCount, forKey: .generationCount)
        try container.encode(versionCount, forKey: .versionCount)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
