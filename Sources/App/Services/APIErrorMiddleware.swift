import PersonaSeedCore
import Vapor

/// The one place errors become HTTP answers: `{"detail": "..."}` (or a list of field errors for 422),
/// as the reference service answers them.
struct APIErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return Self.response(for: error, request: request)
        }
    }

    static func response(for error: any Error, request: Request) -> Response {
        switch error {
        case let domain as DomainError:
            return detail(domain.message, status: status(of: domain.kind))
        case let failure as JobFailure:
            return detail(failure.detail, status: HTTPResponseStatus(statusCode: failure.status))
        case let failure as ValidationFailure:
            return json(ValidationDetail(detail: failure.errors), status: .unprocessableEntity)
        case let abort as any AbortError where abort.status == .payloadTooLarge:
            // Vapor's own words ("Payload Too Large") do not say what the limit is.
            return detail(
                "Request body too large: JSON bodies are limited to \(RequestLimits.maxJSONBodyBytes / 1024 / 1024) MiB",
                status: .payloadTooLarge)
        case let abort as any AbortError:
            return detail(abort.reason, status: abort.status, headers: abort.headers)
        default:
            request.logger.report(error: error)
            return detail("Internal Server Error", status: .internalServerError)
        }
    }

    static func status(of kind: DomainError.Kind) -> HTTPResponseStatus {
        switch kind {
        case .badRequest: .badRequest
        case .notFound: .notFound
        case .conflict: .conflict
        }
    }

    static func detail(_ message: String, status: HTTPResponseStatus, headers: HTTPHeaders = [:]) -> Response {
        let response = json(MessageDetail(detail: message), status: status)
        for (name, value) in headers where name.lowercased() != "content-type" && name.lowercased() != "content-length" {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
    }

    static func json(_ body: some Encodable, status: HTTPResponseStatus) -> Response {
        let data = (try? JSONCoding.makeEncoder().encode(body)) ?? Data(#"{"detail":"Internal Server Error"}"#.utf8)
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(data: data))
    }
}

private struct MessageDetail: Encodable { let detail: String }
private struct ValidationDetail: Encodable { let detail: [FieldError] }
