import Foundation
import PersonaSeedCore
import Vapor

/// A content item as clients see it: what was asked, what the engine made, and the baseline it came from.
struct ContentResponse: Content, Equatable {
    var id: String
    var personaID: String
    var scenePrompt: String
    var prompt: String
    var negativePrompt: String?
    var engine: String
    var backend: String
    var model: String
    var seed: Int64?
    var size: String
    var width: Int
    var height: Int
    var format: String
    var bytes: Int
    var sha256: String
    var identityStrength: Double
    var baselineVersion: Int
    var baselineSHA256: String
    var jobID: String
    var actor: String
    var createdAt: String
    var path: String
    var imageURL: String
    var thumbnailURL: String
    var generation: JSONValue?

    enum CodingKeys: String, CodingKey {
        case id
        case personaID = "persona_id"
        case scenePrompt = "scene_prompt"
        case prompt
        case negativePrompt = "negative_prompt"
        case engine, backend, model, seed, size, width, height, format, bytes, sha256
        case identityStrength = "identity_strength"
        case baselineVersion = "baseline_version"
        case baselineSHA256 = "baseline_sha256"
        case jobID = "job_id"
        case actor
        case createdAt = "created_at"
        case path
        case imageURL = "image_url"
        case thumbnailURL = "thumbnail_url"
        case generation
    }

    init(_ row: PersonaContentModel) {
        let persona = row.personaID.uuidString.lowercased()
        let id = row.id?.uuidString.lowercased() ?? ""
        self.id = id
        personaID = persona
        scenePrompt = row.scenePrompt
        prompt = row.prompt
        negativePrompt = row.negativePrompt
        engine = row.engine
        backend = row.backend
        model = row.model
        seed = row.seed
        size = row.requestedSize
        width = row.width
        height = row.height
        format = row.format
        bytes = row.bytes
        sha256 = row.sha256
        identityStrength = row.identityStrength
        baselineVersion = row.baselineVersion
        baselineSHA256 = row.baselineSHA256
        jobID = row.jobID.uuidString.lowercased()
        actor = row.actor
        createdAt = Timestamp.iso8601(row.createdAt)
        path = row.storageKey
        imageURL = "/api/v1/personas/\(persona)/content/\(id)/image"
        thumbnailURL = imageURL + "?size=thumb"
        generation = row.generationJSON.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
    }

    /// Absent values are written as null: clients see every field, always.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(personaID, forKey: .personaID)
        try container.encode(scenePrompt, forKey: .scenePrompt)
        try container.encode(prompt, forKey: .prompt)
        try container.encode(negativePrompt, forKey: .negativePrompt)
        try container.encode(engine, forKey: .engine)
        try container.encode(backend, forKey: .backend)
        try container.encode(model, forKey: .model)
        try container.encode(seed, forKey: .seed)
        try container.encode(size, forKey: .size)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(format, forKey: .format)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(sha256, forKey: .sha256)
        try container.encode(identityStrength, forKey: .identityStrength)
        try container.encode(baselineVersion, forKey: .baselineVersion)
        try container.encode(baselineSHA256, forKey: .baselineSHA256)
        try container.encode(jobID, forKey: .jobID)
        try container.encode(actor, forKey: .actor)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(path, forKey: .path)
        try container.encode(imageURL, forKey: .imageURL)
        try container.encode(thumbnailURL, forKey: .thumbnailURL)
        try container.encode(generation, forKey: .generation)
    }
}
