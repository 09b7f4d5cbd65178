@testable import App
import Foundation
import Testing
import Vapor
import VaporTesting

#if canImport(Glibc)
import Glibc
#endif

/// Over a real socket: an oversized upload is answered without the server reading the rest of it.
@Suite struct StreamingUploadTests {
    @Test func oversizedUploadIsRefusedBeforeTheBodyEnds() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            let port = try await app.startLiveServer()
            let before = try await app.snapshot(id)

            // Announce 40 MiB, send 12 MiB, then wait: only a server that stops reading early answers.
            let boundary = "streaming-test"
            let head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n"
            let announced = 40 * 1024 * 1024
            let request = "POST /api/v1/personas/\(id)/seed-image/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: \(announced)\r\n\r\n" + head
            var body = try Fixtures.bytes("valid-rgb.png")
            body += [UInt8](repeating: 0x41, count: 12 * 1024 * 1024)
            let reply = try await RawHTTP.exchangeOnOwnThread(port: port, request: Array(request.utf8), body: body, timeout: 20)
            #expect(reply.hasPrefix("HTTP/1.1 400"), "\(reply.prefix(200))")
            #expect(reply.contains("File too large. Maximum size is 10MB"))
            await app.app.server.shutdown()
            #expect(try await app.snapshot(id) == before)
        }
    }
}

/// A minimal blocking HTTP/1.1 exchange on a TCP socket: writes what it can, then reads the answer.
enum RawHTTP {
    /// The exchange blocks for as long as the server takes: on a thread of its own, not on one of the
    /// few threads every concurrently running test shares.
    static func exchangeOnOwnThread(port: Int, request: [UInt8], body: [UInt8], timeout: Int) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try exchange(port: port, request: request, body: body, timeout: timeout) })
            }.start()
        }
    }

    static func exchange(port: Int, request: [UInt8], body: [UInt8], timeout: Int) throws -> String {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw TestFailure("connect") }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        for part in [request, body] {
            var offset = 0
            while offset < part.count {
                let sent = part[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                // The server may stop reading or close once it has refused: that is the point.
                if sent <= 0 { break }
                offset += sent
            }
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let received = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if received <= 0 { break }
            answer += buffer[0..<received]
            if let text = String(bytes: answer, encoding: .utf8), text.contains("\r\n\r\n"), text.contains("}") { break }
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
