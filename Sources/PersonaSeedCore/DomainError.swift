/// A refusal the domain decides, with the status class and the exact text clients see.
/// The texts are a contract (`spec/api.md`, `spec/seed-image-workflow.md`): change them only with the spec.
public struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case badRequest, notFound, conflict
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

extension DomainError {
    public static func personaNotFound(_ rawID: String) -> DomainError {
        DomainError(.notFound, "Persona \(rawID) not found")
    }

    public static func versionNotFound(_ rawVersion: String) -> DomainError {
        DomainError(.notFound, "Version \(rawVersion) not found")
    }

    public static func noCurrentImage(_ personaID: String) -> DomainError {
        DomainError(.notFound, "Persona \(personaID) has no base image")
    }

    public static let approveWithoutImage = DomainError(
        .badRequest, "Cannot approve baseline: persona does not have a base image")
    public static let rejectWithoutImage = DomainError(
        .badRequest, "Cannot reject baseline: persona does not have a base image")
    public static let draftWithoutImage = DomainError(
        .badRequest, "Cannot set base_image_status to draft: persona does not have a base image")
    public static let approveRejected = DomainError(
        .conflict,
        "Cannot approve a rejected image: upload or generate a replacement, or set base_image_status to draft first")
    public static let baselineLocked = DomainError(
        .conflict, "the approved baseline is locked; reject it before replacing it")
    public static let appearanceLocked = DomainError(
        .conflict,
        "the approved baseline is locked; reject it before changing appearance, base_appearance_description or image_style")
    public static let approvedBackToDraft = DomainError(
        .conflict, "Cannot move an approved baseline back to draft: reject it first")
    public static let backToPendingUpload = DomainError(
        .conflict, "Cannot set base_image_status to pending_upload: the persona already has a base image")

    public static let invalidFileType = DomainError(
        .badRequest, "Invalid file type. Allowed: image/png, image/jpeg, image/jpg, image/webp")
    public static let fileTooLarge = DomainError(.badRequest, "File too large. Maximum size is 10MB")
    public static let undecodableImage = DomainError(.badRequest, "Invalid image: the file could not be decoded")
    public static func tooManyPixels(limitMegapixels: Int) -> DomainError {
        DomainError(.badRequest, "Image too large: maximum is \(limitMegapixels) megapixels")
    }

    public static let cloudUnavailable = DomainError(
        .badRequest, "DALL-E 3 is not available. Check OPENAI_API_KEY configuration")
    public static let localUnavailable = DomainError(.badRequest, "No local image generation models available")

    public static func contentNeedsApprovedBaseline(status: BaseImageStatus) -> DomainError {
        DomainError(
            .conflict,
            "Cannot generate content: the persona's baseline is \(status.rawValue); content is generated only from an approved baseline")
    }

    public static func contentNotFound(_ rawID: String) -> DomainError {
        DomainError(.notFound, "Content \(rawID) not found")
    }
}
