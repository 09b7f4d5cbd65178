import PersonaSeedCore
import Testing

@Suite struct PersonaValidationTests {
    func object(_ fields: [String: JSONValue]) -> JSONValue { .object(fields) }

    @Test func createAppliesDefaults() throws {
        let profile = try PersonaValidation.profile(fromCreateBody: object([
            "name": .string("  AI Influencer Sarah "), "appearance": .string("Professional woman in her 30s"),
        ]))
        #expect(profile.name == "AI Influencer Sarah")
        #expect(profile.contentThemes == [])
        #expect(profile.defaultContentRating == .sfw)
        #expect(profile.allowedContentRatings == [.sfw])
        #expect(profile.imageStyle == .photorealistic)
        #expect(profile.defaultNegativePrompt == "ugly, blurry, low quality, distorted, deformed, bad anatomy")
    }

    @Test func createNeedsNameAndAnAppearance() {
        do {
            _ = try PersonaValidation.profile(fromCreateBody: object([:]))
            Issue.record("accepted an empty body")
        } catch {
            #expect(error.errors.contains { $0.loc == [.key("body"), .key("name")] && $0.type == "missing" })
            #expect(error.errors.contains { $0.loc == [.key("body")] && $0.type == "value_error" })
        }
    }

    @Test func baseAppearanceDescriptionAloneIsEnough() throws {
        let profile = try PersonaValidation.profile(fromCreateBody: object([
            "name": .string("AI Model Emma"), "base_appearance_description": .string("Athletic woman"),
        ]))
        #expect(profile.appearance == nil)
        #expect(profile.baseAppearanceDescription == "Athletic woman")
    }

    @Test(arguments: ["a", String(repeating: "x", count: 101), "Tom & Jerry", "<b>", "O'Brien", "a>b"])
    func badNamesAreRefused(_ name: String) {
        #expect(throws: ValidationFailure.self) {
            try PersonaValidation.profile(fromCreateBody: self.object([
                "name": .string(name), "appearance": .string("Professional woman in her 30s"),
            ]))
        }
    }

    @Test func lengthsCountCodePoints() throws {
        // 10 code points (each é is one), 20 UTF-8 bytes.
        let profile = try PersonaValidation.profile(fromCreateBody: object([
            "name": .string("Zoé"), "appearance": .string(String(repeating: "é", count: 10)),
        ]))
        #expect(profile.appearance?.unicodeScalars.count == 10)
    }

    @Test func everyProblemIsListed() {
        do {
            _ = try PersonaValidation.profile(fromCreateBody: object([
                "name": .number(3), "appearance": .string("short"),
                "content_themes": .array(Array(repeating: .string("fitness"), count: 11)),
                "default_content_rating": .string("spicy"), "image_style": .string("oil"),
                "platform_restrictions": .object(["instagram": .string("anything")]),
            ]))
            Issue.record("accepted")
        } catch {
            let fields = Set(error.errors.compactMap { error -> String? in
                if case .key(let key) = error.loc.dropFirst().first { return key }
                return nil
            })
            #expect(fields == ["name", "appearance", "content_themes", "default_content_rating", "image_style", "platform_restrictions"])
            #expect(error.errors.contains { $0.msg == "Input should be 'sfw', 'moderate' or 'nsfw'" })
            #expect(error.errors.contains { $0.msg == "List should have at most 10 items after validation, not 11" })
        }
    }

    @Test(arguments: ["Illegal Activity tips", "hate speech", "VIOLENCE", "adult content"])
    func bannedThemesAreRefused(_ theme: String) {
        #expect(throws: ValidationFailure.self) {
            try PersonaValidation.profile(fromCreateBody: self.object([
                "name": .string("Sarah"), "appearance": .string("Professional woman in her 30s"),
                "content_themes": .array([.string("fitness"), .string(theme)]),
            ]))
        }
    }

    @Test func patchTreatsNullAsAbsent() throws {
        let patch = try PersonaValidation.patch(fromUpdateBody: object([
            "name": .null, "appearance": .null, "base_image_status": .string("rejected"), "appearance_locked": .bool(true),
        ]))
        #expect(patch.name == nil && patch.appearance == nil)
        #expect(patch.baseImageStatus == .rejected)
    }

    @Test func nonObjectBodiesAreRefused() {
        #expect(throws: ValidationFailure.self) { try PersonaValidation.patch(fromUpdateBody: .array([])) }
        #expect(throws: ValidationFailure.self) { try PersonaValidation.profile(fromCreateBody: .string("x")) }
    }
}
