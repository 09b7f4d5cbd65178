@testable import App
import Foundation
import PersonaSeedCore
import Testing
import Vapor
import VaporTesting

#if canImport(Glibc)
import Glibc
#endif

/// `MAX_CONCURRENT_UPLOADS_PER_KEY`: a key with all its uploads in flight gets 429; other keys do not.
@Suite struct UploadSlotsTests {
    @Test func aKeysUploadsBeyondItsLimitAre429() async throws {
        // A long idle timeout: the stalled uploads must hold their slots however slow the machine is.
        try await withTestApp({ $0.limits.concurrentUploadsPerKey = 2; $0.limits.idleTimeout = 600 }) { app in
            let id = try await app.createPersona()
            let busy = try await app.makeKey("busy", [.write, .read])
            let other = try await app.makeKey("other", [.write, .read])
            try await app.withLiveServer { port in
                let png = try Fixtures.bytes("valid-rgb.png")

                // Two uploads that send their headers and a first part of the body, then stall.
                let boundary = "stall"
                let head = "POST /api/v1/personas/\(id)/seed-image/upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(busy)\r\n"
                    + "Content-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: 100000\r\n\r\n"
                    + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n"
                let stalled = try (0..<2).map { _ in
                    let descriptor = try RawSocket.connect(port: port, timeout: 60)
                    RawSocket.sendAll(descriptor, Array(head.utf8) + Array(png.prefix(100)))
                    return descriptor
                }
                let slots = app.app.access.uploadSlots
                try await app.waitUntil("the stalled uploads to hold both slots") { slots.inFlight(for: "busy") == 2 }
                let versions = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/versions", key: busy).body.string
                let refused = try await app.upload(id, png, key: busy)
                #expect(refused.status == .tooManyRequests)
                #expect(refused.detail == "Too many uploads at once for API key busy: at most 2; retry when one has finished")
                #expect(refused.headers.first(name: .retryAfter) == "1")
                #expect(try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/versions", key: busy).body.string == versions)
                // Another key is not held up.
                #expect(try await app.upload(id, png, key: other).status == .ok)

                for descriptor in stalled { close(descriptor) }
                try await app.waitUntil("the slots to be given back") { slots.inFlight(for: "busy") == 0 }
                #expect(try await app.upload(id, png, key: busy).status == .ok)
            }
        }
    }
}
