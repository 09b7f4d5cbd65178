import Foundation
import Vapor

/// Everything the fake's routes and runs share, behind one lock.
final class FakeComfyUIState: @unchecked Sendable {
    let imagePNG: Data
    let checkpoints: [String]
    let controlNets: [String]

    let submissions = Recorder<FakeComfyUI.Submission>()
    let uploads = Recorder<FakeComfyUI.Upload>()
    let interrupts = Recorder<String?>()
    let queueDeletes = Recorder<[String]>()
    let socketClients = Recorder<String>()
    let viewRequests = Recorder<FakeComfyUI.ViewRequest>()
    let historyRequests = Recorder<String>()
    let sentFrames = Recorder<FakeComfyUI.SentFrame>()

    private let lock = NSLock()
    private var currentBehaviour: FakeComfyUI.Behaviour
    private var sockets: [String: WebSocket] = [:]
    /// Input folder: names as LoadImage takes them ("sub/name" in a subfolder).
    private var inputFiles: Set<String> = []
    /// Output folder: "subfolder/filename" → bytes.
    private var outputFiles: [String: Data] = [:]
    private var outputCounters: [String: Int] = [:]
    private var historyEntries: [String: FakeJSON] = [:]
    private var running: Set<String> = []
    private var interrupted: Set<String> = []
    private var runs: [Task<Void, Never>] = []
    private var promptNumber = 0
    private var stopped = false

    init(imagePNG: Data, checkpoints: [String], controlNets: [String], behaviour: FakeComfyUI.Behaviour) {
        self.imagePNG = imagePNG
        self.checkpoints = checkpoints
        self.controlNets = controlNets
        self.currentBehaviour = behaviour
    }

    var behaviour: FakeComfyUI.Behaviour { lock.withLock { currentBehaviour } }

    func updateBehaviour(_ change: (inout FakeComfyUI.Behaviour) -> Void) {
        lock.withLock { change(&currentBehaviour) }
    }

    var runningPrompts: Set<String> { lock.withLock { running } }
    var isStopped: Bool { lock.withLock { stopped } }
    var uploadedInputs: [String] { lock.withLock { inputFiles.sorted() } }

    // MARK: Websockets

    /// ComfyUI keeps one socket per client id: a new connection replaces the old one, and any closing
    /// socket removes the entry (`sockets.pop(sid)`), even when it was replaced.
    func register(socket: WebSocket, clientID: String) {
        lock.withLock { sockets[clientID] = socket }
        socket.onClose.whenComplete { [weak self] _ in
            self?.lock.withLock { _ = self?.sockets.removeValue(forKey: clientID) }
        }
    }

    func socket(of clientID: String?) -> WebSocket? {
        guard let clientID else { return nil }
        return lock.withLock { sockets[clientID] }
    }

    // MARK: Files

    func addInputFile(_ name: String) {
        lock.withLock { _ = inputFiles.insert(name) }
    }

    func hasInputFile(_ name: String) -> Bool {
        lock.withLock { inputFiles.contains(name) }
    }

    /// ComfyUI's SaveImage names: `<prefix>_00001_.png`, counting on from the files already there.
    func saveOutputs(prefix: String, subfolder: String, count: Int) -> [String] {
        lock.withLock {
            (0..<count).map { _ in
                let next = (outputCounters[prefix] ?? 0) + 1
                outputCounters[prefix] = next
                let filename = "\(prefix)_\(String(format: "%05d", next))_.png"
                outputFiles["\(subfolder)/\(filename)"] = imagePNG
                return filename
            }
        }
    }

    func outputFile(subfolder: String, filename: String) -> Data? {
        lock.withLock { outputFiles["\(subfolder)/\(filename)"] }
    }

    // MARK: History and runs

    func fileHistory(_ promptID: String, _ entry: FakeJSON) {
        lock.withLock { historyEntries[promptID] = entry }
    }

    func historyEntry(_ promptID: String) -> FakeJSON? {
        lock.withLock { historyEntries[promptID] }
    }

    func nextPromptNumber() -> Int {
        lock.withLock {
            defer { promptNumber += 1 }
            return promptNumber
        }
    }

    func startRun(_ body: @escaping @Sendable () async -> Void) {
        lock.withLock {
            guard !stopped else { return }
            runs.append(Task { await body() })
        }
    }

    func markRunning(_ promptID: String, _ isRunning: Bool) {
        lock.withLock {
            if isRunning { running.insert(promptID) } else { running.remove(promptID) }
        }
    }

    /// ComfyUI interrupts only if the named prompt is the one running; without a name, whatever runs.
    func interrupt(promptID: String?) {
        lock.withLock {
            if let promptID {
                if running.contains(promptID) { interrupted.insert(promptID) }
            } else {
                interrupted.formUnion(running)
            }
        }
    }

    func isInterrupted(_ promptID: String) -> Bool {
        lock.withLock { interrupted.contains(promptID) }
    }

    func shutDown() async {
        let (tasks, open) = lock.withLock {
            stopped = true
            return (runs, Array(sockets.values))
        }
        tasks.forEach { $0.cancel() }
        for task in tasks { await task.value }
        for socket in open { try? await socket.close() }
    }
}
