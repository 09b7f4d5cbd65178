import Foundation
import ImageKit
import MultipartKit
import PersonaSeedCore
import Vapor

#if canImport(Glibc)
import Glibc
#endif

/// The upload's file, spooled to disk while the request streams in.
struct SpooledUpload: Sendable {
    let path: String
    let byteCount: Int
    let format: ImageFormat
}

/// Reads a `multipart/form-data` body as it arrives and writes the `file` part to a spool file, so an
/// upload holds at most a few hundred KiB in memory. It refuses as early as the bytes allow: a declared
/// type outside the allow-list at the part's headers, a foreign signature at the first bytes, an
/// oversize file as soon as it passes the limit (the rest of the body is not read).
struct UploadReceiver {
    static let allowedDeclaredTypes: Set<String> = [
        "image/png", "image/jpeg", "image/jpg", "image/webp", "application/octet-stream",
    ]
    /// Other form fields are ignored, but they may not make the body grow without bound.
    static let maxOtherPartBytes = 64 * 1024
    /// Spool writes are batched: fewer thread hops, still little memory.
    static let flushThreshold = 256 * 1024

    let maxFileBytes: Int
    let threadPool: NIOThreadPool

    func receive(_ request: Request, spoolPath: String) async throws -> SpooledUpload {
        guard let boundary = Self.boundary(of: request.headers) else {
            throw ValidationFailure([.body(.key("file"), msg: "Field required", type: "missing")])
        }
        let parser = MultipartParser(boundary: boundary)
        var headerGuard = MultipartHeaderGuard(boundary: boundary)
        let state = PartState(maxFileBytes: maxFileBytes)
        parser.onHeader = { name, value in state.header(name, value) }
        parser.onBody = { buffer in state.body(&buffer) }
        parser.onPartComplete = { state.partComplete() }

        let spool = try await threadPool.runIfActive { try SpoolFile(creating: spoolPath) }
        do {
            var format: ImageFormat?
            for try await chunk in request.body {
                do {
                    try headerGuard.check(chunk)
                    try parser.execute(chunk)
                } catch {
                    throw Abort(.badRequest, reason: "There was an error parsing the body")
                }
                if let failure = state.failure { throw failure }
                if format == nil, state.prefix.count >= 12 || state.fileComplete {
                    format = try Self.sniff(state.prefix)
                }
                if state.pending.readableBytes >= Self.flushThreshold || state.fileComplete {
                    try await flush(state, to: spool)
                }
                if state.fileComplete { break }
            }
            guard state.fileSeen else {
                throw ValidationFailure([.body(.key("file"), msg: "Field required", type: "missing")])
            }
            guard state.fileComplete else { throw Abort(.badRequest, reason: "There was an error parsing the body") }
            let sniffed = try format ?? Self.sniff(state.prefix)
            try await flush(state, to: spool)
            try await threadPool.runIfActive { try spool.finish() }
            return SpooledUpload(path: spoolPath, byteCount: state.fileBytes, format: sniffed)
        } catch {
            try? await threadPool.runIfActive { spool.discard() }
            throw error
        }
    }

    private func flush(_ state: PartState, to spool: SpoolFile) async throws {
        guard state.pending.readableBytes > 0 else { return }
        let bytes = state.pending
        state.pending = ByteBuffer()
        try await threadPool.runIfActive { try spool.write(bytes) }
    }

    private static func sniff(_ prefix: [UInt8]) throws(DomainError) -> ImageFormat {
        guard let format = ImageKit.sniff(prefix) else { throw .invalidFileType }
        return format
    }

    static func boundary(of headers: HTTPHeaders) -> String? {
        guard let contentType = headers.contentType, contentType.type == "multipart",
            contentType.subType == "form-data", let boundary = contentType.parameters["boundary"],
            !boundary.isEmpty
        else { return nil }
        return boundary
    }
}

/// What the parser has seen so far. Its callbacks cannot throw, so a refusal is parked in `failure`.
private final class PartState {
    let maxFileBytes: Int
    var headers: [(String, String)] = []
    var inBody = false
    var currentIsFile = false
    var fileSeen = false
    var fileComplete = false
    var fileBytes = 0
    var otherBytes = 0
    var prefix: [UInt8] = []
    var pending = ByteBuffer()
    var failure: (any Error)?

    init(maxFileBytes: Int) { self.maxFileBytes = maxFileBytes }

    func header(_ name: String, _ value: String) { headers.append((name, value)) }

    func body(_ buffer: inout ByteBuffer) {
        if !inBody { startBody() }
        guard failure == nil else { return }
        let count = buffer.readableBytes
        if currentIsFile {
            fileBytes += count
            if fileBytes > maxFileBytes {
                failure = DomainError.fileTooLarge
                return
            }
            if prefix.count < 16, let head = buffer.getBytes(at: buffer.readerIndex, length: min(16 - prefix.count, count)) {
                prefix += head
            }
            pending.writeBuffer(&buffer)
        } else {
            otherBytes += count
            if otherBytes > UploadReceiver.maxOtherPartBytes {
                failure = Abort(.payloadTooLarge, reason: "Form fields other than file may hold at most 64 KiB")
            }
        }
    }

    func partComplete() {
        if !inBody { startBody() }  // a part with an empty body gets no body callback
        if currentIsFile { fileComplete = true }
        headers = []
        inBody = false
        currentIsFile = false
    }

    private func startBody() {
        inBody = true
        guard !fileSeen, formFieldName() == "file" else { return }
        currentIsFile = true
        fileSeen = true
        if let declared = declaredType(), !UploadReceiver.allowedDeclaredTypes.contains(declared) {
            failure = DomainError.invalidFileType
        }
    }

    private func headerValue(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name }?.1
    }

    private func declaredType() -> String? {
        guard let value = headerValue("content-type") else { return nil }
        let type = value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? value
        return type.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// `name` from `Content-Disposition: form-data; name="file"; filename="…"` (the file name is never used).
    private func formFieldName() -> String? {
        guard let disposition = headerValue("content-disposition") else { return nil }
        for parameter in disposition.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "name" else { continue }
            return pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}

/// A spool file written with plain POSIX calls from the thread pool.
private struct SpoolFile: Sendable {
    let path: String
    let descriptor: Int32

    init(creating path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Abort(.internalServerError, reason: "Cannot create upload spool file") }
        self.path = path
        self.descriptor = descriptor
    }

    func write(_ buffer: ByteBuffer) throws {
        try buffer.withUnsafeReadableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Abort(.internalServerError, reason: "Cannot write upload spool file")
                }
                offset += written
            }
        }
    }

    /// Not fsynced here: the validator either rewrites the bytes or links this file and fsyncs the link.
    func finish() throws { close(descriptor) }

    func discard() {
        close(descriptor)
        unlink(path)
    }
}
