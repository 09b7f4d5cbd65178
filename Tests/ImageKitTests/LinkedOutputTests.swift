import Foundation
import ImageKit
import Testing

/// An upload with nothing to drop is stored by linking the input file, not by writing its bytes again;
/// anything that changes the bytes goes through a fresh write.
@Suite struct LinkedOutputTests {
    func links(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_nlink) : -1
    }

    /// Runs the file API on a fixture copied to `upload` in a fresh scratch folder.
    func processCopy(of fixture: String) throws -> (scratch: Scratch, input: String, original: [UInt8]) {
        let scratch = try Scratch()
        let input = scratch.file("upload")
        let original = try Fixtures.bytes(fixture)
        try Data(original).write(to: URL(fileURLWithPath: input))
        _ = try ImageKit.process(inputPath: input, outputPath: scratch.file("out"),
                                 thumbnailPath: scratch.file("thumb"), maxMegapixels: 40)
        return (scratch, input, original)
    }

    @Test func cleanPNGIsLinkedWithIdenticalBytes() throws {
        let (scratch, input, original) = try processCopy(of: "valid-rgb.png")
        #expect(try scratch.read("out") == original)
        #expect(links(scratch.file("out")) == 2)
        // Linking fails like O_EXCL: an existing output is never replaced.
        #expect(throws: ImageKitError.self) {
            try ImageKit.process(inputPath: input, outputPath: scratch.file("out"),
                                 thumbnailPath: scratch.file("thumb2"), maxMegapixels: 40)
        }
        #expect(!scratch.exists("thumb2"))
    }

    @Test func pngWithMetadataIsWrittenAfresh() throws {
        let (scratch, input, original) = try processCopy(of: "metadata.png")
        #expect(try scratch.read("out") != original)
        #expect(links(scratch.file("out")) == 1)
        #expect(links(input) == 1)
    }
}
