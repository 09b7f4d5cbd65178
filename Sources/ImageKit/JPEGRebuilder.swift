import Glibc

// Lossless JPEG rewrite: walk the marker segments, copy only what decoding needs
// (allow-list), copy the entropy-coded scan data untouched, stop at EOI. The DCT
// coefficients are never touched, so there is no generation loss; libvips still
// decodes the result completely to validate it (Pipeline.swift).
//
// Kept: SOI, APP0 "JFIF", APP2 "ICC_PROFILE", APP14 "Adobe" (colour transform of
// CMYK/YCCK files), DQT, DHT, DAC, DRI, DNL, SOFn, SOS + scan data (incl. RSTn), EOI.
// Dropped: APP1 (EXIF incl. GPS, XMP), APP13 (IPTC), COM, every other APPn (MPF,
// JFXX thumbnails, maker data, ...), and everything after EOI (MPF secondary images,
// appended payloads).

enum JPEGRebuilder {
    struct Rebuilt {
        var bytes: [UInt8]
        var width: Int
        var height: Int
        /// EXIF orientation from the first APP1 "Exif" segment (1 when there is none);
        /// the segment itself is not in `bytes`.
        var orientation: Int
    }

    private static let jfif: [UInt8] = Array("JFIF\0".utf8)
    private static let exif: [UInt8] = Array("Exif\0".utf8)
    private static let iccProfile: [UInt8] = Array("ICC_PROFILE\0".utf8)
    private static let adobe: [UInt8] = Array("Adobe".utf8)

    static func rebuild(_ input: [UInt8]) throws(ImageRejection) -> Rebuilt {
        guard input.count >= 3, input[0] == 0xFF, input[1] == 0xD8 else {
            throw .unsupportedType
        }
        var out: [UInt8] = [0xFF, 0xD8]
        out.reserveCapacity(input.count)
        var pos = 2
        var size: (width: Int, height: Int)?
        var sawScan = false
        var orientation: Int?

        while true {
            // Find the next marker. Bytes that are not 0xFF between segments are
            // garbage (libjpeg skips them with a warning): they are not copied.
            while pos < input.count, input[pos] != 0xFF { pos += 1 }
            // Any run of 0xFF is fill before the marker code.
            while pos < input.count, input[pos] == 0xFF { pos += 1 }
            guard pos < input.count else { throw .undecodable }  // ended before EOI
            let marker = input[pos]
            pos += 1

            switch marker {
            case 0xD9:  // EOI: the end. Anything after it is dropped.
                guard sawScan, size != nil else { throw .undecodable }
                out.append(contentsOf: [0xFF, 0xD9])
                return Rebuilt(bytes: out, width: size!.width, height: size!.height,
                               orientation: orientation ?? 1)
            case 0x00, 0xD0...0xD8, 0x01:
                // Stuffed zero, RSTn or TEM outside scan data, or a second SOI.
                throw .undecodable
            default:
                break
            }

            // Every other marker has a 2-byte length that counts itself.
            guard pos + 2 <= input.count else { throw .undecodable }
            let length = input.be16(at: pos)
            guard length >= 2, pos + length <= input.count else { throw .undecodable }
            let payload = (pos + 2)..<(pos + length)
            let segmentEnd = pos + length

            if let kept = keep(marker: marker, input: input, payload: payload) {
                out.append(contentsOf: [0xFF, marker])
                out.append(contentsOf: [UInt8(truncatingIfNeeded: (kept.count + 2) >> 8),
                                        UInt8(truncatingIfNeeded: kept.count + 2)])
                out.append(contentsOf: kept)
            } else if marker == 0xE1, orientation == nil, input.has(exif, at: payload.lowerBound) {
                orientation = ExifOrientation.read(input[payload])
            }
            if isStartOfFrame(marker) {
                // P(1) Y(2) X(2) ... Only one frame in the non-hierarchical modes.
                guard size == nil, payload.count >= 6 else { throw .undecodable }
                let height = input.be16(at: payload.lowerBound + 1)
                let width = input.be16(at: payload.lowerBound + 3)
                // Y = 0 means "height defined later by DNL": libvips refuses those anyway.
                guard width > 0, height > 0 else { throw .undecodable }
                size = (width, height)
            }
            pos = segmentEnd

            if marker == 0xDA {  // SOS: entropy-coded data follows until a real marker
                guard size != nil else { throw .undecodable }
                let end = try scanDataEnd(input, from: pos)
                out.append(contentsOf: input[pos..<end])
                pos = end
                sawScan = true
            }
        }
    }

    private static func isStartOfFrame(_ m: UInt8) -> Bool {
        // C0-CF except DHT (C4), JPG (C8), DAC (CC).
        (0xC0...0xCF).contains(m) && m != 0xC4 && m != 0xC8 && m != 0xCC
    }

    /// The payload to write for a kept segment, nil to drop it.
    private static func keep(marker m: UInt8, input: [UInt8], payload: Range<Int>) -> ArraySlice<UInt8>? {
        let p = payload.lowerBound
        switch m {
        case 0xE0:
            // APP0 JFIF: identifier, version, units, densities (12 bytes), then the
            // embedded thumbnail size + pixels, which could carry anything: written
            // back with a 0x0 thumbnail.
            guard input.has(jfif, at: p), payload.count >= 14 else { return nil }
            return input[p..<(p + 12)] + [0, 0]
        case 0xE2:  // APP2 ICC_PROFILE (the colour profile may stay)
            return input.has(iccProfile, at: p) ? input[payload] : nil
        case 0xEE:
            // APP14 Adobe: "Adobe", version, flags0, flags1, transform = 12 bytes.
            guard input.has(adobe, at: p), payload.count >= 12 else { return nil }
            return input[p..<(p + 12)]
        case 0xDB, 0xC4, 0xCC, 0xDD, 0xDC, 0xDA:  // DQT DHT DAC DRI DNL SOS
            return input[payload]
        default:
            return isStartOfFrame(m) ? input[payload] : nil
        }
    }

    /// Index of the 0xFF that starts the first marker after the scan data at `start`.
    /// Inside scan data 0xFF 0x00 is a stuffed byte and 0xFF 0xD0-D7 a restart marker;
    /// both belong to the data. Uses memchr: the scan is most of the file.
    private static func scanDataEnd(_ input: [UInt8], from start: Int) throws(ImageRejection) -> Int {
        let found: Int? = input.withUnsafeBufferPointer { buf -> Int? in
            let base = buf.baseAddress!
            var i = start
            while i < buf.count {
                guard let hit = memchr(base + i, 0xFF, buf.count - i) else { return nil }
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                guard at + 1 < buf.count else { return nil }
                let next = base[at + 1]
                if next == 0x00 || (0xD0...0xD7).contains(next) || next == 0xFF {
                    // stuffing, restart marker, or fill byte (0xFF run before a marker)
                    i = at + 1
                    continue
                }
                return at
            }
            return nil
        }
        guard let end = found else { throw .undecodable }  // truncated inside a scan
        return end
    }
}
