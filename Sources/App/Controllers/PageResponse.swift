import Vapor

/// A page, or one of its scripts, styles or icons, compiled into the binary (`/docs`, the studio): its
/// own Content-Security-Policy, no sniffing, no framing, and revalidated each time, so that a new
/// binary's page is never mixed with an old cached script.
enum PageResponse {
    static func make(_ body: String, type: String, policy: String, referrerPolicy: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        headers.replaceOrAdd(name: "Content-Security-Policy", value: policy)
        headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: "Referrer-Policy", value: referrerPolicy)
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }
}
