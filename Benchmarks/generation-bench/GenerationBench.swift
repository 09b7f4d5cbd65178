// What PersonaSeed adds to a generation, with an engine that answers at once.
//
//   generation-bench <png> [iterations] [seconds]
//
// 1. pipeline: ImageKit.process(bytes:) on the PNG alone (validation, metadata strip, thumbnail).
// 2. engine:   a bare HTTP round trip of txt2img to the fake AUTOMATIC1111 (its answer carries the
//              PNG as base64, as a real engine's does), body collected but not parsed; and the same
//              call through our Automatic1111Client (JSON and base64 decoding included).
// 3. generate: POST generate-local (synchronous, {"reference": "none"}) against the real app on
//              loopback, SQLite in a temp folder; added = generate − pipeline − engine (medians).
// 4. async:    8 clients each submitting `?async=true` jobs and waiting for each through the job's
//              event stream, for `seconds`: jobs completed per second.
// 5. content:  POST content/generate (synchronous, local) for the approved persona; the engine call
//              now carries the baseline (img2img with its base64): added = content − pipeline −
//              img2img round trip (medians).
// 6. bulk:     POST personas/bulk approving 100 drafts, 5 rounds (between rounds they are rejected
//              and set back to draft, untimed).
import App
import AsyncHTTPClient
import EngineFakes
import Foundation
import Generation
import ImageKit
import NIOCore
import Vapor

@main
struct GenerationBench {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2 else {
            print("usage: generation-bench <png> [iterations=60] [seconds=10]")
            exit(2)
        }
        let png = try Data(contentsOf: URL(fileURLWithPath: arguments[1]))
        let iterations = arguments.count > 2 ? Int(arguments[2]) ?? 60 : 60
        let seconds = arguments.count > 3 ? Double(arguments[3]) ?? 10 : 10
        print("image: \(arguments[1]) (\(png.count) bytes), iterations: \(iterations), async run: \(seconds) s")

        let pipeline = try measurePipeline(png, iterations: iterations)
        report("pipeline alone", pipeline)

        let engine = try await FakeAutomatic1111.start(imagePNG: png, models: ["sd_xl_base_1.0"])
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("generation-bench-\(UUID())").path
        do {
            let roundTrip = try await measureEngine(engine, client: client, iterations: iterations)
            report("engine round trip", roundTrip)
            let clientCall = try await measureClient(engine, client: client, iterations: iterations)
            report("engine client (request, JSON + base64 decode)", clientCall)

            var config = AppConfig(dataDirectory: directory)
            config.generation.localBackend = .automatic1111
            config.generation.localURL = engine.baseURL
            config.generation.workers = 8
            var environment = Environment.production
            environment.arguments = ["generation-bench"]
            let app = try await Application.make(environment)
            app.logger.logLevel = .error
            try await configure(app, config: config)
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            try await app.asyncBoot()
            let port = app.http.server.shared.localAddress?.port ?? 0
            let base = "http://127.0.0.1:\(port)/api/v1"
            do {
                let persona = try await createPersona(base, client: client)
                let generate = try await measureGenerate(base, persona: persona, client: client, iterations: iterations)
                report("generate-local (sync)", generate)
                let added = median(generate) - median(pipeline) - median(roundTrip)
                print(String(format: "added by PersonaSeed (median generate − pipeline − engine): %.1f ms", added * 1000))
                let (jobs, elapsed) = try await measureAsync(base, client: client, clients: 8, seconds: seconds)
                print(String(format: "async: %d jobs by 8 concurrent clients in %.1f s = %.1f jobs/s", jobs, elapsed, Double(jobs) / elapsed))

                _ = try await send(client, .POST, base + "/personas/\(persona)/seed-image/approve", "")
                let img2img = try await measureEngine(engine, client: client, iterations: iterations, reference: png)
                report("engine round trip, img2img with the baseline", img2img)
                let content = try await measureContent(base, persona: persona, client: client, iterations: iterations)
                report("content/generate (sync, local)", content)
                let contentAdded = median(content) - median(pipeline) - median(img2img)
                print(String(format: "added by PersonaSeed to content (median content − pipeline − img2img): %.1f ms", contentAdded * 1000))
                let bulk = try await measureBulkApprove(base, client: client, personas: 100, rounds: 5)
                report("bulk approve of 100 personas", bulk)
            } catch {
                print("error: \(error)")
            }
            await app.server.shutdown()
            try await app.asyncShutdown()
        } catch {
            print("error: \(error)")
        }
        try await client.shutdown()
        await engine.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func measurePipeline(_ png: Data, iterations: Int) throws -> [Double] {
        let bytes = [UInt8](png)
        let directory = FileManager.default.temporaryDirectory.path
        var times: [Double] = []
        for index in 0..<(iterations + 3) {
            let output = "\(directory)/generation-bench-\(UUID()).png"
            let thumbnail = output + ".thumb"
            let started = ContinuousClock.now
            _ = try ImageKit.process(bytes: bytes, outputPath: output, thumbnailPath: thumbnail, maxMegapixels: 40)
            if index >= 3 { times.append(seconds(ContinuousClock.now - started)) }
            unlink(output)
            unlink(thumbnail)
        }
        return times
    }

    static func measureEngine(
        _ engine: FakeAutomatic1111, client: HTTPClient, iterations: Int, reference: Data? = nil
    ) async throws -> [Double] {
        let initImages = reference.map { #", "init_images": [""# + $0.base64EncodedString() + #""], "denoising_strength": 0.64"# } ?? ""
        let body = #"{"prompt": "bench", "steps": 50, "width": 1024, "height": 1024, "seed": -1, "batch_size": 1"# + initImages + "}"
        let path = reference == nil ? "/sdapi/v1/txt2img" : "/sdapi/v1/img2img"
        var times: [Double] = []
        for index in 0..<(iterations + 3) {
            var request = HTTPClientRequest(url: engine.baseURL + path)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
            let started = ContinuousClock.now
            let response = try await client.execute(request, timeout: .seconds(30))
            _ = try await response.body.collect(upTo: 64 << 20)
            if index >= 3 { times.append(seconds(ContinuousClock.now - started)) }
        }
        return times
    }

    static func measureClient(_ engine: FakeAutomatic1111, client: HTTPClient, iterations: Int) async throws -> [Double] {
        let generator = Automatic1111Client(
            configuration: Automatic1111Client.Configuration(baseURL: engine.baseURL), httpClient: client)
        var times: [Double] = []
        for index in 0..<(iterations + 3) {
            let started = ContinuousClock.now
            let output = try await generator.generate(GenerationRequest(prompt: "bench", model: engine.modelTitles[0])) { _ in }
            guard output.images.count == 1 else { throw BenchError("no image") }
            if index >= 3 { times.append(seconds(ContinuousClock.now - started)) }
        }
        return times
    }

    static func createPersona(_ base: String, client: HTTPClient) async throws -> String {
        let response = try await send(
            client, .POST, base + "/personas",
            #"{"name": "Bench Persona", "base_appearance_description": "Professional woman in her early 30s, dark hair"}"#)
        guard let id = response["id"] as? String else { throw BenchError("create failed: \(response)") }
        return id
    }

    static func measureGenerate(_ base: String, persona: String, client: HTTPClient, iterations: Int) async throws -> [Double] {
        var times: [Double] = []
        for index in 0..<(iterations + 3) {
            let started = ContinuousClock.now
            let response = try await send(client, .POST, base + "/personas/\(persona)/seed-image/generate-local", #"{"reference": "none"}"#)
            guard response["base_image_status"] as? String == "draft" else { throw BenchError("generate failed: \(response)") }
            if index >= 3 { times.append(seconds(ContinuousClock.now - started)) }
        }
        return times
    }

    static func measureContent(_ base: String, persona: String, client: HTTPClient, iterations: Int) async throws -> [Double] {
        var times: [Double] = []
        for index in 0..<(iterations + 3) {
            let started = ContinuousClock.now
            let items = try await sendForArray(
                client, base + "/personas/\(persona)/content/generate", #"{"engine": "local", "prompt": "reading in a sunlit cafe"}"#)
            guard items.count == 1 else { throw BenchError("content failed") }
            if index >= 3 { times.append(seconds(ContinuousClock.now - started)) }
        }
        return times
    }

    /// Drafts made by the engine (the cheapest way to give 100 personas an image), then timed bulk approves.
    static func measureBulkApprove(_ base: String, client: HTTPClient, personas count: Int, rounds: Int) async throws -> [Double] {
        var ids: [String] = []
        for _ in 0..<count {
            let id = try await createPersona(base, client: client)
            _ = try await send(client, .POST, base + "/personas/\(id)/seed-image/generate-local", #"{"reference": "none"}"#)
            ids.append(id)
        }
        let list = ids.map { "\"\($0)\"" }.joined(separator: ",")
        var times: [Double] = []
        for _ in 0..<rounds {
            let started = ContinuousClock.now
            let answer = try await send(client, .POST, base + "/personas/bulk", #"{"action": "approve", "ids": ["# + list + "]}")
            times.append(seconds(ContinuousClock.now - started))
            guard answer["succeeded"] as? Int == count else { throw BenchError("bulk approve failed: \(answer["failed"] ?? "?")") }
            _ = try await send(client, .POST, base + "/personas/bulk", #"{"action": "reject", "ids": ["# + list + "]}")
            for id in ids {
                _ = try await send(client, .PUT, base + "/personas/\(id)", #"{"base_image_status": "draft"}"#)
            }
        }
        return times
    }

    static func sendForArray(_ client: HTTPClient, _ url: String, _ json: String) async throws -> [Any] {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
        let response = try await client.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 16 << 20)
        guard let items = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [Any] else {
            throw BenchError("content answered \(response.status): \(String(buffer: body).prefix(300))")
        }
        return items
    }

    static func measureAsync(_ base: String, client: HTTPClient, clients: Int, seconds limit: Double) async throws -> (Int, Double) {
        var personas: [String] = []
        for _ in 0..<clients { personas.append(try await createPersona(base, client: client)) }
        let started = ContinuousClock.now
        let deadline = started + .milliseconds(Int(limit * 1000))
        let done = try await withThrowingTaskGroup(of: Int.self) { group in
            for persona in personas {
                group.addTask {
                    var count = 0
                    while ContinuousClock.now < deadline {
                        let job = try await send(
                            client, .POST, base + "/personas/\(persona)/seed-image/generate-local?async=true", #"{"reference": "none"}"#)
                        guard let id = job["id"] as? String else { throw BenchError("submit failed: \(job)") }
                        // The event stream ends when the job does.
                        var request = HTTPClientRequest(url: base + "/jobs/\(id)/events")
                        request.method = .GET
                        let events = try await client.execute(request, timeout: .seconds(60))
                        let text = String(buffer: try await events.body.collect(upTo: 1 << 20))
                        guard text.contains("event: succeeded") else { throw BenchError("job \(id) did not succeed: \(text.suffix(300))") }
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        return (done, seconds(ContinuousClock.now - started))
    }

    static func send(_ client: HTTPClient, _ method: HTTPMethod, _ url: String, _ json: String) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
        let response = try await client.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 16 << 20)
        return (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? ["status": Int(response.status.code)]
    }

    static func report(_ name: String, _ times: [Double]) {
        let sorted = times.sorted()
        let p90 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.9))]
        print(String(format: "%@: median %.1f ms, p90 %.1f ms, min %.1f ms (n=%d)", name, median(times) * 1000, p90 * 1000, sorted[0] * 1000, times.count))
    }

    static func median(_ times: [Double]) -> Double {
        let sorted = times.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
