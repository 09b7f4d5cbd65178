import Foundation
import Vapor

/// An AUTOMATIC1111-compatible engine on loopback: A1111 with or without the ControlNet extension, or
/// stable-diffusion.cpp's `sd-server` (no progress, interrupt or ControlNet routes; img2img without a
/// usable init image quietly becomes txt2img). Records every request; behaviour can change while it runs.
public final class FakeAutomatic1111: @unchecked Sendable {
    public enum Flavour: Sendable {
        case automatic1111
        case sdServer
    }

    /// How generations are answered (validation errors of the request itself come first regardless).
    public enum Answer: Sendable, Equatable {
        case images
        /// Valid base64 of bytes that are no image.
        case nonImageBytes
        case malformedBase64
        /// 200 with an HTML page.
        case nonJSON
        /// Announces the whole answer's Content-Length, writes half of it, then closes.
        case dropConnectionMidBody
        /// Runs until `/sdapi/v1/interrupt` (then answers the images, as A1111 does) or `stop()`.
        case hangUntilInterrupted
        /// The flavour's 500 shape, with this message.
        case serverError(message: String)
        /// FastAPI's 422 `{"detail": [{"loc": ["body", field], "msg": message, …}]}`.
        case validationError(field: String, message: String)
    }

    public struct Behaviour: Sendable {
        public var answer: Answer
        /// Each sampling step takes this long, so a run lasts `steps × stepDelay`; progress rises over it.
        public var stepDelay: Duration

        /// When set, the run ignores `stepDelay` and ends after this many `/sdapi/v1/progress` polls,
        /// each advancing it by one step: progress that a test can rely on whatever the machine's load.
        public var pollsToFinish: Int?

        /// When true, the `steps × stepDelay` of a run count from the first `/sdapi/v1/progress` request
        /// since the previous run ended (sd-server's 404 counts too), not from the run's start: the run
        /// is still going when the client's first poll arrives, whatever the machine's load.
        public var startsAtFirstPoll: Bool

        public init(
            answer: Answer = .images, stepDelay: Duration = .zero, pollsToFinish: Int? = nil,
            startsAtFirstPoll: Bool = false
        ) {
            self.answer = answer
            self.stepDelay = stepDelay
            self.pollsToFinish = pollsToFinish
            self.startsAtFirstPoll = startsAtFirstPoll
        }
    }

    public struct ReceivedRequest: Sendable {
        public let method: String
        /// Without the query string.
        public let path: String
        public let query: String?
        /// The body, decoded; nil when there was none or it was not JSON.
        public let json: FakeJSON?
        public let authorization: String?
        /// For generations, "txt2img" or "img2img" as the fake ran (or would have run) it.
        public let ranAs: String?
    }

    public let flavour: Flavour
    public let imagePNG: Data
    public let models: [Model]
    public let controlNetModels: [String]?
    let credentials: (user: String, password: String)?
    private var server: LoopbackServer?

    private let lock = NSLock()
    private var currentBehaviour = Behaviour()
    private var job: Job?
    /// When the first progress request since the last run ended arrived (it may beat the run itself).
    private var firstPollSinceLastRun: ContinuousClock.Instant?
    private var isStopped = false
    private let received = Recorder<ReceivedRequest>()
    let seedLog = Recorder<[Int64]>()

    struct Job {
        /// nil while a `startsAtFirstPoll` run waits for its first poll.
        var started: ContinuousClock.Instant?
        let steps: Int
        let stepDelay: Duration
        var pollsToFinish: Int?
        var polls = 0
        var interrupted = false

        var finishedByPolls: Bool { pollsToFinish.map { polls >= $0 } ?? false }
    }

    public struct Model: Sendable {
        public let title: String
        public let modelName: String
        public let hash: String
        public let sha256: String
        public let filename: String
    }

    /// `models` are checkpoint names ("sd_xl_base_1.0" or with their extension); their titles become
    /// "name.safetensors [hash]" as A1111 lists them.
    public static func start(
        imagePNG: Data,
        models: [String],
        controlNetModels: [String]? = nil,
        credentials: (user: String, password: String)? = nil,
        flavour: Flavour = .automatic1111
    ) async throws -> FakeAutomatic1111 {
        let fake = FakeAutomatic1111(
            imagePNG: imagePNG, models: models, controlNetModels: controlNetModels,
            credentials: credentials, flavour: flavour)
        fake.server = try await LoopbackServer.start { app in fake.registerRoutes(on: app) }
        return fake
    }

    private init(
        imagePNG: Data, models: [String], controlNetModels: [String]?,
        credentials: (user: String, password: String)?, flavour: Flavour
    ) {
        self.imagePNG = imagePNG
        self.models = models.map { Self.model(named: $0, placeholderHashes: flavour == .sdServer) }
        self.controlNetModels = flavour == .sdServer ? nil : controlNetModels
        self.credentials = credentials
        self.flavour = flavour
    }

    public var baseURL: String { server?.baseURL ?? "http://127.0.0.1:0" }

    /// Releases any hanging generation first: the server waits for open requests when it shuts down.
    public func stop() async {
        lock.withLock { isStopped = true }
        await server?.stop()
    }

    public var behaviour: Behaviour {
        get { lock.withLock { currentBehaviour } }
        set { lock.withLock { currentBehaviour = newValue } }
    }

    public var modelTitles: [String] { models.map(\.title) }
    public var requests: [ReceivedRequest] { received.entries }

    public func requests(to path: String) -> [ReceivedRequest] {
        received.entries.filter { $0.path == path }
    }

    /// The generation calls (txt2img and img2img) in arrival order.
    public var generations: [ReceivedRequest] {
        received.entries.filter { $0.path == "/sdapi/v1/txt2img" || $0.path == "/sdapi/v1/img2img" }
    }

    /// The seeds each answered generation reported in its `info`, in order.
    public var answeredSeeds: [[Int64]] { seedLog.entries }

    public var interruptCount: Int { requests(to: "/sdapi/v1/interrupt").count }

    /// True while a generation is sampling (or hanging).
    public var isGenerating: Bool { lock.withLock { job != nil } }

    // MARK: - Job state, shared by the generation, progress and interrupt routes

    var stopped: Bool { lock.withLock { isStopped } }

    func record(_ request: ReceivedRequest) {
        received.append(request)
    }

    /// Waits for the single job slot (A1111 runs one job at a time), then samples until done,
    /// interrupted or stopped. Returns whether the run was interrupted.
    func runJob(
        steps: Int, stepDelay: Duration, hang: Bool, pollsToFinish: Int? = nil, startsAtFirstPoll: Bool = false
    ) async -> Bool {
        while true {
            let acquired = lock.withLock { () -> Bool in
                guard job == nil || isStopped else { return false }
                job = Job(
                    started: startsAtFirstPoll ? firstPollSinceLastRun : .now, steps: max(steps, 1),
                    stepDelay: stepDelay, pollsToFinish: pollsToFinish)
                return true
            }
            if acquired { break }
            try? await Task.sleep(for: .milliseconds(5))
        }
        let total = stepDelay * max(steps, 1)
        var interrupted = false
        while true {
            let (done, wasInterrupted) = lock.withLock { () -> (Bool, Bool) in
                let interrupted = job?.interrupted ?? false
                let finished = !hang && (job.map { job -> Bool in
                    if job.pollsToFinish != nil { return job.finishedByPolls }
                    guard let started = job.started else { return false }
                    return started.duration(to: .now) >= total
                } ?? true)
                return (interrupted || isStopped || finished, interrupted)
            }
            interrupted = wasInterrupted
            if done { break }
            try? await Task.sleep(for: .milliseconds(5))
        }
        lock.withLock {
            job = nil
            firstPollSinceLastRun = nil
        }
        return interrupted
    }

    /// A progress request arrived, answered or (sd-server) not: it starts the clock of a run waiting
    /// for its first poll, or of the next one if it came first.
    func noteProgressRequest() {
        lock.withLock {
            if firstPollSinceLastRun == nil { firstPollSinceLastRun = .now }
            if job != nil, job?.started == nil { job?.started = .now }
        }
    }

    func interruptRunningJob() {
        lock.withLock { job?.interrupted = true }
    }

    /// (progress 0…1, eta seconds, sampling step, sampling steps, job count) as A1111's progress route
    /// reports them; all zero when idle.
    func progressSnapshot() -> (progress: Double, eta: Double, step: Int, steps: Int, jobCount: Int) {
        noteProgressRequest()
        return lock.withLock {
            guard job != nil else { return (0, 0, 0, 0, 0) }
            if let target = job?.pollsToFinish {
                job?.polls += 1
                let polls = min(job?.polls ?? 0, target)
                return (Double(polls) / Double(target), 0, polls * (job?.steps ?? 1) / target, job?.steps ?? 1, 1)
            }
            guard let job, let started = job.started else { return (0, 0, 0, 0, 0) }
            let total = (job.stepDelay * job.steps).a1111FakeSeconds
            let elapsed = started.duration(to: .now).a1111FakeSeconds
            guard total > 0 else { return (0, 0, 0, job.steps, 1) }
            let fraction = min(elapsed / total, 1)
            return (fraction, max(total - elapsed, 0), min(Int(fraction * Double(job.steps)), job.steps), job.steps, 1)
        }
    }

    private static func model(named name: String, placeholderHashes: Bool) -> Model {
        let extensions = [".safetensors", ".ckpt", ".gguf"]
        let file = extensions.contains(where: name.hasSuffix) ? name : name + ".safetensors"
        let stem = extensions.reduce(file) { stem, ext in stem.hasSuffix(ext) ? String(stem.dropLast(ext.count)) : stem }
        let sha256 = placeholderHashes ? String(repeating: "0", count: 64) : fakeSHA256(of: file)
        let hash = String(sha256.prefix(10))
        return Model(
            title: "\(file) [\(hash)]", modelName: stem, hash: hash, sha256: sha256,
            filename: "/models/Stable-diffusion/\(file)")
    }

    /// Deterministic hex that looks like a digest (no real hashing needed for a fake).
    private static func fakeSHA256(of text: String) -> String {
        var state: UInt64 = 0xcbf2_9ce4_8422_2325
        var hex = ""
        for round in 0..<4 {
            for byte in Array(text.utf8) + [UInt8(round)] {
                state = (state ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            hex += String(format: "%016llx", state)
        }
        return hex
    }
}

extension Duration {
    var a1111FakeSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
