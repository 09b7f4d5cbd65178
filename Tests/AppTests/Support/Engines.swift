@testable import App
import EngineFakes
import AsyncHTTPClient
import Foundation
import PersonaSeedCore
import Testing
import Vapor
import VaporTesting

/// What the fake engines answer with: a real 1024x1024 PNG.
enum EngineImage {
    static var png: Data { get throws { Data(try Fixtures.bytes("generated-1024.png")) } }
}

/// A fake AUTOMATIC1111 on loopback for the body, stopped afterwards whatever happens.
func withFakeA1111<T>(
    models: [String] = ["v1-5-pruned-emaonly", "sd_xl_base_1.0"],
    controlNetModels: [String]? = nil,
    _ body: (FakeAutomatic1111) async throws -> T
) async throws -> T {
    let fake = try await FakeAutomatic1111.start(imagePNG: try EngineImage.png, models: models, controlNetModels: controlNetModels)
    do {
        let result = try await body(fake)
        await fake.stop()
        return result
    } catch {
        await fake.stop()
        throw error
    }
}

func withFakeOpenAI<T>(_ body: (FakeOpenAI) async throws -> T) async throws -> T {
    let fake = try await FakeOpenAI.start(imagePNG: try EngineImage.png)
    do {
        let result = try await body(fake)
        await fake.stop()
        return result
    } catch {
        await fake.stop()
        throw error
    }
}

extension AppConfig {
    /// The engines' timeouts default to 10 minutes: a test whose fake hangs on purpose must get its
    /// other work done first however slow the machine; the test of the timer itself sets its own.
    mutating func useLocalEngine(_ fake: FakeAutomatic1111, timeout: TimeInterval = 600) {
        generation.localBackend = .automatic1111
        generation.localURL = fake.baseURL
        generation.localTimeout = timeout
    }

    mutating func useCloudEngine(_ fake: FakeOpenAI, timeout: TimeInterval = 600) {
        openAIAPIKey = fake.apiKey
        generation.openAIBaseURL = fake.baseURL
        generation.openAITimeout = timeout
    }
}

/// A port on 127.0.0.1 that nothing listens on (bound, then closed): for "engine down" tests, and for
/// a child process to listen on.
func closedLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    try withUnsafeMutablePointer(to: &address) { pointer in
        try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
            guard bind(fd, raw, length) == 0, getsockname(fd, raw, &length) == 0 else {
                throw POSIXError(.EADDRINUSE)
            }
        }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

extension TestApp {
    func generate(
        _ id: String, _ route: String = "generate-local", json: String? = nil, headers: HTTPHeaders = [:], query: String = ""
    ) async throws -> TestingHTTPResponse {
        var headers = headers
        var body: ByteBuffer?
        if let json {
            headers.contentType = .json
            body = ByteBuffer(string: json)
        }
        return try await send(.POST, "/api/v1/personas/\(id)/seed-image/\(route)\(query)", headers: headers, body: body)
    }

    /// Polls the job until it has finished (or `limit` passes: generous, as a loaded machine can take
    /// tens of seconds for what takes milliseconds when idle; a passing test does not wait for it).
    func finishedJob(_ jobID: String, limit: Duration = .seconds(300)) async throws -> JSONValue {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let job = try await send(.GET, "/api/v1/jobs/\(jobID)").json
            if let status = job["status"]?.string, ["succeeded", "failed", "cancelled"].contains(status) { return job }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("job \(jobID) did not finish within \(limit)")
        return .null
    }

    /// Waits until `condition` holds (polling), failing the test after `limit` (generous, as above).
    func waitUntil(_ what: String, limit: Duration = .seconds(300), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("timed out waiting for \(what)")
    }

    /// Cancels a running job and returns it once it has finished. The server answers 200 with the
    /// finished job, or 202 when the engine took longer than `JobController.cancelWait` to stop (a
    /// loaded machine): then the job is followed until it finishes.
    func cancelRunningJob(_ jobID: String) async throws -> JSONValue {
        let answer = try await send(.DELETE, "/api/v1/jobs/\(jobID)")
        #expect([.ok, .accepted].contains(answer.status), "\(answer.status): \(answer.body.string)")
        return answer.status == .accepted ? try await finishedJob(jobID) : answer.json
    }
}

/// Stops the fake A1111's current run from outside, as an operator's own client would: the engine
/// answers that run's request with its images.
func interruptEngine(_ engine: FakeAutomatic1111) async throws {
    let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
    var interrupt = HTTPClientRequest(url: engine.baseURL + "/sdapi/v1/interrupt")
    interrupt.method = .POST
    do {
        _ = try await client.execute(interrupt, timeout: .seconds(120))
    } catch {
        try await client.shutdown()
        throw error
    }
    try await client.shutdown()
}
