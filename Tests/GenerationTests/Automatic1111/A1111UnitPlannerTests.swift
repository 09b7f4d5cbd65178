import Foundation
@testable import Generation
import Testing

@Suite struct A1111UnitPlannerTests {
    let list = [
        "control_v11p_sd15_canny [d14c016b]",
        "diffusers_xl_canny_mid [112a778d]",
        "ip-adapter_sd15 [6a3f6166]",
        "ip-adapter-plus-face_sd15 [71693645]",
        "ip-adapter_instant_id_sdxl [eb2d3ec0]",
        "ip-adapter-faceid-plusv2_sd15 [6e14fc1a]",
        "ip-adapter_sdxl [7d943a46]",
        "ip-adapter-plus_sdxl_vit-h [f1f19f7d]",
    ]

    @Test func faceAdapterOfTheCheckpointsFamilyWins() {
        #expect(A1111UnitPlanner.ipAdapterModel(in: list, checkpoint: "v1-5-pruned-emaonly.safetensors [6ce0161689]", module: "ip-adapter_clip_h")
            == "ip-adapter-plus-face_sd15 [71693645]")
        // No face adapter for SDXL here: the ViT-H one suits the clip_h preprocessor.
        #expect(A1111UnitPlanner.ipAdapterModel(in: list, checkpoint: "sd_xl_base_1.0.safetensors [31e35c80fc]", module: "ip-adapter_clip_h")
            == "ip-adapter-plus_sdxl_vit-h [f1f19f7d]")
        #expect(A1111UnitPlanner.ipAdapterModel(in: list, checkpoint: "sd_xl_base_1.0", module: "ip-adapter_clip_g")
            == "ip-adapter_sdxl [7d943a46]")
    }

    @Test func nonCommercialFaceIDAndInstantIDAreNeverPicked() {
        let onlyRestricted = ["ip-adapter-faceid-plusv2_sd15 [6e14fc1a]", "ip-adapter_instant_id_sdxl [eb2d3ec0]"]
        #expect(A1111UnitPlanner.ipAdapterModel(in: onlyRestricted, checkpoint: "sd_xl_base_1.0", module: "ip-adapter_clip_h") == nil)
        #expect(A1111UnitPlanner.ipAdapterModel(in: onlyRestricted, checkpoint: "v1-5", module: "ip-adapter_clip_h") == nil)
    }

    @Test func controlNetModelIsACaseInsensitiveSubstringAndTheListsNameIsSent() {
        var configuration = Automatic1111Client.Configuration(controlNetModel: "XL_CANNY")
        configuration.ipAdapterModule = "ip-adapter_clip_h"
        let units = A1111UnitPlanner.units(modelList: list, configuration: configuration, checkpoint: "sd_xl_base_1.0", referenceBase64: "QUJD")
        #expect(units.map(\.model) == ["diffusers_xl_canny_mid [112a778d]", "ip-adapter-plus_sdxl_vit-h [f1f19f7d]"])
        #expect(units.map(\.module) == ["canny", "ip-adapter_clip_h"])
        #expect(units.allSatisfy { $0.image == "QUJD" && $0.enabled && $0.pixelPerfect })

        configuration.controlNetModel = "depth"
        let withoutMatch = A1111UnitPlanner.units(modelList: ["control_v11p_sd15_canny"], configuration: configuration, checkpoint: nil, referenceBase64: "QUJD")
        #expect(withoutMatch.isEmpty)
    }
}
