// EXIF Orientation (tag 0x0112 in IFD0), read in Swift so that uploaded EXIF never
// reaches a C parser: the rebuilders drop every EXIF block, libvips only ever sees the
// rebuilt bytes, and the orientation found here is passed to libvips explicitly.
//
// Only IFD0 is read, with every offset bounds-checked; anything malformed means
// "no orientation" (1), as browsers do.

enum ExifOrientation {
    /// "Exif\0\0", the header in front of the TIFF block in JPEG APP1 (and, from some
    /// writers, in PNG eXIf / WEBP EXIF chunks, which should hold bare TIFF).
    static let exifHeader: [UInt8] = Array("Exif\0\0".utf8)

    /// Orientation 1...8 from an EXIF block (with or without the "Exif\0\0" header).
    static func read(_ block: ArraySlice<UInt8>) -> Int {
        var tiff = block
        if tiff.starts(with: exifHeader) {
            tiff = tiff.dropFirst(exifHeader.count)
        }
        let bytes = Array(tiff)
        guard bytes.count >= 8 else { return 1 }
        let little: Bool
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): little = true   // "II"
        case (0x4D, 0x4D): little = false  // "MM"
        default: return 1
        }
        func u16(_ i: Int) -> Int? {
            guard i >= 0, i + 2 <= bytes.count else { return nil }
            return little ? Int(bytes[i]) | Int(bytes[i + 1]) << 8 : Int(bytes[i]) << 8 | Int(bytes[i + 1])
        }
        func u32(_ i: Int) -> Int? {
            guard let a = u16(i), let b = u16(i + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return 1 }
        for n in 0..<count {
            let entry = ifd + 2 + 12 * n
            guard let tag = u16(entry) else { return 1 }
            guard tag == 0x0112 else { continue }
            // SHORT, count 1: the value sits in the first two bytes of the value field.
            guard u16(entry + 2) == 3, u32(entry + 4) == 1, let value = u16(entry + 8),
                  (1...8).contains(value) else { return 1 }
            return value
        }
        return 1
    }
}
