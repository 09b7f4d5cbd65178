// Per-format decisions of the validation pipeline. Everything here works on memory;
// FileIO.swift writes the result.
//
// Order matters and is the same for every format:
//  1. sniff the signature (never names / declared types),
//  2. rebuild the container in Swift (cheap, no pixels): CRCs, truncation, chunk
//     order, allow-listed chunks only, EXIF orientation read here and then dropped,
//  3. libvips header of the rebuilt bytes (lazy load with the format's own loader),
//  4. refuse above the pixel limit BEFORE any pixel is decoded (decompression bombs),
//  5. one full decode of exactly the bytes we are about to store (or re-encode), which
//     also produces the thumbnail.

enum Pipeline {
    struct Cleaned {
        var format: ImageFormat
        var stored: [UInt8]
        var width: Int
        var height: Int
        var thumbnail: [UInt8]
        var thumbnailWidth: Int
        var thumbnailHeight: Int
        var rewrite: RewriteKind
    }

    /// JPEG quality when a JPEG must be re-encoded (orientation applied).
    static let jpegQuality = 92
    /// WEBP quality when re-encoding a lossy WEBP.
    static let webpQuality = 90

    static func clean(_ bytes: [UInt8], maxMegapixels: Int) throws(ImageRejection) -> Cleaned {
        guard let format = Sniffer.sniff(bytes) else { throw .unsupportedType }
        // libvips only ever sees the rebuilt bytes (no EXIF/XMP/text): uploaded
        // metadata is parsed by our bounds-checked Swift code alone. The orientation
        // comes from that parse and is handed to libvips explicitly.
        switch format {
        case .png:
            let rebuilt = try PNGRebuilder.rebuild(bytes)
            try checkPixels(.png, rebuilt.bytes[...], maxMegapixels: maxMegapixels)
            if rebuilt.orientation == 1 {
                return try validateRebuilt(.png, rebuilt.bytes)
            }
            // Orientation to apply: decode -> rotate -> encode. The re-encoded file
            // goes through the rebuilder too, so both paths share one allow-list.
            return try reencode(.png, rebuilt.bytes[...], orientation: rebuilt.orientation,
                                lossless: true, quality: 0) { encoded throws(ImageRejection) in
                try PNGRebuilder.rebuild(encoded).bytes
            }
        case .jpeg:
            let rebuilt = try JPEGRebuilder.rebuild(bytes)
            try checkPixels(.jpeg, rebuilt.bytes[...], maxMegapixels: maxMegapixels)
            if rebuilt.orientation == 1 {
                return try validateRebuilt(.jpeg, rebuilt.bytes)
            }
            return try reencode(.jpeg, rebuilt.bytes[...], orientation: rebuilt.orientation,
                                lossless: false, quality: jpegQuality) { encoded throws(ImageRejection) in
                try JPEGRebuilder.rebuild(encoded).bytes
            }
        case .webp:
            let info = try WebPContainer.inspect(bytes)
            try checkPixels(.webp, info.riff[...], maxMegapixels: maxMegapixels)
            return try reencode(.webp, info.riff[...], orientation: info.orientation,
                                lossless: info.lossless, quality: webpQuality) { encoded throws(ImageRejection) in
                try WebPContainer.stripMetadata(encoded, keepICC: true)
            }
        }
    }

    /// Pixel limit from libvips' header parse (lazy load: no pixel is decoded), so a
    /// decompression bomb costs a few header bytes.
    private static func checkPixels(_ format: ImageFormat, _ bytes: ArraySlice<UInt8>,
                                    maxMegapixels: Int) throws(ImageRejection) {
        let header = try Vips.header(format, bytes)
        let (limit, overflow) = max(0, maxMegapixels).multipliedReportingOverflow(by: 1_000_000)
        if !overflow, header.width * header.height > limit {
            throw .tooManyPixels(limitMegapixels: maxMegapixels)
        }
    }

    /// Fast path: store the rebuilt bytes, after libvips decoded all of them.
    private static func validateRebuilt(_ format: ImageFormat, _ rebuilt: [UInt8])
        throws(ImageRejection) -> Cleaned
    {
        let out = try Vips.process(format, rebuilt[...], encode: .none)
        return Cleaned(format: format, stored: rebuilt, width: out.width, height: out.height,
                       thumbnail: try thumbnailBytes(out), thumbnailWidth: out.thumbnailWidth,
                       thumbnailHeight: out.thumbnailHeight, rewrite: .chunkRebuild)
    }

    private static func reencode(_ format: ImageFormat, _ bytes: ArraySlice<UInt8>,
                                 orientation: Int, lossless: Bool, quality: Int,
                                 finish: ([UInt8]) throws(ImageRejection) -> [UInt8])
        throws(ImageRejection) -> Cleaned
    {
        let out = try Vips.process(format, bytes, encode: .reencode(
            format: format, orientation: orientation, lossless: lossless, quality: quality))
        guard let encoded = out.encoded else { throw .undecodable }
        return Cleaned(format: format, stored: try finish(encoded), width: out.width,
                       height: out.height, thumbnail: try thumbnailBytes(out),
                       thumbnailWidth: out.thumbnailWidth, thumbnailHeight: out.thumbnailHeight,
                       rewrite: .reencoded)
    }

    /// Our WEBP thumbnail, with any metadata chunk libvips may have written removed.
    private static func thumbnailBytes(_ out: Vips.Output) throws(ImageRejection) -> [UInt8] {
        try WebPContainer.stripMetadata(out.thumbnail, keepICC: false)
    }
}
