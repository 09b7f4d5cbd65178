import Glibc
import ImageKit

// One input through the real upload pipeline (`ImageKit.process`), with every promise
// ImageKit makes about the outcome checked. A crash or an ASan report inside `process`
// is found by the sanitizers; this file finds the quieter bugs: a wrong kind of error,
// output files left behind after a refusal, or a stored file that ImageKit itself
// would refuse.

enum PipelineOracle {
    /// Lower than the server's 40 MP so a mutated header that declares a big image is
    /// refused before decoding instead of spending the time budget on one input. The
    /// refusal path is the same code at any limit.
    static let maxMegapixels = 8

    /// Where outputs go: a fresh directory under $TMPDIR, emptied after every input and
    /// removed at exit (scripts/fuzz also points TMPDIR at a folder it deletes, for the
    /// runs that end in a crash).
    static let scratch: String = {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array("\(base)/image-fuzz-XXXXXX".utf8CString)
        guard let dir = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            fatalError("image-fuzz: cannot create a scratch directory under \(base)")
        }
        atexit { rmdir(PipelineOracle.scratch) }
        return String(cString: dir)
    }()

    enum Outcome {
        case accepted(ProcessedImage)
        case refused(ImageRejection)
        /// A broken promise: the fuzzer treats it like a crash.
        case violation(String)
    }

    static func check(_ bytes: [UInt8]) -> Outcome {
        let out = scratch + "/out", thumb = scratch + "/thumb"
        defer { unlink(out); unlink(thumb) }
        let image: ProcessedImage
        do {
            image = try ImageKit.process(bytes: bytes, outputPath: out, thumbnailPath: thumb,
                                         maxMegapixels: maxMegapixels)
        } catch let rejection as ImageRejection {
            // "On any throw, neither output file was created."
            if exists(out) || exists(thumb) {
                return .violation("refused (\(rejection)) but left an output file behind")
            }
            if case .tooManyPixels(let limit) = rejection, limit != maxMegapixels {
                return .violation("tooManyPixels reports limit \(limit), not \(maxMegapixels)")
            }
            return .refused(rejection)
        } catch {
            // ImageKitError is for our own failures (disk, libvips setup): an upload must
            // never be able to cause one.
            return .violation("not an ImageRejection: \(error)")
        }
        if let problem = problemWithAccepted(image, stored: out, thumbnail: thumb) {
            return .violation(problem)
        }
        return .accepted(image)
    }

    /// What ImageKit stored must be a file ImageKit accepts as it is: same format, same
    /// size. Re-checked through `process(inputPath:)`, the route uploads take (and, for a
    /// file that needs no rewrite, its hard-link branch).
    private static func problemWithAccepted(_ image: ProcessedImage, stored: String,
                                            thumbnail: String) -> String? {
        guard let storedBytes = readFile(stored), let thumbBytes = readFile(thumbnail) else {
            return "accepted but an output file is missing"
        }
        guard storedBytes.count == image.byteCount else {
            return "byteCount \(image.byteCount) but \(storedBytes.count) bytes stored"
        }
        guard ImageKit.sniff(storedBytes) == image.format else {
            return "stored bytes are not \(image.format)"
        }
        guard ImageKit.sniff(thumbBytes) == .webp,
              max(image.thumbnailWidth, image.thumbnailHeight) == ImageKit.thumbnailSize else {
            return "bad thumbnail (\(image.thumbnailWidth)x\(image.thumbnailHeight))"
        }
        guard image.width > 0, image.height > 0,
              image.width * image.height <= maxMegapixels * 1_000_000 else {
            return "accepted a \(image.width)x\(image.height) image"
        }
        let again = scratch + "/again", againThumb = scratch + "/again-thumb"
        defer { unlink(again); unlink(againThumb) }
        do {
            let second = try ImageKit.process(inputPath: stored, outputPath: again,
                                              thumbnailPath: againThumb,
                                              maxMegapixels: maxMegapixels)
            guard second.format == image.format, second.width == image.width,
                  second.height == image.height else {
                return "stored file reprocesses as \(second.format) \(second.width)x\(second.height), "
                    + "was \(image.format) \(image.width)x\(image.height)"
            }
        } catch {
            return "stored file is refused when processed again: \(error)"
        }
        return nil
    }

    private static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        return ferror(file) == 0 ? bytes : nil
    }
}

/// A line on standard error (Glibc's `stderr` is a global var Swift 6 will not touch).
func printError(_ line: String) {
    let text = line + "\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
}
