import Vapor

/// The studio: `GET /` (its one page) and `GET /studio/{file}` (its scripts, style and icon), all
/// compiled into the binary. The page holds no data; its scripts call the same JSON API as any client.
struct StudioController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get { _ in Self.response(StudioAssets.page, type: "text/html; charset=utf-8") }
        routes.get("studio", ":file") { request -> Response in
            let name = request.parameters.get("file") ?? ""
            guard let asset = StudioAssets.files[name] else {
                throw Abort(.notFound, reason: "No studio file \(name)")
            }
            return Self.response(asset.body, type: asset.type)
        }
    }

    /// Only the studio's own scripts and styles run; images may also be blobs (a file being
    /// uploaded); nothing may frame the page.
    static let contentSecurityPolicy =
        "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; frame-ancestors 'none'; "
        + "base-uri 'none'; form-action 'self'"

    static func response(_ body: String, type: String) -> Response {
        PageResponse.make(body, type: type, policy: contentSecurityPolicy, referrerPolicy: "same-origin")
    }
}
