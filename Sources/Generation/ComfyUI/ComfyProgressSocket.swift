import Foundation
import NIOCore
import WebSocketKit

/// The `/ws?clientId=…` connection: its text frames, in order, as an async sequence that ends when
/// the socket closes. Binary frames (previews) are not listened to.
final class ComfyProgressSocket: @unchecked Sendable {
    struct ConnectTimeout: Error {}

    /// Preview frames can be large; text frames are small, but a preview must not kill the socket.
    private static let maxFrameSize = 1 << 24

    let frames: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let lock = NSLock()
    private var socket: WebSocket?
    private var closed = false
    private var outcome: Result<Void, any Error>?
    private var waiter: CheckedContinuation<Void, any Error>?

    private init() {
        (frames, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .unbounded)
    }

    /// Connected once the upgrade is done and the frame handler is in place, so that no frame sent
    /// after our prompt is submitted can be missed. Honors `limit` and task cancellation even though
    /// WebSocketKit's connect cannot be cancelled: a late connection is closed on arrival.
    static func connect(to url: String, on group: any EventLoopGroup, within limit: Duration) async throws -> ComfyProgressSocket {
        let socket = ComfyProgressSocket()
        let connecting = WebSocket.connect(
            to: url, configuration: .init(maxFrameSize: maxFrameSize), on: group
        ) { webSocket in
            socket.attach(webSocket)
        }
        connecting.whenFailure { socket.settle(.failure($0)) }
        let timer = connecting.eventLoop.scheduleTask(in: TimeAmount(limit)) {
            socket.settle(.failure(ConnectTimeout()))
        }
        defer { timer.cancel() }
        do {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { socket.wait($0) }
            } onCancel: {
                socket.settle(.failure(CancellationError()))
            }
        } catch {
            socket.close()
            throw error
        }
        return socket
    }

    func close() {
        let open = lock.withLock {
            closed = true
            return socket
        }
        open?.close(code: .normalClosure, promise: nil)
        continuation.finish()
    }

    private func attach(_ webSocket: WebSocket) {
        let accepted = lock.withLock {
            guard !closed else { return false }
            socket = webSocket
            return true
        }
        guard accepted else {
            webSocket.close(code: .goingAway, promise: nil)
            return
        }
        let continuation = continuation
        webSocket.onText { _, text in continuation.yield(text) }
        webSocket.onClose.whenComplete { _ in continuation.finish() }
        settle(.success(()))
    }

    private func wait(_ continuation: CheckedContinuation<Void, any Error>) {
        let settled: Result<Void, any Error>? = lock.withLock {
            if outcome == nil { waiter = continuation }
            return outcome
        }
        if let settled { continuation.resume(with: settled) }
    }

    private func settle(_ result: Result<Void, any Error>) {
        let pending: CheckedContinuation<Void, any Error>? = lock.withLock {
            guard outcome == nil else { return nil }
            outcome = result
            defer { waiter = nil }
            return waiter
        }
        pending?.resume(with: result)
    }
}
