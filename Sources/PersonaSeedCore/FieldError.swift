/// One entry of a 422 validation answer, shaped as the reference service (FastAPI + pydantic) returns
/// them: `{"loc": ["body", "name"], "msg": "...", "type": "..."}`.
public struct FieldError: Sendable, Equatable, Codable, Error {
    public enum Location: Sendable, Equatable, Codable {
        case key(String)
        case index(Int)

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .key(let key): try container.encode(key)
            case .index(let index): try container.encode(index)
            }
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let index = try? container.decode(Int.self) {
                self = .index(index)
            } else {
                self = .key(try container.decode(String.self))
            }
        }
    }

    public var loc: [Location]
    public var msg: String
    public var type: String

    public init(loc: [Location], msg: String, type: String) {
        self.loc = loc
        self.msg = msg
        self.type = type
    }

    public static func body(_ path: Location..., msg: String, type: String) -> FieldError {
        FieldError(loc: [.key("body")] + path, msg: msg, type: type)
    }

    public static func query(_ name: String, msg: String, type: String) -> FieldError {
        FieldError(loc: [.key("query"), .key(name)], msg: msg, type: type)
    }
}

/// A request whose body or query failed validation: answered 422 with every problem listed.
public struct ValidationFailure: Error, Sendable, Equatable {
    public var errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }
}
