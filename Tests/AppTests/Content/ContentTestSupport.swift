@testable import App
import Crypto
import Foundation
import PersonaSeedCore
import Testing
import Vapor
import VaporTesting

extension TestApp {
    /// A persona with an uploaded, approved baseline: returns its id and the stored bytes' sha256.
    func approvedPersona(
        _ json: String = #"{"name": "AI Model Emma", "base_appearance_description": "Athletic woman in her mid-20s, long blonde hair, bright blue eyes"}"#,
        image: String = "valid-rgb.png"
    ) async throws -> (id: String, baselineSHA256: String) {
        let id = try await createPersona(json)
        let uploaded = try await upload(id, try Fixtures.bytes(image))
        #expect(uploaded.status == .ok, "upload: \(uploaded.body.string)")
        let approved = try await send(.POST, "/api/v1/personas/\(id)/seed-image/approve")
        #expect(approved.status == .ok, "approve: \(approved.body.string)")
        return (id, try await currentFileSHA256(of: id))
    }

    /// The sha256 of the persona's current image file as it is on disk.
    func currentFileSHA256(of id: String) async throws -> String {
        let current = try await persona(id)
        let key = try #require(current["base_image_path"]?.string)
        return sha256Hex(try Data(contentsOf: URL(fileURLWithPath: "\(imagesDirectory)/\(key)")))
    }

    func generateContent(_ id: String, _ json: String, query: String = "") async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return try await send(
            .POST, "/api/v1/personas/\(id)/content/generate\(query)", headers: headers, body: ByteBuffer(string: json))
    }

    func content(_ id: String, query: String = "") async throws -> JSONValue {
        let response = try await send(.GET, "/api/v1/personas/\(id)/content\(query)")
        #expect(response.status == .ok, "\(response.body.string)")
        return response.json
    }
}

func sha256Hex(_ data: Data) -> String {
    SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
}
