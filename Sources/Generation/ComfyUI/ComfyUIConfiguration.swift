import Foundation

extension ComfyUIClient {
    /// How to reach one ComfyUI server and what to ask it for. The App fills it from its settings
    /// (`LOCAL_SD_URL`, `LOCAL_SD_CONTROLNET_MODEL`, `LOCAL_SD_TIMEOUT_SECONDS`).
    public struct Configuration: Sendable {
        /// `LOCAL_SD_URL`. A trailing slash is ignored.
        public var baseURL: String
        /// `LOCAL_SD_CONTROLNET_MODEL`: with it a reference steers the image through ControlNet; without
        /// it the reference is the starting point of an image-to-image run.
        public var controlNetModel: String?
        /// The whole generation, upload to last image. CPU engines take minutes per image.
        public var timeout: Duration
        /// Each small call (upload, submit, history, object_info, one image download).
        public var requestTimeout: Duration
        public var cfg: Double
        public var samplerName: String
        public var scheduler: String
        /// Image-to-image only: how far the result may move away from the reference.
        public var denoise: Double
        public var controlNetStrength: Double
        /// Used only when the server has the ComfyUI_IPAdapter_plus nodes.
        public var useIPAdapter: Bool
        public var ipAdapterPreset: String
        public var ipAdapterWeight: Double
        /// How often `/history` is asked when the websocket is gone; while the websocket is up, a
        /// slower check (five times this) guards against a socket that silently stopped receiving.
        public var historyPollInterval: Duration
        /// The websocket's `clientId`, also sent as `client_id` so that the server routes our frames to it.
        public var clientID: String

        public init(
            baseURL: String = "http://127.0.0.1:8188",
            controlNetModel: String? = nil,
            timeout: Duration = .seconds(900),
            requestTimeout: Duration = .seconds(30),
            cfg: Double = 6.0,
            samplerName: String = "dpmpp_2m",
            scheduler: String = "karras",
            denoise: Double = 0.55,
            controlNetStrength: Double = 0.8,
            useIPAdapter: Bool = true,
            ipAdapterPreset: String = "PLUS FACE (portraits)",
            ipAdapterWeight: Double = 0.8,
            historyPollInterval: Duration = .seconds(1),
            clientID: String = UUID().uuidString.lowercased()
        ) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.controlNetModel = controlNetModel
            self.timeout = timeout
            self.requestTimeout = requestTimeout
            self.cfg = cfg
            self.samplerName = samplerName
            self.scheduler = scheduler
            self.denoise = denoise
            self.controlNetStrength = controlNetStrength
            self.useIPAdapter = useIPAdapter
            self.ipAdapterPreset = ipAdapterPreset
            self.ipAdapterWeight = ipAdapterWeight
            self.historyPollInterval = historyPollInterval
            self.clientID = clientID
        }
    }
}

extension Duration {
    var comfySeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
