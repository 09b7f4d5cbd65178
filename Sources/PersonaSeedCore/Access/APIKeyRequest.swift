/// A key to create: a name (how it appears in `keys list` and in the audit trail) and its scopes.
public struct APIKeyRequest: Sendable, Equatable {
    public var name: String
    public var scopes: Set<AccessScope>

    public init(name: String, scopes: Set<AccessScope>) {
        self.name = name
        self.scopes = scopes
    }

    public static let maxNameLength = 64

    /// Names end up in logs, audit rows and CLI tables: a plain token keeps them unambiguous there.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.count <= maxNameLength
            && name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0)) }
    }

    public static let nameRule = "1 to 64 characters among A-Z, a-z, 0-9, '.', '_' and '-'"

    /// The body of `POST /api/v1/keys`: `{"name": "ci", "scopes": ["read", "write"]}`.
    public static func parse(body: JSONValue) throws(ValidationFailure) -> APIKeyRequest {
        var reader = try FieldReader(body)
        let name = reader.string("name", min: 1, max: maxNameLength)
        if let name, !isValidName(name) {
            reader.errors.append(.body(
                .key("name"), msg: "String should match pattern '^[A-Za-z0-9._-]{1,64}$'", type: "string_pattern_mismatch"))
        }
        _ = reader.require("name", name)
        var scopes = Set<AccessScope>()
        if let items = reader.list("scopes", maxItems: AccessScope.allCases.count) {
            for (index, item) in items.enumerated() {
                if let scope = reader.enumValue(item, AccessScope.self, at: [.key("scopes"), .index(index)]) {
                    if scopes.contains(scope) {
                        reader.errors.append(.body(
                            .key("scopes"), .index(index), msg: "Value error, '\(scope.rawValue)' is listed twice",
                            type: "value_error"))
                    }
                    scopes.insert(scope)
                }
            }
            if items.isEmpty {
                reader.errors.append(.body(
                    .key("scopes"), msg: "List should have at least 1 item after validation, not 0", type: "too_short"))
            }
        } else {
            _ = reader.require("scopes", Optional<Int>.none)
        }
        guard reader.errors.isEmpty, let name else { throw ValidationFailure(reader.errors) }
        return APIKeyRequest(name: name, scopes: scopes)
    }
}
