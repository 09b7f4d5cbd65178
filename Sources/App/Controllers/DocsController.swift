import Vapor

/// `GET /openapi.json` (the API document) and `GET /docs` (a page that renders it). Public: no key.
struct DocsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("openapi.json") { _ in
            Self.response(OpenAPIDocument.rendered, type: "application/json; charset=utf-8")
        }
        routes.get("docs") { _ in Self.response(DocsPage.html, type: "text/html; charset=utf-8") }
        routes.get("docs", "docs.js") { _ in Self.response(DocsPage.script, type: "text/javascript; charset=utf-8") }
        routes.get("docs", "docs.css") { _ in Self.response(DocsPage.style, type: "text/css; charset=utf-8") }
        routes.get("docs", "icon.svg") { _ in Self.response(DocsPage.icon, type: "image/svg+xml") }
    }

    /// Every piece gets the page's strict CSP and no sniffing: the page runs only its own script.
    static func response(_ body: String, type: String) -> Response {
        PageResponse.make(body, type: type, policy: DocsPage.contentSecurityPolicy, referrerPolicy: "no-referrer")
    }
}
