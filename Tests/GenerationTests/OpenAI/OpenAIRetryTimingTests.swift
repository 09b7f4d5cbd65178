import Foundation
import Testing

@testable import Generation

@Suite("OpenAI: retry timing")
struct OpenAIRetryTimingTests {
    private let now = Date(timeIntervalSince1970: 1_764_000_000)  // Mon, 24 Nov 2025 16:00:00 GMT

    private func delay(_ headers: [String: String]) -> Double? {
        let lowercased = Dictionary(uniqueKeysWithValues: headers.map { ($0.key.lowercased(), $0.value) })
        return OpenAIRetryAfterHeader.delay(header: { lowercased[$0.lowercased()] }, now: now).map { $0 / .seconds(1) }
    }

    @Test("Retry-After as seconds, fractional seconds, an HTTP date; retry-after-ms first")
    func retryAfterForms() {
        #expect(delay(["Retry-After": "2"]) == 2)
        #expect(delay(["Retry-After": "0.25"]) == 0.25)
        #expect(delay(["Retry-After": "Mon, 24 Nov 2025 16:00:03 GMT"]) == 3)
        #expect(delay(["Retry-After": "Monday, 24-Nov-25 16:00:04 GMT"]) == 4)
        #expect(delay(["Retry-After": "Mon, 24 Nov 2025 15:00:00 GMT"]) == 0)
        #expect(delay(["retry-after-ms": "150", "Retry-After": "2"]) == 0.15)
    }

    @Test("an absent, negative or unreadable Retry-After falls back to the backoff")
    func retryAfterIgnored() {
        #expect(delay([:]) == nil)
        #expect(delay(["Retry-After": "soon"]) == nil)
        #expect(delay(["Retry-After": "-1"]) == nil)
        #expect(delay(["Retry-After": "inf"]) == nil)
    }

    @Test("full jitter: each wait is within 0...min(maxBackoff, initial·2^k), and varies")
    func fullJitterBounds() {
        let backoff = OpenAIFullJitterBackoff(initial: .milliseconds(100), maximum: .milliseconds(500))
        for attempts in 1...8 {
            let cap = min(0.5, 0.1 * pow(2, Double(attempts - 1)))
            let samples = (0..<200).map { _ in backoff.delay(afterFailedAttempts: attempts) / .seconds(1) }
            #expect(samples.allSatisfy { $0 >= 0 && $0 <= cap + 1e-9 }, "after \(attempts) attempts")
            #expect(samples.max()! > cap / 2, "after \(attempts) attempts the wait reaches up to the cap")
            #expect(Set(samples).count > 100, "after \(attempts) attempts the wait is random")
        }
    }
}
