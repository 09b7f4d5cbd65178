import Fluent
import ImageKit
import PersonaSeedCore
import Vapor

/// Serves stored image bytes: the stored type, a strong ETag (the sha256 of the bytes), and headers
/// that stop a browser from treating them as anything but an image.
enum ImageServing {
    @Sendable static func current(request: Request) async throws -> Response {
        let persona = try await request.existingPersona()
        let id = persona.id
        guard let number = persona.currentVersion,
            let image = try await PersonaImageModel.find(version: number, of: id, on: request.db)
        else { throw DomainError.noCurrentImage(id.uuidString.lowercased()) }
        // The current image changes with the workflow: caches must ask again.
        return try await serve(image, request: request, cacheControl: "no-cache")
    }

    @Sendable static func version(request: Request) async throws -> Response {
        // A version's bytes never change.
        try await serve(try await request.imageVersion(), request: request, cacheControl: immutable)
    }

    @Sendable static func content(request: Request) async throws -> Response {
        // Nor do a content item's.
        try await serve(try await request.contentItem(), request: request, cacheControl: immutable)
    }

    private static let immutable = "public, max-age=31536000, immutable"

    private static func serve(_ image: some StoredImageRow, request: Request, cacheControl: String) async throws -> Response {
        let thumbnail = try wantsThumbnail(request)
        let key = thumbnail ? image.thumbnailKey : image.storageKey
        let etag = "\"\(thumbnail ? image.thumbnailSHA256 : image.sha256)\""
        let format = thumbnail ? ImageFormat.webp : (ImageFormat(rawValue: image.format) ?? .png)
        let mediaType = HTTPMediaType(type: "image", subType: String(format.mimeType.dropFirst("image/".count)))

        let response: Response
        if matches(request.headers.first(name: .ifNoneMatch), etag: etag) {
            response = Response(status: .notModified)
        } else {
            response = try await request.fileio.asyncStreamFile(
                at: request.personaSeed.store.path(for: key), mediaType: mediaType)
        }
        response.headers.replaceOrAdd(name: .eTag, value: etag)
        response.headers.replaceOrAdd(name: .cacheControl, value: cacheControl)
        for (name, value) in Self.hardeningHeaders { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }

    /// Stored bytes come from clients and engines: a browser must never run them as a page (no sniffing,
    /// a sandbox with nothing allowed should it render them anyway), and other sites may not embed them.
    static let hardeningHeaders: [(String, String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("Content-Security-Policy", "default-src 'none'; sandbox"),
        ("Cross-Origin-Resource-Policy", "same-site"),
    ]

    private static func wantsThumbnail(_ request: Request) throws -> Bool {
        guard let size = request.query[String.self, at: "size"] else { return false }
        switch size {
        case "thumb": return true
        case "full", "original": return false
        default:
            throw ValidationFailure([.query("size", msg: "Input should be 'thumb', 'full' or 'original'", type: "enum")])
        }
    }

    /// `If-None-Match` holds one or more ETags, or `*`.
    private static func matches(_ header: String?, etag: String) -> Bool {
        guard let header else { return false }
        return header.split(separator: ",").contains { candidate in
            let trimmed = candidate.trimmingCharacters(in: .whitespaces)
            return trimmed == "*" || trimmed == etag || trimmed == "W/\(etag)"
        }
    }
}
