/// The fields of a persona that clients write (create, and PUT as a partial update).
public struct PersonaProfile: Sendable, Equatable {
    public var name: String
    public var appearance: String?
    public var personality: String?
    public var baseAppearanceDescription: String?
    public var contentThemes: [String]
    public var stylePreferences: [String: JSONValue]
    public var defaultContentRating: ContentRating
    public var allowedContentRatings: [ContentRating]
    public var platformRestrictions: [String: PlatformPolicy]
    public var imageStyle: ImageStyle
    public var defaultNegativePrompt: String
    public var imageModelPreference: String?

    public static let defaultNegativePrompt = "ugly, blurry, low quality, distorted, deformed, bad anatomy"

    public init(
        name: String,
        appearance: String? = nil,
        personality: String? = nil,
        baseAppearanceDescription: String? = nil,
        contentThemes: [String] = [],
        stylePreferences: [String: JSONValue] = [:],
        defaultContentRating: ContentRating = .sfw,
        allowedContentRatings: [ContentRating] = [.sfw],
        platformRestrictions: [String: PlatformPolicy] = [:],
        imageStyle: ImageStyle = .photorealistic,
        defaultNegativePrompt: String = PersonaProfile.defaultNegativePrompt,
        imageModelPreference: String? = nil
    ) {
        self.name = name
        self.appearance = appearance
        self.personality = personality
        self.baseAppearanceDescription = baseAppearanceDescription
        self.contentThemes = contentThemes
        self.stylePreferences = stylePreferences
        self.defaultContentRating = defaultContentRating
        self.allowedContentRatings = allowedContentRatings
        self.platformRestrictions = platformRestrictions
        self.imageStyle = imageStyle
        self.defaultNegativePrompt = defaultNegativePrompt
        self.imageModelPreference = imageModelPreference
    }
}

/// A PUT body: every field optional; absent or null means "leave as is".
public struct PersonaPatch: Sendable, Equatable {
    public var name: String?
    public var appearance: String?
    public var personality: String?
    public var baseAppearanceDescription: String?
    public var contentThemes: [String]?
    public var stylePreferences: [String: JSONValue]?
    public var defaultContentRating: ContentRating?
    public var allowedContentRatings: [ContentRating]?
    public var platformRestrictions: [String: PlatformPolicy]?
    public var imageStyle: ImageStyle?
    public var defaultNegativePrompt: String?
    public var imageModelPreference: String?
    public var baseImageStatus: BaseImageStatus?
    public var isActive: Bool?

    public init() {}

    /// Applies the profile fields (not status or activity, which have rules of their own).
    public func applied(to profile: PersonaProfile) -> PersonaProfile {
        var result = profile
        if let name { result.name = name }
        if let appearance { result.appearance = appearance }
        if let personality { result.personality = personality }
        if let baseAppearanceDescription { result.baseAppearanceDescription = baseAppearanceDescription }
        if let contentThemes { result.contentThemes = contentThemes }
        if let stylePreferences { result.stylePreferences = stylePreferences }
        if let defaultContentRating { result.defaultContentRating = defaultContentRating }
        if let allowedContentRatings { result.allowedContentRatings = allowedContentRatings }
        if let platformRestrictions { result.platformRestrictions = platformRestrictions }
        if let imageStyle { result.imageStyle = imageStyle }
        if let defaultNegativePrompt { result.defaultNegativePrompt = defaultNegativePrompt }
        if let imageModelPreference { result.imageModelPreference = imageModelPreference }
        return result
    }
}

extension PersonaProfile {
    /// Whether going from `self` to `other` touches what the approved baseline pins down.
    public func changesLockedAppearance(comparedTo other: PersonaProfile) -> Bool {
        appearance != other.appearance
            || baseAppearanceDescription != other.baseAppearanceDescription
            || imageStyle != other.imageStyle
    }
}
