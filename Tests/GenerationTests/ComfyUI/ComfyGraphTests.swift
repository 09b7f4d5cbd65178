import Foundation
import Generation
import Testing

/// The graph builder, without a server: classes, every link, every field.
struct ComfyGraphTests {
    /// Output types of ComfyUI's classes, from ComfyUI's own node definitions.
    static let outputTypes: [String: [String]] = [
        "CheckpointLoaderSimple": ["MODEL", "CLIP", "VAE"], "CLIPTextEncode": ["CONDITIONING"],
        "EmptyLatentImage": ["LATENT"], "KSampler": ["LATENT"], "VAEDecode": ["IMAGE"], "VAEEncode": ["LATENT"],
        "SaveImage": [], "LoadImage": ["IMAGE", "MASK"], "RepeatLatentBatch": ["LATENT"],
        "ControlNetLoader": ["CONTROL_NET"], "ControlNetApplyAdvanced": ["CONDITIONING", "CONDITIONING"],
        "IPAdapterUnifiedLoader": ["MODEL", "IPADAPTER"], "IPAdapterAdvanced": ["MODEL"],
    ]

    static func sampling(count: Int = 1) -> ComfyGraph.Sampling {
        ComfyGraph.Sampling(
            checkpoint: "juggernautXL_v9.safetensors", prompt: "a red fox", negativePrompt: "blurry", seed: 42,
            steps: 30, cfg: 6, samplerName: "dpmpp_2m", scheduler: "karras", width: 832, height: 1216,
            count: count, filenamePrefix: "personaseed_job")
    }

    /// The only node of a class.
    static func only(_ graph: [String: ComfyNode], _ classType: String) throws -> ComfyNode {
        let found = graph.values.filter { $0.classType == classType }
        try #require(found.count == 1, "expected one \(classType), found \(found.count)")
        return found[0]
    }

    /// What a link points at: the class of the node and which of its outputs, with that output's type.
    static func source(_ graph: [String: ComfyNode], _ input: ComfyInput?) -> String? {
        guard case .link(let id, let output)? = input, let node = graph[id],
              let types = outputTypes[node.classType], types.indices.contains(output)
        else { return nil }
        return "\(node.classType)·\(output)·\(types[output])"
    }

    static func expectEveryLinkResolves(_ graph: [String: ComfyNode]) {
        for (id, node) in graph {
            for (name, input) in node.inputs {
                if case .link = input {
                    #expect(source(graph, input) != nil, "node \(id) (\(node.classType)).\(name) links nowhere")
                }
            }
        }
    }

    @Test func textToImageWiresCheckpointPromptsLatentSamplerDecodeAndSave() throws {
        let graph = ComfyGraph.build(Self.sampling(count: 3))
        #expect(graph.values.map(\.classType).sorted() == [
            "CLIPTextEncode", "CLIPTextEncode", "CheckpointLoaderSimple", "EmptyLatentImage", "KSampler", "SaveImage",
            "VAEDecode",
        ])
        Self.expectEveryLinkResolves(graph)
        #expect(try Self.only(graph, "CheckpointLoaderSimple").inputs == ["ckpt_name": .string("juggernautXL_v9.safetensors")])

        let sampler = try Self.only(graph, "KSampler")
        #expect(sampler.inputs["seed"] == .int(42))
        #expect(sampler.inputs["steps"] == .int(30))
        #expect(sampler.inputs["cfg"] == .double(6))
        #expect(sampler.inputs["sampler_name"] == .string("dpmpp_2m"))
        #expect(sampler.inputs["scheduler"] == .string("karras"))
        #expect(sampler.inputs["denoise"] == .double(1))
        #expect(Self.source(graph, sampler.inputs["model"]) == "CheckpointLoaderSimple·0·MODEL")
        #expect(Self.source(graph, sampler.inputs["latent_image"]) == "EmptyLatentImage·0·LATENT")

        guard case .link(let positiveID, _)? = sampler.inputs["positive"],
              case .link(let negativeID, _)? = sampler.inputs["negative"]
        else { Issue.record("KSampler's conditionings are not links"); return }
        #expect(graph[positiveID]?.inputs["text"] == .string("a red fox"))
        #expect(graph[negativeID]?.inputs["text"] == .string("blurry"))
        for id in [positiveID, negativeID] {
            #expect(graph[id]?.classType == "CLIPTextEncode")
            #expect(Self.source(graph, graph[id]?.inputs["clip"]) == "CheckpointLoaderSimple·1·CLIP")
        }

        let latent = try Self.only(graph, "EmptyLatentImage")
        #expect(latent.inputs == ["width": .int(832), "height": .int(1216), "batch_size": .int(3)])
        let decode = try Self.only(graph, "VAEDecode")
        #expect(Self.source(graph, decode.inputs["samples"]) == "KSampler·0·LATENT")
        #expect(Self.source(graph, decode.inputs["vae"]) == "CheckpointLoaderSimple·2·VAE")
        let save = try Self.only(graph, "SaveImage")
        #expect(save.inputs["filename_prefix"] == .string("personaseed_job"))
        #expect(Self.source(graph, save.inputs["images"]) == "VAEDecode·0·IMAGE")
        #expect(graph[ComfyGraph.NodeID.save]?.classType == "SaveImage")
    }

    @Test func graphEncodesInApiFormatWithStringIdsAndPairLinks() throws {
        let data = try JSONEncoder().encode(ComfyGraph.build(Self.sampling()))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
        let sampler = try #require(json[ComfyGraph.NodeID.sampler])
        #expect(sampler["class_type"] as? String == "KSampler")
        let inputs = try #require(sampler["inputs"] as? [String: Any])
        let model = try #require(inputs["model"] as? [Any])
        #expect(model.count == 2)
        #expect(model.first as? String == ComfyGraph.NodeID.checkpoint)
        #expect(model.last as? Int == 0)
        #expect(inputs["seed"] as? Int == 42)
    }

    @Test func imageToImageEncodesTheUploadedReferenceAndKeepsPartOfIt() throws {
        let reference = ComfyGraph.Reference(imageName: "faces/personaseed-job.png", mode: .imageToImage(denoise: 0.55))
        let graph = ComfyGraph.build(Self.sampling(count: 1), reference: reference)
        Self.expectEveryLinkResolves(graph)
        #expect(try Self.only(graph, "LoadImage").inputs == ["image": .string("faces/personaseed-job.png")])
        let encode = try Self.only(graph, "VAEEncode")
        #expect(Self.source(graph, encode.inputs["pixels"]) == "LoadImage·0·IMAGE")
        #expect(Self.source(graph, encode.inputs["vae"]) == "CheckpointLoaderSimple·2·VAE")
        let sampler = try Self.only(graph, "KSampler")
        #expect(Self.source(graph, sampler.inputs["latent_image"]) == "VAEEncode·0·LATENT")
        #expect(sampler.inputs["denoise"] == .double(0.55))
        #expect(!graph.values.contains { $0.classType == "EmptyLatentImage" || $0.classType == "RepeatLatentBatch" })
    }

    @Test func imageToImageRepeatsTheLatentForSeveralCandidates() throws {
        let reference = ComfyGraph.Reference(imageName: "ref.png", mode: .imageToImage(denoise: 0.4))
        let graph = ComfyGraph.build(Self.sampling(count: 3), reference: reference)
        Self.expectEveryLinkResolves(graph)
        let repeated = try Self.only(graph, "RepeatLatentBatch")
        #expect(repeated.inputs["amount"] == .int(3))
        #expect(Self.source(graph, repeated.inputs["samples"]) == "VAEEncode·0·LATENT")
        let sampler = try Self.only(graph, "KSampler")
        #expect(Self.source(graph, sampler.inputs["latent_image"]) == "RepeatLatentBatch·0·LATENT")
        #expect(sampler.inputs["denoise"] == .double(0.4))
    }

    @Test func controlNetConditionsBothPromptsOnTheReferenceAndStartsFromNoise() throws {
        let reference = ComfyGraph.Reference(
            imageName: "ref.png", mode: .controlNet(model: "controlnet-canny-sdxl-1.0.safetensors", strength: 0.8))
        let graph = ComfyGraph.build(Self.sampling(count: 2), reference: reference)
        Self.expectEveryLinkResolves(graph)
        #expect(try Self.only(graph, "ControlNetLoader").inputs
            == ["control_net_name": .string("controlnet-canny-sdxl-1.0.safetensors")])
        let apply = try Self.only(graph, "ControlNetApplyAdvanced")
        #expect(Self.source(graph, apply.inputs["control_net"]) == "ControlNetLoader·0·CONTROL_NET")
        #expect(Self.source(graph, apply.inputs["image"]) == "LoadImage·0·IMAGE")
        #expect(apply.inputs["strength"] == .double(0.8))
        #expect(apply.inputs["start_percent"] == .double(0))
        #expect(apply.inputs["end_percent"] == .double(1))
        guard case .link(let positiveID, _)? = apply.inputs["positive"],
              case .link(let negativeID, _)? = apply.inputs["negative"]
        else { Issue.record("ControlNetApplyAdvanced's conditionings are not links"); return }
        #expect(graph[positiveID]?.inputs["text"] == .string("a red fox"))
        #expect(graph[negativeID]?.inputs["text"] == .string("blurry"))

        let sampler = try Self.only(graph, "KSampler")
        #expect(sampler.inputs["positive"] == .link(node: ComfyGraph.NodeID.controlNetApply, output: 0))
        #expect(sampler.inputs["negative"] == .link(node: ComfyGraph.NodeID.controlNetApply, output: 1))
        #expect(Self.source(graph, sampler.inputs["latent_image"]) == "EmptyLatentImage·0·LATENT")
        #expect(sampler.inputs["denoise"] == .double(1))
        #expect(try Self.only(graph, "EmptyLatentImage").inputs["batch_size"] == .int(2))
        #expect(!graph.values.contains { $0.classType == "VAEEncode" })
    }

    @Test func ipAdapterSitsBetweenTheCheckpointModelAndTheSampler() throws {
        let plan = try #require(ComfyIPAdapterPlan(
            loader: try Self.schema(Self.unifiedLoaderInfo, "IPAdapterUnifiedLoader"),
            apply: try Self.schema(Self.advancedInfo, "IPAdapterAdvanced"),
            preset: "PLUS FACE (portraits)", weight: 0.8))
        let reference = ComfyGraph.Reference(
            imageName: "ref.png", mode: .controlNet(model: "cn.safetensors", strength: 0.8), ipAdapter: plan)
        let graph = ComfyGraph.build(Self.sampling(), reference: reference)
        Self.expectEveryLinkResolves(graph)

        let loader = try Self.only(graph, "IPAdapterUnifiedLoader")
        #expect(Self.source(graph, loader.inputs["model"]) == "CheckpointLoaderSimple·0·MODEL")
        #expect(loader.inputs["preset"] == .string("PLUS FACE (portraits)"))
        #expect(loader.inputs.count == 2, "optional inputs stay unset")
        let apply = try Self.only(graph, "IPAdapterAdvanced")
        #expect(Self.source(graph, apply.inputs["model"]) == "IPAdapterUnifiedLoader·0·MODEL")
        #expect(Self.source(graph, apply.inputs["ipadapter"]) == "IPAdapterUnifiedLoader·1·IPADAPTER")
        #expect(Self.source(graph, apply.inputs["image"]) == "LoadImage·0·IMAGE")
        #expect(apply.inputs["weight"] == .double(0.8))
        #expect(apply.inputs["weight_type"] == .string("linear"))
        #expect(apply.inputs["combine_embeds"] == .string("concat"))
        #expect(apply.inputs["start_at"] == .double(0) || apply.inputs["start_at"] == .int(0))
        #expect(apply.inputs["end_at"] == .double(1) || apply.inputs["end_at"] == .int(1))
        #expect(apply.inputs["embeds_scaling"] == .string("V only"))
        #expect(Self.source(graph, try Self.only(graph, "KSampler").inputs["model"]) == "IPAdapterAdvanced·0·MODEL")
        // ControlNet stays in place alongside.
        #expect(try Self.only(graph, "KSampler").inputs["positive"] == .link(node: ComfyGraph.NodeID.controlNetApply, output: 0))
    }

    @Test func ipAdapterIsLeftOutWhenARequiredInputCannotBeFilled() throws {
        let needsClipVision = """
        {"IPAdapterAdvanced": {"input": {"required": {"model": ["MODEL"], "ipadapter": ["IPADAPTER"],
         "image": ["IMAGE"], "clip_vision": ["CLIP_VISION"]}}, "output": ["MODEL"]}}
        """
        let plan = ComfyIPAdapterPlan(
            loader: try Self.schema(Self.unifiedLoaderInfo, "IPAdapterUnifiedLoader"),
            apply: try Self.schema(needsClipVision, "IPAdapterAdvanced"), preset: "PLUS FACE (portraits)", weight: 0.8)
        #expect(plan == nil)
    }

    @Test func objectInfoOfAnUnknownClassIsNoSchema() throws {
        #expect(try ComfyNodeSchema.parse(objectInfo: Data("{}".utf8), className: "IPAdapterAdvanced") == nil)
    }

    @Test func objectInfoReadsChoicesInBothComboForms() throws {
        let json = """
        {"CheckpointLoaderSimple": {"input": {"required": {
          "ckpt_name": [["a.safetensors", "b.safetensors"], {"tooltip": "x"}],
          "mode": ["COMBO", {"options": ["fast", "slow"], "default": "slow"}]}}, "output": ["MODEL", "CLIP", "VAE"]}}
        """
        let schema = try #require(try ComfyNodeSchema.parse(objectInfo: Data(json.utf8), className: "CheckpointLoaderSimple"))
        #expect(schema.requiredInputs["ckpt_name"] == ComfyInputSpec(type: "COMBO", choices: ["a.safetensors", "b.safetensors"]))
        #expect(schema.requiredInputs["mode"] == ComfyInputSpec(type: "COMBO", choices: ["fast", "slow"], defaultValue: .string("slow")))
        #expect(schema.outputs == ["MODEL", "CLIP", "VAE"])
    }

    // MARK: Object info as ComfyUI_IPAdapter_plus describes its nodes

    static let unifiedLoaderInfo = """
    {"IPAdapterUnifiedLoader": {"input": {"required": {"model": ["MODEL"], "preset": [["LIGHT - SD1.5 only (low strength)",
     "STANDARD (medium strength)", "VIT-G (medium strength)", "PLUS (high strength)", "PLUS FACE (portraits)",
     "FULL FACE - SD1.5 only (portraits stronger)"]]}, "optional": {"ipadapter": ["IPADAPTER"]}},
     "output": ["MODEL", "IPADAPTER"], "output_name": ["model", "ipadapter"], "name": "IPAdapterUnifiedLoader"}}
    """

    static let advancedInfo = """
    {"IPAdapterAdvanced": {"input": {"required": {"model": ["MODEL"], "ipadapter": ["IPADAPTER"], "image": ["IMAGE"],
     "weight": ["FLOAT", {"default": 1.0, "min": -1, "max": 5, "step": 0.05}],
     "weight_type": [["linear", "ease in", "ease out", "ease in-out", "reverse in-out", "weak input"]],
     "combine_embeds": [["concat", "add", "subtract", "average", "norm average"]],
     "start_at": ["FLOAT", {"default": 0.0, "min": 0.0, "max": 1.0, "step": 0.001}],
     "end_at": ["FLOAT", {"default": 1.0, "min": 0.0, "max": 1.0, "step": 0.001}],
     "embeds_scaling": [["V only", "K+V", "K+V w/ C penalty", "K+mean(V) w/ C penalty"]]},
     "optional": {"image_negative": ["IMAGE"], "attn_mask": ["MASK"], "clip_vision": ["CLIP_VISION"]}},
     "output": ["MODEL"], "name": "IPAdapterAdvanced"}}
    """

    static func schema(_ json: String, _ className: String) throws -> ComfyNodeSchema {
        try #require(try ComfyNodeSchema.parse(objectInfo: Data(json.utf8), className: className))
    }
}
