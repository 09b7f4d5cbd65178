import Foundation

/// Limits on what clients send (documented in the README's "Limits" table). Each is answered with a
/// clear 4xx, except where the HTTP parser itself gives up (see `RequestLimitsMiddleware`).
public struct RequestLimits: Sendable, Equatable {
    /// JSON bodies: every JSON field together is far below this; 1 MiB leaves room for big
    /// `style_preferences` without letting a client make the server buffer megabytes.
    public static let maxJSONBodyBytes = 1024 * 1024
    /// Request line: the longest legitimate one (a persona path with a few query values) is < 200 bytes.
    public static let maxURLBytes = 8 * 1024
    /// All header fields together, and how many (browsers send < 20 fields, < 8 KiB).
    public static let maxHeaderBytes = 32 * 1024
    public static let maxHeaderFields = 100

    /// `MAX_CONCURRENT_UPLOADS_PER_KEY`: uploads one API key may have in flight; more answer 429.
    public var concurrentUploadsPerKey = 8
    /// `HTTP_IDLE_TIMEOUT_SECONDS`: a connection on which nothing is received or sent for this long is
    /// closed (a client that connects and sends nothing, stalls in its headers or body, or idles between
    /// requests). nil: 30 s, or the longest configured engine's timeout + 30 s, so that a synchronous
    /// generation, silent while the engine works, is never cut.
    public var idleTimeout: TimeInterval?

    public init() {}

    static func fromEnvironment(_ environment: [String: String]) throws -> RequestLimits {
        var limits = RequestLimits()
        func value(_ name: String) -> String? {
            environment[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        if let text = value("MAX_CONCURRENT_UPLOADS_PER_KEY") {
            guard let parsed = Int(text), (1...1000).contains(parsed) else {
                throw ConfigError("MAX_CONCURRENT_UPLOADS_PER_KEY must be a whole number from 1 to 1000, not \(text)")
            }
            limits.concurrentUploadsPerKey = parsed
        }
        if let text = value("HTTP_IDLE_TIMEOUT_SECONDS") {
            guard let parsed = TimeInterval(text), (1...86_400).contains(parsed) else {
                throw ConfigError("HTTP_IDLE_TIMEOUT_SECONDS must be a number of seconds from 1 to 86400, not \(text)")
            }
            limits.idleTimeout = parsed
        }
        return limits
    }
}

extension AppConfig {
    /// See `RequestLimits.idleTimeout`.
    var effectiveIdleTimeout: TimeInterval {
        if let configured = limits.idleTimeout { return configured }
        var longestEngine: TimeInterval = 0
        if openAIAPIKey != nil { longestEngine = max(longestEngine, generation.openAITimeout) }
        if generation.resolvedLocalURL != nil { longestEngine = max(longestEngine, generation.localTimeout) }
        return longestEngine > 0 ? longestEngine + 30 : 30
    }
}
