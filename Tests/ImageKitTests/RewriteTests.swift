import ImageKit
import Testing

// Requirements 5 and 6: metadata stripped, stored bytes rebuilt (PNG/JPEG: chunk by
// chunk, pixels untouched) or re-encoded (WEBP, and anything needing rotation).
@Suite struct PNGRewriteTests {
    @Test func textExifTimeChunksAreDropped() throws {
        let original = try Fixtures.bytes("metadata.png")
        #expect(original.contains(ascii: "SECRET-PERSONAL-DATA"))  // the fixture has them
        let run = try process(fixture: "metadata.png")
        #expect(run.result.rewrite == .chunkRebuild)
        #expect(run.result.format == .png)
        // gAMA is kept (it changes how pixels look); the late tEXt after IDAT is dropped.
        let chunks = pngChunks(run.stored)
        #expect(chunks.filter { $0 != "IDAT" } == ["IHDR", "gAMA", "IEND"])
        for type in ["tEXt", "zTXt", "iTXt", "eXIf", "tIME"] {
            #expect(!run.stored.contains(ascii: type), "\(type) survived")
        }
        expectNoMetadata(run.stored)
        // Lossless: the compressed pixel stream is byte-identical, not re-encoded.
        #expect(pngIDATData(run.stored) == pngIDATData(original))
        #expect(run.stored.count == run.result.byteCount)
        #expect(decode(run.stored) == Decoded(width: 64, height: 48, bands: 3))
        expectGoodThumbnail(run)
    }

    @Test func bytesAfterIENDAreDropped() throws {
        let run = try process(fixture: "appended-after-iend.png")
        #expect(run.stored.suffix(12).elementsEqual(pngChunk("IEND", [])))
        expectNoMetadata(run.stored)
        #expect(!run.stored.contains(ascii: "<?php"))
    }

    @Test func privateAndAnimationChunksAreDropped() throws {
        let priv = try process(fixture: "private-chunk.png")
        #expect(!pngChunks(priv.stored).contains("prVt"))
        expectNoMetadata(priv.stored)
        let apng = try process(fixture: "apng.png")
        #expect(pngChunks(apng.stored).filter { $0 != "IDAT" } == ["IHDR", "IEND"])
        #expect(decode(apng.stored) == Decoded(width: 64, height: 48, bands: 3))
    }

    /// RGBA, 16-bit, palette + tRNS: kept as they are (tRNS survives: it is transparency).
    @Test(arguments: [("valid-rgb.png", 3), ("valid-rgba.png", 4), ("valid-rgb16.png", 3),
                      ("palette-trns.png", 4)])
    func pixelFormatsSurvive(name: String, bands: Int) throws {
        let original = try Fixtures.bytes(name)
        let run = try process(fixture: name)
        #expect(run.result.rewrite == .chunkRebuild)
        #expect(run.result.width == 64 && run.result.height == 48)
        #expect(decode(run.stored)?.bands == bands)
        #expect(pngChunks(run.stored) == pngChunks(original))
        #expect(isRed(meanColour(run.stored, x: 0, y: 0, w: 8, h: 8)))
        expectGoodThumbnail(run)
        // The thumbnail keeps the corner too (top-left eighth of 256x192).
        #expect(isRed(meanColour(run.thumbnail, x: 4, y: 4, w: 20, h: 20)))
    }
}

@Suite struct JPEGRewriteTests {
    @Test func exifXmpIptcCommentsAreDropped() throws {
        let original = try Fixtures.bytes("metadata.jpg")
        let run = try process(fixture: "metadata.jpg")
        #expect(run.result.rewrite == .chunkRebuild)
        #expect(run.result.format == .jpeg)
        let layout = jpegLayout(run.stored)
        // APP0 JFIF, DQT, SOF0, DHT only: no APP1 (EXIF/XMP), APP2 MPF, APP12, APP13, COM.
        #expect(Set(layout.headerMarkers).isSubset(of: [0xE0, 0xDB, 0xC0, 0xC4]))
        #expect(layout.headerMarkers.first == 0xE0)
        #expect(layout.endsWithEOI)
        expectNoMetadata(run.stored)
        // Lossless: the entropy-coded scan data is byte-identical.
        #expect(layout.fromFirstScan.elementsEqual(jpegLayout(original).fromFirstScan))
        #expect(decode(run.stored) == Decoded(width: 64, height: 48, bands: 3))
        #expect(isRed(meanColour(run.stored, x: 0, y: 0, w: 8, h: 8)))
        expectGoodThumbnail(run)
    }

    @Test func garbageAfterEOIIsDropped() throws {
        let run = try process(fixture: "garbage-after-eoi.jpg")
        #expect(jpegLayout(run.stored).endsWithEOI)
        expectNoMetadata(run.stored)
    }

    /// Progressive scans, restart markers inside the scan data and the ICC profile
    /// (APP2 ICC_PROFILE) are all kept; metadata still goes.
    @Test func progressiveRestartMarkersAndICCAreKept() throws {
        let original = try Fixtures.bytes("icc-progressive-restart.jpg")
        let run = try process(fixture: "icc-progressive-restart.jpg")
        let layout = jpegLayout(run.stored)
        let before = jpegLayout(original)
        #expect(layout.scans == before.scans && layout.scans > 1)
        #expect(layout.restartMarkers == before.restartMarkers && layout.restartMarkers > 0)
        #expect(layout.headerMarkers.contains(0xDD))  // DRI
        #expect(layout.headerMarkers.contains(0xE2) && run.stored.contains(ascii: "ICC_PROFILE"))
        #expect(!run.stored.contains(ascii: "MPF"))
        expectNoMetadata(run.stored)
        #expect(decode(run.stored) == Decoded(width: 64, height: 48, bands: 3))
        expectGoodThumbnail(run)
    }

    /// CMYK: stored as CMYK (lossless rebuild keeps the Adobe APP14 marker that tells
    /// decoders how to read it); the thumbnail is converted to sRGB.
    @Test func cmykJPEG() throws {
        let run = try process(fixture: "cmyk.jpg")
        #expect(run.result.rewrite == .chunkRebuild)
        #expect(jpegLayout(run.stored).headerMarkers.contains(0xEE))
        #expect(decode(run.stored)?.bands == 4)
        expectGoodThumbnail(run)
        #expect(decode(run.thumbnail)?.bands == 3)
        #expect(isRed(meanColour(run.thumbnail, x: 4, y: 4, w: 20, h: 20)))
    }

    @Test func grayscaleJPEG() throws {
        let run = try process(fixture: "grayscale.jpg")
        #expect(decode(run.stored)?.bands == 1)
        expectGoodThumbnail(run)
    }
}

@Suite struct WebPRewriteTests {
    @Test func lossyIsReencodedLossyWithoutMetadata() throws {
        let original = try Fixtures.bytes("valid-lossy.webp")
        #expect(webpChunks(original).contains("EXIF") && webpChunks(original).contains("XMP "))
        let run = try process(fixture: "valid-lossy.webp")
        #expect(run.result.rewrite == .reencoded)
        #expect(run.result.format == .webp)
        #expect(run.stored != original)
        let chunks = webpChunks(run.stored)
        #expect(chunks.contains("VP8 "))
        #expect(!chunks.contains("EXIF") && !chunks.contains("XMP "))
        expectNoMetadata(run.stored)
        #expect(decode(run.stored) == Decoded(width: 64, height: 48, bands: 3))
        #expect(isRed(meanColour(run.stored, x: 1, y: 1, w: 6, h: 6)))
        expectGoodThumbnail(run)
    }

    @Test func losslessStaysLosslessWithAlpha() throws {
        let run = try process(fixture: "valid-lossless.webp")
        #expect(webpChunks(run.stored).contains("VP8L"))
        #expect(decode(run.stored) == Decoded(width: 64, height: 48, bands: 4))
        // Exact colours survive a lossless round trip.
        #expect(meanColour(run.stored, x: 0, y: 0, w: 8, h: 8) == [255, 0, 0])
        expectGoodThumbnail(run)
    }

    @Test func bytesBeyondTheRIFFSizeAreDropped() throws {
        let run = try process(fixture: "appended-after-riff.webp")
        #expect(run.stored.le32(4) + 8 == run.stored.count)
        expectNoMetadata(run.stored)
    }
}
