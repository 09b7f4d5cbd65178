@testable import App
import AsyncHTTPClient
import Foundation
import NIOCore
import PersonaSeedCore
import SQLKit
import Testing
import Vapor

#if canImport(Glibc)
import Glibc
#endif

/// The real `personaseed` binary, killed with SIGKILL in the middle of uploads and started again:
/// every version it reports still has bytes that match its sha256, and `fsck` agrees.
@Suite(.serialized) struct CrashRecoveryTests {
    static var binary: String? {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [beside, beside.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("personaseed").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fallback = root.appendingPathComponent(".build/debug/personaseed").path
        return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
    }

    /// Uploaders that send one upload after another until the server dies: as many as the per-key
    /// upload slots and the client's connections per host (8 each), so none waits in a queue or is
    /// turned away, and every upload the test counts was really in flight.
    static let uploaders = 8
    /// Acknowledgements to see before the kill: the crash comes with stored versions behind it.
    static let acknowledgementsBeforeKill = 10
    /// Bounds only a broken server reaches: a passing run waits for the acknowledgements, not for
    /// these (a loaded machine takes seconds per upload where an idle one takes milliseconds).
    static let killBound: Duration = .seconds(600)
    static let uploadTimeout: TimeAmount = .seconds(300)
    /// The most uploads a run sends, so that its request loops are bounded in count as well as time.
    static let uploadLimit = 2_000

    @Test func killedMidUploadRestartsConsistent() async throws {
        let binary = try #require(Self.binary, "build the personaseed product first (swift build)")
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["BASE_IMAGES_DIR"] = nil
        let database = "crash_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        if let url = TestApp.postgresURL {
            // The binary takes a plain DATABASE_URL: give it a database of its own.
            try await Self.postgres("CREATE DATABASE \(database)")
            environment["DATABASE_URL"] = Self.replacingDatabase(in: url, with: database)
        }
        // A client per server life: after the kill, a shared pool backs off from the dead port and
        // would delay requests to the restarted server. The first one does not retry a refused
        // connection: an upload started just after the kill fails at once instead of trying the dead
        // port until its deadline.
        var firstLife = HTTPClient.Configuration()
        firstLife.connectionPool.retryConnectionEstablishment = false
        var client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: firstLife)

        let port = try closedLoopbackPort()  // free a moment ago: far less likely to collide than a random one
        var server = try ServerProcess(binary: binary, port: port, directory: directory, environment: environment)
        try await server.waitUntilReady(client)
        var ids: [String] = []
        for index in 0..<3 {
            let created = try await server.request(client, .POST, "/api/v1/personas",
                json: #"{"name": "Crash \#(index)", "appearance": "Professional woman in her 30s"}"#)
            ids.append(try #require(created.json["id"]?.string))
        }
        // Padded to 1 MiB (the padding is dropped when stored) so that uploads take long enough to be
        // caught in flight.
        let image = try Fixtures.png(paddedTo: 1 << 20)
        let form = MultipartForm(parts: [.init(name: "file", filename: "a.png", contentType: "image/png", bytes: image)])
        let running = server
        let personaIDs = ids
        let firstClient = client
        let tally = UploadTally()
        let uploads = Task {
            await withTaskGroup(of: Void.self) { group in
                for uploader in 0..<Self.uploaders {
                    group.addTask {
                        let id = personaIDs[uploader % personaIDs.count]
                        // Each uploader goes on until its upload fails: the kill ends every one of them.
                        while await tally.begin(limit: Self.uploadLimit) {
                            let reply = try? await running.request(
                                firstClient, .POST, "/api/v1/personas/\(id)/seed-image/upload",
                                headers: form.headers, body: form.body, timeout: Self.uploadTimeout)
                            await tally.end(reply?.status)
                            if reply == nil { return }
                        }
                    }
                }
            }
        }
        // Kill it while uploads are in full flow: some acknowledged, others in flight.
        let deadline = ContinuousClock.now + Self.killBound
        while await tally.acknowledged < Self.acknowledgementsBeforeKill, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        let inFlightAtKill = await tally.inFlight
        try await server.kill()
        await uploads.value
        let acknowledged = await tally.acknowledged
        #expect(acknowledged >= Self.acknowledgementsBeforeKill, "\(acknowledged) uploads acknowledged within \(Self.killBound)")
        #expect(inFlightAtKill > 0, "no upload was in flight when the server was killed")
        let refused = await tally.refused
        #expect(refused == 0, "\(refused) uploads refused by a live server")

        try await client.shutdown()
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        server = try ServerProcess(binary: binary, port: port, directory: directory, environment: environment)
        try await server.waitUntilReady(client)
        var stored = 0
        for id in ids {
            let versions = try #require(try await server.request(client, .GET, "/api/v1/personas/\(id)/seed-image/versions").json.array)
            let numbers = versions.compactMap { $0["version"]?.int }
            stored += numbers.count
            #expect(numbers == Array((0..<numbers.count).map { numbers.count - $0 }))
            for version in versions {
                let number = try #require(version["version"]?.int)
                let bytes = try await server.request(client, .GET, "/api/v1/personas/\(id)/seed-image/versions/\(number)/image")
                #expect(SHA256.hash(data: Data(bytes.body.readableBytesView)).hex == version["sha256"]?.string)
            }
        }
        // Every acknowledged upload survived the crash.
        #expect(stored >= acknowledged)
        try await server.kill()
        try await client.shutdown()
        let fsck = try await ServerProcess.run(binary: binary, arguments: ["fsck"], directory: directory, environment: environment)
        #expect(fsck.status == 0, "fsck: \(fsck.output)")
        #expect(fsck.output.contains("0 problems"))
        if TestApp.postgresURL != nil {
            // The throwaway cluster goes at the end of the run anyway; this keeps local reruns tidy.
            try await Self.postgres("DROP DATABASE IF EXISTS \(database)")
        }
    }
}

extension CrashRecoveryTests {
    static func postgres(_ statement: String) async throws {
        try await withTestApp { app in
            try await (app.app.db as! any SQLDatabase).raw(SQLQueryString(statement)).run()
        }
    }

    static func replacingDatabase(in url: String, with name: String) -> String {
        var components = URLComponents(string: url)!
        components.path = "/\(name)"
        return components.string!
    }
}

/// `Process` is not Sendable; the uploads share only `port` and `request`, which do not touch it.
struct ServerProcess: @unchecked Sendable {
    let process: Process
    let port: Int

    init(binary: String, port: Int, directory: String, environment: [String: String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--hostname", "127.0.0.1", "--port", String(port)]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.port = port
    }

    /// A bound only a broken server reaches: a debug build starting on a loaded machine takes seconds.
    static let startBound: Duration = .seconds(300)

    func waitUntilReady(_ client: HTTPClient) async throws {
        let deadline = ContinuousClock.now + Self.startBound
        while ContinuousClock.now < deadline {
            if let response = try? await request(client, .GET, "/healthz", timeout: .seconds(1)), response.status == .ok {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("server on port \(port) did not start within \(Self.startBound)")
    }

    /// SIGKILL, then wait without blocking a thread of the (small) cooperative pool, which
    /// `waitUntilExit` would do.
    func kill() async throws {
        Glibc.kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
    }

    struct Reply {
        let status: HTTPResponseStatus
        let body: ByteBuffer
        var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))) ?? .null }
    }

    func request(
        _ client: HTTPClient, _ method: HTTPMethod, _ path: String, json: String? = nil,
        headers: HTTPHeaders = [:], body: ByteBuffer? = nil, timeout: TimeAmount = .seconds(120)
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers = headers
        if let json {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        } else if let body {
            request.body = .bytes(body)
        }
        let response = try await client.execute(request, timeout: timeout)
        return Reply(status: response.status, body: try await response.body.collect(upTo: 64 << 20))
    }

    /// Runs the binary to its end, on a thread of its own (it blocks while the command runs).
    static func run(binary: String, arguments: [String], directory: String, environment: [String: String]) async throws
        -> (status: Int32, output: String)
    {
        try await onOwnThread { try runBlocking(binary: binary, arguments: arguments, directory: directory, environment: environment) }
    }

    static func runBlocking(binary: String, arguments: [String], directory: String, environment: [String: String]) throws
        -> (status: Int32, output: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}

/// What the crash test's uploaders did: uploads started, acknowledged (200), refused (any other
/// answer: a live server has no reason to refuse them), and still waiting for an answer.
actor UploadTally {
    private(set) var started = 0
    private(set) var acknowledged = 0
    private(set) var refused = 0
    private(set) var inFlight = 0

    /// Starts one more upload unless `limit` uploads have been started.
    func begin(limit: Int) -> Bool {
        guard started < limit else { return false }
        started += 1
        inFlight += 1
        return true
    }

    /// Ends an upload with the server's answer, or nil when it gave none (the kill).
    func end(_ status: HTTPResponseStatus?) {
        inFlight -= 1
        switch status {
        case .ok?: acknowledged += 1
        case nil: break
        case _?: refused += 1
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
