import CVipsShim
import ImageKit
import Testing

// The corrupt-file cases of PngSuite (the reference PNG test set), remade by
// scripts/make-fixtures.py on PngSuite's own kind of base image (32x32 grey or RGB).
// Each must be refused with the right reason: a damaged signature means "not a PNG"
// (unsupportedType, as the sniffer only trusts all 8 bytes), any other damage means
// "a PNG we cannot decode" (undecodable).
//
// Each case also undoes its damage and expects the result to be accepted, so a fixture
// that was broken in some other way too (and refused for that) fails here.

struct PngSuiteCase: CustomTestStringConvertible, Sendable {
    let fixture: String
    /// Which PngSuite file this mirrors (or what it adds to them).
    let mirrors: String
    let expected: ImageRejection
    /// The same bytes with the damage undone (nil: nothing to undo).
    let repair: (@Sendable ([UInt8]) -> [UInt8])?

    var testDescription: String { "\(fixture) (\(mirrors))" }
}

private let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

private func withSignatureRestored(_ bytes: [UInt8]) -> [UInt8] {
    pngSignature + bytes.dropFirst(8)
}

/// IHDR rewritten with a valid depth/colour type and a correct CRC.
private func withIHDR(depth: UInt8, colourType: UInt8) -> @Sendable ([UInt8]) -> [UInt8] {
    { bytes in
        var fixed = bytes
        fixed[8 + 8 + 8] = depth
        fixed[8 + 8 + 9] = colourType
        setCRC(&fixed, chunkAt: 8)
        return fixed
    }
}

/// Recomputes the CRC of the chunk starting at `pos` (length field).
private func setCRC(_ bytes: inout [UInt8], chunkAt pos: Int) {
    let length = bytes.be32(pos)
    let crc = bytes.withUnsafeBufferPointer { cvips_crc32(0, $0.baseAddress! + pos + 4, 4 + length) }
    for i in 0..<4 {
        bytes[pos + 8 + length + i] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * UInt32(i)))
    }
}

/// Replaces every occurrence of `pattern` with `replacement`.
private func replacing(_ pattern: [UInt8], with replacement: [UInt8]) -> @Sendable ([UInt8]) -> [UInt8] {
    { bytes in
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i...].starts(with: pattern) {
                out += replacement
                i += pattern.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}

let pngSuiteCases: [PngSuiteCase] = [
    // Signature: PngSuite's four, then the other four bytes so every one is covered.
    .init(fixture: "pngsuite-xs1n0g01.png", mirrors: "xs1n0g01: signature byte 1 MSBit reset",
          expected: .unsupportedType, repair: withSignatureRestored),
    .init(fixture: "pngsuite-xs2n0g01.png", mirrors: "xs2n0g01: signature byte 2 is 'Q'",
          expected: .unsupportedType, repair: withSignatureRestored),
    .init(fixture: "bad-signature-byte3.png", mirrors: "signature byte 3 is 'n' (not in PngSuite)",
          expected: .unsupportedType, repair: withSignatureRestored),
    .init(fixture: "pngsuite-xs4n0g01.png", mirrors: "xs4n0g01: signature byte 4 lowercase",
          expected: .unsupportedType, repair: withSignatureRestored),
    .init(fixture: "bad-signature-byte5.png", mirrors: "signature byte 5 (CR) is LF (not in PngSuite)",
          expected: .unsupportedType, repair: withSignatureRestored),
    .init(fixture: "bad-signature-byte6.png", mirrors: "signature byte 6 (LF) is CR (not in PngSuite)",
          expected: .unsupportedType, repair: withSignatureRestored),
    .init(fixture: "pngsuite-xs7n0g01.png", mirrors: "xs7n0g01: signature byte 7 is a space, not ^Z",
          expected: .unsupportedType, repair: withSignatureRestored),
    .init(fixture: "bad-signature-byte8.png", mirrors: "signature byte 8 (LF) is CR (not in PngSuite)",
          expected: .unsupportedType, repair: withSignatureRestored),
    // Text-mode transfers.
    .init(fixture: "pngsuite-xcrn0g04.png", mirrors: "xcrn0g04: added CR bytes (every LF became CR LF)",
          expected: .unsupportedType, repair: replacing([0x0D, 0x0A], with: [0x0A])),
    .init(fixture: "pngsuite-xlfn0g04.png", mirrors: "xlfn0g04: added LF bytes (every CR became CR LF)",
          expected: .unsupportedType, repair: replacing([0x0D, 0x0A], with: [0x0D])),
    // Checksums.
    .init(fixture: "pngsuite-xhdn0g08.png", mirrors: "xhdn0g08: incorrect IHDR checksum",
          expected: .undecodable, repair: { var b = $0; setCRC(&b, chunkAt: 8); return b }),
    .init(fixture: "pngsuite-xcsn0g01.png", mirrors: "xcsn0g01: incorrect IDAT checksum",
          expected: .undecodable, repair: { var b = $0; setCRC(&b, chunkAt: 8 + 25); return b }),
    // Colour types and bit depths that do not exist (IHDR CRC correct).
    .init(fixture: "pngsuite-xc1n0g08.png", mirrors: "xc1n0g08: colour type 1",
          expected: .undecodable, repair: withIHDR(depth: 8, colourType: 0)),
    .init(fixture: "pngsuite-xc9n2c08.png", mirrors: "xc9n2c08: colour type 9",
          expected: .undecodable, repair: withIHDR(depth: 8, colourType: 2)),
    .init(fixture: "pngsuite-xd0n2c08.png", mirrors: "xd0n2c08: bit depth 0",
          expected: .undecodable, repair: withIHDR(depth: 8, colourType: 2)),
    .init(fixture: "pngsuite-xd3n2c08.png", mirrors: "xd3n2c08: bit depth 3",
          expected: .undecodable, repair: withIHDR(depth: 8, colourType: 2)),
    .init(fixture: "pngsuite-xd9n2c08.png", mirrors: "xd9n2c08: bit depth 99",
          expected: .undecodable, repair: withIHDR(depth: 8, colourType: 2)),
    // No image data.
    .init(fixture: "pngsuite-xdtn0g01.png", mirrors: "xdtn0g01: missing IDAT chunk",
          expected: .undecodable, repair: nil),
]

@Suite("PngSuite corrupt files")
struct PngSuiteTests {
    @Test(arguments: pngSuiteCases)
    func refusedWithTheRightReason(_ suiteCase: PngSuiteCase) throws {
        let bytes = try Fixtures.bytes(suiteCase.fixture)
        try expectRejection(bytes, suiteCase.expected)
        if let repair = suiteCase.repair {
            let run = try process(bytes: repair(bytes))
            #expect(run.result.format == .png)
            #expect(run.result.width == 32 && run.result.height == 32)
        }
    }

    /// The path the server takes (upload spooled to a file), for the same files.
    @Test(arguments: pngSuiteCases)
    func refusedFromAFile(_ suiteCase: PngSuiteCase) throws {
        let scratch = try Scratch()
        #expect(throws: suiteCase.expected) {
            try ImageKit.process(inputPath: Fixtures.path(suiteCase.fixture),
                                 outputPath: scratch.file("out"), thumbnailPath: scratch.file("thumb"),
                                 maxMegapixels: 40)
        }
        #expect(!scratch.exists("out") && !scratch.exists("thumb"))
    }
}
