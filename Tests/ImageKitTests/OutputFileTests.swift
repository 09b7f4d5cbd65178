import Foundation
import ImageKit
import Testing

// Requirement 9 and the file contract: outputs are created new, written completely,
// and on any error neither output exists (pre-existing files are never touched).
@Suite struct OutputFileTests {
    @Test func writesBothFilesFromAPath() throws {
        let scratch = try Scratch()
        let result = try ImageKit.process(inputPath: Fixtures.path("metadata.jpg"),
                                          outputPath: scratch.file("out"),
                                          thumbnailPath: scratch.file("thumb"), maxMegapixels: 40)
        let stored = try scratch.read("out")
        #expect(stored.count == result.byteCount)
        #expect(ImageKit.sniff(stored) == .jpeg)
        #expect(ImageKit.sniff(try scratch.read("thumb")) == .webp)
    }

    @Test func existingOutputIsNeverOverwritten() throws {
        let scratch = try Scratch()
        try Data("precious".utf8).write(to: URL(fileURLWithPath: scratch.file("out")))
        #expect(throws: ImageKitError.outputExists(path: scratch.file("out"))) {
            try ImageKit.process(bytes: Fixtures.bytes("valid-rgb.png"), outputPath: scratch.file("out"),
                                 thumbnailPath: scratch.file("thumb"), maxMegapixels: 40)
        }
        #expect(try scratch.read("out") == Array("precious".utf8))
        #expect(!scratch.exists("thumb"))
    }

    /// The image is written first; when the thumbnail cannot be created the image is
    /// removed again, and the existing thumbnail file is left alone.
    @Test func failureOnTheSecondFileRemovesTheFirst() throws {
        let scratch = try Scratch()
        try Data("old thumb".utf8).write(to: URL(fileURLWithPath: scratch.file("thumb")))
        #expect(throws: ImageKitError.outputExists(path: scratch.file("thumb"))) {
            try ImageKit.process(bytes: Fixtures.bytes("valid-rgb.png"), outputPath: scratch.file("out"),
                                 thumbnailPath: scratch.file("thumb"), maxMegapixels: 40)
        }
        #expect(!scratch.exists("out"))
        #expect(try scratch.read("thumb") == Array("old thumb".utf8))
        // Same path for both: second create fails, first is removed.
        #expect(throws: ImageKitError.outputExists(path: scratch.file("same"))) {
            try ImageKit.process(bytes: Fixtures.bytes("valid-rgb.png"), outputPath: scratch.file("same"),
                                 thumbnailPath: scratch.file("same"), maxMegapixels: 40)
        }
        #expect(!scratch.exists("same"))
    }

    @Test func unwritableDirectoryLeavesNothing() throws {
        let scratch = try Scratch()
        let missingDir = scratch.file("no/such/dir/thumb")
        #expect(throws: ImageKitError.self) {
            try ImageKit.process(bytes: Fixtures.bytes("valid-rgb.png"), outputPath: scratch.file("out"),
                                 thumbnailPath: missingDir, maxMegapixels: 40)
        }
        #expect(!scratch.exists("out"))
    }

    @Test func missingInputIsAnIOError() throws {
        let scratch = try Scratch()
        #expect(throws: ImageKitError.io(operation: "open", path: scratch.file("nope"), errno: ENOENT)) {
            try ImageKit.process(inputPath: scratch.file("nope"), outputPath: scratch.file("out"),
                                 thumbnailPath: scratch.file("thumb"), maxMegapixels: 40)
        }
        #expect(!scratch.exists("out") && !scratch.exists("thumb"))
    }

    /// Rejections never create files (checked for every rejection by expectRejection;
    /// here through the path-based entry point as well).
    @Test func rejectionFromPathLeavesNothing() throws {
        let scratch = try Scratch()
        #expect(throws: ImageRejection.undecodable) {
            try ImageKit.process(inputPath: Fixtures.path("truncated.png"), outputPath: scratch.file("out"),
                                 thumbnailPath: scratch.file("thumb"), maxMegapixels: 40)
        }
        #expect(!scratch.exists("out") && !scratch.exists("thumb"))
    }
}
