import Foundation

/// One request the fake received, as decoded for assertions.
public struct FakeOpenAIRequest: Sendable {
    public let method: String
    public let path: String
    /// Lower-cased header names; repeated headers joined with ", ".
    public let headers: [String: String]
    /// The JSON body's top-level object, for JSON requests.
    public let json: [String: FakeJSON]?
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
    public var model: String? { json?["model"]?.string ?? formFields["model"] }
}

public struct FakeOpenAIFormPart: Sendable, Equatable {
    public let name: String
    public let filename: String?
    public let contentType: String?
    public let body: Data

    public var text: String { String(decoding: body, as: UTF8.self) }
    public var size: Int { body.count }
}
