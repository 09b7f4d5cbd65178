/// Where a persona's baseline reference image stands in the approval workflow.
public enum BaseImageStatus: String, Sendable, Codable, CaseIterable {
    case pendingUpload = "pending_upload"
    case draft
    case approved
    case rejected
}

public enum ContentRating: String, Sendable, Codable, CaseIterable {
    case sfw, moderate, nsfw
}

public enum ImageStyle: String, Sendable, Codable, CaseIterable {
    case photorealistic, anime, cartoon, artistic
    case render3D = "3d_render"
    case fantasy, cinematic
}

/// What content a platform allows for this persona.
public enum PlatformPolicy: String, Sendable, Codable, CaseIterable {
    case sfwOnly = "sfw_only"
    case moderateAllowed = "moderate_allowed"
    case both, all
}

/// Where a version's image came from.
public enum ImageSource: String, Sendable, Codable, CaseIterable {
    case upload, cloud, local

    /// The word used in storage names, after the seed's layout (`persona_{uuid}_uploaded_v{n}.png`, ...).
    public var storageWord: String {
        switch self {
        case .upload: "uploaded"
        case .cloud: "dalle3"
        case .local: "local"
        }
    }
}
