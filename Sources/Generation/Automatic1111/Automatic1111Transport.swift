import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// HTTP to the engine: Basic auth, a deadline over head and body, and transport failures mapped to
/// `GenerationError` (HTTP error statuses are left to the caller, which knows what they mean there).
struct A1111Transport: Sendable {
    let httpClient: HTTPClient
    let endpoint: A1111Endpoint
    let maxResponseBytes: Int

    struct Answer: Sendable {
        let status: Int
        let body: Data

        var isSuccess: Bool { (200..<300).contains(status) }
    }

    func send(_ method: HTTPMethod, _ path: String, json: Data? = nil, within limit: Duration) async throws -> Answer {
        var request = HTTPClientRequest(url: endpoint.baseURL + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let authorization = endpoint.authorization {
            request.headers.add(name: "Authorization", value: authorization)
        }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: json))
        } else if method == .POST {
            request.body = .bytes(ByteBuffer())
        }
        let prepared = request
        do {
            // AsyncHTTPClient's deadline stops at the response head; ours also covers the body. Theirs
            // fires a little earlier because a request still waiting for a connection then fails with the
            // reason (connection refused…), where a cancellation would only say "cancelled".
            let headLimit = limit - min(limit / 20, .milliseconds(250))
            return try await withDeadline(limit) {
                let response = try await httpClient.execute(prepared, timeout: .a1111(headLimit))
                let body = try await response.body.collect(upTo: maxResponseBytes)
                return Answer(status: Int(response.status.code), body: Data(body.readableBytesView))
            }
        } catch {
            throw translate(error, limit: limit)
        }
    }

    private struct DeadlineReached: Error {}

    /// At the deadline the request is cancelled and its own outcome awaited: an answer or a connect error
    /// that arrived in the meantime says more than "too slow".
    private func withDeadline<T: Sendable>(
        _ limit: Duration, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            if let first = try await group.next(), let value = first { return value }
            group.cancelAll()
            do {
                if let late = try await group.next(), let value = late { return value }
            } catch {
                if !Self.isCancellation(error) { throw error }
            }
            throw DeadlineReached()
        }
    }

    private static func isCancellation(_ error: any Error) -> Bool {
        error is CancellationError || error as? HTTPClientError == .cancelled || error as? HTTPClientError == .deadlineExceeded
    }

    private func translate(_ error: any Error, limit: Duration) -> any Error {
        if Task.isCancelled || error is CancellationError {
            return CancellationError()
        }
        if error is DeadlineReached {
            return GenerationError.timedOut(engine: .automatic1111, url: endpoint.baseURL, seconds: limit.a1111Seconds)
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout:
                return GenerationError.timedOut(engine: .automatic1111, url: endpoint.baseURL, seconds: limit.a1111Seconds)
            case .cancelled:
                return CancellationError()
            default:
                break
            }
        }
        if error is NIOTooManyBytesError {
            return GenerationError.invalidOutput(
                engine: .automatic1111, reason: "the answer is larger than \(maxResponseBytes) bytes")
        }
        return GenerationError.unreachable(engine: .automatic1111, url: endpoint.baseURL, reason: Self.describe(error))
    }

    private static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.localizedCaseInsensitiveContains("connection refused") { return "connection refused" }
        if error as? HTTPClientError == .remoteConnectionClosed { return "the connection closed before the whole answer" }
        return text
    }
}

extension TimeAmount {
    static func a1111(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
