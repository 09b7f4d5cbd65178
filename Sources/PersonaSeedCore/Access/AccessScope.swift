/// What an API key may do. Kept apart on purpose: `approve` is not implied by `write`, so the people
/// who generate need not be the ones who sign off, and `admin` (delete, keys) implies nothing else.
public enum AccessScope: String, Sendable, Codable, CaseIterable, Comparable {
    /// Every GET.
    case read
    /// Create, update, upload, generate, select, cancel a job.
    case write
    /// Approve and reject (also a PUT that sets `base_image_status`).
    case approve
    /// Delete personas; manage keys.
    case admin

    public static func < (lhs: AccessScope, rhs: AccessScope) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// `read,write` → [.read, .write]; nil when any item is unknown or the list is empty.
    public static func parseList(_ text: String) -> Set<AccessScope>? {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
        guard !items.isEmpty else { return nil }
        var scopes = Set<AccessScope>()
        for item in items {
            guard let scope = AccessScope(rawValue: item) else { return nil }
            scopes.insert(scope)
        }
        return scopes
    }

    /// The stored and printed form: `read,write`, in a fixed order.
    public static func listText(_ scopes: Set<AccessScope>) -> String {
        scopes.sorted().map(\.rawValue).joined(separator: ",")
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop(while: { $0 == set }).reversed().drop(while: { $0 == set }).reversed())
    }
}
