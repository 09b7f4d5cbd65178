import ImageKit
import Testing

// Requirement 1: the type comes from the signature bytes only.
@Suite struct SniffingTests {
    @Test(arguments: [
        ("valid-rgb.png", ImageFormat.png), ("metadata.png", .png), ("valid.jpg", .jpeg),
        ("grayscale.jpg", .jpeg), ("valid-lossy.webp", .webp), ("valid-lossless.webp", .webp),
    ])
    func recognisesSignatures(name: String, format: ImageFormat) throws {
        #expect(ImageKit.sniff(try Fixtures.bytes(name)) == format)
        // Only the first 12 bytes are needed, from any collection of bytes.
        #expect(ImageKit.sniff(try Fixtures.bytes(name).prefix(12)) == format)
    }

    @Test func signatureEdgeCases() {
        #expect(ImageKit.sniff([UInt8]()) == nil)
        #expect(ImageKit.sniff([0xFF, 0xD8]) == nil)  // too short for FF D8 FF
        #expect(ImageKit.sniff([0xFF, 0xD8, 0xFF]) == .jpeg)
        #expect(ImageKit.sniff(Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVE".utf8)) == nil)  // RIFF but not WEBP
        #expect(ImageKit.sniff(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEB".utf8)) == nil)
        #expect(ImageKit.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A]) == nil)  // 7 of 8
    }

    /// GIF, BMP, TIFF, SVG, HEIC, text, empty, and a PNG whose signature was mangled by
    /// a text-mode transfer (LF -> CR LF): refused, whatever the file name says.
    @Test(arguments: [
        "image.gif", "gif-named-as.png", "image.bmp", "image.tiff", "tiff-named-as.jpg",
        "image.svg", "svg-named-as.webp", "image.heic", "plain.txt", "empty.bin",
        "crlf-signature.png",
    ])
    func refusesOtherTypes(name: String) throws {
        let bytes = try Fixtures.bytes(name)
        #expect(ImageKit.sniff(bytes) == nil)
        try expectRejection(bytes, .unsupportedType)
    }

    /// Names are never consulted: the same path-based API on a GIF called .png.
    @Test func fileNameIsIgnored() throws {
        let scratch = try Scratch()
        #expect(throws: ImageRejection.unsupportedType) {
            try ImageKit.process(inputPath: Fixtures.path("gif-named-as.png"),
                                 outputPath: scratch.file("out.png"),
                                 thumbnailPath: scratch.file("thumb.webp"), maxMegapixels: 40)
        }
        #expect(!scratch.exists("out.png") && !scratch.exists("thumb.webp"))
    }

    @Test func formatProperties() {
        #expect(ImageFormat.png.mimeType == "image/png")
        #expect(ImageFormat.jpeg.mimeType == "image/jpeg")
        #expect(ImageFormat.webp.mimeType == "image/webp")
        #expect(ImageFormat.png.fileExtension == "png")
        #expect(ImageFormat.jpeg.fileExtension == "jpg")
        #expect(ImageFormat.webp.fileExtension == "webp")
    }
}
