/// `POST /api/v1/personas/bulk`: one action for up to 100 personas, each processed on its own.
public struct BulkRequest: Sendable, Equatable {
    public enum Action: String, Sendable, CaseIterable {
        case approve, reject
        case generateLocal = "generate-local"
        case generateCloud = "generate-cloud"
        case generateContent = "generate-content"
        case deactivate

        /// The scope the single request needs: approving is not implied by writing, deleting needs admin.
        public var requiredScope: AccessScope {
            switch self {
            case .approve, .reject: .approve
            case .generateLocal, .generateCloud, .generateContent: .write
            case .deactivate: .admin
            }
        }
    }

    public var action: Action
    /// As the client wrote them: an unknown or malformed one is that id's 404, as a single request's.
    public var ids: [String]
    /// The action's body (the generation options), as the single request would take it.
    public var options: JSONValue?

    public static let maxIDs = 100

    public static func parse(_ body: JSONValue) throws(ValidationFailure) -> BulkRequest {
        var reader = try FieldReader(body)
        var action: Action?
        if let value = reader.present("action") {
            action = reader.enumValue(value, Action.self, at: [.key("action")])
        }
        action = reader.require("action", action)
        var ids: [String] = []
        if let items = reader.list("ids", maxItems: maxIDs) {
            if items.isEmpty {
                reader.errors.append(.body(
                    .key("ids"), msg: "List should have at least 1 item after validation, not 0", type: "too_short"))
            }
            var seen = Set<String>()
            for (index, item) in items.enumerated() {
                guard case .string(let id) = item, id.unicodeScalars.count <= 100 else {
                    reader.errors.append(.body(
                        .key("ids"), .index(index), msg: "Input should be a persona id (a string of at most 100 characters)",
                        type: "string_type"))
                    continue
                }
                if !seen.insert(id.lowercased()).inserted {
                    reader.errors.append(.body(.key("ids"), .index(index), msg: "Value error, duplicate id \(id)", type: "value_error"))
                }
                ids.append(id)
            }
        } else if !reader.hasError(at: "ids") {
            reader.errors.append(.body(.key("ids"), msg: "Field required", type: "missing"))
        }
        let options = reader.present("options")
        if let options, case .object = options {} else if options != nil {
            reader.errors.append(.body(.key("options"), msg: "Input should be a valid dictionary", type: "dict_type"))
        }
        guard reader.errors.isEmpty, let action else { throw ValidationFailure(reader.errors) }
        return BulkRequest(action: action, ids: ids, options: options)
    }
}
