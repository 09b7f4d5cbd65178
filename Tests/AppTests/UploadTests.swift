@testable import App
import Foundation
import PersonaSeedCore
import Testing
import Vapor
import VaporTesting

/// Every refusal of an upload leaves the persona, its versions and the image folder exactly as they were.
@Suite struct UploadTests {
    static let invalidType = "Invalid file type. Allowed: image/png, image/jpeg, image/jpg, image/webp"
    static let undecodable = "Invalid image: the file could not be decoded"

    /// (fixture, declared type, expected detail)
    static let refusals: [(String, String?, String)] = [
        ("plain.txt", "text/plain", invalidType),
        ("plain.txt", "image/png", invalidType),
        ("image.gif", "image/gif", invalidType),
        ("gif-named-as.png", "image/png", invalidType),
        ("image.svg", "image/svg+xml", invalidType),
        ("svg-named-as.webp", "image/webp", invalidType),
        ("image.bmp", "application/octet-stream", invalidType),
        ("image.tiff", nil, invalidType),
        ("tiff-named-as.jpg", "image/jpeg", invalidType),
        ("image.heic", "image/heic", invalidType),
        ("empty.bin", "image/png", invalidType),
        ("valid-rgb.png", "text/plain", invalidType),
        ("crlf-signature.png", "image/png", invalidType),
        ("truncated.png", "image/png", undecodable),
        ("bad-crc-idat.png", "image/png", undecodable),
        ("bad-crc-ihdr.png", "image/png", undecodable),
        ("corrupt-zlib.png", "image/png", undecodable),
        ("missing-idat.png", "image/png", undecodable),
        ("bad-colortype-depth.png", "image/png", undecodable),
        ("png-signature-gif-body.png", "image/png", undecodable),
        ("short-idat.png", "image/png", undecodable),
        ("truncated.jpg", "image/jpeg", undecodable),
        ("truncated.webp", "image/webp", undecodable),
        ("bomb-20000x20000.png", "image/png", "Image too large: maximum is 40 megapixels"),
    ]

    /// PngSuite's corrupt files (made by scripts/make-fixtures.py): a damaged signature is not a PNG at
    /// all; the rest are PNGs that cannot be decoded.
    static let pngSuiteRefusals: [(String, String)] = [
        ("pngsuite-xs1n0g01.png", invalidType), ("pngsuite-xs2n0g01.png", invalidType),
        ("pngsuite-xs4n0g01.png", invalidType), ("pngsuite-xs7n0g01.png", invalidType),
        ("bad-signature-byte3.png", invalidType), ("bad-signature-byte5.png", invalidType),
        ("bad-signature-byte6.png", invalidType), ("bad-signature-byte8.png", invalidType),
        ("pngsuite-xcrn0g04.png", invalidType), ("pngsuite-xlfn0g04.png", invalidType),
        ("pngsuite-xhdn0g08.png", undecodable), ("pngsuite-xcsn0g01.png", undecodable),
        ("pngsuite-xc1n0g08.png", undecodable), ("pngsuite-xc9n2c08.png", undecodable),
        ("pngsuite-xd0n2c08.png", undecodable), ("pngsuite-xd3n2c08.png", undecodable),
        ("pngsuite-xd9n2c08.png", undecodable), ("pngsuite-xdtn0g01.png", undecodable),
    ]

    @Test func pngSuiteCorruptFilesAre400AndStoreNothing() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            try await app.upload(id, try Fixtures.bytes("valid-rgb.png"))
            let before = try await app.snapshot(id)
            for (fixture, detail) in Self.pngSuiteRefusals {
                let response = try await app.upload(id, try Fixtures.bytes(fixture), filename: fixture, contentType: "image/png")
                #expect(response.status == .badRequest, "\(fixture): \(response.body.string)")
                #expect(response.detail == detail, "\(fixture)")
                #expect(try await app.snapshot(id) == before, "\(fixture) changed stored data")
            }
        }
    }

    @Test func refusedUploadsLeaveEverythingAsItWas() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            try await app.upload(id, try Fixtures.bytes("valid-rgb.png"))
            let before = try await app.snapshot(id)
            for (fixture, declared, detail) in Self.refusals {
                let response = try await app.upload(id, try Fixtures.bytes(fixture), filename: fixture, contentType: declared)
                #expect(response.status == .badRequest, "\(fixture): \(response.body.string)")
                #expect(response.detail == detail, "\(fixture)")
                #expect(try await app.snapshot(id) == before, "\(fixture) changed stored data")
            }
        }
    }

    @Test func refusalBodiesAreTheSeedTextsVerbatim() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            let text = try await app.upload(id, Array("hello".utf8), filename: "a.txt", contentType: "text/plain")
            #expect(text.body.string == #"{"detail":"Invalid file type. Allowed: image/png, image/jpeg, image/jpg, image/webp"}"#)
            let large = try await app.upload(id, try Fixtures.png(paddedTo: AppConfig.maxUploadBytes + 1))
            #expect(large.body.string == #"{"detail":"File too large. Maximum size is 10MB"}"#)
        }
    }

    @Test func pixelLimitFollowsConfiguration() async throws {
        try await withTestApp({ $0.maxImageMegapixels = 1 }) { app in
            let id = try await app.createPersona()
            let big = try await app.upload(id, try Fixtures.bytes("bomb-20000x20000.png"))
            #expect(big.detail == "Image too large: maximum is 1 megapixels")
            let small = try await app.upload(id, try Fixtures.bytes("valid-rgb.png"))
            #expect(small.status == .ok)
        }
    }

    @Test func exactlyTenMebibytesIsAcceptedAndOneMoreByteIsNot() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            let limit = AppConfig.maxUploadBytes
            #expect(limit == 10_485_760)
            let before = try await app.snapshot(id)
            let tooLarge = try await app.upload(id, try Fixtures.png(paddedTo: limit + 1))
            #expect(tooLarge.status == .badRequest)
            #expect(tooLarge.detail == "File too large. Maximum size is 10MB")
            #expect(try await app.snapshot(id) == before)

            let exact = try await app.upload(id, try Fixtures.png(paddedTo: limit))
            #expect(exact.status == .ok, "\(exact.body.string)")
            // The padding chunk is not kept: what is stored is the image alone.
            let stored = try #require(exact.json["base_image"]?["bytes"]?.int)
            #expect(stored < 100_000)
        }
    }

    @Test func missingFileFieldIs422() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            let before = try await app.snapshot(id)
            let other = MultipartForm(parts: [.init(name: "picture", filename: "a.png", contentType: "image/png",
                                                    bytes: try Fixtures.bytes("valid-rgb.png"))])
            let wrongField = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/upload", headers: other.headers, body: other.body)
            #expect(wrongField.status == .unprocessableEntity)
            #expect(wrongField.json["detail"]?[0]?["loc"] == .array([.string("body"), .string("file")]))
            let noBody = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/upload")
            #expect(noBody.status == .unprocessableEntity)
            let json = try await app.sendJSON(.POST, "/api/v1/personas/\(id)/seed-image/upload", #"{"file": "x"}"#)
            #expect(json.status == .unprocessableEntity)
            var broken = HTTPHeaders()
            broken.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=abc")
            let garbage = try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/upload", headers: broken,
                                             body: ByteBuffer(string: "--abc\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n\u{89}PNG"))
            #expect(garbage.status == .badRequest || garbage.status == .unprocessableEntity)
            #expect(try await app.snapshot(id) == before)
        }
    }

    @Test func hostileFileNameIsNeverUsed() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            for name in ["../../../../tmp/evil.png", "/etc/passwd", "a\"; name=\"other.png", "..\\..\\x.png", "名前.png"] {
                let response = try await app.upload(id, try Fixtures.bytes("valid-rgb.png"), filename: name)
                #expect(response.status == .ok, "\(name): \(response.body.string)")
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: app.imagesDirectory)
            #expect(names.allSatisfy { $0.hasPrefix("persona_\(id)_uploaded_v") })
            #expect(names.count == 10)
            #expect(!FileManager.default.fileExists(atPath: "/tmp/evil.png"))
        }
    }

    @Test func jpegMetadataIsStrippedAndOrientationApplied() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            let source = try Fixtures.bytes("exif-orientation6.jpg")
            #expect(source.containsSubsequence(Array("Exif".utf8)))
            let response = try await app.upload(id, source, filename: "phone.jpg", contentType: "image/jpeg")
            #expect(response.status == .ok, "\(response.body.string)")
            let version = try #require(response.json["base_image"])
            // 40x20 with orientation 6 is a 20x40 picture.
            #expect(version["width"]?.int == 20)
            #expect(version["height"]?.int == 40)
            let stored = try Array(Data(contentsOf: URL(fileURLWithPath: "\(app.imagesDirectory)/persona_\(id)_uploaded_v1.jpg")))
            for marker in ["Exif", "GPS", "http://ns.adobe.com/xap"] {
                #expect(!stored.containsSubsequence(Array(marker.utf8)), "\(marker) survived")
            }
        }
    }

    @Test func bytesAfterThePngEndAreNotStored() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            let source = try Fixtures.bytes("appended-after-iend.png")
            let response = try await app.upload(id, source)
            #expect(response.status == .ok)
            let stored = try Array(Data(contentsOf: URL(fileURLWithPath: "\(app.imagesDirectory)/persona_\(id)_uploaded_v1.png")))
            #expect(Array(stored.suffix(8)) == [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])  // IEND + its CRC
            #expect(stored.count < source.count)
            let metadata = try await app.upload(id, try Fixtures.bytes("metadata.png"))
            #expect(metadata.status == .ok)
            let cleaned = try Array(Data(contentsOf: URL(fileURLWithPath: "\(app.imagesDirectory)/persona_\(id)_uploaded_v2.png")))
            for chunk in ["tEXt", "zTXt", "iTXt", "eXIf", "tIME"] {
                #expect(!cleaned.containsSubsequence(Array(chunk.utf8)), "\(chunk) survived")
            }
        }
    }
}

extension Array where Element == UInt8 {
    func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if Array(self[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }
}
