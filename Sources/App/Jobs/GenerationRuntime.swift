import Foundation
import Vapor

/// Everything generation needs at run time, made once in `configure`.
struct GenerationRuntime: Sendable {
    let engines: GenerationEngines
    let events: JobEvents
    /// nil when this process runs no jobs itself (`GENERATION_WORKERS=0`): other processes claim them.
    let runner: JobRunner?
    let settings: GenerationSettings

    /// How often a waiting request or event stream looks at the database for changes made by other
    /// processes (changes made here arrive at once).
    static let pollInterval: Duration = .milliseconds(500)

    /// Waits until the job has finished, however long it takes (the engines have their own timeouts).
    func awaitFinished(_ id: UUID, jobs: JobRepository) async throws -> JobRow {
        let subscription = events.subscribe(to: id, pollInterval: Self.pollInterval)
        while true {
            try Task.checkCancellation()
            guard let job = try await jobs.find(id) else { throw JobFailure(status: 404, detail: "Job \(id) not found") }
            if job.state.isFinished { return job }
            while let news = await subscription.next() {
                if news.state.isFinished { return news }
            }
        }
    }
}

/// Starts the worker loop once the app has booted to serve, and stops it (releasing its jobs) before
/// the database goes away.
struct JobRunnerLifecycle: LifecycleHandler {
    let runner: JobRunner
    /// Commands that only touch the schema or files must not start taking jobs.
    static let commandsWithoutWorker: Set<String> = ["migrate", "fsck", "routes"]

    /// The synchronous hook: `boot()` (VaporTesting) calls only this one, `asyncBoot()` calls it too.
    func didBoot(_ application: Application) throws {
        let command = application.environment.arguments.dropFirst().first ?? "serve"
        guard !Self.commandsWithoutWorker.contains(command) else { return }
        runner.start()
    }

    func shutdownAsync(_ application: Application) async {
        await runner.shutdown()
    }
}

extension Application {
    private struct GenerationKey: StorageKey {
        typealias Value = GenerationRuntime
    }

    var generation: GenerationRuntime {
        get {
            guard let runtime = storage[GenerationKey.self] else { fatalError("configure(_:config:) has not run") }
            return runtime
        }
        set { storage[GenerationKey.self] = newValue }
    }

    /// nil before `configure` has run (or when it failed part way).
    var generationIfConfigured: GenerationRuntime? { storage[GenerationKey.self] }
}

extension Request {
    var generation: GenerationRuntime { application.generation }
}
