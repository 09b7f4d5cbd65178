import Fluent
import Foundation
import Storage
import Vapor

/// Removes what a crash can leave behind: temporary files, and image files that no version or content
/// row refers to (published just before a transaction that never committed, or left by a content
/// delete cut short). Only files older than the grace period go: a younger one may belong to a
/// request still running in another process.
struct OrphanSweeper {
    let store: any ImageStore
    let database: any Database
    let gracePeriod: TimeInterval

    struct Outcome: Equatable {
        var temporaryFiles = 0
        var orphans = 0
    }

    func sweep(now: Date = Timestamp.now()) async throws -> Outcome {
        let cutoff = now.addingTimeInterval(-gracePeriod)
        var outcome = Outcome()
        for file in try store.listTemporaryFiles() where file.modified < cutoff {
            if unlink(file.path) == 0 { outcome.temporaryFiles += 1 }
        }
        let candidates = try store.listKeys().filter { $0.key.hasPrefix("persona_") && $0.modified < cutoff }
        guard !candidates.isEmpty else { return outcome }
        var referenced = Set<String>()
        for row in try await PersonaImageModel.query(on: database).field(\.$storageKey).field(\.$thumbnailKey).all() {
            referenced.insert(row.storageKey)
            referenced.insert(row.thumbnailKey)
        }
        for row in try await PersonaContentModel.query(on: database).field(\.$storageKey).field(\.$thumbnailKey).all() {
            referenced.insert(row.storageKey)
            referenced.insert(row.thumbnailKey)
        }
        for candidate in candidates where !referenced.contains(candidate.key) {
            try store.delete(key: candidate.key)
            outcome.orphans += 1
        }
        return outcome
    }
}

/// Runs the sweep once the server has booted, without holding up its start.
struct SweepOnBoot: LifecycleHandler {
    let store: any ImageStore
    let gracePeriod: TimeInterval

    func didBootAsync(_ application: Application) async throws {
        let sweeper = OrphanSweeper(store: store, database: application.db, gracePeriod: gracePeriod)
        let logger = application.logger
        Task {
            do {
                let outcome = try await sweeper.sweep()
                if outcome != .init() {
                    logger.notice("Swept \(outcome.temporaryFiles) temporary and \(outcome.orphans) unreferenced image files")
                }
            } catch {
                logger.warning("Sweeping the image folder failed: \(error)")
            }
        }
    }
}
