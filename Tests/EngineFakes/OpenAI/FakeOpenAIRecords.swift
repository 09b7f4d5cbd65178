import Foundation

/// One request the fake received, as decoded for assertions.
public struct FakeOpenAIRequest: Sendable {
    public let method: String
    public let path: String
    /// Lower-cased header names; repeated headers joined with ", ".
    public let headers: [String: String]
    /// The JSON body's top-level object, for JSON requests.
    public let json: [String: FakeOpenAIJSON]?
    /// The parts, in order, for multipart requests.
    public let multipart: [FakeOpenAIFormPart]?
    public let arrivedAt: ContinuousClock.Instant

    /// The text parts of a multipart body by name (the last one wins).
    public var formFields: [String: String] {
        var fields: [String: String] = [:]
        for part in multipart ?? [] where part.filename == nil {
            fields[part.name] = part.text
        }
        return fields
    }

    /// The model named in the body, JSON or multipart.
    public var model: String? { json?["model"]?.stringValue ?? formFields["model"] }
}

public struct FakeOpenAIFormPart: Sendable, Equatable {
    public let name: String
    public let filename: String?
    public let contentType: String?
    public let body: Data

    public var text: String { String(decoding: body, as: UTF8.self) }
    public var size: Int { body.count }
}

public enum FakeOpenAIJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([FakeOpenAIJSON])
    case object([String: FakeOpenAIJSON])

    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    public var intValue: Int? {
        if case .number(let value) = self, value == value.rounded() { Int(value) } else { nil }
    }
}

extension FakeOpenAIJSON: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([FakeOpenAIJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: FakeOpenAIJSON].self))
        }
    }
}
