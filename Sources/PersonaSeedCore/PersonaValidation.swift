/// Turns a JSON body into a `PersonaProfile` (create) or a `PersonaPatch` (PUT), listing every problem
/// the way the reference service (pydantic) words it, so that its clients keep working.
public enum PersonaValidation {
    public static let maxContentThemes = 10
    // Limits the spec leaves open, so that one persona cannot carry megabytes of free-form data (every
    // list and read of the persona pays for it):
    public static let maxThemeLength = 200
    public static let maxContentRatings = 10
    public static let maxPlatforms = 50
    public static let maxPlatformNameLength = 100
    public static let maxStylePreferencesBytes = 16 * 1024
    /// Themes the reference service refuses, matched case-insensitively as substrings.
    public static let bannedThemeWords = ["illegal activity", "hate speech", "violence", "adult content"]
    static let forbiddenNameCharacters: Set<Character> = ["<", ">", "&", "'"]

    public static func profile(fromCreateBody body: JSONValue) throws(ValidationFailure) -> PersonaProfile {
        var reader = try FieldReader(body)
        let patch = reader.readPatch(allowStatusFields: false)
        let name = reader.require("name", patch.name)
        if patch.appearance == nil, patch.baseAppearanceDescription == nil,
            !reader.hasError(at: "appearance"), !reader.hasError(at: "base_appearance_description")
        {
            reader.errors.append(.init(
                loc: [.key("body")],
                msg: "Value error, either appearance or base_appearance_description is required",
                type: "value_error"))
        }
        guard reader.errors.isEmpty, let name else { throw ValidationFailure(reader.errors) }
        return patch.applied(to: PersonaProfile(name: name))
    }

    public static func patch(fromUpdateBody body: JSONValue) throws(ValidationFailure) -> PersonaPatch {
        var reader = try FieldReader(body)
        let patch = reader.readPatch(allowStatusFields: true)
        guard reader.errors.isEmpty else { throw ValidationFailure(reader.errors) }
        return patch
    }
}

/// Reads typed fields from a JSON object, collecting errors instead of stopping at the first.
struct FieldReader {
    let object: [String: JSONValue]
    var errors: [FieldError] = []

    init(_ body: JSONValue) throws(ValidationFailure) {
        guard case .object(let object) = body else {
            throw ValidationFailure([.init(
                loc: [.key("body")],
                msg: "Input should be a valid dictionary or object to extract fields from",
                type: "model_attributes_type")])
        }
        self.object = object
    }

    func hasError(at key: String) -> Bool {
        errors.contains { $0.loc.count > 1 && $0.loc[1] == .key(key) }
    }

    mutating func require<T>(_ key: String, _ value: T?) -> T? {
        if value == nil, !hasError(at: key) {
            errors.append(.body(.key(key), msg: "Field required", type: "missing"))
        }
        return value
    }

    /// The value at `key`, or nil when it is absent or JSON null ("leave as is").
    func present(_ key: String) -> JSONValue? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    mutating func string(_ key: String, min: Int = 0, max: Int, trim: Bool = false) -> String? {
        guard let value = present(key) else { return nil }
        guard case .string(var text) = value else {
            errors.append(.body(.key(key), msg: "Input should be a valid string", type: "string_type"))
            return nil
        }
        // Neither database keeps a NUL inside text (SQLite cuts the value there, PostgreSQL refuses it):
        // refuse it rather than store something other than what was sent.
        if text.unicodeScalars.contains("\u{0}") {
            errors.append(.body(.key(key), msg: "Value error, text must not contain NUL characters", type: "value_error"))
            return nil
        }
        if trim { text = text.trimmingWhitespace() }
        // Lengths count Unicode code points, as Python's len() does.
        let length = text.unicodeScalars.count
        if length < min {
            let unit = min == 1 ? "character" : "characters"
            errors.append(.body(
                .key(key), msg: "String should have at least \(min) \(unit)", type: "string_too_short"))
            return nil
        }
        if length > max {
            errors.append(.body(
                .key(key), msg: "String should have at most \(max) characters", type: "string_too_long"))
            return nil
        }
        return text
    }

    mutating func enumValue<E: RawRepresentable & CaseIterable>(
        _ value: JSONValue, _: E.Type, at loc: [FieldError.Location]
    ) -> E? where E.RawValue == String {
        if case .string(let text) = value, let parsed = E(rawValue: text) { return parsed }
        errors.append(.init(loc: [.key("body")] + loc, msg: "Input should be \(E.choicesText)", type: "enum"))
        return nil
    }

    mutating func list(_ key: String, maxItems: Int? = nil) -> [JSONValue]? {
        guard let value = present(key) else { return nil }
        guard case .array(let items) = value else {
            errors.append(.body(.key(key), msg: "Input should be a valid list", type: "list_type"))
            return nil
        }
        if let maxItems, items.count > maxItems {
            errors.append(.body(
                .key(key), msg: "List should have at most \(maxItems) items after validation, not \(items.count)",
                type: "too_long"))
            return nil
        }
        return items
    }

    mutating func dictionary(_ key: String) -> [String: JSONValue]? {
        guard let value = present(key) else { return nil }
        guard case .object(let dictionary) = value else {
            errors.append(.body(.key(key), msg: "Input should be a valid dictionary", type: "dict_type"))
            return nil
        }
        return dictionary
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let value = present(key) else { return nil }
        guard case .bool(let flag) = value else {
            errors.append(.body(.key(key), msg: "Input should be a valid boolean", type: "bool_type"))
            return nil
        }
        return flag
    }

    mutating func readPatch(allowStatusFields: Bool) -> PersonaPatch {
        var patch = PersonaPatch()
        patch.name = name()
        patch.appearance = string("appearance", min: 10, max: 2000)
        patch.personality = string("personality", min: 10, max: 2000)
        patch.baseAppearanceDescription = string("base_appearance_description", max: 5000)
        patch.contentThemes = contentThemes()
        patch.stylePreferences = stylePreferences()
        if let value = present("default_content_rating") {
            patch.defaultContentRating = enumValue(value, ContentRating.self, at: [.key("default_content_rating")])
        }
        patch.allowedContentRatings = enumList(
            "allowed_content_ratings", ContentRating.self, maxItems: PersonaValidation.maxContentRatings)
        patch.platformRestrictions = platformRestrictions()
        if let value = present("image_style") {
            patch.imageStyle = enumValue(value, ImageStyle.self, at: [.key("image_style")])
        }
        patch.defaultNegativePrompt = string("default_negative_prompt", max: 2000)
        patch.imageModelPreference = string("image_model_preference", max: 200)
        if allowStatusFields {
            if let value = present("base_image_status") {
                patch.baseImageStatus = enumValue(value, BaseImageStatus.self, at: [.key("base_image_status")])
            }
            patch.isActive = bool("is_active")
        }
        return patch
    }

    private mutating func name() -> String? {
        guard let name = string("name", min: 2, max: 100, trim: true) else { return nil }
        if name.contains(where: { PersonaValidation.forbiddenNameCharacters.contains($0) }) {
            errors.append(.body(
                .key("name"), msg: "Value error, name must not contain any of < > & '", type: "value_error"))
            return nil
        }
        return name
    }

    private mutating func contentThemes() -> [String]? {
        guard let items = list("content_themes", maxItems: PersonaValidation.maxContentThemes) else { return nil }
        var themes: [String] = []
        var failed = false
        for (index, item) in items.enumerated() {
            guard case .string(let theme) = item else {
                errors.append(.body(
                    .key("content_themes"), .index(index), msg: "Input should be a valid string", type: "string_type"))
                failed = true
                continue
            }
            if theme.unicodeScalars.count > PersonaValidation.maxThemeLength {
                errors.append(.body(
                    .key("content_themes"), .index(index),
                    msg: "String should have at most \(PersonaValidation.maxThemeLength) characters", type: "string_too_long"))
                failed = true
                continue
            }
            let lowered = theme.lowercased()
            if let banned = PersonaValidation.bannedThemeWords.first(where: { lowered.contains($0) }) {
                errors.append(.body(
                    .key("content_themes"), .index(index),
                    msg: "Value error, content theme '\(theme)' is not allowed (contains '\(banned)')",
                    type: "value_error"))
                failed = true
                continue
            }
            themes.append(theme)
        }
        return failed ? nil : themes
    }

    private mutating func enumList<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type, maxItems: Int) -> [E]?
    where E.RawValue == String {
        guard let items = list(key, maxItems: maxItems) else { return nil }
        var values: [E] = []
        for (index, item) in items.enumerated() {
            guard let value = enumValue(item, type, at: [.key(key), .index(index)]) else { return nil }
            values.append(value)
        }
        return values
    }

    private mutating func stylePreferences() -> [String: JSONValue]? {
        guard let dictionary = dictionary("style_preferences") else { return nil }
        let size = JSONValue.object(dictionary).encodedByteCount
        if size > PersonaValidation.maxStylePreferencesBytes {
            errors.append(.body(
                .key("style_preferences"),
                msg: "Value error, style_preferences must be at most \(PersonaValidation.maxStylePreferencesBytes) bytes of JSON, not \(size)",
                type: "value_error"))
            return nil
        }
        return dictionary
    }

    private mutating func platformRestrictions() -> [String: PlatformPolicy]? {
        guard let dictionary = dictionary("platform_restrictions") else { return nil }
        if dictionary.count > PersonaValidation.maxPlatforms {
            errors.append(.body(
                .key("platform_restrictions"),
                msg: "Dictionary should have at most \(PersonaValidation.maxPlatforms) items after validation, not \(dictionary.count)",
                type: "too_long"))
            return nil
        }
        var result: [String: PlatformPolicy] = [:]
        var failed = false
        for (platform, value) in dictionary.sorted(by: { $0.key < $1.key }) {
            let length = platform.unicodeScalars.count
            if length == 0 || length > PersonaValidation.maxPlatformNameLength || platform.unicodeScalars.contains("\u{0}") {
                errors.append(.body(
                    .key("platform_restrictions"), .key(platform),
                    msg: "Value error, a platform name is 1 to \(PersonaValidation.maxPlatformNameLength) characters without NUL",
                    type: "value_error"))
                failed = true
                continue
            }
            if let policy = enumValue(value, PlatformPolicy.self, at: [.key("platform_restrictions"), .key(platform)]) {
                result[platform] = policy
            } else {
                failed = true
            }
        }
        return failed ? nil : result
    }
}

extension CaseIterable where Self: RawRepresentable, Self.RawValue == String {
    /// pydantic's wording of an enum's choices: `'a', 'b' or 'c'`.
    static var choicesText: String {
        let quoted = allCases.map { "'\($0.rawValue)'" }
        guard quoted.count > 1 else { return quoted.joined() }
        return quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}
