/// The two engine families a request chooses between: OpenAI's Images API, or the user's own GPU.
public enum EngineFamily: String, Sendable, Codable, CaseIterable {
    case cloud, local
}

/// What the client asks of one `POST …/content/generate`: the scene, the engine, how strongly the
/// approved baseline's identity is imposed, and the generation options the baseline routes take.
public struct ContentOptions: Sendable, Equatable, Codable {
    public var engine: EngineFamily
    /// The scene, as the client wrote it ("reading in a sunlit cafe, candid").
    public var scene: String
    /// 0...1: the IP-Adapter weight, or how little image-to-image may change the baseline.
    public var identityStrength: Double
    /// count, size, seed, steps, negative prompt, callback URL: as for baselines. Its reference is
    /// always the approved version, chosen when the job runs.
    public var generation: GenerationOptions

    public init(engine: EngineFamily, scene: String, identityStrength: Double = Self.defaultIdentityStrength, generation: GenerationOptions = .init()) {
        self.engine = engine
        self.scene = scene
        self.identityStrength = identityStrength
        self.generation = generation
    }

    /// Strong enough to keep the face, loose enough to leave the scene to the prompt.
    public static let defaultIdentityStrength = 0.6
    public static let maxSceneLength = 1000
    /// The generation options a content request may carry besides its own fields.
    static let generationKeys: Set<String> = ["negative_prompt", "seed", "steps", "count", "size", "callback_url"]

    /// Reads the body of a content request, listing every problem as a 422 would. `cloudModel` decides
    /// which sizes a cloud request may ask for.
    public static func parse(_ body: JSONValue?, cloudModel: String) throws(ValidationFailure) -> ContentOptions {
        guard let body, !body.isNull else {
            throw ValidationFailure([.init(loc: [.key("body")], msg: "Field required", type: "missing")])
        }
        var reader = try FieldReader(body)
        var engine: EngineFamily?
        if let value = reader.present("engine") {
            engine = reader.enumValue(value, EngineFamily.self, at: [.key("engine")])
        }
        engine = reader.require("engine", engine)
        let scene = reader.require("prompt", reader.string("prompt", min: 1, max: maxSceneLength, trim: true))
        var strength = defaultIdentityStrength
        if let value = reader.present("identity_strength") {
            if case .number(let number) = value, number.isFinite {
                if (0...1).contains(number) {
                    strength = number
                } else {
                    reader.errors.append(.body(
                        .key("identity_strength"),
                        msg: number < 0 ? "Input should be greater than or equal to 0" : "Input should be less than or equal to 1",
                        type: number < 0 ? "greater_than_equal" : "less_than_equal"))
                }
            } else {
                reader.errors.append(.body(.key("identity_strength"), msg: "Input should be a valid number", type: "float_type"))
            }
        }
        var generation = GenerationOptions()
        let target: GenerationTarget = engine == .cloud ? .cloud(model: cloudModel) : .local
        let shared = reader.object.filter { generationKeys.contains($0.key) }
        do {
            generation = try GenerationOptions.parse(.object(shared), for: target)
        } catch {
            reader.errors.append(contentsOf: error.errors)
        }
        generation.reference = .none
        guard reader.errors.isEmpty, let engine, let scene else { throw ValidationFailure(reader.errors) }
        return ContentOptions(engine: engine, scene: scene, identityStrength: strength, generation: generation)
    }
}
