import Foundation

/// How every JSON answer is written: `/` unescaped (clients compare texts such as
/// `image/png, image/jpeg`), keys sorted (Foundation's order is otherwise arbitrary on Linux).
enum JSONCoding {
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }
}
