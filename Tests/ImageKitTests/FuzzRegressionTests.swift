import Foundation
import ImageKit
import Testing

// The fuzzer's committed inputs, replayed on every test run: the seed corpus
// (Tests/FuzzCorpus, made by scripts/make-fixtures.py) and every input scripts/fuzz
// ever found to crash, hang or leak (Tests/FuzzCorpus/regressions, kept as found).
// Whatever the bytes, the pipeline must answer with a result or an ImageRejection:
// never another error, never a crash.

enum FuzzCorpus {
    static let directory = Fixtures.directory
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("FuzzCorpus")

    /// Paths relative to Tests/FuzzCorpus, sorted, subfolders included.
    static let files: [String] = {
        let root = directory.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return walker.compactMap { $0 as? String }
            .filter { name in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory)
                    && !isDirectory.boolValue
            }
            .sorted()
    }()

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}

@Suite("Fuzz corpus and regressions")
struct FuzzRegressionTests {
    @Test func corpusIsThere() {
        // An empty list would make the parameterised test below pass vacuously.
        #expect(FuzzCorpus.files.count >= 30)
    }

    @Test(arguments: FuzzCorpus.files)
    func acceptedOrRefused(_ name: String) throws {
        let bytes = try FuzzCorpus.bytes(name)
        let scratch = try Scratch()
        do {
            let result = try ImageKit.process(bytes: bytes, outputPath: scratch.file("out"),
                                              thumbnailPath: scratch.file("thumb"),
                                              maxMegapixels: 40)
            #expect(try scratch.read("out").count == result.byteCount)
            #expect(scratch.exists("thumb"))
        } catch is ImageRejection {
            #expect(!scratch.exists("out") && !scratch.exists("thumb"))
        }
        // Any other error propagates and fails the test.
    }
}
