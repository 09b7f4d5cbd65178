import Foundation
import PersonaSeedCore
import Vapor

/// One image version as clients see it (`spec/api.md`, "A version").
struct VersionResponse: Content, Equatable {
    var version: Int
    var source: String
    var format: String
    var width: Int
    var height: Int
    var bytes: Int
    var sha256: String
    var createdAt: String
    var url: String
    var thumbnailURL: String
    var generation: JSONValue?

    enum CodingKeys: String, CodingKey {
        case version, source, format, width, height, bytes, sha256
        case createdAt = "created_at"
        case url
        case thumbnailURL = "thumbnail_url"
        case generation
    }

    init(_ image: PersonaImageModel) {
        let base = "/api/v1/personas/\(image.personaID.uuidString.lowercased())/seed-image/versions/\(image.version)"
        self.version = image.version
        self.source = image.source
        self.format = image.format
        self.width = image.width
        self.height = image.height
        self.bytes = image.bytes
        self.sha256 = image.sha256
        self.createdAt = Timestamp.iso8601(image.createdAt)
        self.url = "\(base)/image"
        self.thumbnailURL = "\(base)/image?size=thumb"
        self.generation = image.generationJSON.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(source, forKey: .source)
        try container.encode(format, forKey: .format)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(bytes, forKey: .bytes)
        try container.encode(sha256, forKey: .sha256)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(url, forKey: .url)
        try container.encode(thumbnailURL, forKey: .thumbnailURL)
        try container.encode(generation, forKey: .generation)  // null, not absent, for uploads
    }
}
