import Foundation
import PersonaSeedCore

/// A row of `api_keys`. The secret itself is never stored: only its SHA-256 (keys are 256 random bits,
/// so a fast hash is enough; there is nothing to guess that a slow hash would protect).
struct APIKeyRow: Codable, Sendable, Equatable {
    static let table = "api_keys"

    var id: UUID
    var name: String
    /// `read,write` (see `AccessScope.listText`).
    var scopes: String
    /// The key's public start (`psk_` + 12 characters): how a presented key finds its row, and how
    /// `keys list` tells keys apart without showing them.
    var prefix: String
    /// Lowercase hex SHA-256 of the whole key.
    var secretHash: String
    var createdAt: Date
    var revokedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, scopes, prefix
        case secretHash = "secret_hash"
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
    }

    var scopeSet: Set<AccessScope> { AccessScope.parseList(scopes) ?? [] }
}
