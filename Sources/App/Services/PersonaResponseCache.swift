import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// The rendered JSON of recently read personas, so that a read costs no query.
///
/// Only used where this process sees every write (the embedded SQLite mode; with PostgreSQL other
/// processes may write). Writers invalidate after their transaction ends; a reader may only fill the
/// cache with what it read if no invalidation of that persona happened since it started reading, which
/// keeps a slow reader from putting back a state older than a finished write.
final class PersonaResponseCache: Sendable {
    /// Past this many entries the cache starts again empty: simple, and a cold read is still fast.
    static let maxEntries = 50_000

    struct Ticket: Sendable {
        fileprivate let epoch: UInt64
    }

    private struct State {
        var entries: [UUID: ByteBuffer] = [:]
        /// Bumped for a persona on every invalidation; readers carry the value they saw.
        var epochs: [UUID: UInt64] = [:]
        var clock: UInt64 = 0
        /// The epoch of every persona not in `epochs`: moved on when `epochs` is emptied, so tickets
        /// taken before that are refused.
        var baseline: UInt64 = 0

        func epoch(of id: UUID) -> UInt64 { epochs[id] ?? baseline }
    }

    private let state = NIOLockedValueBox(State())

    func cached(_ id: UUID) -> ByteBuffer? {
        state.withLockedValue { $0.entries[id] }
    }

    /// Taken before reading the database.
    func ticket(for id: UUID) -> Ticket {
        state.withLockedValue { Ticket(epoch: $0.epoch(of: id)) }
    }

    func store(_ body: ByteBuffer, for id: UUID, ticket: Ticket) {
        state.withLockedValue { state in
            guard state.epoch(of: id) == ticket.epoch else { return }
            if state.entries.count >= Self.maxEntries {
                state.entries.removeAll(keepingCapacity: true)
            }
            state.entries[id] = body
        }
    }

    func invalidate(_ id: UUID) {
        state.withLockedValue { state in
            state.entries[id] = nil
            // A global clock, not a per-persona counter: an epoch is never reused, even once the
            // persona's entry in `epochs` has been dropped.
            state.clock += 1
            state.epochs[id] = state.clock
            if state.epochs.count > Self.maxEntries * 2 {
                state.clock += 1
                state.baseline = state.clock
                state.epochs.removeAll(keepingCapacity: true)
                state.entries.removeAll(keepingCapacity: true)
            }
        }
    }
}
