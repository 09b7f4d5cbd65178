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
            try await app.withLiveServer { port in
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
                let reply = try await RawHTTP.exchangeOnOwnThread(port: port, request: Array(request.utf8), body: body, timeout: 120)
                #expect(reply.hasPrefix("HTTP/1.1 400"), "\(reply.prefix(200))")
                #expect(reply.contains("File too large. Maximum size is 10MB"))
                #expect(try await app.snapshot(id) == before)
            }
        }
    }
}

/// A minimal blocking HTTP/1.1 exchange on a TCP socket: writes what it can, then reads the answer.
enum RawHTTP {
    static func exchangeOnOwnThread(port: Int, request: [UInt8], body: [UInt8], timeout: Int) async throws -> String {
        try await onOwnThread { try exchange(port: port, request: request, body: body, timeout: timeout) }
    }

    static func exchange(port: Int, request: [UInt8], body: [UInt8], timeout: Int) throws -> String {
        let descriptor = try RawSocket.connect(port: port, timeout: timeout)
        defer { close(descriptor) }
        RawSocket.sendAll(descriptor, request + body)
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
