import Foundation

/// Polls `GET /sdapi/v1/progress` while a generation is in flight, until cancelled.
struct A1111ProgressPoller: Sendable {
    let transport: A1111Transport
    let interval: Duration
    let requestTimeout: Duration

    /// Reports only rises: the route describes whichever job the engine runs, and drops back to 0 between
    /// jobs. Stops for good on a 404 (sd-server has no such route). A failed poll is skipped, not fatal:
    /// the generation call itself says whether the engine is gone.
    func run(report: @escaping @Sendable (Double) -> Void) async {
        var reported = 0.0
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
                // The live preview would be a base64 image on every poll.
                let answer = try await transport.send(
                    .GET, "/sdapi/v1/progress?skip_current_image=true", within: requestTimeout)
                if answer.status == 404 { return }
                guard answer.isSuccess,
                      let progress = try? JSONDecoder().decode(A1111Progress.self, from: answer.body)
                else { continue }
                let value = min(max(progress.progress, 0), 1)
                if value > reported {
                    reported = value
                    report(value)
                }
            } catch {
                if Task.isCancelled { return }
            }
        }
    }
}
