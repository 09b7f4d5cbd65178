@testable import App
import Foundation
import PersonaSeedCore
import SQLKit
import Testing

/// Concurrent creates share INSERTs, and a row that fails takes down only its own request.
@Suite struct GroupCommitTests {
    @Test func concurrentCreatesAreAllStoredOnce() async throws {
        try await withTestApp { app in
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<60 {
                    group.addTask {
                        try await app.createPersona(#"{"name": "Batch \#(index)", "appearance": "Professional woman"}"#)
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(ids.count == 60)
            let listed = try await app.send(.GET, "/api/v1/personas?limit=100").json.array ?? []
            #expect(Set(listed.compactMap { $0["id"]?.string }) == ids)
        }
    }

    @Test func aFailingRowFailsAloneAndTheRestOfItsBatchCommits() async throws {
        try await withTestApp { app in
            let batcher = InsertBatcher()
            let database = app.app.db
            let insert: InsertBatcher.Insert = { rows in
                try await (database as! any SQLDatabase).insert(into: PersonaRow.table)
                    .models(rows, nilEncodingStrategy: .asNil).run()
            }
            let profile = PersonaProfile(name: "Twin", appearance: "Professional woman")
            let twin = try PersonaRow(id: UUID(), profile: profile, now: Timestamp.now())
            let results = await withTaskGroup(of: Bool.self) { group in
                // Two rows with one id: the primary key refuses the second, whatever batch it is in.
                for row in [twin, twin] + (0..<20).map({ _ in try! PersonaRow(id: UUID(), profile: profile, now: Timestamp.now()) }) {
                    group.addTask { (try? await batcher.insert(row, with: insert)) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 21)
            #expect(results.filter { !$0 }.count == 1)
            let count = try await (database as! any SQLDatabase).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(PersonaRow.table).first()?.decode(column: "n", as: Int.self)
            #expect(count == 21)
        }
    }
}
