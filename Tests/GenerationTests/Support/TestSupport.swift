import AsyncHTTPClient
import Foundation

/// What the engines' test kits share: the fixtures, an HTTP client torn down on every path, an
/// error caught, and polling for the fakes' asynchronous work.
enum TestSupport {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(name))
    }

    /// What the fakes answer as the generated image.
    static func generatedPNG() throws -> Data { try fixture("generated-1024.png") }

    /// Runs `body` with a new HTTP client, then shuts the client down and runs `stop` (a fake's),
    /// whatever `body` does.
    static func withHTTPClient<T>(
        stopping stop: () async -> Void = {}, _ body: (HTTPClient) async throws -> T
    ) async throws -> T {
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let result = try await body(httpClient)
            try await httpClient.shutdown()
            await stop()
            return result
        } catch {
            try? await httpClient.shutdown()
            await stop()
            throw error
        }
    }

    /// The error `operation` threw, or nil.
    static func error(of operation: () async throws -> some Any) async -> (any Error)? {
        do {
            _ = try await operation()
            return nil
        } catch {
            return error
        }
    }

    /// Polls until `condition` holds; false when it never did within `limit`. A passing run returns as
    /// soon as it holds, so the default is as generous as a slow, loaded machine could need; a caller
    /// expecting `false` must pass a short `limit` of its own.
    static func eventually(within limit: Duration = .seconds(120), _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition()
    }
}
