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

    static let uploadCount = 300

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
        // would delay requests to the restarted server.
        var client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)

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
        let succeeded = Counter()
        let uploads = Task {
            await withTaskGroup(of: Void.self) { group in
                for round in 0..<Self.uploadCount {
                    let id = personaIDs[round % personaIDs.count]
                    group.addTask {
                        let reply = try? await running.request(
                            firstClient, .POST, "/api/v1/personas/\(id)/seed-image/upload", headers: form.headers, body: form.body)
                        if reply?.status == .ok { await succeeded.increment() }
                    }
                }
            }
        }
        // Kill it while uploads are in full flow: some done, many in flight.
        let deadline = ContinuousClock.now + .seconds(60)
        while await succeeded.value < 10, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        try await server.kill()
        await uploads.value
        let acknowledged = await succeeded.value
        #expect(acknowledged >= 10 && acknowledged < Self.uploadCount, "\(acknowledged) uploads acknowledged before the kill")

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
        let fsck = try ServerProcess.run(binary: binary, arguments: ["fsck"], directory: directory, environment: environment)
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

    func waitUntilReady(_ client: HTTPClient) async throws {
        for _ in 0..<300 {
            if let response = try? await request(client, .GET, "/healthz", timeout: .seconds(1)), response.status == .ok {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("server on port \(port) did not start")
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
        headers: HTTPHeaders = [:], body: ByteBuffer? = nil, timeout: TimeAmount = .seconds(30)
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

    static func run(binary: String, arguments: [String], directory: String, environment: [String: String]) throws
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

actor Counter {
    private(set) var value = 0
    func increment() { value += 1 }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
