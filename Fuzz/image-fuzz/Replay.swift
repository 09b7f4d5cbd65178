#if !IMAGE_FUZZ_LIBFUZZER
import Glibc
import ImageKit

// Without libFuzzer (a plain `swift build`): runs the given files, or every file in the
// given folders, through the same checks, e.g. to replay a crash-* input in a debugger
// or the whole corpus:
//
//   swift run image-fuzz Tests/FuzzCorpus .build-fuzz/crash-1234...
//
// Prints one line per file; exits 1 if any broke a promise.

@main
struct Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard !arguments.isEmpty else {
            printError("usage: image-fuzz FILE_OR_DIR...")
            exit(2)
        }
        var violations = 0
        for path in arguments.flatMap(files) {
            guard let bytes = PipelineOracle.readFile(path) else {
                printError("\(path): cannot read")
                exit(2)
            }
            switch PipelineOracle.check(bytes) {
            case .accepted(let image):
                print("\(path): accepted \(image.format) \(image.width)x\(image.height)")
            case .refused(let rejection):
                print("\(path): refused \(rejection)")
            case .violation(let message):
                print("\(path): VIOLATION \(message)")
                violations += 1
            }
        }
        rmdir(PipelineOracle.scratch)
        exit(violations == 0 ? 0 : 1)
    }

    /// `path` itself, or the regular files directly inside it (sorted).
    static func files(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [path] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if entry.pointee.d_type == DT_REG { names.append(name) }
        }
        return names.sorted().map { path + "/" + $0 }
    }
}
#endif
