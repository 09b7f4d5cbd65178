@testable import App
import Foundation
import Testing
import Vapor
import VaporTesting

/// A byte ≥ 0x80 in a part's header name used to trap inside MultipartKit's parser and kill the server
/// (found by schemathesis, `scripts/api-conformance`): now a 400, and the server keeps serving.
@Suite struct MultipartHeaderGuardTests {
    static let boundary = "b50bed2fbfffe1bb53967e5b51097de5"
    static var headers: HTTPHeaders { ["Content-Type": "multipart/form-data; boundary=\(boundary)"] }

    /// The body schemathesis sent, and the same trap in the second part's headers.
    static let hostileBodies: [[UInt8]] = [
        Array("--\(boundary)\r\nn".utf8) + [0xC2, 0xB4, 0xF4, 0x8A, 0xA0, 0x95] + Array("--\(boundary)--\r\n".utf8),
        Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--\(boundary)\r\nX-\u{e4}: 1\r\n\r\n\r\n--\(boundary)--\r\n".utf8),
    ]

    @Test func nonASCIIHeaderNameIsABadRequestNotACrash() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            for body in Self.hostileBodies {
                let response = try await app.send(
                    .POST, "/api/v1/personas/\(id)/seed-image/upload", headers: Self.headers, body: ByteBuffer(bytes: body))
                #expect(response.status == .badRequest)
                #expect(response.detail == "There was an error parsing the body")
            }
            #expect(try await app.persona(id)["base_image_status"]?.string == "pending_upload")
        }
    }

    /// Header *values* may carry UTF-8 (browsers send file names that way): still accepted.
    @Test func utf8FileNameInAHeaderValueStillUploads() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            let form = MultipartForm(parts: [.init(
                name: "file", filename: "résumé-ünïcode.png", contentType: "image/png", bytes: try Fixtures.bytes("valid-rgb.png"))])
            let response = try await app.send(
                .POST, "/api/v1/personas/\(id)/seed-image/upload", headers: form.headers, body: form.body)
            #expect(response.status == .ok, "\(response.body.string)")
        }
    }

    /// Chunk edges fall anywhere: the guard keeps its place across them.
    @Test func guardFollowsTheParserAcrossOneByteChunks() throws {
        for body in Self.hostileBodies {
            var headerGuard = MultipartHeaderGuard(boundary: Self.boundary)
            #expect(throws: (any Error).self) {
                for byte in body { try headerGuard.check(ByteBuffer(bytes: [byte])) }
            }
        }
        let form = MultipartForm(
            parts: [
                .init(name: "note", filename: nil, contentType: nil, bytes: Array("\r\n--not-the-boundary ä\r\n".utf8)),
                .init(name: "file", filename: "ä.png", contentType: "image/png", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0xFF, 0x80]),
            ], boundary: Self.boundary)
        var headerGuard = MultipartHeaderGuard(boundary: Self.boundary)
        for byte in form.body.readableBytesView { try headerGuard.check(ByteBuffer(bytes: [byte])) }
    }
}
