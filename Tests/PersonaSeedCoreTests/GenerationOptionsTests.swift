import PersonaSeedCore
import Testing

@Suite struct GenerationOptionsTests {
    func parse(_ fields: [String: JSONValue], for target: GenerationTarget = .local) throws(ValidationFailure) -> GenerationOptions {
        try GenerationOptions.parse(.object(fields), for: target)
    }

    func errors(_ fields: [String: JSONValue], for target: GenerationTarget = .local) -> [FieldError] {
        do {
            _ = try parse(fields, for: target)
            return []
        } catch {
            return error.errors
        }
    }

    @Test func noBodyGivesTheSeedDefaults() throws {
        let options = try GenerationOptions.parse(nil, for: .local)
        #expect(options == GenerationOptions())
        #expect(options.count == 1)
        #expect(options.reference == .current)
        #expect(options.width == nil && options.steps == nil && options.seed == nil)
    }

    @Test func everyFieldIsRead() throws {
        let options = try parse([
            "prompt_suffix": .string("smiling"), "negative_prompt": .string("hats"), "seed": .number(42),
            "steps": .number(30), "size": .string("832x1216"), "count": .number(3), "reference": .number(2),
            "callback_url": .string("https://hooks.example.com/personaseed"),
        ])
        #expect(options == GenerationOptions(
            promptSuffix: "smiling", negativePrompt: "hats", seed: 42, steps: 30, width: 832, height: 1216, count: 3,
            reference: .version(2), callbackURL: "https://hooks.example.com/personaseed"))
        #expect(try parse(["reference": .string("none")]).reference == GenerationOptions.Reference.none)
        #expect(try parse(["reference": .string("current")]).reference == .current)
    }

    @Test func outOfRangeNumbersAreListedTogether() {
        let found = errors([
            "count": .number(5), "steps": .number(0), "seed": .number(-1), "reference": .number(0),
        ])
        #expect(found.count == 4)
        #expect(found.contains { $0.loc == [.key("body"), .key("count")] && $0.type == "less_than_equal" })
        #expect(found.contains { $0.loc == [.key("body"), .key("steps")] && $0.type == "greater_than_equal" })
        #expect(found.contains { $0.loc == [.key("body"), .key("seed")] && $0.type == "greater_than_equal" })
        #expect(found.contains { $0.loc == [.key("body"), .key("reference")] })
    }

    @Test func hostileValuesAreRefused() {
        #expect(errors(["count": .string("2")]).first?.type == "int_type")
        #expect(errors(["count": .number(1.5)]).first?.type == "int_type")
        #expect(errors(["seed": .number(1e300)]).first?.type == "int_type")
        #expect(errors(["seed": .number(4_294_967_296)]).first?.type == "less_than_equal")
        #expect(errors(["prompt_suffix": .string(String(repeating: "a", count: 2001))]).first?.type == "string_too_long")
        #expect(errors(["prompt_suffix": .string("a\u{0}b")]).first?.type == "value_error")
        #expect(errors(["reference": .string("previous")]).count == 1)
        #expect(errors(["reference": .bool(true)]).count == 1)
        for url in ["ftp://x.example", "javascript:alert(1)", "http://", "https:///path", "http://a b.example", "hooks.example.com"] {
            #expect(errors(["callback_url": .string(url)]).first?.type == "url_parsing", "\(url)")
        }
    }

    @Test func bodyMustBeAnObject() {
        #expect(throws: ValidationFailure.self) { try GenerationOptions.parse(.array([]), for: .local) }
        #expect(throws: ValidationFailure.self) { try GenerationOptions.parse(.string("x"), for: .local) }
    }

    @Test func localSizesAreMultiplesOfEightInRange() {
        #expect(errors(["size": .string("1024x1024")]).isEmpty)
        #expect(errors(["size": .string("256x2048")]).isEmpty)
        for size in ["1000x1001", "128x128", "4096x1024", "1024", "x1024", "1024x", "-8x8", "１０２４x1024", "1024x1024x1"] {
            #expect(errors(["size": .string(size)]).first?.type == "value_error", "\(size)")
        }
    }

    @Test func cloudSizesFollowTheModelFamily() {
        let gpt = GenerationTarget.cloud(model: "gpt-image-2")
        let dalle = GenerationTarget.cloud(model: "dall-e-3")
        #expect(errors(["size": .string("1536x1024")], for: gpt).isEmpty)
        #expect(errors(["size": .string("1792x1024")], for: gpt).first?.type == "literal_error")
        #expect(errors(["size": .string("1792x1024")], for: dalle).isEmpty)
        #expect(errors(["size": .string("1536x1024")], for: dalle).first?.type == "literal_error")
    }
}

@Suite struct SeedPromptTests {
    @Test func promptUsesBaseDescriptionPersonalityPrefixAndStyle() {
        var profile = PersonaProfile(name: "Sarah")
        profile.appearance = "Professional woman in her 30s"
        profile.baseAppearanceDescription = "Professional woman in her early 30s, shoulder-length dark hair"
        profile.personality = String(repeating: "p", count: 300)
        profile.imageStyle = .anime
        let prompt = SeedPrompt.build(for: profile, suffix: "  soft light ")
        #expect(prompt.hasPrefix("Professional woman in her early 30s, shoulder-length dark hair. Personality: "))
        #expect(prompt.contains("Personality: " + String(repeating: "p", count: 200) + ". "))
        #expect(!prompt.contains(String(repeating: "p", count: 201)))
        #expect(prompt.contains("anime style"))
        #expect(!prompt.contains("Professional woman in her 30s"))
        #expect(prompt.hasSuffix(". soft light"))
    }

    @Test func appearanceStandsInForAMissingDescription() {
        var profile = PersonaProfile(name: "Sarah")
        profile.appearance = "Athletic woman, long blonde hair"
        let prompt = SeedPrompt.build(for: profile, suffix: nil)
        #expect(prompt.hasPrefix("Athletic woman, long blonde hair. Reference portrait, photorealistic"))
    }

    @Test func everyStyleHasItsOwnPhrase() {
        let phrases = Set(ImageStyle.allCases.map(SeedPrompt.stylePhrase))
        #expect(phrases.count == ImageStyle.allCases.count)
    }
}

@Suite struct PromptLimitsTests {
    @Test func cloudLimitsFollowTheModel() throws {
        let long = String(repeating: "a", count: 4001)
        #expect(throws: ValidationFailure.self) { try PromptLimits.checkCloud(prompt: long, model: "dall-e-3") }
        try PromptLimits.checkCloud(prompt: long, model: "gpt-image-2")
        #expect(throws: ValidationFailure.self) {
            try PromptLimits.checkCloud(prompt: String(repeating: "a", count: 32001), model: "gpt-image-2")
        }
    }

    @Test func clipWarningOnlyForSD1Checkpoints() {
        let long = Array(repeating: "word", count: 90).joined(separator: " ")
        #expect(PromptLimits.localWarning(prompt: long, model: "v1-5-pruned-emaonly.safetensors")?.contains("77") == true)
        #expect(PromptLimits.localWarning(prompt: long, model: "sd_xl_base_1.0.safetensors") == nil)
        #expect(PromptLimits.localWarning(prompt: "short prompt", model: "v1-5-pruned-emaonly.safetensors") == nil)
        #expect(PromptLimits.estimatedCLIPTokens("a, b.") == 4)
    }
}

@Suite struct LocalModelChoiceTests {
    let models = ["v1-5-pruned.safetensors", "juggernautXL_v9.safetensors", "dreamshaper_8.safetensors"]

    @Test func preferenceWinsCaseInsensitively() {
        #expect(LocalModelChoice.choose(from: models, preference: "DreamShaper") == "dreamshaper_8.safetensors")
    }

    @Test func sdxlIsPreferredWithoutAPreference() {
        #expect(LocalModelChoice.choose(from: models, preference: nil) == "juggernautXL_v9.safetensors")
        #expect(LocalModelChoice.choose(from: models, preference: "no-such-model") == "juggernautXL_v9.safetensors")
    }

    @Test func firstModelOtherwiseAndNilWhenNone() {
        #expect(LocalModelChoice.choose(from: ["a.ckpt", "b.ckpt"], preference: "  ") == "a.ckpt")
        #expect(LocalModelChoice.choose(from: [], preference: "x") == nil)
    }
}

@Suite struct CallbackHostTests {
    @Test func hostsAreReadWithoutUserInfoPortOrBrackets() {
        #expect(CallbackURL.host(of: "https://Hooks.Example.com:8443/x?y") == "hooks.example.com")
        #expect(CallbackURL.host(of: "http://user:pw@internal/x") == "internal")
        #expect(CallbackURL.host(of: "http://[::1]:9/hook") == "::1")
        #expect(CallbackURL.host(of: "ftp://example.com/") == nil)
    }

    @Test func theAllowListMatchesWholeHostsOrSubdomains() {
        #expect(CallbackURL.isAllowed("http://anything/x", hosts: []))
        #expect(CallbackURL.isAllowed("https://hooks.example.com/x", hosts: ["hooks.example.com"]))
        #expect(!CallbackURL.isAllowed("https://hooks.example.com.evil.test/x", hosts: ["hooks.example.com"]))
        #expect(!CallbackURL.isAllowed("https://evil-hooks.example.com/x", hosts: ["hooks.example.com"]))
        #expect(CallbackURL.isAllowed("https://a.b.partner.example/x", hosts: [".partner.example"]))
        #expect(!CallbackURL.isAllowed("https://partner.example/x", hosts: [".partner.example"]))
        #expect(!CallbackURL.isAllowed("https://xpartner.example/x", hosts: [".partner.example"]))
    }
}
