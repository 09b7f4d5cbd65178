import Vapor

/// Refuses request lines and headers past `RequestLimits` before any other work.
/// (Beyond 80 KiB of request line and headers, NIO's HTTP parser gives up first and closes the
/// connection without an answer: Vapor offers no hook there.)
struct RequestLimitsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.url.string.utf8.count > RequestLimits.maxURLBytes {
            throw Abort(.uriTooLong, reason: "URL too long: at most \(RequestLimits.maxURLBytes) bytes")
        }
        var fields = 0
        var bytes = 0
        for (name, value) in request.headers {
            fields += 1
            bytes += name.utf8.count + value.utf8.count + 4
        }
        if fields > RequestLimits.maxHeaderFields || bytes > RequestLimits.maxHeaderBytes {
            throw Abort(
                .requestHeaderFieldsTooLarge,
                reason: "Request headers too large: at most \(RequestLimits.maxHeaderFields) fields and \(RequestLimits.maxHeaderBytes / 1024) KiB")
        }
        return try await next.respond(to: request)
    }
}
