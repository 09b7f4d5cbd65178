import Glibc

// Plain POSIX file I/O, so the guarantees are explicit:
//  - outputs are created with O_CREAT|O_EXCL (never overwrite, never follow a symlink
//    planted at the path),
//  - written completely (short writes and EINTR handled) and fsync'ed,
//  - on any failure nothing we created is left behind (unlink), and a file that
//    already existed is never touched.

enum FileIO {
    static func readAll(path: String) throws(ImageKitError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(operation: "fstat", path: path, errno: errno) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "read", path: path, errno: errno)
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    static func sameBytes(_ first: [UInt8], _ second: [UInt8]) -> Bool {
        guard first.count == second.count else { return false }
        return first.withUnsafeBytes { a in
            second.withUnsafeBytes { b in a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
        }
    }

    /// Links `source` as `outputPath` (fails if it exists, like O_EXCL), fsyncs it, then writes the
    /// second file; on any error neither output name is left.
    static func linkThenWrite(_ source: String, as outputPath: String,
                              _ second: [UInt8], to secondPath: String) throws(ImageKitError) {
        guard link(source, outputPath) == 0 else {
            let err = errno
            throw err == EEXIST ? .outputExists(path: outputPath) : .io(operation: "link", path: outputPath, errno: err)
        }
        do {
            try syncExisting(outputPath)
            try writeNew(second, to: secondPath)
        } catch {
            unlink(outputPath)
            throw error
        }
    }

    private static func syncExisting(_ path: String) throws(ImageKitError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        defer { close(fd) }
        while fsync(fd) != 0 {
            if errno != EINTR { throw .io(operation: "fsync", path: path, errno: errno) }
        }
    }

    /// Writes both files or, on any error, neither.
    static func writeBothOrNeither(_ first: [UInt8], to firstPath: String,
                                   _ second: [UInt8], to secondPath: String) throws(ImageKitError) {
        try writeNew(first, to: firstPath)
        do {
            try writeNew(second, to: secondPath)
        } catch {
            unlink(firstPath)
            throw error
        }
    }

    /// Creates `path` (must not exist), writes `bytes`, fsyncs, closes.
    static func writeNew(_ bytes: [UInt8], to path: String) throws(ImageKitError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let err = errno
            throw err == EEXIST ? .outputExists(path: path) : .io(operation: "open", path: path, errno: err)
        }
        // From here on the file is ours: remove it on failure.
        func fail(_ operation: String, _ err: Int32) -> ImageKitError {
            close(fd)
            unlink(path)
            return .io(operation: operation, path: path, errno: err)
        }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail("write", errno)
            }
            offset += n
        }
        while fsync(fd) != 0 {
            if errno != EINTR { throw fail("fsync", errno) }
        }
        if close(fd) != 0 {
            let err = errno
            unlink(path)
            throw .io(operation: "close", path: path, errno: err)
        }
    }
}
