import CVips
import CVipsShim
import ImageKit
import Testing

// Requirement 4: full decode with fail-on semantics; anything damaged is .undecodable.
@Suite struct CorruptionTests {
    @Test(arguments: [
        "truncated.png",            // cut in the middle of IDAT
        "bad-crc-idat.png",         // critical chunk CRC
        "bad-crc-ihdr.png",
        "missing-idat.png",
        "corrupt-zlib.png",         // CRCs fine, deflate stream scribbled over
        "short-idat.png",           // CRCs fine, complete zlib stream, half the rows
        "bad-colortype-depth.png",  // RGB at 4 bits per sample
        "truncated.jpg",            // JPEG cut in the middle of the scan
        "cut-with-eoi.jpg",         // cut in the middle, EOI glued back on
        "corrupt-restart-intervals.jpg",  // scan data damaged before restart markers
        "truncated.webp",
        "corrupt-bitstream.webp",   // RIFF fine, VP8 data scribbled over
        "png-signature-gif-body.png",
    ])
    func damagedFixturesAreUndecodable(name: String) throws {
        try expectRejection(Fixtures.bytes(name), .undecodable)
    }

    /// Why fail_on is WARNING: these JPEGs have an intact marker structure, so only
    /// libjpeg's warnings reveal the damage. At fail_on=ERROR libvips decodes them
    /// (grey fill) and we would store them; ImageKit refuses them.
    @Test(arguments: ["cut-with-eoi.jpg", "corrupt-restart-intervals.jpg"])
    func damageOnlyLibjpegWarningsReveal(name: String) throws {
        let bytes = try Fixtures.bytes(name)
        #expect(decode(bytes) != nil)  // test helper decodes with fail_on=ERROR
        try expectRejection(bytes, .undecodable)
    }

    /// Every truncation point of a valid file is refused (never stored half an image).
    @Test(arguments: ["valid-rgb.png", "valid.jpg", "valid-lossy.webp", "icc-progressive-restart.jpg"])
    func everyTruncationIsRefused(name: String) throws {
        let bytes = try Fixtures.bytes(name)
        for fraction in [0.1, 0.3, 0.5, 0.7, 0.9, 0.98] {
            let cut = Array(bytes.prefix(Int(Double(bytes.count) * fraction)))
            try expectRejection(cut, ImageKit.sniff(cut) == nil ? .unsupportedType : .undecodable)
        }
        // Losing only the final bytes (JPEG EOI, PNG IEND CRC, WEBP last byte) is enough.
        try expectRejection(Array(bytes.dropLast(2)), .undecodable)
    }

    /// Unknown critical PNG chunk, IDATs split by another chunk, bad CRC on an ancillary
    /// chunk, IEND with data: all refused by the Swift chunk walker.
    @Test func pngStructureViolations() throws {
        let rows = rgbScanlines(width: 8, height: 8) { x, y in (UInt8(x * 30), UInt8(y * 30), 9) }
        let sig: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let ihdr = pngChunk("IHDR", bigEndian(8) + bigEndian(8) + [8, 2, 0, 0, 0])
        let idat = zlibStored(rows)
        let half = idat.count / 2
        let iend = pngChunk("IEND", [])
        // Sanity: the valid assembly is accepted.
        #expect(throws: Never.self) {
            try process(bytes: sig + ihdr + pngChunk("IDAT", idat) + iend)
        }
        try expectRejection(sig + ihdr + pngChunk("CRIT", [1]) + pngChunk("IDAT", idat) + iend,
                            .undecodable)
        try expectRejection(sig + ihdr + pngChunk("IDAT", Array(idat[..<half])) + pngChunk("tEXt", [65, 0, 66])
                            + pngChunk("IDAT", Array(idat[half...])) + iend, .undecodable)
        var badText = pngChunk("tEXt", Array("a\u{0}b".utf8))
        badText[badText.count - 1] ^= 0xFF
        try expectRejection(sig + ihdr + badText + pngChunk("IDAT", idat) + iend, .undecodable)
        try expectRejection(sig + ihdr + pngChunk("IDAT", idat) + pngChunk("IEND", [0]), .undecodable)
        try expectRejection(sig + pngChunk("IDAT", idat) + ihdr + iend, .undecodable)  // IHDR not first
        try expectRejection(sig + ihdr + pngChunk("IDAT", idat), .undecodable)  // no IEND
        // Palette image without PLTE
        let pal = pngChunk("IHDR", bigEndian(8) + bigEndian(8) + [8, 3, 0, 0, 0])
        try expectRejection(sig + pal + pngChunk("IDAT", zlibStored([UInt8](repeating: 0, count: 72))) + iend,
                            .undecodable)
    }

    /// A damaged last row must be caught although a thumbnail needs few source rows,
    /// for sizes where the downscale factor does not divide the height.
    @Test(arguments: [(1000, 1001), (300, 1003), (257, 259), (64, 48)])
    func corruptLastRowIsCaught(width: Int, height: Int) throws {
        var rows = rgbScanlines(width: width, height: height) { x, y in
            (UInt8(truncatingIfNeeded: x), UInt8(truncatingIfNeeded: y), 77)
        }
        #expect(throws: Never.self) { try process(bytes: makePNG(width: width, height: height, scanlines: rows)) }
        rows[(height - 1) * (1 + width * 3)] = 7  // invalid filter type on the last row
        try expectRejection(makePNG(width: width, height: height, scanlines: rows), .undecodable)
    }

    /// The fast path's safety net: rows the thumbnail did not ask for are still decoded.
    @Test func rowsNotReadByTheThumbnailAreDecodedAnyway() throws {
        try ImageKit.prepare()
        let (w, h) = (40, 100)
        var rows = rgbScanlines(width: w, height: h) { x, y in (UInt8(x), UInt8(y), 1) }
        let good = makePNG(width: w, height: h, scanlines: rows)
        rows[(h - 1) * (1 + w * 3)] = 7
        let bad = makePNG(width: w, height: h, scanlines: rows)
        func prefixThenDrain(_ png: [UInt8], rows: Int32) -> Int32 {
            png.withUnsafeBufferPointer {
                cvips_decode_prefix_then_drain(CVIPS_FORMAT_PNG, $0.baseAddress, $0.count, rows)
            }
        }
        #expect(prefixThenDrain(good, rows: 8) == 0)
        #expect(prefixThenDrain(bad, rows: 8) != 0)   // only the drain reads the bad row
        #expect(prefixThenDrain(bad, rows: 0) != 0)
        #expect(prefixThenDrain(good, rows: Int32(h)) == 0)
    }

    /// libvips' global error buffer is cleared after each failure, so messages do not
    /// accumulate over a server's lifetime.
    @Test func errorBufferDoesNotGrow() throws {
        let bad = try Fixtures.bytes("corrupt-zlib.png")
        for _ in 0..<30 {
            try expectRejection(bad, .undecodable)
        }
        // Other tests may fail concurrently and leave one message for a moment; 30
        // uncleared failures would leave thousands of bytes.
        #expect(strlen(vips_error_buffer()) < 600)
    }
}

// The other side of fail-on: quirks found in normal files must still be accepted.
@Suite struct ToleranceTests {
    @Test(arguments: [
        "interlaced-adam7.png",   // Adam7: libvips decodes it whole, still validated
        "quirky-but-valid.png",   // gAMA 0, degenerate cHRM, extra zlib data after the rows
        "padding-before-eoi.jpg", // one libjpeg warning ("extraneous bytes before marker")
    ])
    func normalQuirksAreAccepted(name: String) throws {
        let run = try process(fixture: name)
        #expect(run.result.width == 64 && run.result.height == 48)
        #expect(run.result.rewrite == .chunkRebuild)
        #expect(isRed(meanColour(run.stored, x: 0, y: 0, w: 8, h: 8)))
        expectGoodThumbnail(run)
    }
}
