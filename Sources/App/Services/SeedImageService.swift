import CMallocTuning
import Crypto
import Fluent
import Foundation
import ImageKit
import PersonaSeedCore
import Storage
import Vapor

/// Turns validated images into versions and moves personas through the approval workflow.
struct SeedImageService: Sendable {
    let repository: PersonaRepository
    let store: any ImageStore
    /// Image work is CPU-bound and blocking: it runs on its own pool, never on the event loops, and
    /// not on the pool SQLite's queries use.
    let imagePool: NIOThreadPool
    let imageMemory: MemoryBudget
    let maxMegapixels: Int

    /// After image jobs this large, freed memory is handed back to the system at once (a few hundred µs,
    /// nothing next to decoding megabytes).
    static let trimAfterBytes = 4 * 1024 * 1024

    /// Validates the spooled upload and makes it the persona's new current version.
    func addUpload(_ upload: SpooledUpload, to personaID: UUID) async throws -> PersonaRow {
        let maxMegapixels = self.maxMegapixels
        return try await addImage(
            to: personaID, source: .upload, generation: nil, inputBytes: upload.byteCount
        ) { output, thumbnail in
            try ImageKit.process(
                inputPath: upload.path, outputPath: output, thumbnailPath: thumbnail, maxMegapixels: maxMegapixels)
        }
    }

    /// Runs `makeImage` (which writes the cleaned image and its thumbnail to the two temporary paths it is
    /// given), then, holding the persona's row, checks the workflow allows a new image, publishes both
    /// files under the next version's names and writes the version row. Any refusal leaves no trace.
    func addImage(
        to personaID: UUID,
        source: ImageSource,
        generation: JSONValue?,
        inputBytes: Int,
        makeImage: @escaping @Sendable (_ output: String, _ thumbnail: String) throws -> ProcessedImage
    ) async throws -> PersonaRow {
        let prepared = try await prepare(inputBytes: inputBytes, makeImage: makeImage)
        defer { prepared.discard() }
        return try await commit([prepared], to: personaID, source: source, generations: [generation])
    }

    /// A validated image in temporary files, not yet a version.
    struct PreparedImage: Sendable {
        let output: String
        let thumbnail: String
        let image: ProcessedImage
        let sha256: String
        let thumbnailSHA256: String

        /// Removes the temporary files (a no-op once they are published).
        func discard() {
            unlink(output)
            unlink(thumbnail)
        }
    }

    /// Validates one image on the image pool, within the memory budget.
    func prepare(
        inputBytes: Int,
        makeImage: @escaping @Sendable (_ output: String, _ thumbnail: String) throws -> ProcessedImage
    ) async throws -> PreparedImage {
        let output = store.makeTemporaryPath(suffix: ".image")
        let thumbnail = store.makeTemporaryPath(suffix: ".thumb")
        let imagePool = self.imagePool
        do {
            return try await imageMemory.withReservation(MemoryBudget.cost(ofValidating: inputBytes)) {
                try await imagePool.runIfActive {
                    defer {
                        if inputBytes >= Self.trimAfterBytes { personaseed_release_free_memory() }
                    }
                    do {
                        let image = try makeImage(output, thumbnail)
                        return PreparedImage(
                            output: output, thumbnail: thumbnail, image: image,
                            sha256: try Self.sha256(ofFile: output), thumbnailSHA256: try Self.sha256(ofFile: thumbnail))
                    } catch let rejection as ImageRejection {
                        throw DomainError(rejection)
                    }
                }
            }
        } catch {
            unlink(output)
            unlink(thumbnail)
            throw error
        }
    }

    /// Holding the persona's row: checks the workflow allows new images, publishes each prepared image
    /// as the next version, and makes the first of them current. Generated images count in
    /// `generation_count`. A refusal or failure leaves no file and no row behind.
    func commit(
        _ images: [PreparedImage], to personaID: UUID, source: ImageSource, generations: [JSONValue?]
    ) async throws -> PersonaRow {
        let store = self.store
        let generationJSON = try generations.map { generation in
            try generation.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        }
        return try await repository.mutate(personaID) { persona, database in
            let next = try persona.statusAfterNewImage()
            var published: [String] = []
            do {
                var rows: [PersonaImageModel] = []
                for (index, prepared) in images.enumerated() {
                    let version = persona.versionCount + 1 + index
                    let stem = "persona_\(personaID.uuidString.lowercased())_\(source.storageWord)_v\(version)"
                    let key = "\(stem).\(prepared.image.format.fileExtension)"
                    let thumbnailKey = "\(stem)_thumb.webp"
                    try Self.publish(prepared.output, as: key, in: store)
                    published.append(key)
                    try Self.publish(prepared.thumbnail, as: thumbnailKey, in: store)
                    published.append(thumbnailKey)
                    let row = PersonaImageModel()
                    row.personaID = personaID
                    row.version = version
                    row.source = source.rawValue
                    row.fill(from: prepared, key: key, thumbnailKey: thumbnailKey)
                    row.generationJSON = index < generationJSON.count ? generationJSON[index] : nil
                    row.createdAt = Timestamp.now()
                    rows.append(row)
                }
                // Every file is durable before any row refers to it: one folder sync for all of them.
                try store.syncPublished()
                for row in rows { try await row.create(on: database) }
                guard let first = rows.first else { return }
                try persona.makeCurrent(first, status: next, now: first.createdAt)
                persona.versionCount += images.count
                if source != .upload { persona.generationCount += images.count }
            } catch {
                // Nothing refers to the files yet: take them back before the transaction rolls back.
                for key in published { try? store.delete(key: key) }
                throw error
            }
        }
    }

    /// `POST versions/{n}/select`: an earlier version becomes the current draft, as an upload would.
    func select(version: Int, of personaID: UUID) async throws -> PersonaRow {
        try await repository.mutate(personaID) { persona, database in
            let next = try persona.statusAfterNewImage()
            guard
                let row = try await PersonaImageModel.find(version: version, of: personaID, on: database)
            else { throw DomainError.versionNotFound(String(version)) }
            try persona.makeCurrent(row, status: next, now: Timestamp.now())
        }
    }

    /// Approve, reject, or a status set through PUT.
    func apply(_ command: SeedWorkflow.Command, to personaID: UUID, displayID: String? = nil) async throws -> PersonaRow {
        try await repository.mutate(personaID, displayID: displayID) { persona, _ in
            let next = try SeedWorkflow.status(
                after: command, from: persona.status, hasImage: persona.currentVersion != nil)
            if next != persona.status {
                persona.status = next
                persona.updatedAt = Timestamp.now()
            }
        }
    }

    /// A key is only ever published while its persona's row is held, and only for the version number
    /// after the last committed one; a file already there is therefore left over from a crash between
    /// publishing and committing, and no row refers to it.
    private static func publish(_ temporaryPath: String, as key: String, in store: any ImageStore) throws {
        do {
            try store.publish(temporaryPath: temporaryPath, as: key)
        } catch ImageStoreError.keyExists {
            try store.delete(key: key)
            try store.publish(temporaryPath: temporaryPath, as: key)
        }
    }

    static func sha256(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Abort(.internalServerError, reason: "Cannot read \(path)")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return hasher.finalize().lowercaseHex
    }
}

extension DomainError {
    init(_ rejection: ImageRejection) {
        switch rejection {
        case .unsupportedType: self = .invalidFileType
        case .undecodable: self = .undecodableImage
        case .tooManyPixels(let limit): self = .tooManyPixels(limitMegapixels: limit)
        }
    }
}
