import NIOCore
import Vapor

/// MultipartKit 4.7's `MultipartParser` looks every byte of a part's header *name* up in a 128-entry
/// table: a byte ≥ 0x80 there (`--b\r\nnä: x`) indexes past its end and traps, taking the whole process
/// down with one request (found by schemathesis against /seed-image/upload). This follows the same
/// state machine as the parser over the same bytes, just far enough to know where header names are,
/// and refuses such a byte before the parser sees it. Everything else is left to the parser, which
/// throws for the other malformed inputs instead of trapping.
struct MultipartHeaderGuard {
    private enum State {
        case preamble(Int)
        /// After a boundary: CR LF (`expectingLF` once the CR is seen) before the first header.
        case preHeaders(expectingLF: Bool)
        case headerName(empty: Bool)
        case headerValue
        case postHeaderValue
        case postHeaders
        case body
        case boundary(Int)
        /// Past the closing boundary, or past a syntax error the parser reports itself.
        case ignoring
    }

    private let boundary: [UInt8]
    private var state = State.preamble(0)

    init(boundary: String) {
        self.boundary = Array("\r\n--\(boundary)".utf8)
    }

    /// Throws for a non-ASCII byte where the parser expects a header name.
    mutating func check(_ buffer: ByteBuffer) throws {
        try buffer.withUnsafeReadableBytes { bytes in
            var index = 0
            while index < bytes.count {
                if case .ignoring = state { return }
                if case .body = state {
                    // The common case, file bytes: skip straight to the next CR.
                    guard let cr = bytes[index...].firstIndex(of: 13) else { return }
                    index = cr
                }
                try step(bytes[index])
                index += 1
            }
        }
    }

    private mutating func step(_ byte: UInt8) throws {
        let cr: UInt8 = 13, lf: UInt8 = 10, colon: UInt8 = 58
        switch state {
        case .preamble(let matched):
            // As the parser: a leading CRLF may be left out (`--boundary` at the very start).
            let next: Int
            if matched == 0, byte == boundary[2] {
                next = 3
            } else if byte == boundary[matched] {
                next = matched + 1
            } else {
                next = matched > 0 && byte == boundary[0] ? 1 : 0
            }
            state = next == boundary.count ? .preHeaders(expectingLF: false) : .preamble(next)
        case .preHeaders(let expectingLF):
            if !expectingLF, byte == cr {
                state = .preHeaders(expectingLF: true)
            } else if expectingLF, byte == lf {
                state = .headerName(empty: true)
            } else {
                state = .ignoring
            }
        case .headerName(let empty):
            if byte >= 0x80 { throw Abort(.badRequest, reason: "There was an error parsing the body") }
            if byte == colon, !empty {
                state = .headerValue
            } else if byte == cr, empty {
                state = .postHeaders
            } else {
                state = .headerName(empty: false)
            }
        case .headerValue:
            if byte == cr { state = .postHeaderValue }
        case .postHeaderValue:
            state = byte == lf ? .headerName(empty: true) : .ignoring
        case .postHeaders:
            state = byte == lf ? .body : .ignoring
        case .body:
            if byte == boundary[0] { state = .boundary(1) }
        case .boundary(let matched) where matched == boundary.count:
            // CR: the next part's headers follow. `--` closes the body (the parser ignores the rest);
            // anything else is the parser's syntax error.
            state = byte == cr ? .preHeaders(expectingLF: true) : .ignoring
        case .boundary(let matched):
            if byte == boundary[matched] {
                state = .boundary(matched + 1)
            } else {
                state = byte == boundary[0] ? .boundary(1) : .body
            }
        case .ignoring:
            break
        }
    }
}
