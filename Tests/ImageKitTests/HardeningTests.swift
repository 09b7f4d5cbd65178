import CVipsShim
import ImageKit
import Testing

// Requirement 2: libvips hardening. Only the PNG/JPEG/WEBP buffer loaders are usable;
// every other loader (and libvips' untrusted operations) is blocked, and uploads only
// ever reach the loader of their sniffed type.
@Suite struct HardeningTests {
    init() throws { try ImageKit.prepare() }

    @Test(arguments: ["pngload_buffer", "jpegload_buffer", "webpload_buffer"])
    func usedLoadersAreOpen(nickname: String) {
        #expect(cvips_operation_is_blocked(nickname) == 0)
    }

    @Test(arguments: [
        "gifload_buffer", "gifload", "tiffload_buffer", "svgload_buffer", "heifload_buffer",
        "magickload_buffer", "pdfload_buffer", "jp2kload_buffer", "jxlload_buffer",
        "radload_buffer", "vipsload_source", "matrixload_source", "csvload_source",
        "ppmload_source", "fitsload_source", "openslideload_source", "rawload", "analyzeload",
        "matload", "openexrload",
        // even our own formats' file/source variants: ImageKit reads files itself
        "pngload", "pngload_source", "jpegload", "jpegload_source", "webpload", "webpload_source",
    ])
    func otherLoadersAreBlocked(nickname: String) {
        // -1 would mean this libvips has no such loader: nothing to block then.
        #expect(cvips_operation_is_blocked(nickname) != 0)
    }

    /// Calling a blocked loader directly fails with libvips' "operation is blocked".
    @Test(arguments: [("gifload_buffer", "image.gif"), ("tiffload_buffer", "image.tiff"),
                      ("svgload_buffer", "image.svg")])
    func blockedLoaderRefusesToRun(nickname: String, fixture: String) throws {
        let bytes = try Fixtures.bytes(fixture)
        var message = [CChar](repeating: 0, count: 512)
        let rc = bytes.withUnsafeBufferPointer { buf in
            message.withUnsafeMutableBufferPointer {
                cvips_try_loader(nickname, buf.baseAddress, buf.count, $0.baseAddress, $0.count)
            }
        }
        #expect(rc != 0)
        let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
                          as: UTF8.self)
        #expect(text.contains("blocked"))
    }

    /// libvips' own "guess the loader" path (never used by ImageKit) cannot reach the
    /// GIF/TIFF/SVG/BMP/HEIC loaders either, while our three formats still load.
    @Test(arguments: [("image.gif", false), ("image.tiff", false), ("image.svg", false),
                      ("image.bmp", false), ("image.heic", false), ("valid-rgb.png", true),
                      ("valid.jpg", true), ("valid-lossy.webp", true)])
    func genericLoaderOnlyFindsAllowedFormats(fixture: String, loads: Bool) throws {
        let bytes = try Fixtures.bytes(fixture)
        let rc = bytes.withUnsafeBufferPointer { cvips_try_generic_loader($0.baseAddress, $0.count, nil, 0) }
        #expect((rc == 0) == loads)
    }

    /// A PNG signature glued to a GIF body only ever reaches the PNG loader, which
    /// refuses it: the GIF loader is not reachable through a forged signature.
    @Test func forgedSignatureReachesOnlyItsLoader() throws {
        try expectRejection(Fixtures.bytes("png-signature-gif-body.png"), .undecodable)
        var jpegHeadGIF: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0]
        jpegHeadGIF += try Fixtures.bytes("image.gif")
        try expectRejection(jpegHeadGIF, .undecodable)
        var riffGIF = Array("RIFF".utf8) + [64, 0, 0, 0] + Array("WEBP".utf8)
        riffGIF += try Fixtures.bytes("image.gif") + [UInt8](repeating: 0, count: 40)
        try expectRejection(riffGIF, .undecodable)
    }
}
