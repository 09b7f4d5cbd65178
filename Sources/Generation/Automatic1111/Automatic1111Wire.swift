import Foundation

/// `GET /sdapi/v1/sd-models` entry; `title` is what `sd_model_checkpoint` accepts.
struct A1111ModelEntry: Decodable {
    let title: String
}

/// `GET /controlnet/model_list`.
struct A1111ControlNetModelList: Decodable {
    let modelList: [String]

    enum CodingKeys: String, CodingKey {
        case modelList = "model_list"
    }
}

/// The body of `POST /sdapi/v1/txt2img` and `/img2img`; nil fields are left out.
struct A1111GenerationBody: Encodable {
    var prompt: String
    var negativePrompt: String
    var steps: Int
    var cfgScale: Double
    var width: Int
    var height: Int
    var samplerName: String
    var seed: Int64
    var batchSize: Int
    var nIter: Int
    var overrideSettings: OverrideSettings?
    var overrideSettingsRestoreAfterwards: Bool?
    var initImages: [String]?
    var denoisingStrength: Double?
    var alwaysonScripts: AlwaysOnScripts?

    struct OverrideSettings: Encodable {
        var sdModelCheckpoint: String

        enum CodingKeys: String, CodingKey {
            case sdModelCheckpoint = "sd_model_checkpoint"
        }
    }

    struct AlwaysOnScripts: Encodable {
        var controlnet: ScriptArgs
    }

    struct ScriptArgs: Encodable {
        var args: [A1111ControlNetUnit]
    }

    enum CodingKeys: String, CodingKey {
        case prompt
        case negativePrompt = "negative_prompt"
        case steps
        case cfgScale = "cfg_scale"
        case width, height
        case samplerName = "sampler_name"
        case seed
        case batchSize = "batch_size"
        case nIter = "n_iter"
        case overrideSettings = "override_settings"
        case overrideSettingsRestoreAfterwards = "override_settings_restore_afterwards"
        case initImages = "init_images"
        case denoisingStrength = "denoising_strength"
        case alwaysonScripts = "alwayson_scripts"
    }
}

/// One ControlNet extension unit (IP-Adapter goes through the same units).
struct A1111ControlNetUnit: Encodable, Sendable, Equatable {
    var enabled = true
    var image: String
    var module: String
    var model: String
    var weight: Double
    var resizeMode = "Crop and Resize"
    var controlMode = "Balanced"
    var guidanceStart = 0.0
    var guidanceEnd = 1.0
    var pixelPerfect = true

    enum CodingKeys: String, CodingKey {
        case enabled, image, module, model, weight
        case resizeMode = "resize_mode"
        case controlMode = "control_mode"
        case guidanceStart = "guidance_start"
        case guidanceEnd = "guidance_end"
        case pixelPerfect = "pixel_perfect"
    }
}

/// `{"images": [base64…], "parameters": {…}, "info": "<JSON string>"}`.
struct A1111GenerationAnswer: Decodable {
    let images: [String]?
    let info: A1111Info?

    enum CodingKeys: String, CodingKey {
        case images, info
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        images = try container.decodeIfPresent([String].self, forKey: .images)
        // `info` only tells the seeds: an engine that garbles it still made usable images.
        if let text = try? container.decodeIfPresent(String.self, forKey: .info) {
            info = try? JSONDecoder().decode(A1111Info.self, from: Data(text.utf8))
        } else {
            info = try? container.decodeIfPresent(A1111Info.self, forKey: .info)
        }
    }
}

/// The part of the decoded `info` string we keep.
struct A1111Info: Decodable {
    let seed: Int64?
    let allSeeds: [Int64]?
    let sdModelHash: String?
    let sdModelName: String?

    enum CodingKeys: String, CodingKey {
        case seed
        case allSeeds = "all_seeds"
        case sdModelHash = "sd_model_hash"
        case sdModelName = "sd_model_name"
    }
}

/// `GET /sdapi/v1/progress` (the rest of it, including the preview image, is not needed).
struct A1111Progress: Decodable {
    let progress: Double
}
