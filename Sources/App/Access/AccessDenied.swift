import PersonaSeedCore
import Vapor

/// The refusals of access control, with their status, texts and `WWW-Authenticate` challenge (RFC 6750).
enum AccessDenied: AbortError {
    case missingKey
    case invalidKey
    case missingScope(AccessScope)
    case protectedMode
    /// A studio cookie whose session has expired, was ended, or whose key was revoked.
    case sessionEnded
    /// A change sent by a browser from a page that is not the studio's own.
    case crossOrigin

    var status: HTTPResponseStatus {
        switch self {
        case .missingKey, .invalidKey, .sessionEnded: .unauthorized
        case .missingScope, .protectedMode, .crossOrigin: .forbidden
        }
    }

    var reason: String {
        switch self {
        case .missingKey: "Missing API key"
        case .invalidKey: "Invalid API key"
        case .missingScope(let scope): "This API key lacks the '\(scope.rawValue)' scope"
        case .sessionEnded: "Session expired or ended: sign in again with an API key"
        case .crossOrigin:
            "Cross-origin request refused: changes through a browser must come from PersonaSeed's own pages"
        case .protectedMode:
            "PersonaSeed is in protected mode: no API key exists yet, so only clients on this machine (loopback) "
                + "are served. Create a key with `personaseed keys create --name NAME --scopes read,write,approve,admin` "
                + "and send it as `Authorization: Bearer <key>`, or start the server with --allow-unauthenticated."
        }
    }

    var headers: HTTPHeaders {
        switch self {
        // The bare challenge, as clients of the spec look for it; the 401's body says which case it is.
        case .missingKey, .invalidKey, .sessionEnded: ["WWW-Authenticate": "Bearer"]
        case .missingScope(let scope):
            ["WWW-Authenticate": #"Bearer error="insufficient_scope", scope="\#(scope.rawValue)""#]
        case .protectedMode, .crossOrigin: [:]
        }
    }
}
