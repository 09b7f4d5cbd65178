import Foundation
import PersonaSeedCore

extension PersonaRow {
    /// A new row for a validated profile, in `pending_upload`.
    init(id: UUID, profile: PersonaProfile, now: Date) throws {
        self.id = id
        self.name = ""
        self.contentThemesJSON = "[]"
        self.stylePreferencesJSON = "{}"
        self.defaultContentRating = ""
        self.allowedContentRatingsJSON = "[]"
        self.platformRestrictionsJSON = "{}"
        self.imageStyle = ""
        self.defaultNegativePrompt = ""
        self.baseImageStatus = BaseImageStatus.pendingUpload.rawValue
        self.appearanceLocked = false
        self.versionCount = 0
        self.isActive = true
        self.generationCount = 0
        self.revision = 0
        self.createdAt = now
        self.updatedAt = now
        try apply(profile)
    }

    var status: BaseImageStatus {
        get { BaseImageStatus(rawValue: baseImageStatus) ?? .pendingUpload }
        set {
            baseImageStatus = newValue.rawValue
            appearanceLocked = SeedWorkflow.isLocked(newValue)
        }
    }

    /// The status a new image (upload, generation, select) would leave, or the refusal: one rule for all.
    func statusAfterNewImage() throws(DomainError) -> BaseImageStatus {
        try SeedWorkflow.status(after: .replaceImage, from: status, hasImage: currentVersion != nil)
    }

    /// Content is made from the approved face only: any other status is refused, naming it.
    func requireApprovedBaseline() throws(DomainError) {
        guard status == .approved else { throw DomainError.contentNeedsApprovedBaseline(status: status) }
    }

    func profile() throws -> PersonaProfile {
        let decoder = JSONDecoder()
        return PersonaProfile(
            name: name,
            appearance: appearance,
            personality: personality,
            baseAppearanceDescription: baseAppearanceDescription,
            contentThemes: try decoder.decode([String].self, from: Data(contentThemesJSON.utf8)),
            stylePreferences: try decoder.decode([String: JSONValue].self, from: Data(stylePreferencesJSON.utf8)),
            defaultContentRating: ContentRating(rawValue: defaultContentRating) ?? .sfw,
            allowedContentRatings: try decoder.decode([ContentRating].self, from: Data(allowedContentRatingsJSON.utf8)),
            platformRestrictions: try decoder.decode(
                [String: PlatformPolicy].self, from: Data(platformRestrictionsJSON.utf8)),
            imageStyle: ImageStyle(rawValue: imageStyle) ?? .photorealistic,
            defaultNegativePrompt: defaultNegativePrompt,
            imageModelPreference: imageModelPreference)
    }

    mutating func apply(_ profile: PersonaProfile) throws {
        let encoder = JSONCoding.makeEncoder()
        name = profile.name
        appearance = profile.appearance
        personality = profile.personality
        baseAppearanceDescription = profile.baseAppearanceDescription
        contentThemesJSON = String(decoding: try encoder.encode(profile.contentThemes), as: UTF8.self)
        stylePreferencesJSON = String(decoding: try encoder.encode(profile.stylePreferences), as: UTF8.self)
        defaultContentRating = profile.defaultContentRating.rawValue
        allowedContentRatingsJSON = String(decoding: try encoder.encode(profile.allowedContentRatings), as: UTF8.self)
        platformRestrictionsJSON = String(decoding: try encoder.encode(profile.platformRestrictions), as: UTF8.self)
        imageStyle = profile.imageStyle.rawValue
        defaultNegativePrompt = profile.defaultNegativePrompt
        imageModelPreference = profile.imageModelPreference
    }

    mutating func makeCurrent(_ image: PersonaImageModel, status next: BaseImageStatus, now: Date) throws {
        status = next
        currentVersion = image.version
        baseImagePath = image.storageKey
        baseImageJSON = String(decoding: try JSONCoding.makeEncoder().encode(VersionResponse(image)), as: UTF8.self)
        updatedAt = now
    }
}
