import Foundation

/// The node classes the fake knows, described once for both object_info and validation.
struct FakeComfyNodeClass: Sendable {
    enum Input: Sendable {
        /// A link of this type ("MODEL", "CLIP", "IMAGE"…).
        case linked(String)
        case int(default: Int64, min: Int64, max: Int64)
        case float(default: Double, min: Double, max: Double)
        case string
        case combo([String])
        /// LoadImage's file list: checked by the node's own validation, not as a combo.
        case inputFile([String])
    }

    var inputs: [(name: String, input: Input)]
    var outputs: [String]
    var category: String
    var isOutput = false

    /// `GET /object_info/<class>`'s value for this class.
    func objectInfo(name: String) -> FakeJSON {
        var required: [String: FakeJSON] = [:]
        for (inputName, input) in inputs {
            required[inputName] = Self.spec(input)
        }
        return [
            "input": ["required": .object(required), "optional": [:]],
            "input_order": ["required": .array(inputs.map { .string($0.name) })],
            "output": .array(outputs.map { .string($0) }),
            "output_is_list": .array(outputs.map { _ in false }),
            "output_name": .array(outputs.map { .string($0) }),
            "name": .string(name), "display_name": .string(name), "description": "",
            "python_module": "nodes", "category": .string(category), "output_node": .bool(isOutput),
        ]
    }

    static func spec(_ input: Input) -> FakeJSON {
        switch input {
        case .linked(let type): [.string(type)]
        case .int(let value, let min, let max): ["INT", ["default": .int(value), "min": .int(min), "max": .int(max)]]
        case .float(let value, let min, let max):
            ["FLOAT", ["default": .double(value), "min": .double(min), "max": .double(max), "step": 0.01]]
        case .string: ["STRING", ["multiline": true, "dynamicPrompts": true]]
        case .combo(let choices): [.array(choices.map { .string($0) }), [:]]
        case .inputFile(let files): [.array(files.map { .string($0) }), ["image_upload": true]]
        }
    }
}

extension FakeComfyUIState {
    static let samplers = [
        "euler", "euler_ancestral", "heun", "dpm_2", "dpm_2_ancestral", "lms", "dpm_fast", "dpm_adaptive",
        "dpmpp_2s_ancestral", "dpmpp_sde", "dpmpp_2m", "dpmpp_2m_sde", "dpmpp_3m_sde", "ddpm", "lcm", "ddim",
        "uni_pc", "uni_pc_bh2",
    ]
    static let schedulers = [
        "simple", "sgm_uniform", "karras", "exponential", "ddim_uniform", "beta", "normal", "linear_quadratic",
        "kl_optimal",
    ]
    static let ipAdapterPresets = [
        "LIGHT - SD1.5 only (low strength)", "STANDARD (medium strength)", "VIT-G (medium strength)",
        "PLUS (high strength)", "PLUS FACE (portraits)", "FULL FACE - SD1.5 only (portraits stronger)",
    ]

    /// The classes installed now (uploads and the IP-Adapter knob change them).
    func nodeClasses() -> [String: FakeComfyNodeClass] {
        let maxSize: Int64 = 16384
        var classes: [String: FakeComfyNodeClass] = [
            "CheckpointLoaderSimple": .init(
                inputs: [("ckpt_name", .combo(checkpoints))], outputs: ["MODEL", "CLIP", "VAE"], category: "loaders"),
            "CLIPTextEncode": .init(
                inputs: [("text", .string), ("clip", .linked("CLIP"))], outputs: ["CONDITIONING"],
                category: "conditioning"),
            "EmptyLatentImage": .init(
                inputs: [
                    ("width", .int(default: 512, min: 16, max: maxSize)),
                    ("height", .int(default: 512, min: 16, max: maxSize)),
                    ("batch_size", .int(default: 1, min: 1, max: 4096)),
                ], outputs: ["LATENT"], category: "latent"),
            "KSampler": .init(
                inputs: [
                    ("model", .linked("MODEL")),
                    ("seed", .int(default: 0, min: 0, max: Int64.max)),
                    ("steps", .int(default: 20, min: 1, max: 10000)),
                    ("cfg", .float(default: 8, min: 0, max: 100)),
                    ("sampler_name", .combo(Self.samplers)),
                    ("scheduler", .combo(Self.schedulers)),
                    ("positive", .linked("CONDITIONING")),
                    ("negative", .linked("CONDITIONING")),
                    ("latent_image", .linked("LATENT")),
                    ("denoise", .float(default: 1, min: 0, max: 1)),
                ], outputs: ["LATENT"], category: "sampling"),
            "VAEDecode": .init(
                inputs: [("samples", .linked("LATENT")), ("vae", .linked("VAE"))], outputs: ["IMAGE"], category: "latent"),
            "VAEEncode": .init(
                inputs: [("pixels", .linked("IMAGE")), ("vae", .linked("VAE"))], outputs: ["LATENT"], category: "latent"),
            "SaveImage": .init(
                inputs: [("images", .linked("IMAGE")), ("filename_prefix", .string)], outputs: [], category: "image",
                isOutput: true),
            "LoadImage": .init(
                inputs: [("image", .inputFile(uploadedInputs))], outputs: ["IMAGE", "MASK"], category: "image"),
            "RepeatLatentBatch": .init(
                inputs: [("samples", .linked("LATENT")), ("amount", .int(default: 1, min: 1, max: 64))],
                outputs: ["LATENT"], category: "latent/batch"),
            "ControlNetLoader": .init(
                inputs: [("control_net_name", .combo(controlNets))], outputs: ["CONTROL_NET"], category: "loaders"),
            "ControlNetApplyAdvanced": .init(
                inputs: [
                    ("positive", .linked("CONDITIONING")), ("negative", .linked("CONDITIONING")),
                    ("control_net", .linked("CONTROL_NET")), ("image", .linked("IMAGE")),
                    ("strength", .float(default: 1, min: 0, max: 10)),
                    ("start_percent", .float(default: 0, min: 0, max: 1)),
                    ("end_percent", .float(default: 1, min: 0, max: 1)),
                ], outputs: ["CONDITIONING", "CONDITIONING"], category: "conditioning/controlnet"),
        ]
        if behaviour.ipAdapterNodes {
            classes["IPAdapterUnifiedLoader"] = .init(
                inputs: [("model", .linked("MODEL")), ("preset", .combo(Self.ipAdapterPresets))],
                outputs: ["MODEL", "IPADAPTER"], category: "ipadapter")
            classes["IPAdapterAdvanced"] = .init(
                inputs: [
                    ("model", .linked("MODEL")), ("ipadapter", .linked("IPADAPTER")), ("image", .linked("IMAGE")),
                    ("weight", .float(default: 1, min: -1, max: 5)),
                    ("weight_type", .combo(["linear", "ease in", "ease out", "ease in-out", "reverse in-out", "weak input",
                                            "weak output", "weak middle", "strong middle", "style transfer", "composition"])),
                    ("combine_embeds", .combo(["concat", "add", "subtract", "average", "norm average"])),
                    ("start_at", .float(default: 0, min: 0, max: 1)),
                    ("end_at", .float(default: 1, min: 0, max: 1)),
                    ("embeds_scaling", .combo(["V only", "K+V", "K+V w/ C penalty", "K+mean(V) w/ C penalty"])),
                ], outputs: ["MODEL"], category: "ipadapter")
        }
        return classes
    }
}
