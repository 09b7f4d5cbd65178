// Content type from the first bytes only. File names, extensions and declared MIME
// types are attacker-controlled and never consulted anywhere in ImageKit.

enum Sniffer {
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let jpegSignature: [UInt8] = [0xFF, 0xD8, 0xFF]
    static let riff: [UInt8] = Array("RIFF".utf8)
    static let webp: [UInt8] = Array("WEBP".utf8)

    static func sniff<C: Collection>(_ prefix: C) -> ImageFormat? where C.Element == UInt8 {
        let head = Array(prefix.prefix(12))
        // The full 8-byte PNG signature: it exists precisely to catch files mangled by
        // text-mode transfers (CR/LF changes), which are then not PNGs any more.
        if head.starts(with: pngSignature) {
            return .png
        }
        if head.starts(with: jpegSignature) {
            return .jpeg
        }
        // RIFF <size:4> WEBP
        if head.count >= 12, head[0..<4].elementsEqual(riff), head[8..<12].elementsEqual(webp) {
            return .webp
        }
        return nil
    }
}
