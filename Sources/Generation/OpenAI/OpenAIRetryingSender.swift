import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends one call, retrying transient failures with backoff, never past the deadline of the whole
/// `generate`.
struct OpenAIRetryingSender: Sendable {
    /// We ask for at most four images: four 1536x1024 PNGs in base64 are about 20 MB. Anything far
    /// beyond that is not an Images answer, and each concurrent job would hold it in memory.
    static let maxResponseBytes = 64 * 1024 * 1024

    let httpClient: HTTPClient
    let configuration: OpenAIImagesClient.Configuration

    func send(_ call: OpenAIImageCall, deadline: ContinuousClock.Instant) async throws -> Data {
        let backoff = OpenAIFullJitterBackoff(initial: configuration.initialBackoff, maximum: configuration.maxBackoff)
        let maxAttempts = max(1, configuration.maxAttempts)
        var attempts = 0
        while true {
            attempts += 1
            let failure: OpenAIAttemptFailure
            do {
                return try await sendOnce(call, deadline: deadline)
            } catch let attemptFailure as OpenAIAttemptFailure {
                failure = attemptFailure
            }
            guard failure.retryable, attempts < maxAttempts else { throw failure.error }
            let wait = failure.retryAfter ?? backoff.delay(afterFailedAttempts: attempts)
            // Waiting past the deadline would only end in a timeout: the last error says more.
            guard ContinuousClock.now.advanced(by: wait) < deadline else { throw failure.error }
            try await Task.sleep(for: wait)
        }
    }

    private func sendOnce(_ call: OpenAIImageCall, deadline: ContinuousClock.Instant) async throws -> Data {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { throw OpenAIAttemptFailure.final(timedOut) }

        var request = HTTPClientRequest(url: configuration.baseURL + call.path)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.apiKey)")
        request.headers.add(name: "Content-Type", value: call.contentType)
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(call.body)

        let response: HTTPClientResponse
        do {
            // AsyncHTTPClient's deadline covers the wait for the answer's head only; the body is
            // bounded below.
            response = try await httpClient.execute(request, timeout: TimeAmount(remaining))
        } catch {
            throw transportFailure(error)
        }
        let body = try await collectBody(response.body, deadline: deadline)
        guard (200..<300).contains(response.status.code) else {
            throw OpenAIErrorAnswer.failure(status: response.status, headers: response.headers, body: body)
        }
        return body
    }

    private func collectBody(_ body: HTTPClientResponse.Body, deadline: ContinuousClock.Instant) async throws -> Data {
        do {
            return try await withThrowingTaskGroup(of: Data.self) { group in
                group.addTask {
                    let buffer = try await body.collect(upTo: Self.maxResponseBytes)
                    return Data(buffer.readableBytesView)
                }
                group.addTask { [timedOut] in
                    try await Task.sleep(until: deadline, clock: .continuous)
                    throw OpenAIAttemptFailure.final(timedOut)
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw CancellationError() }
                return first
            }
        } catch let failure as OpenAIAttemptFailure {
            throw failure
        } catch {
            throw transportFailure(error)
        }
    }

    /// Errors from the connection itself. CancellationError passes through untouched: the caller's
    /// task is going away and must not see an engine error instead.
    private func transportFailure(_ error: any Error) -> any Error {
        if error is CancellationError || Task.isCancelled {
            return CancellationError()
        }
        if let httpError = error as? HTTPClientError, httpError == .deadlineExceeded {
            return OpenAIAttemptFailure.final(timedOut)
        }
        if error is NIOTooManyBytesError {
            return OpenAIAttemptFailure.final(.invalidOutput(
                engine: .openai, reason: "the answer is larger than \(Self.maxResponseBytes) bytes"))
        }
        return OpenAIAttemptFailure.transient(.unreachable(
            engine: .openai, url: configuration.baseURL, reason: OpenAITransportErrorText.describe(error)))
    }

    private var timedOut: GenerationError {
        .timedOut(engine: .openai, url: configuration.baseURL, seconds: configuration.timeout / .seconds(1))
    }
}
