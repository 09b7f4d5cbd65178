import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Plain words for the connection errors a user may see in an `.unreachable` message; NIO's own
/// descriptions ("stream ended at an unexpected time") say little to them.
enum OpenAITransportErrorText {
    static func describe(_ error: any Error) -> String {
        if let ioError = error as? IOError {
            switch ioError.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ECONNRESET: return "connection reset"
            case EHOSTUNREACH, ENETUNREACH: return "no route to the host"
            default: break
            }
        }
        if let parserError = error as? HTTPParserError, case .invalidEOFState = parserError {
            return "the connection closed before the whole answer arrived"
        }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .remoteConnectionClosed: return "the connection closed before the whole answer arrived"
            case .connectTimeout: return "no connection within the connect timeout"
            case .readTimeout: return "no data within the read timeout"
            default: break
            }
        }
        return String(describing: error)
    }
}
