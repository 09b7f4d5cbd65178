import NIOConcurrencyHelpers
import Vapor

/// How many uploads each API key has in flight: one key cannot take every validation thread and the
/// whole image-memory budget from the others. (Protected mode's single local user is not limited.)
final class UploadSlots: Sendable {
    private let perKey: Int
    private let inFlight = NIOLockedValueBox([String: Int]())

    init(perKey: Int) {
        self.perKey = perKey
    }

    /// Uploads `name` has in flight now.
    func inFlight(for name: String) -> Int {
        inFlight.withLockedValue { $0[name, default: 0] }
    }

    /// Runs `body` in one of `caller`'s slots, or throws 429 when they are all taken.
    func run<T>(for caller: Caller?, _ body: () async throws -> T) async throws -> T {
        guard let caller, caller.isKey else { return try await body() }
        let taken = inFlight.withLockedValue { counts -> Bool in
            let current = counts[caller.name, default: 0]
            guard current < perKey else { return false }
            counts[caller.name] = current + 1
            return true
        }
        guard taken else {
            throw Abort(
                .tooManyRequests, headers: ["Retry-After": "1"],
                reason: "Too many uploads at once for API key \(caller.name): at most \(perKey); retry when one has finished")
        }
        defer {
            inFlight.withLockedValue { counts in
                let left = counts[caller.name, default: 1] - 1
                counts[caller.name] = left > 0 ? left : nil
            }
        }
        return try await body()
    }
}
