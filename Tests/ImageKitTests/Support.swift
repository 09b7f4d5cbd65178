import CVipsShim
import Foundation
import ImageKit
import Testing

// Shared helpers: fixture loading, a scratch directory per test, independent (test-side)
// readers for PNG chunks / JPEG markers / RIFF chunks, and libvips decode checks.

enum Fixtures {
    /// Tests/Fixtures, found from this source file (no SwiftPM resources needed).
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ImageKitTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}

/// A fresh directory for one test's outputs, removed at deinit.
final class Scratch {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/imagekit-tests-XXXXXX").utf8CString)
        guard let dir = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown)
        }
        path = String(cString: dir)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }

    func read(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: file(name))))
    }
}

/// Result of running the pipeline on a fixture into a scratch directory.
struct Run {
    let result: ProcessedImage
    let stored: [UInt8]
    let thumbnail: [UInt8]
}

func process(fixture name: String, maxMegapixels: Int = 40) throws -> Run {
    try process(bytes: Fixtures.bytes(name), maxMegapixels: maxMegapixels)
}

func process(bytes: [UInt8], maxMegapixels: Int = 40) throws -> Run {
    let scratch = try Scratch()
    let result = try ImageKit.process(bytes: bytes, outputPath: scratch.file("out"),
                                      thumbnailPath: scratch.file("thumb"),
                                      maxMegapixels: maxMegapixels)
    return Run(result: result, stored: try scratch.read("out"), thumbnail: try scratch.read("thumb"))
}

/// Expects `error`, and that neither output file was left behind.
func expectRejection(_ bytes: [UInt8], _ expected: ImageRejection, maxMegapixels: Int = 40,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
    let scratch = try Scratch()
    #expect(throws: expected, sourceLocation: sourceLocation) {
        try ImageKit.process(bytes: bytes, outputPath: scratch.file("out"),
                             thumbnailPath: scratch.file("thumb"), maxMegapixels: maxMegapixels)
    }
    #expect(!scratch.exists("out"), sourceLocation: sourceLocation)
    #expect(!scratch.exists("thumb"), sourceLocation: sourceLocation)
}

// MARK: - byte searching

extension Array where Element == UInt8 {
    func contains(ascii needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard !n.isEmpty, n.count <= count else { return false }
        for i in 0...(count - n.count) where self[i] == n[0] {
            if self[i..<(i + n.count)].elementsEqual(n) { return true }
        }
        return false
    }

    func be32(_ i: Int) -> Int {
        Int(self[i]) << 24 | Int(self[i + 1]) << 16 | Int(self[i + 2]) << 8 | Int(self[i + 3])
    }

    func le32(_ i: Int) -> Int {
        Int(self[i]) | Int(self[i + 1]) << 8 | Int(self[i + 2]) << 16 | Int(self[i + 3]) << 24
    }
}

/// Strings that betray metadata; none may survive in stored files or thumbnails.
let metadataMarkers = ["Exif", "GPS", "XMP", "http://ns.adobe.com/xap", "SECRET-PERSONAL-DATA",
                       "Photoshop", "ImageKitTestCam", "APPENDED", "TRAILER"]

func expectNoMetadata(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    for marker in metadataMarkers {
        #expect(!bytes.contains(ascii: marker), "found \(marker)", sourceLocation: sourceLocation)
    }
}

// MARK: - container readers (independent of ImageKit's parsers)

/// PNG chunk types in order, e.g. ["IHDR", "IDAT", "IEND"]; stops at IEND.
func pngChunks(_ png: [UInt8]) -> [String] {
    var types: [String] = []
    var pos = 8
    while pos + 8 <= png.count {
        let length = png.be32(pos)
        let type = String(decoding: png[(pos + 4)..<(pos + 8)], as: UTF8.self)
        types.append(type)
        pos += 12 + length
        if type == "IEND" { break }
    }
    return types
}

/// Concatenated IDAT payloads (the compressed pixel stream).
func pngIDATData(_ png: [UInt8]) -> [UInt8] {
    var data: [UInt8] = []
    var pos = 8
    while pos + 8 <= png.count {
        let length = png.be32(pos)
        if png[(pos + 4)..<(pos + 8)].elementsEqual("IDAT".utf8) {
            data += png[(pos + 8)..<(pos + 8 + length)]
        }
        pos += 12 + length
    }
    return data
}

/// JPEG marker codes before the first SOS, plus how many SOS/RST markers appear.
struct JPEGLayout {
    var headerMarkers: [UInt8] = []
    var scans = 0
    var restartMarkers = 0
    var endsWithEOI = false
    /// Bytes from the first SOS marker to the end (scan data is lossless-copied).
    var fromFirstScan: ArraySlice<UInt8> = []
}

func jpegLayout(_ jpeg: [UInt8]) -> JPEGLayout {
    var layout = JPEGLayout()
    layout.endsWithEOI = jpeg.suffix(2).elementsEqual([0xFF, 0xD9])
    var pos = 2
    while pos + 4 <= jpeg.count, jpeg[pos] == 0xFF {
        let marker = jpeg[pos + 1]
        if marker == 0xDA { break }
        layout.headerMarkers.append(marker)
        pos += 2 + (Int(jpeg[pos + 2]) << 8 | Int(jpeg[pos + 3]))
    }
    layout.fromFirstScan = jpeg[pos...]
    for i in pos..<(jpeg.count - 1) where jpeg[i] == 0xFF {
        if jpeg[i + 1] == 0xDA { layout.scans += 1 }
        if (0xD0...0xD7).contains(jpeg[i + 1]) { layout.restartMarkers += 1 }
    }
    return layout
}

/// Top-level RIFF chunk fourCCs of a WEBP file.
func webpChunks(_ webp: [UInt8]) -> [String] {
    var types: [String] = []
    var pos = 12
    while pos + 8 <= webp.count {
        types.append(String(decoding: webp[pos..<(pos + 4)], as: UTF8.self))
        let size = webp.le32(pos + 4)
        pos += 8 + size + (size & 1)
    }
    return types
}

// MARK: - decoding with libvips (independent full decode of what we stored)

struct Decoded: Equatable {
    var width: Int
    var height: Int
    var bands: Int
}

func decode(_ bytes: [UInt8]) -> Decoded? {
    guard let format = ImageKit.sniff(bytes) else { return nil }
    try? ImageKit.prepare()
    var w: Int32 = 0, h: Int32 = 0, b: Int32 = 0
    let rc = bytes.withUnsafeBufferPointer {
        cvips_decode_check(format.testCVips, $0.baseAddress, $0.count, &w, &h, &b)
    }
    return rc == 0 ? Decoded(width: Int(w), height: Int(h), bands: Int(b)) : nil
}

/// Mean of (R, G, B) over a rectangle of the decoded image.
func meanColour(_ bytes: [UInt8], x: Int, y: Int, w: Int, h: Int) -> [Double] {
    guard let format = ImageKit.sniff(bytes) else { return [] }
    try? ImageKit.prepare()
    return (0..<3).map { band in
        bytes.withUnsafeBufferPointer {
            cvips_region_average(format.testCVips, $0.baseAddress, $0.count, Int32(band),
                                 Int32(x), Int32(y), Int32(w), Int32(h))
        }
    }
}

func isRed(_ c: [Double]) -> Bool { c.count == 3 && c[0] > 200 && c[1] < 70 && c[2] < 70 }

extension ImageFormat {
    var testCVips: CVipsFormat {
        switch self {
        case .png: CVIPS_FORMAT_PNG
        case .jpeg: CVIPS_FORMAT_JPEG
        case .webp: CVIPS_FORMAT_WEBP
        }
    }
}

/// Thumbnail checks shared by every accepted image.
func expectGoodThumbnail(_ run: Run, sourceLocation: SourceLocation = #_sourceLocation) {
    let thumb = run.thumbnail
    #expect(ImageKit.sniff(thumb) == .webp, sourceLocation: sourceLocation)
    let decoded = decode(thumb)
    #expect(decoded?.width == run.result.thumbnailWidth, sourceLocation: sourceLocation)
    #expect(decoded?.height == run.result.thumbnailHeight, sourceLocation: sourceLocation)
    #expect(max(run.result.thumbnailWidth, run.result.thumbnailHeight) == 256,
            sourceLocation: sourceLocation)
    // Aspect ratio kept (to the rounding of the short side).
    let (w, h) = (Double(run.result.width), Double(run.result.height))
    let expectedShort = (min(w, h) * 256 / max(w, h)).rounded()
    #expect(Double(min(run.result.thumbnailWidth, run.result.thumbnailHeight)) == max(1, expectedShort),
            sourceLocation: sourceLocation)
    if run.result.thumbnailWidth != run.result.thumbnailHeight {
        #expect((w > h) == (run.result.thumbnailWidth > run.result.thumbnailHeight),
                sourceLocation: sourceLocation)
    }
    // No metadata chunks at all (EXIF, XMP, ICCP live in VP8X files).
    let chunks = webpChunks(thumb)
    #expect(!chunks.contains("EXIF") && !chunks.contains("XMP ") && !chunks.contains("ICCP"),
            sourceLocation: sourceLocation)
    expectNoMetadata(thumb, sourceLocation: sourceLocation)
}

// MARK: - building PNGs in tests (stored deflate blocks: no zlib needed)

/// A PNG with the given raw scanlines (each starting with its filter byte).
func makePNG(width: Int, height: Int, colourType: UInt8 = 2, depth: UInt8 = 8,
             scanlines: [UInt8], extraChunks: [(String, [UInt8])] = []) -> [UInt8] {
    var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    var ihdr: [UInt8] = []
    ihdr += bigEndian(UInt32(width)) + bigEndian(UInt32(height))
    ihdr += [depth, colourType, 0, 0, 0]
    png += pngChunk("IHDR", ihdr)
    for (type, data) in extraChunks { png += pngChunk(type, data) }
    png += pngChunk("IDAT", zlibStored(scanlines))
    png += pngChunk("IEND", [])
    return png
}

/// RGB scanlines (filter 0) from a pixel function.
func rgbScanlines(width: Int, height: Int, _ pixel: (Int, Int) -> (UInt8, UInt8, UInt8)) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(height * (1 + width * 3))
    for y in 0..<height {
        out.append(0)
        for x in 0..<width {
            let (r, g, b) = pixel(x, y)
            out += [r, g, b]
        }
    }
    return out
}

func pngChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let typeBytes = Array(type.utf8)
    let crc = (typeBytes + data).withUnsafeBufferPointer { cvips_crc32(0, $0.baseAddress, $0.count) }
    return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc)
}

func bigEndian(_ v: UInt32) -> [UInt8] {
    [UInt8(v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8),
     UInt8(truncatingIfNeeded: v)]
}

/// zlib stream made of uncompressed ("stored") deflate blocks.
func zlibStored(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]
    var pos = 0
    repeat {
        let n = min(65535, data.count - pos)
        let final: UInt8 = pos + n == data.count ? 1 : 0
        out += [final, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
        out += data[pos..<(pos + n)]
        pos += n
    } while pos < data.count
    var a: UInt32 = 1, b: UInt32 = 0
    for byte in data {
        a = (a + UInt32(byte)) % 65521
        b = (b + a) % 65521
    }
    return out + bigEndian(b << 16 | a)
}
