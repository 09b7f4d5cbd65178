import Foundation
import NIOConcurrencyHelpers
import PersonaSeedCore

/// The live keys, in memory: checking a key costs a dictionary lookup and a hash, not a query.
/// Reloaded whenever `KeyChangeSignal` moves (or this process changed the keys itself), and at least
/// every `maxAge` in case a notification was missed.
final class KeyRing: Sendable {
    struct Entry: Sendable {
        let name: String
        let scopes: Set<AccessScope>
        let hash: [UInt8]
    }

    struct Snapshot: Sendable {
        /// By the 12 characters after `psk_` (see `APIKeySecret.lookupKey`).
        let byLookupKey: [String: Entry]
        let generation: Int
        let stamp: KeyChangeSignal.StampToken
        let loadedAt: ContinuousClock.Instant

        var isEmpty: Bool { byLookupKey.isEmpty }

        /// The key's entry when `key` is a live key. The lookup by the public prefix tells nothing
        /// secret; the comparison of the hashes takes the same time however much of them matches.
        func entry(for key: Substring) -> Entry? {
            guard let lookup = APIKeySecret.lookupKey(of: key), let entry = byLookupKey[String(lookup)] else { return nil }
            return APIKeySecret.constantTimeEqual(APIKeySecret.digest(key), entry.hash) ? entry : nil
        }
    }

    private let signal: KeyChangeSignal
    private let load: @Sendable () async throws -> [APIKeyRow]
    private let maxAge: Duration
    private let current = NIOLockedValueBox<Snapshot?>(nil)
    /// Moved by changes made in this process and by `KeyChangeListener`.
    private let generation = NIOLockedValueBox(0)

    init(signal: KeyChangeSignal, maxAge: Duration, load: @escaping @Sendable () async throws -> [APIKeyRow]) {
        self.signal = signal
        self.maxAge = maxAge
        self.load = load
    }

    func invalidate() {
        generation.withLockedValue { $0 += 1 }
    }

    func snapshot() async throws -> Snapshot {
        let generation = generation.withLockedValue { $0 }
        let stamp = signal.stamp()
        if let snapshot = current.withLockedValue({ $0 }), snapshot.generation == generation, snapshot.stamp == stamp,
            snapshot.loadedAt.duration(to: .now) < maxAge
        {
            return snapshot
        }
        // Marks taken before the read: a change committed during it leaves them stale, so the next
        // request reloads again rather than keep a key that was just revoked.
        let startedAt = ContinuousClock.now
        let rows = try await load()
        var byLookupKey: [String: Entry] = [:]
        for row in rows {
            byLookupKey[String(row.prefix.dropFirst(APIKeySecret.marker.count))] = Entry(name: row.name, scopes: row.scopeSet, hash: APIKeySecret.bytes(fromHex: row.secretHash))
        }
        let snapshot = Snapshot(byLookupKey: byLookupKey, generation: generation, stamp: stamp, loadedAt: startedAt)
        current.withLockedValue { $0 = snapshot }
        return snapshot
    }
}
