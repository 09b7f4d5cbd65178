@testable import App
import Testing

/// Image work queues instead of exceeding its memory budget, first come first served.
@Suite struct MemoryBudgetTests {
    actor Ledger {
        var inUse = 0
        var peak = 0
        var order: [Int] = []
        func enter(_ amount: Int, _ index: Int) {
            inUse += amount
            peak = max(peak, inUse)
            order.append(index)
        }
        func leave(_ amount: Int) { inUse -= amount }
    }

    @Test func reservationsNeverExceedTheCapacity() async throws {
        let budget = MemoryBudget(capacity: 100)
        let ledger = Ledger()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<12 {
                let amount = [30, 60, 10, 100][index % 4]
                group.addTask {
                    try await budget.withReservation(amount) {
                        await ledger.enter(amount, index)
                        try await Task.sleep(for: .milliseconds(5))
                        await ledger.leave(amount)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await ledger.peak <= 100)
        #expect(await ledger.order.count == 12)
        #expect(await ledger.inUse == 0)
    }

    @Test func aJobLargerThanTheBudgetRunsAlone() async throws {
        let budget = MemoryBudget(capacity: 10)
        let ledger = Ledger()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<4 {
                group.addTask {
                    try await budget.withReservation(index == 1 ? 1_000 : 4) {
                        await ledger.enter(index == 1 ? 10 : 4, index)
                        try await Task.sleep(for: .milliseconds(5))
                        await ledger.leave(index == 1 ? 10 : 4)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await ledger.peak <= 10)
        #expect(await ledger.order.count == 4)
    }
}
