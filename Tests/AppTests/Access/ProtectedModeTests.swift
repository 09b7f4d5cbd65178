@testable import App
import AsyncHTTPClient
import Foundation
import NIOCore
import PersonaSeedCore
import Testing
import Vapor

#if canImport(Glibc)
import Glibc
#endif

/// Protected mode, seen from a client that is not on loopback: the server listens on 0.0.0.0 and the
/// client connects to one of this machine's non-loopback addresses, so the server sees that address as
/// the peer. (`scripts/test` adds 198.18.0.1 to `lo` on a machine that has none.)
@Suite struct ProtectedModeTests {
    static var nonLoopbackAddress: String? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return nil }
        defer { freeifaddrs(list) }
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
            let ip = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            if UInt32(bigEndian: ip.s_addr) >> 24 == 127 { continue }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            var copy = ip
            inet_ntop(AF_INET, &copy, &text, socklen_t(INET_ADDRSTRLEN))
            return String(decoding: text.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return nil
    }

    func get(_ host: String, _ port: Int, _ path: String, key: String? = nil) async throws -> (HTTPResponseStatus, String) {
        var request = HTTPClientRequest(url: "http://\(host):\(port)\(path)")
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return (response.status, String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    func withOpenServer(_ adjust: @escaping (inout AppConfig) -> Void = { _ in },
                        _ body: @escaping (TestApp, String, Int) async throws -> Void) async throws {
        let remote = try #require(Self.nonLoopbackAddress, "this machine has no non-loopback IPv4 address (scripts/test adds one)")
        try await withTestApp(adjust) { app in
            try await app.app.server.start(address: .hostname("0.0.0.0", port: 0))
            let port = try #require(app.app.http.server.shared.localAddress?.port)
            do {
                try await body(app, remote, port)
            } catch {
                await app.app.server.shutdown()
                throw error
            }
            await app.app.server.shutdown()
        }
    }

    @Test func withoutKeysOnlyLoopbackIsServed() async throws {
        try await withOpenServer { app, remote, port in
            let local = try await get("127.0.0.1", port, "/api/v1/personas")
            #expect(local.0 == .ok)
            let refused = try await get(remote, port, "/api/v1/personas")
            #expect(refused.0 == .forbidden)
            #expect(refused.1.contains("protected mode"))
            #expect(refused.1.contains("personaseed keys create"))
            #expect(try await get(remote, port, "/healthz").0 == .forbidden)
            #expect(try await get(remote, port, "/api/v1/personas/\(UUID())", key: "psk_whatever").0 == .forbidden)
        }
    }

    @Test func onceAKeyExistsEveryClientNeedsOne() async throws {
        try await withOpenServer { app, remote, port in
            let key = try await app.makeKey("reader", [.read])
            #expect(try await get(remote, port, "/api/v1/personas").0 == .unauthorized)
            #expect(try await get("127.0.0.1", port, "/api/v1/personas").0 == .unauthorized)
            #expect(try await get(remote, port, "/api/v1/personas", key: key).0 == .ok)
            #expect(try await get(remote, port, "/healthz").0 == .ok)
            // Revoking the last key goes back to protected mode, not to an open server.
            #expect(try await app.app.apiKeys.revoke(name: "reader"))
            #expect(try await get(remote, port, "/api/v1/personas").0 == .forbidden)
            #expect(try await get("127.0.0.1", port, "/api/v1/personas", key: key).0 == .unauthorized)
            #expect(try await get("127.0.0.1", port, "/api/v1/personas").0 == .ok)
        }
    }

    @Test func allowUnauthenticatedServesEveryone() async throws {
        try await withOpenServer { app, remote, port in
            app.app.access.allowUnauthenticated.withLockedValue { $0 = true }
            #expect(try await get(remote, port, "/api/v1/personas").0 == .ok)
            // …but only while no key exists.
            _ = try await app.makeKey("reader", [.read])
            #expect(try await get(remote, port, "/api/v1/personas").0 == .unauthorized)
        }
    }

    @Test(arguments: [
        ("127.0.0.1", true), ("127.8.9.10", true), ("localhost", true), ("::1", true), ("[::1]", true),
        ("0.0.0.0", false), ("::", false), ("192.0.2.2", false), ("10.0.0.1", false), ("example.com", false),
        ("::ffff:127.0.0.1", true),
    ])
    func loopbackHostnames(host: String, loopback: Bool) {
        #expect(GuardedServeCommand.isLoopback(host: host) == loopback)
    }
}
