import AsyncHTTPClient
import Foundation

/// Talks to the fake without our client, to pin the fake's own checks.
enum OpenAIRawHTTP {
    static func send(
        _ method: String, to url: String, json: String? = nil, apiKey: String? = "test-key"
    ) async throws -> (status: Int, body: String) {
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .init(rawValue: method)
            if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
            if let json {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(Data(json.utf8))
            }
            let response = try await httpClient.execute(request, timeout: .seconds(60))
            let bytes = try await response.body.collect(upTo: 1 << 20)
            try await httpClient.shutdown()
            return (Int(response.status.code), String(buffer: bytes))
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }
}
