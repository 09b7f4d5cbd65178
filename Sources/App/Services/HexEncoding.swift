/// Digests and MACs as the API and the database show them: lowercase hex, two digits a byte.
extension Sequence<UInt8> {
    var lowercaseHex: String { map { String(format: "%02x", $0) }.joined() }
}
