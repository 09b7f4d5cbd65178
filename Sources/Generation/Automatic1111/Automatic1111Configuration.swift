import Foundation

extension Automatic1111Client {
    public struct Configuration: Sendable {
        /// `LOCAL_SD_URL`. A `user:password@` in it becomes the Basic credentials (unless `username` is
        /// set) and is stripped from the URL that error messages show.
        public var baseURL: String
        /// HTTP Basic credentials for an engine started with `--api-auth`.
        public var username: String?
        public var password: String?
        /// `LOCAL_SD_CONTROLNET_MODEL`: matched case-insensitively as a substring of the ControlNet
        /// extension's model list; nil sends no ControlNet unit.
        public var controlNetModel: String?
        /// The preprocessor paired with `controlNetModel`.
        public var controlNetModule: String
        /// The preprocessor for an IP-Adapter model found in the extension's list (clip_h suits the
        /// ViT-H adapters, including the SDXL `*_vit-h` ones).
        public var ipAdapterModule: String
        public var controlNetWeight: Double
        public var ipAdapterWeight: Double
        /// One whole generation. CPU engines take minutes per image.
        public var timeout: Duration
        /// Small calls: model lists, progress, interrupt.
        public var requestTimeout: Duration
        public var progressInterval: Duration
        /// How far img2img may move from the reference: low keeps the draft's composition.
        public var denoisingStrength: Double
        public var cfgScale: Double
        public var samplerName: String
        /// Base64 images are large (about 2 MB per 1024² PNG, plus ControlNet's detected maps).
        public var maxResponseBytes: Int

        public init(
            baseURL: String = "http://127.0.0.1:7860",
            username: String? = nil,
            password: String? = nil,
            controlNetModel: String? = nil,
            controlNetModule: String = "canny",
            ipAdapterModule: String = "ip-adapter_clip_h",
            controlNetWeight: Double = 0.6,
            ipAdapterWeight: Double = 0.7,
            timeout: Duration = .seconds(900),
            requestTimeout: Duration = .seconds(30),
            progressInterval: Duration = .seconds(1),
            denoisingStrength: Double = 0.55,
            cfgScale: Double = 7.0,
            samplerName: String = "DPM++ 2M",
            maxResponseBytes: Int = 128 * 1024 * 1024
        ) {
            self.baseURL = baseURL
            self.username = username
            self.password = password
            self.controlNetModel = controlNetModel
            self.controlNetModule = controlNetModule
            self.ipAdapterModule = ipAdapterModule
            self.controlNetWeight = controlNetWeight
            self.ipAdapterWeight = ipAdapterWeight
            self.timeout = timeout
            self.requestTimeout = requestTimeout
            self.progressInterval = progressInterval
            self.denoisingStrength = denoisingStrength
            self.cfgScale = cfgScale
            self.samplerName = samplerName
            self.maxResponseBytes = maxResponseBytes
        }
    }
}

/// The base URL without credentials, and the Basic credentials from either the configuration or the URL.
struct A1111Endpoint: Sendable, Equatable {
    let baseURL: String
    let authorization: String?

    init(configuration: Automatic1111Client.Configuration) {
        var url = configuration.baseURL.trimmingCharacters(in: .whitespaces)
        var user = configuration.username
        var password = configuration.password
        if var components = URLComponents(string: url), components.user != nil || components.password != nil {
            if user == nil {
                user = components.user
                password = components.password
            }
            components.user = nil
            components.password = nil
            url = components.string ?? url
        }
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.authorization = user.map { user in
            "Basic " + Data("\(user):\(password ?? "")".utf8).base64EncodedString()
        }
    }
}

extension Duration {
    var a1111Seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
