import EngineFakes
import Foundation
import Generation
import Testing

@Suite struct A1111ReferenceTests {
    @Test func referenceGoesThroughImg2ImgWithControlNetAndIPAdapterUnits() async throws {
        let controlNetModels = [
            "control_v11p_sd15_openpose [cab727d4]",
            "control_v11p_sd15_canny [d14c016b]",
            "ip-adapter_sd15 [6a3f6166]",
            "ip-adapter-plus-face_sd15 [71693645]",
        ]
        try await A1111TestHarness.withFake(controlNetModels: controlNetModels, configure: {
            $0.controlNetModel = "CANNY"
        }) { fake, client in
            let reference = try A1111TestHarness.reference()
            let referenceBase64 = reference.bytes.base64EncodedString()
            let title = fake.modelTitles[1]
            let output = try await client.generate(
                A1111TestHarness.request(model: title, seed: 7, reference: reference)) { _ in }

            #expect(fake.requests(to: "/controlnet/model_list").count == 1)
            let sent = try #require(fake.generations.first)
            #expect(sent.path == "/sdapi/v1/img2img")
            let json = try #require(sent.json)
            #expect(json["init_images"] == [.string(referenceBase64)])
            #expect(json["denoising_strength"] == 0.55)
            #expect(json["override_settings"] == ["sd_model_checkpoint": .string(title)])
            let expectedUnits: FakeJSON = [
                [
                    "enabled": true, "image": .string(referenceBase64), "module": "canny",
                    "model": "control_v11p_sd15_canny [d14c016b]", "weight": 0.6,
                    "resize_mode": "Crop and Resize", "control_mode": "Balanced",
                    "guidance_start": 0, "guidance_end": 1, "pixel_perfect": true,
                ],
                [
                    "enabled": true, "image": .string(referenceBase64), "module": "ip-adapter_clip_h",
                    "model": "ip-adapter-plus-face_sd15 [71693645]", "weight": 0.7,
                    "resize_mode": "Crop and Resize", "control_mode": "Balanced",
                    "guidance_start": 0, "guidance_end": 1, "pixel_perfect": true,
                ],
            ]
            #expect(json["alwayson_scripts"] == ["controlnet": ["args": expectedUnits]])

            // The fake appended two detected maps after the one image asked for.
            #expect(output.images.count == 1)
            #expect(output.images[0].bytes == (try TestSupport.generatedPNG()))
            #expect(output.images[0].seed == 7)
            #expect(output.usedReference)
            #expect(output.parameters["mode"] == .string("img2img+controlnet"))
            #expect(output.parameters["denoising_strength"] == .double(0.55))
            let units = try #require(output.parameters["controlnet_units"])
            guard case .array(let recorded) = units else {
                Issue.record("controlnet_units is not an array: \(units)")
                return
            }
            #expect(recorded.count == 2)
            #expect(recorded[0] == .object([
                "module": .string("canny"), "model": .string("control_v11p_sd15_canny [d14c016b]"),
                "weight": .double(0.6), "resize_mode": .string("Crop and Resize"),
                "control_mode": .string("Balanced"), "guidance_start": .double(0), "guidance_end": .double(1),
                "pixel_perfect": .bool(true),
            ]))
        }
    }

    @Test func ipAdapterAloneIsChosenForAnSDXLCheckpoint() async throws {
        let controlNetModels = [
            "ip-adapter_sd15 [6a3f6166]",
            "ip-adapter_sdxl [7d943a46]",
            "ip-adapter-faceid-plusv2_sdxl [187cb962]",
            "ip-adapter-plus_sdxl_vit-h [f1f19f7d]",
            "ip-adapter-plus-face_sdxl_vit-h [c60d7d7b]",
        ]
        try await A1111TestHarness.withFake(controlNetModels: controlNetModels) { fake, client in
            let output = try await client.generate(A1111TestHarness.request(
                model: fake.modelTitles[0], count: 2, reference: try A1111TestHarness.reference())) { _ in }

            let json = try #require(fake.generations.first?.json)
            let units = try #require(json["alwayson_scripts"]?["controlnet"]?["args"]?.array)
            #expect(units.count == 1)
            #expect(units.first?["model"] == "ip-adapter-plus-face_sdxl_vit-h [c60d7d7b]")
            #expect(units.first?["module"] == "ip-adapter_clip_h")
            #expect(output.images.count == 2)
            let png = try TestSupport.generatedPNG()
            #expect(output.images.allSatisfy { $0.bytes == png })
        }
    }

    @Test func missingControlNetExtensionMeansPlainImg2Img() async throws {
        try await A1111TestHarness.withFake(controlNetModels: nil, configure: {
            $0.controlNetModel = "canny"
        }) { fake, client in
            let reference = try A1111TestHarness.reference()
            let output = try await client.generate(
                A1111TestHarness.request(model: fake.modelTitles[0], reference: reference)) { _ in }

            #expect(fake.requests(to: "/controlnet/model_list").count == 1)
            let sent = try #require(fake.generations.first)
            #expect(sent.path == "/sdapi/v1/img2img")
            let json = try #require(sent.json)
            #expect(json["init_images"] == [.string(reference.bytes.base64EncodedString())])
            #expect(json["denoising_strength"] == 0.55)
            #expect(json["alwayson_scripts"] == nil)
            #expect(output.usedReference)
            #expect(output.parameters["mode"] == .string("img2img"))
            #expect(output.parameters["controlnet_units"] == nil)
        }
    }

    @Test func extensionWithoutUsableModelsMeansPlainImg2Img() async throws {
        try await A1111TestHarness.withFake(controlNetModels: ["control_v11p_sd15_openpose [cab727d4]"], configure: {
            $0.controlNetModel = "canny"
        }) { fake, client in
            _ = try await client.generate(A1111TestHarness.request(
                model: fake.modelTitles[1], reference: try A1111TestHarness.reference())) { _ in }
            let json = try #require(fake.generations.first?.json)
            #expect(fake.generations.first?.path == "/sdapi/v1/img2img")
            #expect(json["alwayson_scripts"] == nil)
            #expect(json["init_images"]?.array?.count == 1)
        }
    }
}
