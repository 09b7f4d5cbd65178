// Bounds-checked big/little-endian reads used by the container parsers. Callers check
// ranges first; these still trap (never read out of bounds) if a caller got it wrong.

extension Array where Element == UInt8 {
    @inline(__always)
    func be16(at i: Int) -> Int {
        Int(self[i]) << 8 | Int(self[i + 1])
    }

    @inline(__always)
    func be32(at i: Int) -> UInt32 {
        UInt32(self[i]) << 24 | UInt32(self[i + 1]) << 16 | UInt32(self[i + 2]) << 8
            | UInt32(self[i + 3])
    }

    @inline(__always)
    func le32(at i: Int) -> UInt32 {
        UInt32(self[i]) | UInt32(self[i + 1]) << 8 | UInt32(self[i + 2]) << 16
            | UInt32(self[i + 3]) << 24
    }

    /// True if the bytes at `offset` start with `prefix` (false when out of range).
    func has(_ prefix: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset + prefix.count <= count else { return false }
        return self[offset..<(offset + prefix.count)].elementsEqual(prefix)
    }
}

/// Four-character code as a big-endian UInt32 ("IDAT" -> 0x49444154).
@inline(__always)
func fourCC(_ s: StaticString) -> UInt32 {
    precondition(s.utf8CodeUnitCount == 4)
    let p = s.utf8Start
    return UInt32(p[0]) << 24 | UInt32(p[1]) << 16 | UInt32(p[2]) << 8 | UInt32(p[3])
}
