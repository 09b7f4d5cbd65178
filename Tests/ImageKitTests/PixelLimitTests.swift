import Foundation
import ImageKit
import Testing

// Requirement 3: the pixel limit is enforced from the header, before decoding.
@Suite struct PixelLimitTests {
    /// 20000x20000 declared (400 MP) in a ~48 KB file of compressed zeros: refused for its size.
    /// (That the refusal comes from the header, before any decoding, is what
    /// `hugeDeclaredSizeWithoutData` proves without a clock: a file with no pixel data to decode.)
    @Test func decompressionBombIsRefusedFromTheHeader() throws {
        let bomb = try Fixtures.bytes("bomb-20000x20000.png")
        #expect(bomb.count < 64 * 1024)
        try ImageKit.prepare()
        try expectRejection(bomb, .tooManyPixels(limitMegapixels: 40), maxMegapixels: 40)
        // Even a generous limit below 400 MP refuses it.
        try expectRejection(bomb, .tooManyPixels(limitMegapixels: 399), maxMegapixels: 399)
    }

    /// The limit is width*height > limit * 1_000_000, for every format.
    @Test(arguments: ["valid-rgb.png", "valid.jpg", "valid-lossy.webp"])
    func limitBoundary(name: String) throws {
        // 64x48 = 3072 pixels: refused at limit 0, accepted at 1.
        try expectRejection(Fixtures.bytes(name), .tooManyPixels(limitMegapixels: 0), maxMegapixels: 0)
        #expect(try process(fixture: name, maxMegapixels: 1).result.width == 64)
    }

    /// Header-derived, so a truncated file that declares a huge size is refused for its
    /// size, without ever being decoded.
    @Test func hugeDeclaredSizeWithoutData() throws {
        let png = makePNG(width: 50_000, height: 50_000, colourType: 0, depth: 1,
                          scanlines: [0, 0, 0, 0])
        try expectRejection(png, .tooManyPixels(limitMegapixels: 100), maxMegapixels: 100)
    }
}
