import ImageKit
import Testing

// Requirement 5: EXIF orientation is applied before metadata is dropped. Each fixture
// is stored as 40x20 with a red 8x8 block top-left and Orientation=6 ("rotate 90
// degrees clockwise to display"): the stored image must be 20x40 with the red block
// top-right, and carry no EXIF any more.
@Suite struct OrientationTests {
    @Test(arguments: [("exif-orientation6.jpg", ImageFormat.jpeg),
                      ("exif-orientation6.png", .png), ("exif-orientation6.webp", .webp)])
    func orientation6IsApplied(name: String, format: ImageFormat) throws {
        let run = try process(fixture: name)
        #expect(run.result.format == format)
        #expect(run.result.rewrite == .reencoded)
        #expect(run.result.width == 20 && run.result.height == 40)
        #expect(decode(run.stored)?.width == 20 && decode(run.stored)?.height == 40)
        // Red corner moved from top-left to top-right.
        #expect(isRed(meanColour(run.stored, x: 13, y: 1, w: 6, h: 6)))
        #expect(!isRed(meanColour(run.stored, x: 1, y: 1, w: 6, h: 6)))
        #expect(!isRed(meanColour(run.stored, x: 13, y: 33, w: 6, h: 6)))
        expectNoMetadata(run.stored)
        switch format {
        case .png: #expect(!pngChunks(run.stored).contains("eXIf"))
        case .jpeg: #expect(!jpegLayout(run.stored).headerMarkers.contains(0xE1))
        case .webp: #expect(!webpChunks(run.stored).contains("EXIF"))
        }
        // Thumbnail: same orientation, 128x256, red top-right.
        expectGoodThumbnail(run)
        #expect(run.result.thumbnailWidth == 128 && run.result.thumbnailHeight == 256)
        #expect(isRed(meanColour(run.thumbnail, x: 100, y: 8, w: 20, h: 20)))
        #expect(!isRed(meanColour(run.thumbnail, x: 8, y: 8, w: 20, h: 20)))
    }

    /// Orientation 1 (present but "normal") keeps the lossless fast path.
    @Test func orientation1KeepsTheFastPath() throws {
        #expect(try process(fixture: "metadata.jpg").result.rewrite == .chunkRebuild)
        #expect(try process(fixture: "metadata.png").result.rewrite == .chunkRebuild)
    }
}
