import Foundation

/// One image engine (OpenAI Images, ComfyUI, an AUTOMATIC1111-compatible API), spoken to in its own
/// wire format. The App layer only ever sees this protocol.
///
/// Cancellation is Swift task cancellation: when the task calling `generate` is cancelled, the client
/// tells the engine to stop (ComfyUI `/interrupt` or queue delete, A1111 `/sdapi/v1/interrupt`; an
/// OpenAI call is simply dropped) and throws `CancellationError` promptly.
public protocol ImageGenerator: Sendable {
    var engine: EngineKind { get }
    /// The base URL the client talks to, as configured: error messages name it.
    var baseURL: String { get }
    /// Model names offered by the engine (local engines: the checkpoints, as the engine names them;
    /// OpenAI: the configured model only, without a network call).
    func listModels() async throws -> [String]
    /// Makes `request.count` images. `onProgress` receives fractions in 0...1 as the engine reports them
    /// (never decreasing; engines without progress may never call it).
    func generate(
        _ request: GenerationRequest,
        onProgress: @escaping @Sendable (Double) -> Void
    ) async throws -> GenerationOutput
}

public enum EngineKind: String, Sendable, Codable, CaseIterable {
    case openai
    case comfyui
    case automatic1111

    /// How error messages name the engine.
    public var displayName: String {
        switch self {
        case .openai: "OpenAI"
        case .comfyui: "ComfyUI"
        case .automatic1111: "AUTOMATIC1111"
        }
    }
}

/// The previous draft (or another version) handed to the engine to refine from.
public struct ReferenceImage: Sendable {
    public var bytes: Data
    /// "png", "jpeg" or "webp": the stored format, already validated.
    public var format: String
    public var version: Int

    public init(bytes: Data, format: String, version: Int) {
        self.bytes = bytes
        self.format = format
        self.version = version
    }

    public var mimeType: String { format == "jpeg" ? "image/jpeg" : "image/\(format)" }
}

/// How an engine uses the reference image.
public enum ReferenceRole: Sendable, Equatable {
    /// The previous draft, refined: image-to-image from it (plus ControlNet / IP-Adapter units).
    case refine
    /// The approved baseline as the identity of a new scene: an IP-Adapter (or an edit) carries the
    /// face at `strength` (0...1); without one, image-to-image at a denoise derived from it.
    case identity(strength: Double)

    /// Image-to-image without an IP-Adapter: the stronger the identity, the more of the baseline's
    /// pixels are kept. 0 → 1.0 (the reference only seeds the noise), 1 → 0.4 (below that the scene
    /// can no longer change).
    public static func denoise(forIdentityStrength strength: Double) -> Double {
        let clamped = min(max(strength, 0), 1)
        return ((1 - 0.6 * clamped) * 1000).rounded() / 1000
    }
}

public struct GenerationRequest: Sendable {
    public var prompt: String
    public var negativePrompt: String?
    /// Local engines: the checkpoint chosen from `listModels()`. OpenAI: nil means the configured model.
    public var model: String?
    /// nil lets the engine choose; the seed it used is read back into `GeneratedImage.seed`.
    public var seed: Int64?
    /// Sampling steps (local engines only).
    public var steps: Int
    public var width: Int
    public var height: Int
    /// 1...4 candidates.
    public var count: Int
    public var reference: ReferenceImage?
    /// What the reference is for: a draft to refine, or a face to keep in a new scene.
    public var referenceRole: ReferenceRole
    /// Our job's id: ComfyUI receives it as `prompt_id`, so a cancel can name it.
    public var jobID: UUID

    public init(
        prompt: String, negativePrompt: String? = nil, model: String? = nil, seed: Int64? = nil,
        steps: Int = 50, width: Int = 1024, height: Int = 1024, count: Int = 1,
        reference: ReferenceImage? = nil, referenceRole: ReferenceRole = .refine, jobID: UUID = UUID()
    ) {
        self.prompt = prompt
        self.negativePrompt = negativePrompt
        self.model = model
        self.seed = seed
        self.steps = steps
        self.width = width
        self.height = height
        self.count = count
        self.reference = reference
        self.referenceRole = referenceRole
        self.jobID = jobID
    }
}

public struct GeneratedImage: Sendable {
    /// Raw bytes as the engine sent them (base64 already decoded); not yet validated.
    public var bytes: Data
    /// The seed the engine reports for this image, when it reports one.
    public var seed: Int64?
    /// OpenAI's dall-e-3 may rewrite the prompt; kept for reproduction.
    public var revisedPrompt: String?

    public init(bytes: Data, seed: Int64? = nil, revisedPrompt: String? = nil) {
        self.bytes = bytes
        self.seed = seed
        self.revisedPrompt = revisedPrompt
    }
}

public struct GenerationOutput: Sendable {
    public var images: [GeneratedImage]
    /// The model that made the images, as the engine names it.
    public var model: String
    /// Whether the reference image was actually sent (dall-e-3 has no edits, for example).
    public var usedReference: Bool
    /// Engine-specific settings as sent (quality, sampler, cfg, denoise, ControlNet / IP-Adapter units
    /// without their image bytes…), so that the image can be reproduced. Values are JSON-compatible.
    public var parameters: [String: EngineJSON]

    public init(images: [GeneratedImage], model: String, usedReference: Bool, parameters: [String: EngineJSON]) {
        self.images = images
        self.model = model
        self.usedReference = usedReference
        self.parameters = parameters
    }
}
