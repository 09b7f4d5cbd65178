/// The seed's `_get_best_local_image_model`, as `spec/generation.md` pins it.
public enum LocalModelChoice {
    /// 1. the persona's preference as a case-insensitive substring; 2. an SDXL model ("xl" in the
    /// name); 3. the first model. No model at all: nil (the seed's 400).
    public static func choose(from models: [String], preference: String?) -> String? {
        if let preference = preference?.trimmingWhitespace().lowercased(), !preference.isEmpty,
            let preferred = models.first(where: { $0.lowercased().contains(preference) })
        {
            return preferred
        }
        return models.first(where: { $0.lowercased().contains("xl") }) ?? models.first
    }
}
