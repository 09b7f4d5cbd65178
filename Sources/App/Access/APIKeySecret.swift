import Crypto
import Foundation

/// The key format: `psk_` + 43 characters of base64url (32 random bytes). The first 12 of them, with
/// `psk_`, are the key's public prefix; the whole key is hashed.
enum APIKeySecret {
    static let marker = "psk_"
    static let lookupLength = 12
    private static let randomByteCount = 32

    /// A new key from the system's CSPRNG (getrandom on Linux).
    static func generate() -> String {
        marker + randomText()
    }

    /// 32 random bytes from the system's CSPRNG as 43 characters of base64url (no padding): a key's
    /// secret part, or a studio session's id.
    static func randomText() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<randomByteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The public prefix of a key (`psk_` + 12 characters), or nil when it cannot be one of ours.
    static func prefix(of key: Substring) -> String? {
        lookupKey(of: key).map { marker + $0 }
    }

    /// The part of the prefix after `psk_`: 12 characters, which Swift keeps inline (no allocation)
    /// when used as the ring's dictionary key on every request.
    static func lookupKey(of key: Substring) -> Substring? {
        guard key.hasPrefix(marker), key.utf8.count == marker.utf8.count + 43 else { return nil }
        let start = key.utf8.index(key.startIndex, offsetBy: marker.utf8.count)
        let end = key.utf8.index(start, offsetBy: lookupLength)
        return key[start..<end]
    }

    /// The lookup part of a stored public prefix (`psk_` + 12 characters).
    static func lookupKey(ofPrefix prefix: String) -> String? {
        guard prefix.hasPrefix(marker), prefix.utf8.count == marker.utf8.count + lookupLength else { return nil }
        return String(prefix.dropFirst(marker.count))
    }

    /// Over the key's own bytes where it has them (a header value does): no copy on every request.
    static func digest(_ key: Substring) -> SHA256.Digest {
        if let digest = key.utf8.withContiguousStorageIfAvailable({ SHA256.hash(data: UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return SHA256.hash(data: Array(key.utf8))
    }

    static func hexHash(_ key: String) -> String {
        digest(Substring(key)).lowercaseHex
    }

    /// Compares every byte whatever the first difference, so the time taken says nothing about how much
    /// of a guess was right.
    static func constantTimeEqual(_ a: some ContiguousBytes, _ b: some ContiguousBytes) -> Bool {
        a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in
                guard a.count == b.count else { return false }
                var difference: UInt8 = 0
                for index in 0..<a.count { difference |= a[index] ^ b[index] }
                return difference == 0
            }
        }
    }

    static func bytes(fromHex hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.utf8.count / 2)
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let h = nibble(high), let l = nibble(low) else { return [] }
            bytes.append(h << 4 | l)
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
