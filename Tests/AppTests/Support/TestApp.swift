@testable import App
import Fluent
import Foundation
import PersonaSeedCore
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A configured app on a fresh data folder (and a fresh database: a SQLite file, or a PostgreSQL schema
/// of its own when `PERSONASEED_TEST_POSTGRES_URL` is set), torn down afterwards.
struct TestApp {
    let app: Application
    let config: AppConfig

    var imagesDirectory: String { config.imagesDirectory }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["PERSONASEED_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func makeConfig(directory: String, adjust: (inout AppConfig) -> Void = { _ in }) -> AppConfig {
        var config = AppConfig(dataDirectory: directory)
        if let url = postgresURL {
            config.database = .postgres(url: url)
            config.postgresSearchPath = ["t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")]
        }
        adjust(&config)
        return config
    }
}

func makeTemporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("personaseed-test-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func withTestApp(
    _ adjust: (inout AppConfig) -> Void = { _ in },
    _ body: (TestApp) async throws -> Void
) async throws {
    let directory = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let config = TestApp.makeConfig(directory: directory, adjust: adjust)
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning  // migrations log every step at info
    do {
        try await configure(app, config: config)
        try await body(TestApp(app: app, config: config))
    } catch {
        await app.generationIfConfigured?.runner?.shutdown()
        await dropSchema(app, config)
        try? await app.asyncShutdown()
        throw error
    }
    // The worker stops before its schema goes, not after.
    await app.generationIfConfigured?.runner?.shutdown()
    await dropSchema(app, config)
    try await app.asyncShutdown()
}

private func dropSchema(_ app: Application, _ config: AppConfig) async {
    guard let schema = config.postgresSearchPath?.first else { return }
    try? await (app.db as! any SQLDatabase).raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
}

extension TestApp {
    /// Serves the app on 127.0.0.1 on a port the kernel picks (no collisions between parallel tests).
    func startLiveServer() async throws -> Int {
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        guard let port = app.http.server.shared.localAddress?.port else { throw TestFailure("no port") }
        return port
    }

    /// `startLiveServer` for `body`, then stops serving whatever happens (a server still running at
    /// teardown trips Vapor's assertion and takes the whole test process down).
    func withLiveServer<T>(_ body: (Int) async throws -> T) async throws -> T {
        let port = try await startLiveServer()
        do {
            let result = try await body(port)
            await app.server.shutdown()
            return result
        } catch {
            await app.server.shutdown()
            throw error
        }
    }

    /// Sends one request through the app (in memory, or over a real socket when the app is running).
    @discardableResult
    func send(
        _ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: ByteBuffer? = nil
    ) async throws -> TestingHTTPResponse {
        var request = TestingHTTPRequest(
            method: method, url: .init(path: path), headers: headers,
            body: body ?? ByteBufferAllocator().buffer(capacity: 0))
        if body != nil, !headers.contains(name: .contentLength) {
            request.headers.replaceOrAdd(name: .contentLength, value: String(request.body.readableBytes))
        }
        return try await app.testing().performTest(request: request)
    }

    @discardableResult
    func sendJSON(_ method: HTTPMethod, _ path: String, _ json: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return try await send(method, path, headers: headers, body: ByteBuffer(string: json))
    }

    /// Creates a persona and returns its id.
    func createPersona(
        _ json: String = #"{"name": "AI Influencer Sarah", "appearance": "Professional woman in her 30s"}"#
    ) async throws -> String {
        let response = try await sendJSON(.POST, "/api/v1/personas", json)
        #expect(response.status == .created, "create: \(response.body.string)")
        return try #require(response.json["id"]?.string)
    }

    func persona(_ id: String) async throws -> JSONValue {
        let response = try await send(.GET, "/api/v1/personas/\(id)")
        #expect(response.status == .ok)
        return response.json
    }

    @discardableResult
    func upload(
        _ id: String, _ bytes: [UInt8], filename: String = "reference_image.png", contentType: String? = "image/png"
    ) async throws -> TestingHTTPResponse {
        let form = MultipartForm(parts: [.init(name: "file", filename: filename, contentType: contentType, bytes: bytes)])
        return try await send(.POST, "/api/v1/personas/\(id)/seed-image/upload", headers: form.headers, body: form.body)
    }

    /// Everything a client or the disk could see of a persona: its JSON, its versions, and every file
    /// in the image folder with its sha256.
    func snapshot(_ id: String) async throws -> StoredState {
        let versions = try await send(.GET, "/api/v1/personas/\(id)/seed-image/versions")
        return StoredState(
            persona: try await persona(id), versions: versions.json, files: try folderContents(imagesDirectory))
    }
}

struct StoredState: Equatable {
    let persona: JSONValue
    let versions: JSONValue
    let files: [String: String]
}

func folderContents(_ directory: String) throws -> [String: String] {
    var result: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
        result[name] = try SeedImageService.sha256(ofFile: "\(directory)/\(name)")
    }
    return result
}

extension TestingHTTPResponse {
    var json: JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))) ?? .null
    }

    var detail: String? { json["detail"]?.string }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    var string: String? { if case .string(let value) = self { return value } else { return nil } }
    var int: Int? { if case .number(let value) = self { return Int(value) } else { return nil } }
    var bool: Bool? { if case .bool(let value) = self { return value } else { return nil } }
    var array: [JSONValue]? { if case .array(let value) = self { return value } else { return nil } }
}
