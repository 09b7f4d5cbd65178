import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// POSTs a finished job to its `callback_url`, signed so that the receiver can check it came from us
/// and is fresh: `X-PersonaSeed-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`.
struct WebhookSender: Sendable {
    static let signatureHeader = "X-PersonaSeed-Signature"
    /// A receiver that takes longer than this is treated as down; the attempt is retried later.
    static let requestTimeoutSeconds: TimeInterval = 10

    let client: HTTPClient
    let secret: String
    let maxAttempts: Int
    let retryDelay: TimeInterval
    let logger: Logger

    static func signature(secret: String, timestamp: Int, body: some DataProtocol) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(timestamp),v1=" + mac.lowercaseHex
    }

    /// One delivery attempt; records it on the job and schedules the next one (doubling the delay)
    /// until `maxAttempts` is reached.
    func deliver(_ job: JobRow, events: JobEvents, jobs: JobRepository) async {
        guard let url = job.callbackURL else { return }
        var attempts = job.deliveries
        let number = attempts.count + 1
        let started = ContinuousClock.now
        let startedAt = Timestamp.now()
        var statusCode: Int?
        var failure: String?
        do {
            let body = try JSONCoding.makeEncoder().encode(JobResponse(job))
            let timestamp = Int(Date().timeIntervalSince1970)
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "PersonaSeed-Webhook/1")
            request.headers.add(name: "X-PersonaSeed-Event", value: "job.\(job.status)")
            request.headers.add(name: "X-PersonaSeed-Delivery", value: "\(job.id.uuidString.lowercased())-\(number)")
            request.headers.add(name: Self.signatureHeader, value: Self.signature(secret: secret, timestamp: timestamp, body: body))
            request.body = .bytes(ByteBuffer(data: body))
            let response = try await client.execute(request, timeout: .seconds(Int64(Self.requestTimeoutSeconds)))
            statusCode = Int(response.status.code)
            // The answer's body is not ours to read beyond a little: drain it without keeping it.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            if !(200..<300).contains(Int(response.status.code)) {
                failure = "receiver answered HTTP \(response.status.code)"
            }
        } catch {
            failure = "\(error)"
        }
        let durationMs = Int((ContinuousClock.now - started).components.seconds * 1000)
            + Int((ContinuousClock.now - started).components.attoseconds / 1_000_000_000_000_000)
        attempts.append(WebhookAttempt(
            attempt: number, at: Timestamp.iso8601(startedAt), statusCode: statusCode, error: failure, durationMs: durationMs))
        let state: JobRow.WebhookState
        var nextAt: Date?
        if failure == nil {
            state = .delivered
        } else if number >= maxAttempts {
            state = .failed
            logger.warning("webhook for job \(job.id) to \(url) failed \(number) times; giving up")
        } else {
            state = .pending
            nextAt = Timestamp.now().addingTimeInterval((retryDelay * pow(2, Double(number - 1)) * 1e6).rounded() / 1e6)
        }
        do {
            if let updated = try await jobs.recordDelivery(job.id, attempts: attempts, state: state, nextAt: nextAt) {
                events.publish(updated)
            }
        } catch {
            logger.error("recording a webhook attempt for job \(job.id) failed: \(String(reflecting: error))")
        }
    }
}
