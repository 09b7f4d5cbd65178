import ImageKit
import Testing

// Details of the lossless rebuilders and the Swift EXIF orientation reader, on files
// assembled here from the fixtures.
@Suite struct ContainerTests {
    /// SOI + our segments + the rest of valid.jpg after its APP0.
    func jpeg(withSegments segments: [[UInt8]], keepAPP0: Bool = true) throws -> [UInt8] {
        let valid = try Fixtures.bytes("valid.jpg")
        #expect(valid[2] == 0xFF && valid[3] == 0xE0)
        let app0End = 4 + (Int(valid[4]) << 8 | Int(valid[5]))
        let app0 = keepAPP0 ? Array(valid[2..<app0End]) : []
        return [0xFF, 0xD8] + app0 + segments.flatMap { $0 } + Array(valid[app0End...])
    }

    func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let n = payload.count + 2
        return [0xFF, marker, UInt8(n >> 8), UInt8(n & 0xFF)] + payload
    }

    /// Minimal EXIF: IFD0 with only Orientation, in either byte order.
    func exif(orientation: UInt16, littleEndian: Bool) -> [UInt8] {
        func u16(_ v: UInt16) -> [UInt8] { littleEndian ? [UInt8(v & 0xFF), UInt8(v >> 8)] : [UInt8(v >> 8), UInt8(v & 0xFF)] }
        func u32(_ v: UInt32) -> [UInt8] {
            littleEndian ? u16(UInt16(v & 0xFFFF)) + u16(UInt16(v >> 16)) : u16(UInt16(v >> 16)) + u16(UInt16(v & 0xFFFF))
        }
        let order: [UInt8] = littleEndian ? [0x49, 0x49] : [0x4D, 0x4D]
        return Array("Exif\u{0}\u{0}".utf8) + order + u16(42) + u32(8) + u16(1)
            + u16(0x0112) + u16(3) + u32(1) + u16(orientation) + [0, 0] + u32(0)
    }

    /// All orientations, both byte orders: size swaps for 5-8, and the red top-left
    /// marker of the 64x48 source lands where the EXIF spec says.
    @Test(arguments: [
        (UInt16(1), true), (2, false), (3, true), (4, false), (5, true), (6, false), (7, true), (8, false),
    ])
    func everyOrientation(orientation: UInt16, littleEndian: Bool) throws {
        let bytes = try jpeg(withSegments: [segment(0xE1, exif(orientation: orientation, littleEndian: littleEndian))])
        let run = try process(bytes: bytes)
        let swapped = orientation >= 5
        #expect(run.result.width == (swapped ? 48 : 64) && run.result.height == (swapped ? 64 : 48))
        #expect(run.result.rewrite == (orientation == 1 ? .chunkRebuild : .reencoded))
        // Where the source's top-left corner goes (EXIF 2.3, tag 0x0112).
        let (w, h) = (run.result.width, run.result.height)
        let corner: (x: Int, y: Int)
        switch orientation {
        case 1, 5: corner = (0, 0)
        case 2, 6: corner = (w - 8, 0)
        case 3, 7: corner = (w - 8, h - 8)
        default: corner = (0, h - 8)  // 4, 8
        }
        #expect(isRed(meanColour(run.stored, x: corner.x + 1, y: corner.y + 1, w: 6, h: 6)),
                "orientation \(orientation)")
        #expect(!run.stored.contains(ascii: "Exif"))
    }

    /// Re-encoding (orientation applied) keeps the ICC profile but nothing else.
    @Test func reencodedJPEGKeepsICC() throws {
        let source = try Fixtures.bytes("icc-progressive-restart.jpg")
        let withOrientation = [0xFF, 0xD8] + segment(0xE1, exif(orientation: 6, littleEndian: true))
            + Array(source.dropFirst(2))
        let run = try process(bytes: withOrientation)
        #expect(run.result.rewrite == .reencoded)
        #expect(run.result.width == 48 && run.result.height == 64)
        #expect(run.stored.contains(ascii: "ICC_PROFILE"))
        #expect(!jpegLayout(run.stored).headerMarkers.contains(0xE1))
        expectNoMetadata(run.stored)
        expectGoodThumbnail(run)
    }

    /// Out-of-range orientation values, or EXIF the reader cannot walk, count as 1.
    @Test func malformedOrientationMeansNone() throws {
        var broken = exif(orientation: 6, littleEndian: false)
        broken[10 + 4 + 3] = 200  // IFD0 offset points past the end
        for app1 in [exif(orientation: 9, littleEndian: true), exif(orientation: 0, littleEndian: false), broken,
                     Array("Exif\u{0}\u{0}MM".utf8)] {
            let run = try process(bytes: try jpeg(withSegments: [segment(0xE1, app1)]))
            #expect(run.result.width == 64 && run.result.rewrite == .chunkRebuild)
        }
    }

    /// The JFIF APP0 thumbnail (raw RGB inside APP0) could carry anything: it is
    /// written back as 0x0. Adobe APP14 is cut to its 12 defined bytes.
    @Test func jfifThumbnailAndAdobeTailAreRemoved() throws {
        let secret = Array("SECRET-PERSONAL-DATA!".utf8)  // 21 bytes = 7x1 RGB thumbnail
        let app0 = segment(0xE0, Array("JFIF\u{0}".utf8) + [1, 2, 0, 0, 1, 0, 1, 7, 1] + secret)
        let adobe = segment(0xEE, Array("Adobe".utf8) + [0, 100, 0, 0, 0, 0, 1] + secret)
        let run = try process(bytes: try jpeg(withSegments: [app0, adobe], keepAPP0: false))
        expectNoMetadata(run.stored)
        #expect(Array(run.stored[2..<20]) == [0xFF, 0xE0, 0, 16] + Array("JFIF\u{0}".utf8) + [1, 2, 0, 0, 1, 0, 1, 0, 0])
        #expect(run.stored.contains(ascii: "Adobe"))
        #expect(decode(run.stored)?.width == 64)
    }

    /// Kept PNG chunks with a length the spec does not allow are dropped, so they
    /// cannot smuggle bytes; ancillary chunks after IDAT are dropped too.
    @Test func malformedKeptChunksAreDropped() throws {
        let rows = rgbScanlines(width: 8, height: 8) { x, _ in (UInt8(x * 30), 0, 0) }
        let secret = Array("SECRET-PERSONAL-DATA".utf8)
        let png = makePNG(width: 8, height: 8, scanlines: rows, extraChunks: [
            ("gAMA", [0, 0, 0xB1, 0x8F] + secret),
            ("pHYs", secret),
            ("sRGB", [0]),
        ])
        let run = try process(bytes: png)
        #expect(pngChunks(run.stored).filter { $0 != "IDAT" } == ["IHDR", "sRGB", "IEND"])
        expectNoMetadata(run.stored)
    }

    /// eXIf in little-endian order with orientation 8 (rotate 270 CW) on a PNG.
    @Test func pngExifOrientation8() throws {
        let rows = rgbScanlines(width: 40, height: 20) { x, y in x < 8 && y < 8 ? (255, 0, 0) : (0, 0, 200) }
        let tiff = Array(exif(orientation: 8, littleEndian: true).dropFirst(6))
        let run = try process(bytes: makePNG(width: 40, height: 20, scanlines: rows,
                                             extraChunks: [("eXIf", tiff)]))
        #expect(run.result.width == 20 && run.result.height == 40)
        #expect(run.result.rewrite == .reencoded)
        #expect(isRed(meanColour(run.stored, x: 1, y: 33, w: 6, h: 6)))  // bottom-left
        #expect(!pngChunks(run.stored).contains("eXIf"))
    }
}
