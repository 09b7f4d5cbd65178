import EngineFakes
import Foundation
import Generation
import Testing

@Suite struct A1111Txt2ImgTests {
    @Test func listModelsAnswersTheTitlesThatOverrideSettingsTakes() async throws {
        try await A1111TestHarness.withFake { fake, client in
            let models = try await client.listModels()
            #expect(models == ["sd_xl_base_1.0.safetensors [\(fake.models[0].hash)]", fake.modelTitles[1]])
            #expect(fake.requests.map(\.path) == ["/sdapi/v1/sd-models"])
        }
    }

    @Test func txt2imgSendsExactlyTheDocumentedFields() async throws {
        try await A1111TestHarness.withFake { fake, client in
            let title = try await client.listModels()[0]
            let output = try await client.generate(A1111TestHarness.request(model: title, seed: 1234)) { _ in }

            let sent = try #require(fake.generations.first)
            #expect(fake.generations.count == 1)
            #expect(sent.path == "/sdapi/v1/txt2img")
            #expect(sent.method == "POST")
            let expected: FakeJSON = [
                "prompt": "portrait of a lighthouse keeper",
                "negative_prompt": "blurry",
                "steps": 30,
                "cfg_scale": 7,
                "width": 1024,
                "height": 768,
                "sampler_name": "DPM++ 2M",
                "seed": 1234,
                "batch_size": 1,
                "n_iter": 1,
                "override_settings": ["sd_model_checkpoint": .string(title)],
                "override_settings_restore_afterwards": true,
            ]
            #expect(sent.json == expected)
            #expect(fake.requests(to: "/controlnet/model_list").isEmpty)

            #expect(output.images.count == 1)
            #expect(output.images[0].bytes == (try TestSupport.generatedPNG()))
            #expect(output.images[0].seed == 1234)
            #expect(output.model == title)
            #expect(output.usedReference == false)
            #expect(output.parameters["mode"] == .string("txt2img"))
            #expect(output.parameters["sampler_name"] == .string("DPM++ 2M"))
            #expect(output.parameters["cfg_scale"] == .double(7))
            #expect(output.parameters["seeds"] == .array([.int(1234)]))
            #expect(output.parameters["sd_model_hash"] == .string(fake.models[0].hash))
            #expect(output.parameters["denoising_strength"] == nil)
            #expect(output.parameters["controlnet_units"] == nil)
        }
    }

    @Test func withoutAModelNoCheckpointOverrideIsSent() async throws {
        try await A1111TestHarness.withFake { fake, client in
            let output = try await client.generate(A1111TestHarness.request(model: nil)) { _ in }
            let sent = try #require(fake.generations.first?.json)
            #expect(sent["override_settings"] == nil)
            #expect(sent["override_settings_restore_afterwards"] == nil)
            #expect(sent["seed"] == -1)
            // The engine's current checkpoint, as its info names it.
            #expect(output.model == "sd_xl_base_1.0")
        }
    }

    @Test func seedsOfSeveralImagesComeFromAllSeedsInTheInfoString() async throws {
        try await A1111TestHarness.withFake { fake, client in
            let title = fake.modelTitles[1]
            let output = try await client.generate(A1111TestHarness.request(model: title, count: 2)) { _ in }

            let sent = try #require(fake.generations.first?.json)
            #expect(sent["batch_size"] == 2)
            #expect(sent["n_iter"] == 1)
            #expect(sent["seed"] == -1)
            let engineSeeds = try #require(fake.answeredSeeds.first)
            #expect(engineSeeds.count == 2)
            #expect(output.images.map(\.seed) == engineSeeds.map { Optional($0) })
            #expect(output.parameters["seeds"] == .array(engineSeeds.map { .int($0) }))
        }
    }
}
