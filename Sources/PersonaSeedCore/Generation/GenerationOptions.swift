/// What the client may ask of one `generate-cloud` / `generate-local` call (an optional JSON body).
public struct GenerationOptions: Sendable, Equatable, Codable {
    public enum Reference: Sendable, Equatable, Codable {
        /// The current image when there is one (the seed's "regenerate uses the previous draft").
        case current
        case none
        case version(Int)
    }

    public var promptSuffix: String?
    /// Replaces the persona's `default_negative_prompt` for this call.
    public var negativePrompt: String?
    public var seed: Int64?
    public var steps: Int?
    public var width: Int?
    public var height: Int?
    public var count: Int
    public var reference: Reference
    public var callbackURL: String?

    public init(
        promptSuffix: String? = nil, negativePrompt: String? = nil, seed: Int64? = nil, steps: Int? = nil,
        width: Int? = nil, height: Int? = nil, count: Int = 1, reference: Reference = .current,
        callbackURL: String? = nil
    ) {
        self.promptSuffix = promptSuffix
        self.negativePrompt = negativePrompt
        self.seed = seed
        self.steps = steps
        self.width = width
        self.height = height
        self.count = count
        self.reference = reference
        self.callbackURL = callbackURL
    }

    public static let maxCount = 4
    /// Engines take seeds as unsigned 32-bit numbers at least (ComfyUI takes more, A1111 and sd.cpp
    /// fewer): this range reproduces everywhere.
    public static let maxSeed: Int64 = 4_294_967_295
    /// Beyond 150 steps samplers stop improving; it only burns GPU time.
    public static let maxSteps = 150
}

/// Which engine family a call goes to: sizes and prompt lengths depend on it.
public enum GenerationTarget: Sendable, Equatable {
    case cloud(model: String)
    case local

    /// The sizes OpenAI accepts for the model, or nil for local engines (any multiple of 8 in range).
    public var allowedSizes: [String]? {
        switch self {
        case .cloud(let model):
            OpenAIModelFamily(model: model) == .dallE
                ? ["1024x1024", "1792x1024", "1024x1792"] : ["1024x1024", "1536x1024", "1024x1536"]
        case .local:
            nil
        }
    }
}

public enum OpenAIModelFamily: Sendable, Equatable {
    case dallE
    case gptImage

    public init(model: String) {
        self = model.lowercased().hasPrefix("dall-e") ? .dallE : .gptImage
    }

    /// OpenAI's documented prompt limits.
    public var maxPromptCharacters: Int {
        switch self {
        case .dallE: 4000
        case .gptImage: 32000
        }
    }
}
