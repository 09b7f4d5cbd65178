@testable import App
import Foundation
import NIOCore
import PersonaSeedCore
import Testing
import Vapor
import VaporTesting

#if canImport(Glibc)
import Glibc
#endif

/// Every limit on what a client sends answers a clear 4xx and changes nothing.
@Suite struct LimitsTests {
    func personaCount(_ app: TestApp) async throws -> Int {
        try await app.send(.GET, "/api/v1/personas?limit=100&active_only=false").json.array?.count ?? -1
    }

    // The 1 MiB JSON body limit: PersonaAPITests.oversizedJSONBodyIsRefusedWithAClearError (it needs a
    // real socket: the limit applies while reading).

    @Test func longURLsAre414() async throws {
        try await withTestApp { app in
            let response = try await app.send(.GET, "/api/v1/personas?skip=0&pad=" + String(repeating: "a", count: RequestLimits.maxURLBytes))
            #expect(response.status == .uriTooLong)
            #expect(response.detail == "URL too long: at most 8192 bytes")
        }
    }

    @Test func manyOrLargeHeadersAre431() async throws {
        try await withTestApp { app in
            var many = HTTPHeaders()
            for index in 0...RequestLimits.maxHeaderFields { many.add(name: "X-Field-\(index)", value: "v") }
            let tooMany = try await app.send(.GET, "/api/v1/personas", headers: many)
            #expect(tooMany.status == .requestHeaderFieldsTooLarge)
            #expect(tooMany.detail == "Request headers too large: at most 100 fields and 32 KiB")
            let large = try await app.send(.GET, "/api/v1/personas", headers: ["X-Large": String(repeating: "a", count: RequestLimits.maxHeaderBytes)])
            #expect(large.status == .requestHeaderFieldsTooLarge)
            #expect(try await app.send(.GET, "/api/v1/personas", headers: ["X-Fine": String(repeating: "a", count: 4000)]).status == .ok)
        }
    }

    /// Past the parser's own 80 KiB the connection is closed without an answer; nothing is stored and the
    /// server keeps serving.
    @Test func headersPastTheParserLimitCloseTheConnection() async throws {
        try await withTestApp { app in
            try await app.withLiveServer { port in
                let body = #"{"name": "Sarah", "appearance": "Professional woman in her 30s"}"#
                let head = "POST /api/v1/personas HTTP/1.1\r\nHost: x\r\nX-Huge: \(String(repeating: "a", count: 100_000))\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
                let reply = try await RawHTTP.exchangeOnOwnThread(port: port, request: Array(head.utf8), body: Array(body.utf8), timeout: 20)
                #expect(!reply.contains("201"), "\(reply.prefix(200))")
                #expect(try await personaCount(app) == 0)
                #expect(try await app.send(.GET, "/healthz").status == .ok)
            }
        }
    }

    @Test func deeplyNestedJSONIsRefusedNotACrash() async throws {
        try await withTestApp { app in
            let depth = 100_000
            let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let asBody = try await app.sendJSON(.POST, "/api/v1/personas", nested)
            #expect(asBody.status == .unprocessableEntity)
            let asField = try await app.sendJSON(
                .POST, "/api/v1/personas", #"{"name": "Sarah", "appearance": "Professional woman", "style_preferences": {"a": \#(nested)}}"#)
            #expect(asField.status == .unprocessableEntity)
            #expect(try await personaCount(app) == 0)
        }
    }

    @Test(arguments: [
        (#""content_themes": ["\#(String(repeating: "t", count: 201))"]"#, "content_themes"),
        (#""allowed_content_ratings": [\#(Array(repeating: #""sfw""#, count: 11).joined(separator: ","))]"#, "allowed_content_ratings"),
        (#""platform_restrictions": {\#((0...50).map { #""p\#($0)": "both""# }.joined(separator: ","))}"#, "platform_restrictions"),
        (#""platform_restrictions": {"\#(String(repeating: "p", count: 101))": "both"}"#, "platform_restrictions"),
        (#""platform_restrictions": {"": "both"}"#, "platform_restrictions"),
        (#""style_preferences": {"notes": "\#(String(repeating: "s", count: 17_000))"}"#, "style_preferences"),
    ])
    func freeFormFieldsHaveLimits(field: String, name: String) async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            let before = try await app.snapshot(id)
            let create = try await app.sendJSON(.POST, "/api/v1/personas", #"{"name": "Other", "appearance": "Professional woman in her 30s", \#(field)}"#)
            #expect(create.status == .unprocessableEntity)
            let locations = create.json["detail"]?.array?.compactMap { $0["loc"]?.array?[1].string } ?? []
            #expect(locations == [name], "\(create.body.string.prefix(300))")
            let update = try await app.sendJSON(.PUT, "/api/v1/personas/\(id)", "{\(field)}")
            #expect(update.status == .unprocessableEntity)
            #expect(try await app.snapshot(id) == before)
            #expect(try await personaCount(app) == 1)
        }
    }

    @Test func limitsJustInsideAreAccepted() async throws {
        try await withTestApp { app in
            let platforms = (0..<50).map { #""p\#($0)": "both""# }.joined(separator: ",")
            let response = try await app.sendJSON(.POST, "/api/v1/personas", """
                {"name": "Edge", "appearance": "Professional woman in her 30s",
                 "content_themes": ["\(String(repeating: "t", count: 200))"],
                 "platform_restrictions": {\(platforms)},
                 "style_preferences": {"notes": "\(String(repeating: "s", count: 16_000))"}}
                """)
            #expect(response.status == .created, "\(response.body.string.prefix(300))")
        }
    }

    /// A client that connects and stalls in its headers is disconnected after the idle timeout.
    @Test func aStalledClientIsDisconnected() async throws {
        try await withTestApp({ $0.limits.idleTimeout = 1 }) { app in
            try await app.withLiveServer { port in
                let started = ContinuousClock.now
                let outcome = try await StalledClient.sendThenWait(port: port, bytes: Array("GET /api/v1/personas HTTP/1.1\r\nHost: x\r\nX-Slow: ".utf8), wait: 30)
                #expect(outcome == .closedByServer)
                #expect(ContinuousClock.now - started < .seconds(25))
            }
        }
    }

    @Test func idleTimeoutCoversTheLongestEngine() {
        var config = AppConfig(dataDirectory: "/tmp/unused")
        #expect(config.effectiveIdleTimeout == 30)
        config.openAIAPIKey = "sk-test"
        #expect(config.effectiveIdleTimeout == 210)
        config.generation.localURL = "http://127.0.0.1:7860"
        #expect(config.effectiveIdleTimeout == 930)
        config.limits.idleTimeout = 5
        #expect(config.effectiveIdleTimeout == 5)
    }

    @Test func limitSettingsAreReadAndChecked() throws {
        let limits = try RequestLimits.fromEnvironment(["MAX_CONCURRENT_UPLOADS_PER_KEY": "3", "HTTP_IDLE_TIMEOUT_SECONDS": "45"])
        #expect(limits.concurrentUploadsPerKey == 3)
        #expect(limits.idleTimeout == 45)
        #expect(throws: ConfigError.self) { try RequestLimits.fromEnvironment(["MAX_CONCURRENT_UPLOADS_PER_KEY": "0"]) }
        #expect(throws: ConfigError.self) { try RequestLimits.fromEnvironment(["HTTP_IDLE_TIMEOUT_SECONDS": "soon"]) }
    }
}

/// A raw client that sends some bytes and then nothing.
enum StalledClient {
    enum Outcome: Equatable { case closedByServer, stillOpen, answered(String) }

    /// Sends `bytes`, then waits up to `wait` seconds for the server to answer or close.
    static func sendThenWait(port: Int, bytes: [UInt8], wait: Int) async throws -> Outcome {
        try await onOwnThread {
            let descriptor = try RawSocket.connect(port: port, timeout: wait)
            defer { close(descriptor) }
            RawSocket.sendAll(descriptor, bytes)
            var buffer = [UInt8](repeating: 0, count: 4096)
            let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if received == 0 { return .closedByServer }
            if received < 0 { return errno == ECONNRESET ? .closedByServer : .stillOpen }
            return .answered(String(decoding: buffer[0..<received], as: UTF8.self))
        }
    }
}
