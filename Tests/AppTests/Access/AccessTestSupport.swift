@testable import App
import Foundation
import PersonaSeedCore
import Testing
import Vapor
import VaporTesting

extension TestApp {
    /// Creates a key as `personaseed keys create` does and returns its secret.
    func makeKey(_ name: String, _ scopes: Set<AccessScope>) async throws -> String {
        try await app.apiKeys.create(APIKeyRequest(name: name, scopes: scopes)).key
    }

    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, key: String?, json: String? = nil) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let key { headers.bearerAuthorization = .init(token: key) }
        if let json {
            headers.contentType = .json
            return try await send(method, path, headers: headers, body: ByteBuffer(string: json))
        }
        return try await send(method, path, headers: headers)
    }

    func upload(_ id: String, _ bytes: [UInt8], key: String) async throws -> TestingHTTPResponse {
        let form = MultipartForm(parts: [.init(name: "file", filename: "a.png", contentType: "image/png", bytes: bytes)])
        var headers = form.headers
        headers.bearerAuthorization = .init(token: key)
        return try await send(.POST, "/api/v1/personas/\(id)/seed-image/upload", headers: headers, body: form.body)
    }
}
