import Vapor

/// What a browser says about where a request comes from (`Sec-Fetch-Site`, else `Origin`), for the
/// requests that change something. Reads (GET, HEAD) are left alone: another site can send them but
/// cannot read the answers.
enum BrowserOrigin {
    enum Claim { case sameOrigin, otherSite }

    static func says(_ request: Request, is claim: Claim) -> Bool {
        if request.method == .GET || request.method == .HEAD { return claim == .sameOrigin }
        switch claim {
        case .sameOrigin: return isSameOrigin(request)
        case .otherSite: return isOtherSite(request)
        }
    }

    /// Positive proof of the studio's own page (cookie-authenticated changes need it): a browser sends
    /// one of these headers with every POST, PUT and DELETE.
    private static func isSameOrigin(_ request: Request) -> Bool {
        if let site = request.headers.first(name: "Sec-Fetch-Site") { return site == "same-origin" }
        guard let origin = request.headers.first(name: .origin) else { return false }
        return matchesHost(origin, request)
    }

    /// A browser's word that another page sent it. Clients that are not browsers (curl, scripts) send
    /// neither header and are not affected.
    private static func isOtherSite(_ request: Request) -> Bool {
        if let site = request.headers.first(name: "Sec-Fetch-Site") {
            return site != "same-origin" && site != "none"
        }
        guard let origin = request.headers.first(name: .origin) else { return false }
        return !matchesHost(origin, request)
    }

    /// `Origin: http://HOST[:PORT]` naming the host the request was sent to.
    private static func matchesHost(_ origin: String, _ request: Request) -> Bool {
        guard let host = request.headers.first(name: .host), !host.isEmpty else { return false }
        return origin == "http://" + host || origin == "https://" + host
    }
}
