import PersonaSeedCore
import Testing

@Suite struct ContentOptionsTests {
    @Test func defaultsAndSharedGenerationOptions() throws {
        let options = try ContentOptions.parse(
            .object(["engine": .string("local"), "prompt": .string("  at the beach  "), "count": .number(2), "size": .string("768x512")]),
            cloudModel: "gpt-image-1")
        #expect(options.engine == .local)
        #expect(options.scene == "at the beach")
        #expect(options.identityStrength == ContentOptions.defaultIdentityStrength)
        #expect(options.generation.count == 2)
        #expect(options.generation.width == 768 && options.generation.height == 512)
        // The reference is always the approved baseline: a client cannot point elsewhere.
        #expect(options.generation.reference == .none)
    }

    @Test func everyProblemIsListed() {
        do {
            _ = try ContentOptions.parse(
                .object(["engine": .string("gpu"), "identity_strength": .number(-0.1), "size": .string("999x999")]),
                cloudModel: "gpt-image-1")
            Issue.record("parsed")
        } catch {
            let fields = error.errors.map { $0.loc.last }
            #expect(fields == [.key("engine"), .key("prompt"), .key("identity_strength"), .key("size")])
        }
    }

    @Test func cloudSizesFollowTheModel() {
        #expect(throws: ValidationFailure.self) {
            try ContentOptions.parse(
                .object(["engine": .string("cloud"), "prompt": .string("x"), "size": .string("1536x1024")]), cloudModel: "dall-e-3")
        }
        #expect(throws: Never.self) {
            try ContentOptions.parse(
                .object(["engine": .string("cloud"), "prompt": .string("x"), "size": .string("1536x1024")]), cloudModel: "gpt-image-1")
        }
    }

    @Test func promptCarriesPersonaSceneAndStyleAndForDallETheBaselineDescription() {
        let profile = PersonaProfile(name: "Emma", appearance: "tall", baseAppearanceDescription: "Athletic woman, blonde", imageStyle: .anime)
        let plain = ContentPrompt.build(for: profile, scene: "in a park")
        #expect(plain == "Athletic woman, blonde. Scene: in a park. anime style illustration, clean line art, the same face and identity as the reference")
        let described = ContentPrompt.build(for: profile, scene: "in a park", baselineDescription: "A portrait of a blonde athlete")
        #expect(described.hasPrefix("The same person as in the approved reference portrait: A portrait of a blonde athlete. Scene: in a park."))
    }

    @Test func bulkRequestsNameTheirScope() throws {
        let bulk = try BulkRequest.parse(.object(["action": .string("generate-content"), "ids": .array([.string("a")])]))
        #expect(bulk.action.requiredScope == .write)
        #expect(BulkRequest.Action.approve.requiredScope == .approve)
        #expect(BulkRequest.Action.deactivate.requiredScope == .admin)
    }
}
