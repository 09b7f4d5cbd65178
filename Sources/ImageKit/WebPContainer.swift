// WEBP (RIFF) container handling, both directions:
//
// inspect (uploads): WEBP is always decoded and re-encoded (a VP8/VP8L bitstream has no
// cheap lossless "rebuild"), so this only has to cut the file at the RIFF size (bytes
// after it never reach libvips or storage), refuse a RIFF size larger than the file
// (truncated upload) or chunks that overrun it, tell lossless (VP8L) from lossy (VP8)
// so the re-encode keeps that property, read the EXIF orientation in Swift, and hand
// libvips a copy without EXIF/XMP chunks (uploaded metadata never reaches libexif).
//
// stripMetadata (our own encoder output): libvips 8.14.1's webpsave ignores
// strip=TRUE and even synthesises an EXIF block from the image's resolution, so EXIF
// and XMP chunks (and ICCP for thumbnails) are removed here, whatever libvips does.

enum WebPContainer {
    struct Info {
        /// The RIFF file proper ([0, 8 + RIFF size)) without EXIF and XMP chunks.
        var riff: [UInt8]
        var lossless: Bool
        /// EXIF orientation (1 when absent).
        var orientation: Int
    }

    private static let VP8 = fourCC("VP8 ")
    private static let VP8L = fourCC("VP8L")
    private static let VP8X = fourCC("VP8X")
    private static let ANMF = fourCC("ANMF")
    private static let EXIF = fourCC("EXIF")
    private static let XMP = fourCC("XMP ")
    private static let ICCP = fourCC("ICCP")

    /// VP8X feature flags (WebP container spec).
    private static let iccFlag: UInt8 = 0x20
    private static let exifFlag: UInt8 = 0x08
    private static let xmpFlag: UInt8 = 0x04

    static func inspect(_ input: [UInt8]) throws(ImageRejection) -> Info {
        guard Sniffer.sniff(input) == .webp else { throw .unsupportedType }
        let end = try riffEnd(input)
        var bitstream: UInt32?
        var orientation: Int?
        try forEachChunk(input, end: end) { type, pos, dataEnd in
            if type == EXIF, orientation == nil {
                orientation = ExifOrientation.read(input[(pos + 8)..<dataEnd])
            }
            if bitstream == nil {
                if type == VP8 || type == VP8L {
                    bitstream = type
                } else if type == ANMF {
                    // Animated: libvips loads the first frame; its bitstream chunk sits
                    // after the 16-byte frame header.
                    bitstream = firstBitstream(input, from: pos + 8 + 16, to: dataEnd)
                }
            }
        }
        guard let kind = bitstream else { throw .undecodable }
        return Info(riff: try stripMetadata(Array(input[0..<end]), keepICC: true),
                    lossless: kind == VP8L, orientation: orientation ?? 1)
    }

    /// Same file without EXIF and XMP chunks (and without ICCP unless `keepICC`), with
    /// the VP8X flags and the RIFF size updated to match.
    static func stripMetadata(_ input: [UInt8], keepICC: Bool) throws(ImageRejection) -> [UInt8] {
        guard Sniffer.sniff(input) == .webp else { throw .undecodable }
        let end = try riffEnd(input)
        var out: [UInt8] = Array(input[0..<12])
        out.reserveCapacity(end)
        try forEachChunk(input, end: end) { type, pos, dataEnd in
            if type == EXIF || type == XMP || (type == ICCP && !keepICC) { return }
            let chunkStart = out.count
            out.append(contentsOf: input[pos..<min(dataEnd + (dataEnd - pos) % 2, end)])
            if type == VP8X, dataEnd - pos >= 9 {
                var cleared = exifFlag | xmpFlag
                if !keepICC { cleared |= iccFlag }
                out[chunkStart + 8] &= ~cleared
            }
        }
        let size = UInt32(out.count - 8)
        out.replaceSubrange(4..<8, with: [UInt8(truncatingIfNeeded: size), UInt8(truncatingIfNeeded: size >> 8),
                                          UInt8(truncatingIfNeeded: size >> 16), UInt8(truncatingIfNeeded: size >> 24)])
        return out
    }

    /// 8 + RIFF size, checked against the data we have.
    private static func riffEnd(_ input: [UInt8]) throws(ImageRejection) -> Int {
        let end = 8 + Int(input.le32(at: 4))
        guard end >= 12 + 8, end <= input.count else { throw .undecodable }
        return end
    }

    /// Calls `body(type, chunkStart, dataEnd)` for each top-level chunk; refuses chunks
    /// that overrun the RIFF end.
    private static func forEachChunk(_ input: [UInt8], end: Int,
                                     _ body: (UInt32, Int, Int) throws(ImageRejection) -> Void)
        throws(ImageRejection)
    {
        var pos = 12
        while pos < end {
            guard pos + 8 <= end else { throw .undecodable }
            let type = input.be32(at: pos)
            let dataEnd = pos + 8 + Int(input.le32(at: pos + 4))
            guard dataEnd <= end else { throw .undecodable }
            try body(type, pos, dataEnd)
            pos = dataEnd + (dataEnd - pos) % 2  // chunks are padded to even sizes
        }
    }

    private static func firstBitstream(_ input: [UInt8], from start: Int, to end: Int) -> UInt32? {
        var pos = start
        while pos + 8 <= end {
            let type = input.be32(at: pos)
            if type == VP8 || type == VP8L { return type }
            pos += 8 + Int(input.le32(at: pos + 4))
            pos += pos & 1
        }
        return nil
    }
}
