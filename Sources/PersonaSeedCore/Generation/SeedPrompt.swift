/// The prompt for a persona's reference image, as the seed's `_generate_reference_image_*` build it:
/// the appearance, a little personality for expression, and the persona's image style.
public enum SeedPrompt {
    /// Only the start of the personality goes in: it colours the expression, it is not the subject.
    public static let personalityPrefixLength = 200

    public static func build(for profile: PersonaProfile, suffix: String?) -> String {
        var parts: [String] = []
        if let appearance = (profile.baseAppearanceDescription ?? profile.appearance)?.trimmingWhitespace(),
            !appearance.isEmpty
        {
            parts.append(appearance)
        }
        if let personality = profile.personality?.trimmingWhitespace(), !personality.isEmpty {
            parts.append("Personality: \(String(personality.prefix(personalityPrefixLength)))")
        }
        parts.append(stylePhrase(profile.imageStyle))
        if let suffix = suffix?.trimmingWhitespace(), !suffix.isEmpty {
            parts.append(suffix)
        }
        return parts.joined(separator: ". ")
    }

    /// A reference image is a portrait to be reused: every style asks for a clear, front-facing face.
    public static func stylePhrase(_ style: ImageStyle) -> String {
        let look = switch style {
        case .photorealistic: "photorealistic portrait photograph, natural lighting, high detail"
        case .anime: "anime style character portrait, clean line art"
        case .cartoon: "cartoon style character portrait, bold outlines"
        case .artistic: "artistic painted portrait"
        case .render3D: "3D rendered character portrait, studio lighting"
        case .fantasy: "fantasy art character portrait"
        case .cinematic: "cinematic portrait, film still, dramatic lighting"
        }
        return "Reference portrait, \(look), face clearly visible, looking at the camera"
    }
}
