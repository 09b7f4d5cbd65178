import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Images as files in one folder (`BASE_IMAGES_DIR`).
///
/// Writes follow temp file → fsync → link under the final name → fsync of the folder: a crash leaves
/// either no file or a complete one, and `link` (unlike `rename`) fails instead of replacing a file.
public struct FileImageStore: ImageStore {
    public static let temporaryPrefix = ".tmp-"
    public let directory: String

    public init(directory: String) throws {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        try FileManager.default.createDirectory(atPath: absolute, withIntermediateDirectories: true)
        self.directory = absolute
    }

    public func makeTemporaryPath(suffix: String) -> String {
        "\(directory)/\(Self.temporaryPrefix)\(UUID().uuidString.lowercased())\(suffix)"
    }

    public func publish(temporaryPath: String, as key: String) throws {
        let target = try checkedPath(for: key)
        if link(temporaryPath, target) != 0 {
            let code = errno
            if code == EEXIST { throw ImageStoreError.keyExists(key) }
            throw ImageStoreError.io(operation: "link", path: target, errno: code)
        }
        unlink(temporaryPath)
    }

    /// All keys live in one folder: one fsync of it makes every link so far durable.
    public func syncPublished() throws {
        try syncDirectory()
    }

    public func path(for key: String) -> String { "\(directory)/\(key)" }

    public func delete(key: String) throws {
        let target = try checkedPath(for: key)
        if unlink(target) != 0, errno != ENOENT {
            throw ImageStoreError.io(operation: "unlink", path: target, errno: errno)
        }
    }

    public func listKeys() throws -> [(key: String, modified: Date)] {
        try entries().filter { !$0.name.hasPrefix(".") }.map { ($0.name, $0.modified) }
    }

    public func listTemporaryFiles() throws -> [(path: String, modified: Date)] {
        try entries().filter { $0.name.hasPrefix(Self.temporaryPrefix) }.map { (path(for: $0.name), $0.modified) }
    }

    private func entries() throws -> [(name: String, modified: Date)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        return names.compactMap { name in
            var info = stat()
            guard stat(path(for: name), &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
            return (name, Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec)))
        }
    }

    /// Keys are plain file names made by us; anything that could leave the folder is refused.
    private func checkedPath(for key: String) throws -> String {
        guard !key.isEmpty, !key.hasPrefix("."), !key.contains("/"), !key.contains("\0") else {
            throw ImageStoreError.invalidKey(key)
        }
        return path(for: key)
    }

    private func syncDirectory() throws {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { throw ImageStoreError.io(operation: "open", path: directory, errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw ImageStoreError.io(operation: "fsync", path: directory, errno: errno) }
    }
}
