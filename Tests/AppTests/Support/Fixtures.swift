import Foundation

/// Images made by `scripts/make-fixtures.py` (committed under Tests/Fixtures).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// A valid PNG grown to exactly `size` bytes by a private ancillary chunk after IHDR (which the
    /// store drops): the largest upload is still a real image.
    static func png(paddedTo size: Int) throws -> [UInt8] {
        let base = try bytes("valid-rgb.png")
        let ihdrEnd = 8 + 8 + 13 + 4
        let overhead = 12  // length, type, CRC
        let payload = size - base.count - overhead
        precondition(payload >= 0)
        var chunk: [UInt8] = []
        chunk += withUnsafeBytes(of: UInt32(payload).bigEndian, Array.init)
        let typeAndData = Array("prVt".utf8) + [UInt8](repeating: 0x41, count: payload)
        chunk += typeAndData
        chunk += withUnsafeBytes(of: CRC32.checksum(typeAndData).bigEndian, Array.init)
        return Array(base[..<ihdrEnd]) + chunk + Array(base[ihdrEnd...])
    }
}

enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
