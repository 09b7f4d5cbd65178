@testable import App
import Foundation
import PersonaSeedCore
import Testing

/// The database is the queue: however many workers ask at once, each job is claimed exactly once.
@Suite struct JobClaimTests {
    @Test func concurrentClaimsTakeEachJobOnce() async throws {
        // No worker in the app: only the claims below take jobs.
        try await withTestApp({ $0.generation.workers = 0 }) { app in
            let services = app.app.personaSeed
            let personas = PersonaRepository(database: app.app.db, sqliteWriting: services.sqliteWriting, cache: nil)
            let jobs = JobRepository(database: app.app.db, sqliteWriting: services.sqliteWriting)
            var profile = PersonaProfile(name: "Queue")
            profile.appearance = "Professional woman in her 30s"
            let persona = try await personas.create(profile)
            var queued: [UUID] = []
            for index in 0..<12 {
                // Distinct creation times: the queue is first in, first out.
                let job = try JobRow.queued(
                    kind: .local, personaID: persona.id, options: GenerationOptions(),
                    now: Timestamp.now().addingTimeInterval(Double(index)))
                try await jobs.insert(job)
                queued.append(job.id)
            }
            let claimed = try await withThrowingTaskGroup(of: (String, UUID?).self) { group in
                for worker in 0..<24 {
                    group.addTask { ("w\(worker)", try await jobs.claimNext(worker: "w\(worker)")?.id) }
                }
                return try await group.reduce(into: [(String, UUID)]()) { result, pair in
                    if let id = pair.1 { result.append((pair.0, id)) }
                }
            }
            #expect(claimed.count == 12)
            #expect(Set(claimed.map(\.1)) == Set(queued))
            for (worker, id) in claimed {
                let row = try #require(try await jobs.find(id))
                #expect(row.status == "running" && row.worker == worker && row.attempts == 1)
            }
            #expect(try await jobs.claimNext(worker: "late") == nil)
        }
    }
}
