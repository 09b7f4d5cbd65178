import Foundation
import ImageKit
import Testing

// Requirement 8: `process` is called from many threads at once (a thread pool).
@Suite struct ConcurrencyTests {
    static let mix = ["valid-rgb.png", "metadata.jpg", "valid-lossy.webp", "exif-orientation6.jpg",
                      "palette-trns.png", "corrupt-zlib.png", "truncated.jpg", "image.gif",
                      "bomb-20000x20000.png", "valid-lossless.webp"]

    /// Outcome of one run: the result and stored bytes, or the error.
    enum Outcome: Equatable {
        case ok(ProcessedImage, [UInt8])
        case rejected(ImageRejection)
    }

    static func outcome(_ name: String) -> Outcome {
        do {
            let run = try process(fixture: name)
            return .ok(run.result, run.stored)
        } catch let rejection as ImageRejection {
            return .rejected(rejection)
        } catch {
            Issue.record("unexpected \(error)")
            return .rejected(.undecodable)
        }
    }

    /// 8 threads x 10 fixtures x 4 rounds, valid and invalid mixed: every concurrent
    /// result equals the one computed alone (first-use setup races included).
    @Test func concurrentCallsMatchSerialResults() throws {
        let expected = Self.mix.map(Self.outcome)
        let rounds = 4, threads = 8
        let results = Locked([Outcome?](repeating: nil, count: Self.mix.count * rounds))
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var i = t
            while i < Self.mix.count * rounds {
                let outcome = Self.outcome(Self.mix[i % Self.mix.count])
                results.withLock { $0[i] = outcome }
                i += threads
            }
        }
        let got = results.withLock { $0 }
        for (i, outcome) in got.enumerated() {
            #expect(outcome == expected[i % Self.mix.count], "\(Self.mix[i % Self.mix.count])")
        }
    }
}

/// Minimal lock-protected box for collecting results from worker threads.
final class Locked<Value>: @unchecked Sendable {  // all access goes through `lock`
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
