/// Builds ComfyUI API-format graphs (spec/generation.md): pure, so that the wiring is testable
/// without a server.
public enum ComfyGraph {
    /// Fixed ids: the client reads the images of `save` from the history, and follows the progress of
    /// `sampler` only.
    public enum NodeID {
        public static let checkpoint = "1"
        public static let positive = "2"
        public static let negative = "3"
        public static let emptyLatent = "4"
        public static let sampler = "5"
        public static let decode = "6"
        public static let save = "7"
        public static let loadImage = "8"
        public static let encode = "9"
        public static let repeatLatent = "10"
        public static let controlNetLoader = "11"
        public static let controlNetApply = "12"
        public static let ipAdapterLoader = "13"
        public static let ipAdapterApply = "14"
    }

    public struct Sampling: Sendable, Equatable {
        public var checkpoint: String
        public var prompt: String
        public var negativePrompt: String
        public var seed: Int64
        public var steps: Int
        public var cfg: Double
        public var samplerName: String
        public var scheduler: String
        public var width: Int
        public var height: Int
        public var count: Int
        public var filenamePrefix: String

        public init(
            checkpoint: String, prompt: String, negativePrompt: String, seed: Int64, steps: Int, cfg: Double,
            samplerName: String, scheduler: String, width: Int, height: Int, count: Int, filenamePrefix: String
        ) {
            self.checkpoint = checkpoint
            self.prompt = prompt
            self.negativePrompt = negativePrompt
            self.seed = seed
            self.steps = steps
            self.cfg = cfg
            self.samplerName = samplerName
            self.scheduler = scheduler
            self.width = width
            self.height = height
            self.count = count
            self.filenamePrefix = filenamePrefix
        }
    }

    /// An uploaded reference image and how it steers the result.
    public struct Reference: Sendable, Equatable {
        public enum Mode: Sendable, Equatable {
            /// Start from the reference's latent; `denoise` < 1 keeps part of it.
            case imageToImage(denoise: Double)
            /// Start from noise, conditioned on the reference through a ControlNet.
            case controlNet(model: String, strength: Double)
            /// Start from noise: only the IP-Adapter carries the reference (a face into a new scene).
            case ipAdapterOnly
        }

        /// The name `LoadImage` takes: the uploaded name, prefixed with its subfolder if any.
        public var imageName: String
        public var mode: Mode
        /// Face / style likeness on top of either mode, when the server has the nodes.
        public var ipAdapter: ComfyIPAdapterPlan?

        public init(imageName: String, mode: Mode, ipAdapter: ComfyIPAdapterPlan? = nil) {
            self.imageName = imageName
            self.mode = mode
            self.ipAdapter = ipAdapter
        }
    }

    public static func build(_ sampling: Sampling, reference: Reference? = nil) -> [String: ComfyNode] {
        typealias ID = NodeID
        let checkpointModel = ComfyInput.link(node: ID.checkpoint, output: 0)
        let clip = ComfyInput.link(node: ID.checkpoint, output: 1)
        let vae = ComfyInput.link(node: ID.checkpoint, output: 2)
        var graph: [String: ComfyNode] = [
            ID.checkpoint: ComfyNode("CheckpointLoaderSimple", ["ckpt_name": .string(sampling.checkpoint)]),
            ID.positive: ComfyNode("CLIPTextEncode", ["text": .string(sampling.prompt), "clip": clip]),
            ID.negative: ComfyNode("CLIPTextEncode", ["text": .string(sampling.negativePrompt), "clip": clip]),
        ]
        var model = checkpointModel
        var positive = ComfyInput.link(node: ID.positive, output: 0)
        var negative = ComfyInput.link(node: ID.negative, output: 0)
        var latent = ComfyInput.link(node: ID.emptyLatent, output: 0)
        var denoise = 1.0
        var needsEmptyLatent = true

        if let reference {
            let image = ComfyInput.link(node: ID.loadImage, output: 0)
            graph[ID.loadImage] = ComfyNode("LoadImage", ["image": .string(reference.imageName)])
            switch reference.mode {
            case .controlNet(let controlNetModel, let strength):
                graph[ID.controlNetLoader] = ComfyNode("ControlNetLoader", ["control_net_name": .string(controlNetModel)])
                graph[ID.controlNetApply] = ComfyNode("ControlNetApplyAdvanced", [
                    "positive": positive, "negative": negative,
                    "control_net": .link(node: ID.controlNetLoader, output: 0), "image": image,
                    "strength": .double(strength), "start_percent": .double(0), "end_percent": .double(1),
                ])
                positive = .link(node: ID.controlNetApply, output: 0)
                negative = .link(node: ID.controlNetApply, output: 1)
            case .imageToImage(let referenceDenoise):
                needsEmptyLatent = false
                denoise = referenceDenoise
                graph[ID.encode] = ComfyNode("VAEEncode", ["pixels": image, "vae": vae])
                latent = .link(node: ID.encode, output: 0)
                if sampling.count > 1 {
                    graph[ID.repeatLatent] = ComfyNode("RepeatLatentBatch", [
                        "samples": latent, "amount": .int(Int64(sampling.count)),
                    ])
                    latent = .link(node: ID.repeatLatent, output: 0)
                }
            case .ipAdapterOnly:
                break
            }
            if let ipAdapter = reference.ipAdapter {
                model = ipAdapter.install(into: &graph, model: model, image: image)
            }
        }

        if needsEmptyLatent {
            graph[ID.emptyLatent] = ComfyNode("EmptyLatentImage", [
                "width": .int(Int64(sampling.width)), "height": .int(Int64(sampling.height)),
                "batch_size": .int(Int64(sampling.count)),
            ])
        }
        graph[ID.sampler] = ComfyNode("KSampler", [
            "seed": .int(sampling.seed), "steps": .int(Int64(sampling.steps)), "cfg": .double(sampling.cfg),
            "sampler_name": .string(sampling.samplerName), "scheduler": .string(sampling.scheduler),
            "denoise": .double(denoise), "model": model, "positive": positive, "negative": negative,
            "latent_image": latent,
        ])
        graph[ID.decode] = ComfyNode("VAEDecode", ["samples": .link(node: ID.sampler, output: 0), "vae": vae])
        graph[ID.save] = ComfyNode("SaveImage", [
            "filename_prefix": .string(sampling.filenamePrefix), "images": .link(node: ID.decode, output: 0),
        ])
        return graph
    }
}
