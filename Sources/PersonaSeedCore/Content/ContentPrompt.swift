/// The prompt for a piece of content: who (the persona's appearance, or for an engine that cannot see
/// the baseline, the baseline's own description), the scene, and the persona's style.
public enum ContentPrompt {
    /// `baselineDescription`: set only for models without edits (dall-e-3), which get no image: the
    /// words are then all that carries the identity.
    public static func build(for profile: PersonaProfile, scene: String, baselineDescription: String? = nil) -> String {
        var parts: [String] = []
        let appearance = (profile.baseAppearanceDescription ?? profile.appearance)?.trimmingWhitespace() ?? ""
        if let description = baselineDescription?.trimmingWhitespace(), !description.isEmpty {
            parts.append("The same person as in the approved reference portrait: \(description)")
        } else if !appearance.isEmpty {
            parts.append(appearance)
        }
        if let personality = profile.personality?.trimmingWhitespace(), !personality.isEmpty {
            parts.append("Personality: \(String(personality.prefix(SeedPrompt.personalityPrefixLength)))")
        }
        parts.append("Scene: \(scene.trimmingWhitespace())")
        parts.append(stylePhrase(profile.imageStyle))
        return parts.joined(separator: ". ")
    }

    /// The persona's style, for a scene rather than a portrait.
    public static func stylePhrase(_ style: ImageStyle) -> String {
        let look = switch style {
        case .photorealistic: "photorealistic photograph, natural lighting, high detail"
        case .anime: "anime style illustration, clean line art"
        case .cartoon: "cartoon style illustration, bold outlines"
        case .artistic: "artistic painting"
        case .render3D: "3D render, studio lighting"
        case .fantasy: "fantasy art"
        case .cinematic: "cinematic film still, dramatic lighting"
        }
        return "\(look), the same face and identity as the reference"
    }
}
