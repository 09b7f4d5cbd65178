import Vapor

/// A key as `GET /api/v1/keys` lists it (never its secret); `key` only in the answer that created it.
struct APIKeyResponse: Content, Equatable {
    var name: String
    var scopes: [String]
    var prefix: String
    var createdAt: String
    var revokedAt: String?
    var key: String?

    enum CodingKeys: String, CodingKey {
        case name, scopes, prefix
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
        case key
    }

    init(_ row: APIKeyRow, key: String? = nil) {
        name = row.name
        scopes = row.scopeSet.sorted().map(\.rawValue)
        prefix = row.prefix
        createdAt = Timestamp.iso8601(row.createdAt)
        revokedAt = row.revokedAt.map(Timestamp.iso8601)
        self.key = key
    }

    /// `revoked_at` is written as null while the key is live: clients see every field.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(scopes, forKey: .scopes)
        try container.encode(prefix, forKey: .prefix)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(revokedAt, forKey: .revokedAt)
        try container.encodeIfPresent(key, forKey: .key)
    }
}
