@testable import App
import AsyncHTTPClient
import Crypto
import EngineFakes
import Foundation
import PersonaSeedCore
import Testing
import Vapor

/// Asynchronous generation: jobs, their events, cancelling, webhooks, and recovery after a restart.
@Suite struct JobTests {
    @Test func respondAsyncAnswers202WithAJobThatSucceeds() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let id = try await app.createPersona()
                var headers = HTTPHeaders()
                headers.add(name: "Prefer", value: "respond-async")
                let accepted = try await app.generate(id, headers: headers)
                #expect(accepted.status == .accepted, "\(accepted.body.string)")
                let jobID = try #require(accepted.json["id"]?.string)
                #expect(accepted.headers.first(name: .location) == "/api/v1/jobs/\(jobID)")
                #expect(accepted.headers.first(name: "Preference-Applied") == "respond-async")
                #expect(accepted.json["kind"]?.string == "generate-local")
                #expect(accepted.json["persona_id"]?.string == id)
                #expect(["queued", "running"].contains(accepted.json["status"]?.string ?? ""))

                let job = try await app.finishedJob(jobID)
                #expect(job["status"]?.string == "succeeded")
                #expect(job["progress"] == .number(1))
                #expect(job["versions"] == .array([.number(1)]))
                #expect(job["error"] == .null)
                #expect(try await app.persona(id)["base_image_status"]?.string == "draft")

                // ?async=true does the same for clients that cannot set headers.
                let second = try await app.generate(id, query: "?async=true")
                #expect(second.status == .accepted)
                let done = try await app.finishedJob(try #require(second.json["id"]?.string))
                #expect(done["versions"] == .array([.number(2)]))
            }
        }
    }

    @Test func failedJobRecordsTheSameErrorAsASyncCall() async throws {
        try await withFakeA1111 { engine in
            engine.behaviour = .init(answer: .nonImageBytes)
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let id = try await app.createPersona()
                let sync = try await app.generate(id)
                let accepted = try await app.generate(id, query: "?async=1")
                let job = try await app.finishedJob(try #require(accepted.json["id"]?.string))
                #expect(job["status"]?.string == "failed")
                #expect(job["error"]?.string == sync.detail)
                #expect(job["error_status"]?.int == 502)
                #expect(job["versions"] == .array([]))
                #expect(try await app.persona(id)["base_image_status"]?.string == "pending_upload")
            }
        }
    }

    @Test func eventsStreamProgressThenTheOutcome() async throws {
        try await withFakeA1111 { engine in
            // The run advances one step per progress poll (the client polls once a second) and ends
            // after three: intermediate progress that does not depend on the machine's speed.
            engine.behaviour = .init(answer: .images, pollsToFinish: 3)
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let id = try await app.createPersona()
                let accepted = try await app.generate(id, query: "?async=true")
                let jobID = try #require(accepted.json["id"]?.string)
                let stream = try await app.send(.GET, "/api/v1/jobs/\(jobID)/events")
                #expect(stream.status == .ok)
                #expect(stream.headers.first(name: .contentType)?.hasPrefix("text/event-stream") == true)
                let events = stream.body.string.components(separatedBy: "\n\n").filter { !$0.isEmpty }
                let names = events.compactMap { $0.split(separator: "\n").first { $0.hasPrefix("event: ") }?.dropFirst(7) }
                #expect(names.last == "succeeded", "\(names)")
                #expect(names.dropLast().allSatisfy { $0 == "progress" })
                let progress = events.compactMap { event -> Double? in
                    guard let line = event.split(separator: "\n").first(where: { $0.hasPrefix("data: ") }) else { return nil }
                    let json = try? JSONDecoder().decode(JSONValue.self, from: Data(line.dropFirst(6).utf8))
                    if case .number(let value)? = json?["progress"] { return value }
                    return nil
                }
                #expect(progress == progress.sorted(), "\(progress)")
                #expect(progress.contains { $0 > 0 && $0 < 1 }, "no intermediate progress in \(progress)")
                #expect(progress.last == 1)
            }
        }
    }

    /// A quiet stream's keep-alive comments come at a third of a lowered idle timeout (here every 10 s,
    /// not the default 15 s), so the idle timer never sees the stream silent. (LimitsTests shows the
    /// timer closing silent ones.) The stream is read over a real socket and the job is cancelled only
    /// once a keep-alive has arrived, so a slow machine delays the test instead of failing it.
    @Test func aQuietEventStreamKeepsAliveWithinTheIdleTimeout() async throws {
        try await withFakeA1111 { engine in
            engine.behaviour = .init(answer: .hangUntilInterrupted)
            // The engine's timeout well beyond the first keep-alive, so that it cannot end the job first.
            try await withTestApp({ $0.useLocalEngine(engine, timeout: 300); $0.limits.idleTimeout = 30 }) { app in
                try await app.withLiveServer { port in
                    let id = try await app.createPersona()
                    let accepted = try await app.generate(id, query: "?async=true")
                    let jobID = try #require(accepted.json["id"]?.string)
                    try await app.waitUntil("the engine to start") { engine.isGenerating }
                    let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/jobs/\(jobID)/events")
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
                    var stream = ""
                    var cancelStatus: HTTPResponseStatus?
                    for try await chunk in response.body {
                        stream += String(buffer: chunk)
                        if cancelStatus == nil, stream.contains(": keep-alive") {
                            cancelStatus = try await app.send(.DELETE, "/api/v1/jobs/\(jobID)").status
                        }
                    }
                    // 200 with the job cancelled, or 202 while the engine still stops (a loaded machine).
                    #expect(cancelStatus == .ok || cancelStatus == .accepted, "the stream ended without a keep-alive: \(stream)")
                    #expect(stream.contains("event: cancelled"), "\(stream)")
                }
            }
        }
    }

    @Test func keepAlivesComeAtAThirdOfTheIdleTimeoutAndAtLeastEvery15Seconds() {
        #expect(JobController.keepAliveInterval(idleTimeout: 30) == .seconds(10))
        #expect(JobController.keepAliveInterval(idleTimeout: 1.5) == .milliseconds(500))
        #expect(JobController.keepAliveInterval(idleTimeout: 300) == .seconds(15))
    }

    /// A client that leaves an event stream: the next write fails, the stream is closed with the error
    /// (never left open), and the server goes on.
    @Test func aClientLeavingAnEventStreamIsHandled() async throws {
        try await withFakeA1111 { engine in
            engine.behaviour = .init(answer: .hangUntilInterrupted)
            try await withTestApp({ $0.useLocalEngine(engine); $0.limits.idleTimeout = 15 }) { app in
                try await app.withLiveServer { port in
                    let id = try await app.createPersona()
                    let accepted = try await app.generate(id, query: "?async=true")
                    let jobID = try #require(accepted.json["id"]?.string)
                    try await app.waitUntil("the engine to start") { engine.isGenerating }
                    let request = "GET /api/v1/jobs/\(jobID)/events HTTP/1.1\r\nHost: x\r\n\r\n"
                    let first = try await StalledClient.sendThenWait(port: port, bytes: Array(request.utf8), wait: 120)
                    if case .answered(let head) = first {
                        #expect(head.contains("text/event-stream"))
                    } else {
                        Issue.record("no answer: \(first)")
                    }
                    // The socket is closed now; the stream finds out at its next keep-alive (every 5 s with
                    // this idle timeout, which is long enough not to close a slow answer on a loaded machine)
                    // and stops listening.
                    let job = try #require(UUID(uuidString: jobID))
                    try await app.waitUntil("the stream to notice its client left") {
                        app.app.generation.events.subscriberCount(for: job) == 0
                    }
                    #expect(try await app.cancelRunningJob(jobID)["status"]?.string == "cancelled")
                    #expect(try await app.send(.GET, "/healthz").status == .ok)
                }
            }
        }
    }

    @Test func cancellingARunningJobTellsTheEngineAndChangesNothing() async throws {
        try await withFakeA1111 { engine in
            engine.behaviour = .init(answer: .hangUntilInterrupted)
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let id = try await app.createPersona()
                let before = try await app.snapshot(id)
                let accepted = try await app.generate(id, query: "?async=true")
                let jobID = try #require(accepted.json["id"]?.string)
                try await app.waitUntil("the engine to start") { engine.isGenerating }
                let cancelled = try await app.cancelRunningJob(jobID)
                #expect(cancelled["status"]?.string == "cancelled")
                #expect(cancelled["error"]?.string == "Cancelled by request")
                #expect(engine.interruptCount >= 1)
                #expect(try await app.snapshot(id) == before)
                let again = try await app.send(.DELETE, "/api/v1/jobs/\(jobID)")
                #expect(again.status == .conflict)
            }
        }
    }

    @Test func cancellingAQueuedJobIsImmediate() async throws {
        try await withFakeA1111 { engine in
            // No worker in this process: the job stays queued.
            try await withTestApp({ $0.useLocalEngine(engine); $0.generation.workers = 0 }) { app in
                let id = try await app.createPersona()
                let accepted = try await app.generate(id, query: "?async=true")
                let jobID = try #require(accepted.json["id"]?.string)
                #expect(try await app.send(.GET, "/api/v1/jobs/\(jobID)").json["status"]?.string == "queued")
                let cancelled = try await app.send(.DELETE, "/api/v1/jobs/\(jobID)")
                #expect(cancelled.json["status"]?.string == "cancelled")
                #expect(engine.generations.isEmpty)
                #expect(try await app.send(.GET, "/api/v1/jobs/not-a-uuid").status == .notFound)
                #expect(try await app.send(.GET, "/api/v1/jobs/\(UUID().uuidString)").status == .notFound)
                #expect(try await app.send(.DELETE, "/api/v1/jobs/\(UUID().uuidString)").status == .notFound)
                #expect(try await app.send(.GET, "/api/v1/jobs/\(UUID().uuidString)/events").status == .notFound)
            }
        }
    }

    @Test func webhookIsSignedRetriedAndEveryAttemptRecorded() async throws {
        let secret = "whsec_test_0123456789"
        let received = Recorder<(body: Data, signature: String?, at: Date)>()
        let receiver = try await LoopbackServer.start { app in
            app.post("hook") { request -> HTTPStatus in
                let body = Data(request.body.data.map { Array($0.readableBytesView) } ?? [])
                received.append((body, request.headers.first(name: "X-PersonaSeed-Signature"), Date()))
                // The first delivery meets a receiver that is down.
                return received.count == 1 ? .internalServerError : .ok
            }
        }
        defer { Task { await receiver.stop() } }
        try await withFakeA1111 { engine in
            try await withTestApp({
                $0.useLocalEngine(engine)
                $0.generation.webhookSecret = secret
                $0.generation.webhookRetryDelay = 0.1
            }) { app in
                let id = try await app.createPersona()
                let accepted = try await app.generate(
                    id, json: #"{"callback_url": "\#(receiver.baseURL)/hook"}"#, query: "?async=true")
                let jobID = try #require(accepted.json["id"]?.string)
                try await app.waitUntil("two deliveries") {
                    try await app.send(.GET, "/api/v1/jobs/\(jobID)").json["webhook_state"]?.string == "delivered"
                }
                let job = try await app.send(.GET, "/api/v1/jobs/\(jobID)").json
                #expect(job["deliveries"]?.array?.compactMap { $0["status_code"]?.int } == [500, 200])
                #expect(job["deliveries"]?[0]?["error"]?.string?.contains("500") == true)
                #expect(received.count == 2)

                // Verified here with HMAC-SHA256 directly, not with the server's own signing code.
                for delivery in received.entries {
                    let header = try #require(delivery.signature)
                    let parts = Dictionary(uniqueKeysWithValues: header.split(separator: ",").map {
                        let pair = $0.split(separator: "=", maxSplits: 1)
                        return (String(pair[0]), String(pair[1]))
                    })
                    let timestamp = try #require(parts["t"].flatMap { Int($0) })
                    #expect(abs(Double(timestamp) - delivery.at.timeIntervalSince1970) < 30)
                    let mac = HMAC<SHA256>.authenticationCode(
                        for: Data("\(timestamp).".utf8) + delivery.body, using: SymmetricKey(data: Data(secret.utf8)))
                    #expect(parts["v1"] == mac.map { String(format: "%02x", $0) }.joined())
                    let payload = try JSONDecoder().decode(JSONValue.self, from: delivery.body)
                    #expect(payload["id"]?.string == jobID)
                    #expect(payload["status"]?.string == "succeeded")
                    #expect(payload["versions"] == .array([.number(1)]))
                }
            }
        }
    }

    @Test func callbackWithoutASecretIsRefused() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let id = try await app.createPersona()
                let response = try await app.generate(id, json: #"{"callback_url": "http://127.0.0.1:9/hook"}"#, query: "?async=true")
                #expect(response.status == .badRequest)
                #expect(response.detail?.contains("WEBHOOK_SECRET") == true)
                #expect(engine.generations.isEmpty)
            }
        }
    }

    @Test func callbacksToHostsOutsideTheAllowListAreRefused() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({
                $0.useLocalEngine(engine)
                $0.generation.webhookSecret = "s3cret"
                $0.generation.webhookAllowedHosts = ["hooks.example.com", ".partner.example"]
            }) { app in
                let id = try await app.createPersona()
                for url in ["http://127.0.0.1:9/hook", "http://169.254.169.254/latest", "http://hooks.example.com.evil.test/x",
                            "http://user@internal:80/x", "http://[::1]:9/hook", "http://partner.example/x"] {
                    let response = try await app.generate(id, json: #"{"callback_url": "\#(url)"}"#, query: "?async=true")
                    #expect(response.status == .badRequest, "\(url)")
                    #expect(response.detail?.hasSuffix("is not in WEBHOOK_ALLOWED_HOSTS") == true, "\(url)")
                }
                #expect(engine.generations.isEmpty)
                let queued = try await app.generate(id, json: #"{"callback_url": "https://HOOKS.example.com/persona"}"#, query: "?async=true")
                #expect(queued.status == .accepted)
                let subdomain = try await app.generate(id, json: #"{"callback_url": "https://a.partner.example:8443/x"}"#, query: "?async=true")
                #expect(subdomain.status == .accepted)
            }
        }
    }

    /// Jobs left `running` by a process that died: retried once, or failed with the reason.
    @Test func orphanedJobsAreRetriedOnceThenFailed() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                // Everything below is written before the app boots, so before its worker starts.
                let services = app.app.personaSeed
                let personas = PersonaRepository(database: app.app.db, sqliteWriting: services.sqliteWriting, cache: nil)
                let jobs = JobRepository(database: app.app.db, sqliteWriting: services.sqliteWriting)
                var profile = PersonaProfile(name: "Orphan")
                profile.appearance = "Professional woman in her 30s"
                let persona = try await personas.create(profile)
                let longAgo = Timestamp.now().addingTimeInterval(-3600)
                var once = try JobRow.queued(kind: .local, personaID: persona.id, options: GenerationOptions(reference: .none), now: longAgo)
                once.status = "running"
                once.attempts = 1
                once.worker = "dead-worker"
                once.heartbeatAt = longAgo
                var twice = try JobRow.queued(kind: .local, personaID: persona.id, options: GenerationOptions(reference: .none), now: longAgo)
                twice.status = "running"
                twice.attempts = 2
                twice.worker = "dead-worker"
                twice.heartbeatAt = longAgo
                try await jobs.insert(once)
                try await jobs.insert(twice)

                let retried = try await app.finishedJob(once.id.uuidString.lowercased())
                #expect(retried["status"]?.string == "succeeded")
                #expect(retried["attempts"]?.int == 2)
                let failed = try await app.finishedJob(twice.id.uuidString.lowercased())
                #expect(failed["status"]?.string == "failed")
                #expect(failed["error"]?.string == JobRunner.abandonedReason)
                #expect(engine.generations.count == 1)
            }
        }
    }

    /// The persona is approved while its generation runs: the finished images are refused by the
    /// workflow (409), the job records why, and nothing is stored.
    @Test func approvalDuringAGenerationWinsAndTheJobFails() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let id = try await app.createPersona()
                #expect(try await app.upload(id, try Fixtures.bytes("valid-rgb.png")).status == .ok)
                // The run goes on until interrupted from outside, then answers its images (as A1111 does):
                // the approval surely lands while it runs.
                engine.behaviour = .init(answer: .hangUntilInterrupted)
                let accepted = try await app.generate(id, query: "?async=true")
                let jobID = try #require(accepted.json["id"]?.string)
                try await app.waitUntil("the engine to start") { engine.isGenerating }
                #expect(try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve").status == .ok)
                let before = try await app.snapshot(id)
                try await interruptEngine(engine)
                let job = try await app.finishedJob(jobID)
                #expect(job["status"]?.string == "failed")
                #expect(job["error_status"]?.int == 409)
                #expect(job["error"]?.string == "the approved baseline is locked; reject it before replacing it")
                #expect(try await app.snapshot(id) == before)
            }
        }
    }

    /// Over a real socket, where the 1 MB JSON limit applies while reading.
    @Test func oversizedBodyIsRefusedAndQueuesNothing() async throws {
        try await withFakeA1111 { engine in
            try await withTestApp({ $0.useLocalEngine(engine) }) { app in
                let id = try await app.createPersona()
                let before = try await app.snapshot(id)
                try await app.withLiveServer { port in
                    let body = Array(#"{"prompt_suffix": "\#(String(repeating: "a", count: 2 * 1024 * 1024))"}"#.utf8)
                    let head = "POST /api/v1/personas/\(id)/seed-image/generate-local HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
                    let reply = try await RawHTTP.exchangeOnOwnThread(port: port, request: Array(head.utf8), body: body, timeout: 120)
                    #expect(reply.hasPrefix("HTTP/1.1 413"), "\(reply.prefix(200))")
                    #expect(engine.generations.isEmpty)
                    #expect(try await app.snapshot(id) == before)
                }
            }
        }
    }
}
