import Foundation

/// One row of `studio_sessions`.
struct StudioSessionRow: Codable, Sendable {
    static let table = "studio_sessions"

    /// SHA-256 (hex) of the cookie's random id: a leaked table opens no session.
    var idHash: String
    /// The API key the session was opened with: its public prefix and SHA-256 (hex), matched against
    /// the live keys on every request, so a revoked key's sessions end with it.
    var keyPrefix: String
    var keyHash: String
    var createdAt: Date
    var expiresAt: Date

    enum CodingKeys: String, CodingKey {
        case idHash = "id_hash"
        case keyPrefix = "key_prefix"
        case keyHash = "key_hash"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }
}
