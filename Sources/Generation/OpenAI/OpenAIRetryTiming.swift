import Foundation
import NIOHTTP1

/// Full-jitter exponential backoff: a wait drawn from 0...min(maxBackoff, initial·2^k), so that many
/// clients throttled at once do not come back in step.
struct OpenAIFullJitterBackoff: Sendable {
    var initial: Duration
    var maximum: Duration

    /// `failedAttempts` counts the attempts made so far (1 after the first failure).
    func delay(afterFailedAttempts failedAttempts: Int) -> Duration {
        let exponent = Double(min(max(failedAttempts - 1, 0), 62))
        let cap = min(maximum / .seconds(1), initial / .seconds(1) * pow(2, exponent))
        guard cap > 0 else { return .zero }
        return .seconds(Double.random(in: 0...cap))
    }
}

enum OpenAIRetryAfterHeader {
    /// The wait the server asks for: OpenAI's `retry-after-ms`, else `Retry-After` as seconds (possibly
    /// fractional) or as an HTTP date. nil when absent or unreadable.
    static func delay(in headers: HTTPHeaders, now: Date = Date()) -> Duration? {
        delay(header: { headers.first(name: $0) }, now: now)
    }

    /// `header` looks a header up by name, case-insensitively.
    static func delay(header: (String) -> String?, now: Date) -> Duration? {
        if let milliseconds = header("retry-after-ms").flatMap(nonNegativeNumber) {
            return .seconds(milliseconds / 1000)
        }
        guard let value = header("Retry-After")?.trimmingCharacters(in: .whitespaces),
              !value.isEmpty
        else { return nil }
        if let seconds = nonNegativeNumber(value) {
            return .seconds(seconds)
        }
        if let date = httpDate(value) {
            return .seconds(max(0, date.timeIntervalSince(now)))
        }
        return nil
    }

    private static func nonNegativeNumber(_ text: String) -> Double? {
        guard let number = Double(text.trimmingCharacters(in: .whitespaces)), number.isFinite, number >= 0 else {
            return nil
        }
        return number
    }

    /// RFC 9110 §5.6.7: IMF-fixdate, and the two obsolete forms a recipient must still accept.
    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
