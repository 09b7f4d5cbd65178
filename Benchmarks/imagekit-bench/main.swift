// imagekit-bench: time the full upload pipeline (read, validate, thumbnail, rewrite,
// write + fsync both files) on one image.
//
//   swift run -c release imagekit-bench <image> [iterations=50]
//       [--warmup N=3] [--threads T=1] [--out-dir DIR=$TMPDIR or /tmp] [--max-mp N=40]
//
// Prints mean / median / p99 wall time per image in ms. With --threads T, T threads
// process concurrently (throughput check); latencies are per image.
// Use --out-dir /dev/shm to leave disk fsync latency out of the numbers.

import Glibc
import ImageKit

struct Options {
    var path = ""
    var iterations = 50
    var warmup = 3
    var threads = 1
    var outDir = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
    var maxMegapixels = 40
}

/// stderr without touching C's global `stderr` (not concurrency-safe in Swift 6).
func printError(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

func usage() -> Never {
    printError("usage: imagekit-bench <image> [iterations] [--warmup N] [--threads T] "
        + "[--out-dir DIR] [--max-mp N]")
    exit(2)
}

func parse() -> Options {
    var o = Options()
    var args = CommandLine.arguments.dropFirst()
    var positional: [String] = []
    while let a = args.popFirst() {
        func value() -> String { guard let v = args.popFirst() else { usage() }; return v }
        switch a {
        case "--warmup": o.warmup = Int(value()) ?? o.warmup
        case "--threads": o.threads = max(1, Int(value()) ?? 1)
        case "--out-dir": o.outDir = value()
        case "--max-mp": o.maxMegapixels = Int(value()) ?? o.maxMegapixels
        case "-h", "--help": usage()
        default: positional.append(a)
        }
    }
    guard let path = positional.first else { usage() }
    o.path = path
    if positional.count > 1 { o.iterations = max(1, Int(positional[1]) ?? o.iterations) }
    return o
}

func nowNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// One run: process into fresh paths, then delete the outputs. Returns ms.
func runOnce(_ o: Options, tag: String) -> (Double, ProcessedImage) {
    let out = "\(o.outDir)/imagekit-bench-\(getpid())-\(tag)"
    let thumb = out + ".thumb.webp"
    let start = nowNanos()
    let result: ProcessedImage
    do {
        result = try ImageKit.process(inputPath: o.path, outputPath: out, thumbnailPath: thumb,
                                      maxMegapixels: o.maxMegapixels)
    } catch {
        printError("imagekit-bench: \(o.path): \(error)")
        exit(1)
    }
    let ms = Double(nowNanos() - start) / 1e6
    unlink(out)
    unlink(thumb)
    return (ms, result)
}

/// Collects per-image times from worker threads.
final class Samples: @unchecked Sendable {  // guarded by `lock`
    private var lock = pthread_mutex_t()
    private var values: [Double] = []
    init() { pthread_mutex_init(&lock, nil) }
    func add(_ v: Double) {
        pthread_mutex_lock(&lock)
        values.append(v)
        pthread_mutex_unlock(&lock)
    }
    var all: [Double] {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return values
    }
}

/// One worker thread's share of the iterations (--threads).
final class Job: @unchecked Sendable {  // immutable after init
    let options: Options, samples: Samples, thread: Int
    init(_ o: Options, _ s: Samples, _ t: Int) { options = o; samples = s; thread = t }
}

/// pthread entry point. A plain global function, not a closure written in top-level
/// code: those are main-actor isolated and trap when run on another thread.
func workerThread(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
    var i = job.thread
    while i < job.options.iterations {
        job.samples.add(runOnce(job.options, tag: "t\(job.thread)-\(i)").0)
        i += job.options.threads
    }
    return nil
}

let options = parse()
var first: ProcessedImage?
for i in 0..<options.warmup {
    first = runOnce(options, tag: "warmup\(i)").1
}

let samples = Samples()
let wallStart = nowNanos()
if options.threads == 1 {
    for i in 0..<options.iterations {
        let (ms, r) = runOnce(options, tag: "\(i)")
        first = first ?? r
        samples.add(ms)
    }
} else {
    var threads: [pthread_t] = []
    for t in 0..<options.threads {
        let job = Unmanaged.passRetained(Job(options, samples, t)).toOpaque()
        var tid = pthread_t()
        pthread_create(&tid, nil, workerThread, job)
        threads.append(tid)
    }
    for tid in threads { pthread_join(tid, nil) }
}
let wallMs = Double(nowNanos() - wallStart) / 1e6

let sorted = samples.all.sorted()
let mean = sorted.reduce(0, +) / Double(sorted.count)
let median = sorted.count % 2 == 1
    ? sorted[sorted.count / 2]
    : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
let p99 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]

func fmt(_ v: Double) -> String {
    let scaled = (v * 100).rounded() / 100
    return String(scaled)
}

var info = stat()
stat(options.path, &info)
if let r = first {
    print("image: \(options.path) (\(info.st_size) bytes) \(r.format.rawValue) \(r.width)x\(r.height)"
        + " -> stored \(r.byteCount) bytes (\(r.rewrite.rawValue)),"
        + " thumbnail \(r.thumbnailWidth)x\(r.thumbnailHeight)")
}
print("iterations: \(sorted.count), threads: \(options.threads), out-dir: \(options.outDir)")
print("ms per image: mean \(fmt(mean))  median \(fmt(median))  p99 \(fmt(p99))"
    + "  min \(fmt(sorted.first!))  max \(fmt(sorted.last!))")
print("throughput: \(fmt(Double(sorted.count) / (wallMs / 1000))) images/s")
