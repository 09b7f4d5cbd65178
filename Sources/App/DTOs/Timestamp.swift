import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// ISO-8601 UTC timestamps with microseconds (`2026-11-25T14:17:23.123456Z`).
/// Hand-rolled because it runs for every persona in every answer, and Foundation's formatters are
/// both slow and not `Sendable`.
enum Timestamp {
    /// Now, to the microsecond: what both databases keep, so a value reads back exactly as written.
    static func now() -> Date {
        let sinceReference = Date().timeIntervalSinceReferenceDate
        return Date(timeIntervalSinceReferenceDate: (sinceReference * 1e6).rounded() / 1e6)
    }

    static func iso8601(_ date: Date) -> String {
        let totalMicros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = time_t(totalMicros / 1_000_000)
        let micros = Int(totalMicros % 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), micros)
    }
}
