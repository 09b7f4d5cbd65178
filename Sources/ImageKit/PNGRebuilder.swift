import CVipsShim

// Lossless PNG rewrite: walk the chunk stream, verify every CRC, copy only the chunks
// needed to render the image (allow-list), drop everything else. The pixel data
// (IDAT) is copied untouched, so this is much cheaper than decoding + re-encoding;
// libvips still decodes the result completely to validate it (Pipeline.swift).
//
// What disappears: tEXt/zTXt/iTXt (comments, XMP), eXIf, tIME, APNG animation
// (acTL/fcTL/fdAT: the default image, IDAT, remains), private chunks, anything after
// IEND, ancillary chunks placed after the image data.

enum PNGRebuilder {
    struct Rebuilt {
        var bytes: [UInt8]
        var width: Int
        var height: Int
        /// EXIF orientation from an eXIf chunk (1 when there is none); the chunk itself
        /// is not in `bytes`.
        var orientation: Int
    }

    private static let IHDR = fourCC("IHDR")
    private static let PLTE = fourCC("PLTE")
    private static let IDAT = fourCC("IDAT")
    private static let IEND = fourCC("IEND")
    private static let eXIf = fourCC("eXIf")

    /// Ancillary chunks that affect how pixels look. They must come before IDAT.
    private static let keptAncillary: Set<UInt32> = [
        fourCC("tRNS"), fourCC("gAMA"), fourCC("cHRM"), fourCC("sRGB"), fourCC("iCCP"),
        fourCC("sBIT"), fourCC("pHYs"), fourCC("bKGD"),
    ]

    /// Data lengths the PNG spec allows for the fixed-layout chunks we keep. A chunk
    /// with any other length is dropped: decoders ignore it anyway, and it must not
    /// carry extra bytes into storage.
    private static func lengthIsValid(_ type: UInt32, _ length: Int, colourType: UInt8) -> Bool {
        switch type {
        case fourCC("gAMA"): return length == 4
        case fourCC("cHRM"): return length == 32
        case fourCC("sRGB"): return length == 1
        case fourCC("pHYs"): return length == 9
        case fourCC("sBIT"): return (1...4).contains(length)
        case fourCC("bKGD"): return [1, 2, 6].contains(length)
        case fourCC("tRNS"):
            switch colourType {
            case 0: return length == 2
            case 2: return length == 6
            case 3: return (1...256).contains(length)
            default: return false  // alpha channel already: tRNS not allowed
            }
        default: return true  // iCCP: variable (name + compressed profile)
        }
    }

    /// PNG spec: largest chunk length and image dimension.
    private static let maxLength = 0x7FFF_FFFF

    static func rebuild(_ input: [UInt8]) throws(ImageRejection) -> Rebuilt {
        guard input.starts(with: Sniffer.pngSignature) else { throw .unsupportedType }
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        out.append(contentsOf: Sniffer.pngSignature)

        var pos = Sniffer.pngSignature.count
        var header: (width: Int, height: Int, colourType: UInt8)?
        var seen = Set<UInt32>()
        var inIDATRun = false   // the previous chunk was an IDAT
        var idatDone = false    // an IDAT run has ended: no more IDAT allowed
        var orientation: Int?

        while true {
            // length(4) type(4) data(length) crc(4); running out = truncated upload.
            guard pos + 12 <= input.count else { throw .undecodable }
            let length = Int(input.be32(at: pos))
            guard length <= maxLength, pos + 12 + length <= input.count else { throw .undecodable }
            let type = input.be32(at: pos + 4)
            let end = pos + 12 + length
            guard isValidType(type) else { throw .undecodable }
            guard crcMatches(input, chunkAt: pos, length: length) else { throw .undecodable }

            if header == nil {
                guard type == IHDR else { throw .undecodable }  // IHDR must come first
                header = try parseIHDR(input, dataAt: pos + 8, length: length)
            } else if type == IHDR {
                throw .undecodable
            }
            let colourType = header!.colourType

            if type == IDAT {
                guard !idatDone else { throw .undecodable }  // IDATs must be consecutive
                inIDATRun = true
            } else if inIDATRun {
                inIDATRun = false
                idatDone = true
            }

            let keep: Bool
            switch type {
            case IHDR, IDAT:
                keep = true
            case IEND:
                guard length == 0, idatDone || inIDATRun else { throw .undecodable }
                guard colourType != 3 || seen.contains(PLTE) else { throw .undecodable }
                out.append(contentsOf: input[pos..<end])
                // Whatever follows IEND is not part of the image: dropped.
                return Rebuilt(bytes: out, width: header!.width, height: header!.height,
                               orientation: orientation ?? 1)
            case PLTE:
                guard !seen.contains(PLTE), !idatDone, !inIDATRun else { throw .undecodable }
                // Grey images must not carry a palette; RGB ones may (a hint only).
                keep = colourType != 0 && colourType != 4
            default:
                if isCritical(type) {
                    // An unknown critical chunk cannot be dropped safely: decoders
                    // must refuse the image, and so do we.
                    throw .undecodable
                }
                if type == eXIf, orientation == nil {
                    // Read (CRC already verified), then dropped like all metadata.
                    orientation = ExifOrientation.read(input[(pos + 8)..<(pos + 8 + length)])
                }
                // Allow-listed, before the image data, first of its kind, with the
                // length the spec gives it.
                keep = keptAncillary.contains(type) && !idatDone && !inIDATRun
                    && !seen.contains(type)
                    && lengthIsValid(type, length, colourType: colourType)
            }
            seen.insert(type)
            if keep {
                // Verified above, so the original length/type/data/CRC bytes are copied.
                out.append(contentsOf: input[pos..<end])
            }
            pos = end
        }
    }

    /// 4 ASCII letters (PNG spec 5.4).
    private static func isValidType(_ type: UInt32) -> Bool {
        for shift in stride(from: 24, through: 0, by: -8) {
            let c = UInt8(truncatingIfNeeded: type >> UInt32(shift))
            guard (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) else { return false }
        }
        return true
    }

    /// Bit 5 of the first letter clear (uppercase) = critical chunk.
    private static func isCritical(_ type: UInt32) -> Bool {
        type & 0x2000_0000 == 0
    }

    private static func crcMatches(_ input: [UInt8], chunkAt pos: Int, length: Int) -> Bool {
        // CRC covers type + data.
        let stored = input.be32(at: pos + 8 + length)
        let computed = input.withUnsafeBufferPointer { buf in
            cvips_crc32(0, buf.baseAddress! + pos + 4, 4 + length)
        }
        return stored == computed
    }

    private static func parseIHDR(_ input: [UInt8], dataAt d: Int, length: Int)
        throws(ImageRejection) -> (width: Int, height: Int, colourType: UInt8)
    {
        guard length == 13 else { throw .undecodable }
        let width = Int(input.be32(at: d))
        let height = Int(input.be32(at: d + 4))
        let depth = input[d + 8]
        let colourType = input[d + 9]
        guard (1...maxLength).contains(width), (1...maxLength).contains(height) else {
            throw .undecodable
        }
        // Allowed bit depths per colour type (PNG spec table 11.1).
        let depths: [UInt8]
        switch colourType {
        case 0: depths = [1, 2, 4, 8, 16]
        case 3: depths = [1, 2, 4, 8]
        case 2, 4, 6: depths = [8, 16]
        default: throw .undecodable
        }
        guard depths.contains(depth) else { throw .undecodable }
        // compression method 0, filter method 0, interlace none/Adam7
        guard input[d + 10] == 0, input[d + 11] == 0, input[d + 12] <= 1 else {
            throw .undecodable
        }
        return (width, height, colourType)
    }
}
