import Fluent
import Foundation
import Generation
import ImageKit
import Logging
import PersonaSeedCore
import Storage

/// What a finished job made: versions (baseline jobs) or content items.
struct JobProducts: Sendable {
    var versions: [Int] = []
    var content: [UUID] = []
}

/// Runs one generation job: builds the prompt from the persona, picks the engine and model, hands the
/// reference image over, and turns every image the engine returns into a version, through the same
/// validation as an upload. Throws on any failure, having changed nothing.
struct GenerationExecutor: Sendable {
    let personas: PersonaRepository
    let seedImages: SeedImageService
    let engines: GenerationEngines
    let store: any ImageStore
    let database: any Database
    let maxMegapixels: Int
    let logger: Logger

    /// The seed: 1024x1024, 50 inference steps.
    static let defaultSide = 1024
    static let defaultLocalSteps = 50

    func run(_ job: JobRow, onProgress: @escaping @Sendable (Double) -> Void) async throws -> JobProducts {
        // The job runs outside its request: it carries the key that queued it and names its own action.
        let context = AuditContext(actor: job.actor ?? AuditContext.localActor, action: job.kind)
        return try await AuditContext.$current.withValue(context) {
            guard let kind = JobKind(rawValue: job.kind) else {
                throw JobFailure(status: 500, detail: "Unknown job kind \(job.kind)")
            }
            switch kind {
            case .cloud, .local:
                return JobProducts(versions: try await execute(job, family: kind == .cloud ? .cloud : .local, onProgress: onProgress))
            case .content:
                return JobProducts(content: try await ContentExecutor(base: self).execute(job, onProgress: onProgress))
            }
        }
    }

    private func execute(
        _ job: JobRow, family: EngineFamily, onProgress: @escaping @Sendable (Double) -> Void
    ) async throws -> [Int] {
        let options = try job.options()
        guard let persona = try await personas.find(job.personaID) else {
            throw DomainError.personaNotFound(job.personaID.uuidString.lowercased())
        }
        _ = try persona.statusAfterNewImage()
        let profile = try persona.profile()

        let prompt = SeedPrompt.build(for: profile, suffix: options.promptSuffix)
        let (engine, model) = try await chooseEngine(family, preference: profile.imageModelPreference)
        var warnings: [String] = []
        switch family {
        case .cloud:
            try PromptLimits.checkCloud(prompt: prompt, model: model)
        case .local:
            if let warning = PromptLimits.localWarning(prompt: prompt, model: model) {
                logger.warning("job \(job.id): \(warning)")
                warnings.append(warning)
            }
        }
        let request = Self.request(
            prompt: prompt, options: options, profile: profile, model: model,
            reference: try await loadReference(options.reference, of: persona), jobID: job.id)

        let output = try await engine.generate(request, onProgress: onProgress)
        try Task.checkCancellation()
        let images = Array(output.images.prefix(options.count))
        guard !images.isEmpty else {
            throw GenerationError.invalidOutput(engine: engine.engine, reason: "the answer held no image")
        }
        let prepared = try await prepare(images, from: engine.engine)
        defer { prepared.forEach { $0.discard() } }
        let records = images.enumerated().map { index, image in
            GenerationRecord(
                job: job, family: family, engine: engine, request: request, output: output, image: image,
                index: index, warnings: warnings
            ).json
        }
        // Past this point the images are ours: a cancel no longer undoes them.
        let updated = try await seedImages.commit(
            prepared, to: persona.id, source: family == .cloud ? .cloud : .local, generations: records)
        let last = updated.versionCount
        return Array((last - prepared.count + 1)...last)
    }

    /// What the engine is asked: the seed's defaults where the options say nothing, and the persona's
    /// negative prompt unless the options replace it.
    static func request(
        prompt: String, options: GenerationOptions, profile: PersonaProfile, model: String,
        reference: ReferenceImage?, role: ReferenceRole = .refine, jobID: UUID
    ) -> GenerationRequest {
        let negative = options.negativePrompt ?? profile.defaultNegativePrompt
        return GenerationRequest(
            prompt: prompt,
            negativePrompt: negative.isEmpty ? nil : negative,
            model: model,
            seed: options.seed,
            steps: options.steps ?? defaultLocalSteps,
            width: options.width ?? defaultSide,
            height: options.height ?? defaultSide,
            count: options.count,
            reference: reference,
            referenceRole: role,
            jobID: jobID)
    }

    func chooseEngine(_ family: EngineFamily, preference: String?) async throws -> (any ImageGenerator, String) {
        switch family {
        case .cloud:
            guard let cloud = engines.cloud else { throw DomainError.cloudUnavailable }
            return (cloud, engines.cloudModel)
        case .local:
            guard let local = engines.local else { throw DomainError.localUnavailable }
            let models: [String]
            do {
                models = try await engines.localModels.models(from: local)
            } catch let error as GenerationError {
                // spec/api.md: an engine that is not reachable, or has no model, is the seed's 400.
                switch error {
                case .unreachable, .noModels, .timedOut:
                    logger.warning("local engine offers no model: \(error)")
                    throw DomainError.localUnavailable
                default:
                    throw error
                }
            }
            guard let model = LocalModelChoice.choose(from: models, preference: preference) else {
                throw DomainError.localUnavailable
            }
            return (local, model)
        }
    }

    private func loadReference(_ choice: GenerationOptions.Reference, of persona: PersonaRow) async throws -> ReferenceImage? {
        let number: Int
        switch choice {
        case .none: return nil
        case .current:
            guard let current = persona.currentVersion else { return nil }
            number = current
        case .version(let version):
            number = version
        }
        guard
            let row = try await PersonaImageModel.find(version: number, of: persona.id, on: database)
        else { throw DomainError.versionNotFound(String(number)) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: store.path(for: row.storageKey)))
        return ReferenceImage(bytes: bytes, format: row.format, version: number)
    }

    /// Every image goes through the upload pipeline; one that fails it is the engine's fault (502).
    func prepare(_ images: [GeneratedImage], from engine: EngineKind) async throws -> [SeedImageService.PreparedImage] {
        var prepared: [SeedImageService.PreparedImage] = []
        let maxMegapixels = self.maxMegapixels
        do {
            for image in images {
                let bytes = [UInt8](image.bytes)
                prepared.append(try await seedImages.prepare(inputBytes: bytes.count) { output, thumbnail in
                    try ImageKit.process(
                        bytes: bytes, outputPath: output, thumbnailPath: thumbnail, maxMegapixels: maxMegapixels)
                })
            }
        } catch let error as DomainError {
            prepared.forEach { $0.discard() }
            throw GenerationError.invalidOutput(engine: engine, reason: "the generated file is not a valid image (\(error.message))")
        } catch {
            prepared.forEach { $0.discard() }
            throw error
        }
        return prepared
    }
}
