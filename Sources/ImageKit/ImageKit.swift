// ImageKit: the upload validation pipeline. An upload is only ever stored as bytes we
// rewrote ourselves after libvips decoded every pixel of them; the original bytes are
// never copied as they are.
//
//   sniff (signature only) -> structural parse in Swift (PNG chunks / JPEG segments /
//   RIFF) -> libvips header (lazy, no pixels) -> pixel limit -> one full decode that
//   also makes the thumbnail -> write both files (O_EXCL, fsync) or neither.
//
// See Pipeline.swift for the per-format decisions.

/// The formats we accept and store.
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    case png, jpeg, webp

    public var mimeType: String {
        switch self {
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .webp: "image/webp"
        }
    }

    public var fileExtension: String {
        switch self {
        case .png: "png"
        case .jpeg: "jpg"
        case .webp: "webp"
        }
    }
}

/// Why an upload was refused. These are the uploader's problem (HTTP 4xx); failures of
/// our own (disk, libvips setup) are `ImageKitError`.
public enum ImageRejection: Error, Equatable, Sendable {
    /// No PNG/JPEG/WEBP signature (text, GIF, SVG, empty, BMP, TIFF, HEIC, ...).
    case unsupportedType
    /// Right signature but truncated / corrupt / bad CRC / does not fully decode.
    case undecodable
    /// width*height > limit*1_000_000, decided from the header before decoding.
    case tooManyPixels(limitMegapixels: Int)
}

/// Server-side failures: not the uploader's fault.
public enum ImageKitError: Error, Equatable, Sendable {
    /// vips_init or the hardening failed (message from libvips).
    case libvipsUnavailable(String)
    /// An output path already exists; ImageKit never overwrites.
    case outputExists(path: String)
    /// A system call failed on `path` (`errno` value).
    case io(operation: String, path: String, errno: Int32)
}

/// How the stored bytes were produced (informational).
public enum RewriteKind: String, Sendable, Codable {
    /// PNG chunks / JPEG segments copied one by one through an allow-list: the pixels
    /// are bit-identical, nothing else survives.
    case chunkRebuild
    /// Decoded (and orientation applied) then encoded again by libvips.
    case reencoded
}

public struct ProcessedImage: Sendable, Equatable {
    /// Format of the stored (cleaned) file.
    public let format: ImageFormat
    /// Of the stored image (after EXIF orientation was applied).
    public let width: Int
    public let height: Int
    /// Size of the cleaned file written.
    public let byteCount: Int
    public let thumbnailWidth: Int
    public let thumbnailHeight: Int
    public let rewrite: RewriteKind

    public init(format: ImageFormat, width: Int, height: Int, byteCount: Int,
                thumbnailWidth: Int, thumbnailHeight: Int, rewrite: RewriteKind) {
        self.format = format
        self.width = width
        self.height = height
        self.byteCount = byteCount
        self.thumbnailWidth = thumbnailWidth
        self.thumbnailHeight = thumbnailHeight
        self.rewrite = rewrite
    }
}

public enum ImageKit {
    /// Longest side of every thumbnail, in pixels.
    public static let thumbnailSize = 256

    /// Type from the signature bytes only (first 12 bytes). Never from names or
    /// declared types.
    public static func sniff<C: Collection>(_ prefix: C) -> ImageFormat? where C.Element == UInt8 {
        Sniffer.sniff(prefix)
    }

    /// Full pipeline. Reads the upload from `inputPath`, writes the cleaned image to
    /// `outputPath` and a WEBP thumbnail (longest side exactly 256 px, aspect kept) to
    /// `thumbnailPath`. Both output files are created new (fail if they exist), written
    /// completely and fsync'ed before returning. On any throw, neither output file was
    /// created (a path that already existed is left untouched: `.outputExists`).
    /// Parent directories are not fsync'ed: publishing (rename) is the caller's step.
    ///
    /// Throws `ImageRejection` for bad uploads, `ImageKitError` for our own failures.
    /// Safe to call concurrently from many threads.
    public static func process(inputPath: String, outputPath: String, thumbnailPath: String,
                               maxMegapixels: Int) throws -> ProcessedImage {
        let bytes = try FileIO.readAll(path: inputPath)
        return try process(bytes: bytes, source: inputPath, outputPath: outputPath,
                           thumbnailPath: thumbnailPath, maxMegapixels: maxMegapixels)
    }

    /// Same, from bytes in memory (e.g. images returned by generation engines).
    public static func process(bytes: [UInt8], outputPath: String, thumbnailPath: String,
                               maxMegapixels: Int) throws -> ProcessedImage {
        try process(bytes: bytes, source: nil, outputPath: outputPath, thumbnailPath: thumbnailPath,
                    maxMegapixels: maxMegapixels)
    }

    /// When the rebuilt bytes are the input file's bytes exactly (an upload that carried nothing to
    /// drop), the output is a hard link to that file: the same bytes, without writing them again.
    private static func process(bytes: [UInt8], source: String?, outputPath: String,
                                thumbnailPath: String, maxMegapixels: Int) throws -> ProcessedImage {
        try Vips.ensureReady()
        let cleaned = try Pipeline.clean(bytes, maxMegapixels: maxMegapixels)
        if let source, FileIO.sameBytes(cleaned.stored, bytes) {
            try FileIO.linkThenWrite(source, as: outputPath, cleaned.thumbnail, to: thumbnailPath)
        } else {
            try FileIO.writeBothOrNeither(cleaned.stored, to: outputPath,
                                          cleaned.thumbnail, to: thumbnailPath)
        }
        return ProcessedImage(format: cleaned.format, width: cleaned.width,
                              height: cleaned.height, byteCount: cleaned.stored.count,
                              thumbnailWidth: cleaned.thumbnailWidth,
                              thumbnailHeight: cleaned.thumbnailHeight,
                              rewrite: cleaned.rewrite)
    }

    /// Throws `ImageKitError.libvipsUnavailable` if libvips cannot be set up. Calling it
    /// at server start surfaces a broken install early; `process` calls it anyway.
    public static func prepare() throws {
        try Vips.ensureReady()
    }
}
