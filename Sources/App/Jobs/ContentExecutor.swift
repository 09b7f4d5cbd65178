import Crypto
import Fluent
import Foundation
import Generation
import PersonaSeedCore

/// Runs one `generate-content` job: the approved version's stored bytes are the identity reference,
/// the prompt is the persona plus the scene, and every image becomes a content item through the same
/// validation as an upload. Throws on any failure, having stored nothing.
struct ContentExecutor: Sendable {
    let base: GenerationExecutor

    func execute(_ job: JobRow, onProgress: @escaping @Sendable (Double) -> Void) async throws -> [UUID] {
        let options = try JSONDecoder().decode(ContentOptions.self, from: Data(job.requestJSON.utf8))
        let content = ContentService(repository: base.personas, store: base.store)
        // A retried job whose items were stored before its process died: they are the result.
        let stored = try await ContentService.items(madeBy: job.id, on: base.database)
        if !stored.isEmpty { return stored.compactMap(\.id) }

        guard let persona = try await base.personas.find(job.personaID) else {
            throw DomainError.personaNotFound(job.personaID.uuidString.lowercased())
        }
        // Checked again here: the baseline may have been rejected while the job waited in the queue.
        try persona.requireApprovedBaseline()
        let profile = try persona.profile()
        let baseline = try await approvedBaseline(of: persona)
        let (engine, model) = try await base.chooseEngine(options.engine, preference: profile.imageModelPreference)

        var warnings: [String] = []
        let prompt: String
        switch options.engine {
        case .cloud:
            // A model without edits gets no image: the baseline's description carries the identity.
            let description = OpenAIModelFamily(model: model) == .dallE ? baseline.description(profile) : nil
            prompt = ContentPrompt.build(for: profile, scene: options.scene, baselineDescription: description)
            try PromptLimits.checkCloud(prompt: prompt, model: model, field: "prompt")
        case .local:
            prompt = ContentPrompt.build(for: profile, scene: options.scene)
            if let warning = PromptLimits.localWarning(prompt: prompt, model: model) {
                base.logger.warning("job \(job.id): \(warning)")
                warnings.append(warning)
            }
        }
        let generation = options.generation
        let request = GenerationExecutor.request(
            prompt: prompt, options: generation, profile: profile, model: model, reference: baseline.reference,
            role: .identity(strength: options.identityStrength), jobID: job.id)

        let output = try await engine.generate(request, onProgress: onProgress)
        try Task.checkCancellation()
        let images = Array(output.images.prefix(generation.count))
        guard !images.isEmpty else {
            throw GenerationError.invalidOutput(engine: engine.engine, reason: "the answer held no image")
        }
        let prepared = try await base.prepare(images, from: engine.engine)
        defer { prepared.forEach { $0.discard() } }
        let items = images.enumerated().map { index, image in
            ContentService.NewItem(
                candidate: index + 1, options: options, backend: engine.engine.rawValue, model: output.model,
                prompt: prompt, negativePrompt: request.negativePrompt, seed: image.seed ?? request.seed,
                requestedSize: "\(request.width)x\(request.height)",
                baselineVersion: baseline.row.version, baselineSHA256: baseline.row.sha256,
                generation: GenerationRecord(
                    job: job, family: options.engine, engine: engine, request: request, output: output, image: image,
                    index: index, warnings: warnings
                ).json)
        }
        // Past this point the images are ours: a cancel no longer undoes them.
        return try await content.commit(prepared, items: items, personaID: persona.id, jobID: job.id, actor: job.actor)
    }

    /// The approved version, its stored bytes checked against the sha256 recorded when it was stored:
    /// an altered file must not pass for the approved face.
    private func approvedBaseline(of persona: PersonaRow) async throws -> Baseline {
        guard let number = persona.currentVersion,
              let row = try await PersonaImageModel.find(version: number, of: persona.id, on: base.database)
        else { throw DomainError.noCurrentImage(persona.id.uuidString.lowercased()) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: base.store.path(for: row.storageKey)))
        let digest = SHA256.hash(data: bytes).lowercaseHex
        guard digest == row.sha256 else {
            throw JobFailure(
                status: 500,
                detail: "The stored file of approved version \(number) does not match its sha256; run personaseed fsck")
        }
        return Baseline(row: row, reference: ReferenceImage(bytes: bytes, format: row.format, version: number))
    }

    struct Baseline {
        let row: PersonaImageModel
        let reference: ReferenceImage

        /// What the words can say of the approved image: the prompt that made it (as the engine
        /// rewrote it, when it did), else the persona's appearance description.
        func description(_ profile: PersonaProfile) -> String? {
            if let json = row.generationJSON,
               case .object(let record)? = try? JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)),
               case .string(let prompt)? = record["revised_prompt"] ?? record["prompt"] {
                return prompt
            }
            return profile.baseAppearanceDescription ?? profile.appearance
        }
    }
}
