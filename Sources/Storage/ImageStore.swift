import Foundation

/// Where image bytes live. Keys are flat file names (`persona_{uuid}_uploaded_v3.png`).
///
/// The contract that keeps rows and files consistent: a file is complete before `publish`, `publish`
/// never replaces an existing key, and rows are written only after `syncPublished` has made the
/// published files durable.
public protocol ImageStore: Sendable {
    /// A fresh path in the store's own folder (same filesystem, so publishing is a link) for a file being made.
    func makeTemporaryPath(suffix: String) -> String
    /// Publishes a complete, fsynced temporary file under `key`, not yet durably: `syncPublished()`
    /// makes every publication so far durable at once. Throws `.keyExists` rather than replace.
    func publish(temporaryPath: String, as key: String) throws
    /// Makes the files published so far survive a crash (one folder sync for any number of them).
    func syncPublished() throws
    /// The local path of a key's bytes (the file store serves files directly).
    func path(for key: String) -> String
    func delete(key: String) throws
    /// Every key (finished file) in the store, with its modification date.
    func listKeys() throws -> [(key: String, modified: Date)]
    /// Unfinished temporary files, with their modification dates.
    func listTemporaryFiles() throws -> [(path: String, modified: Date)]
}

public enum ImageStoreError: Error, Equatable, CustomStringConvertible {
    case keyExists(String)
    case invalidKey(String)
    case io(operation: String, path: String, errno: Int32)

    public var description: String {
        switch self {
        case .keyExists(let key): "image key already exists: \(key)"
        case .invalidKey(let key): "invalid image key: \(key)"
        case .io(let operation, let path, let code): "\(operation) \(path): \(String(cString: strerror(code)))"
        }
    }
}
