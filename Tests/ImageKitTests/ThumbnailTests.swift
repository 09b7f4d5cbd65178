import ImageKit
import Testing

// Requirement 7: WEBP thumbnail, longest side exactly 256, aspect kept, no metadata.
@Suite struct ThumbnailTests {
    @Test(arguments: [
        "valid-rgb.png", "valid-rgba.png", "valid-rgb16.png", "palette-trns.png", "metadata.png",
        "valid.jpg", "metadata.jpg", "grayscale.jpg", "cmyk.jpg", "interlaced-adam7.png", "icc-progressive-restart.jpg",
        "valid-lossy.webp", "valid-lossless.webp", "exif-orientation6.jpg",
    ])
    func everyAcceptedFixtureGetsAThumbnail(name: String) throws {
        expectGoodThumbnail(try process(fixture: name))
    }

    /// Odd sizes and extreme aspect ratios: exactly 256 on the long side, never 0.
    @Test(arguments: [(1000, 1001), (1001, 1000), (300, 1003), (1003, 300), (257, 259),
                      (3, 2000), (2000, 3), (1, 1), (256, 256), (512, 100)])
    func sizes(width: Int, height: Int) throws {
        let png = makePNG(width: width, height: height,
                          scanlines: rgbScanlines(width: width, height: height) { x, y in
                              (UInt8(truncatingIfNeeded: x), UInt8(truncatingIfNeeded: y), 128)
                          })
        let run = try process(bytes: png)
        #expect(run.result.width == width && run.result.height == height)
        expectGoodThumbnail(run)
    }
}
