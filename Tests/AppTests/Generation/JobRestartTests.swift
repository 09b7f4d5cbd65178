@testable import App
import AsyncHTTPClient
import EngineFakes
import Foundation
import PersonaSeedCore
import Testing
import Vapor

/// The real `personaseed` binary killed with SIGKILL while a job runs (a baseline job, or a content
/// job): after a restart the job is retried and succeeds, never left `running`, its result stored once.
@Suite(.serialized) struct JobRestartTests {
    @Test(arguments: [false, true])
    func jobRunningAtAKillIsRetriedAfterRestart(content: Bool) async throws {
        let binary = try #require(CrashRecoveryTests.binary, "build the personaseed product first (swift build)")
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await withFakeA1111 { engine in
            var environment = ProcessInfo.processInfo.environment
            environment["DATABASE_URL"] = nil
            environment["BASE_IMAGES_DIR"] = nil
            environment["LOCAL_SD_BACKEND"] = "automatic1111"
            environment["LOCAL_SD_URL"] = engine.baseURL
            let database = "jobs_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            if let url = TestApp.postgresURL {
                // On PostgreSQL the restarted server takes a job as orphaned once its heartbeat is this
                // old (on SQLite it recovers every running job at start). 15 s, not less: the live job's
                // heartbeats (every 2 s) must never look stale to its own server on a stalled machine.
                environment["JOB_STALE_SECONDS"] = "15"
                try await CrashRecoveryTests.postgres("CREATE DATABASE \(database)")
                environment["DATABASE_URL"] = CrashRecoveryTests.replacingDatabase(in: url, with: database)
            }
            let port = try closedLoopbackPort()  // free a moment ago: far less likely to collide than a random one
            var client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
            var server = try ServerProcess(binary: binary, port: port, directory: directory, environment: environment)
            try await server.waitUntilReady(client)
            let created = try await server.request(
                client, .POST, "/api/v1/personas", json: #"{"name": "Restart", "appearance": "Professional woman in her 30s"}"#)
            let id = try #require(created.json["id"]?.string)
            if content {
                // An approved baseline first (made by the engine, which answers at once for it).
                let made = try await server.request(client, .POST, "/api/v1/personas/\(id)/seed-image/generate-local")
                #expect(made.status == .ok, "\(made.json)")
                #expect(try await server.request(client, .POST, "/api/v1/personas/\(id)/seed-image/approve").status == .ok)
            }
            // The job's run hangs until interrupted: the kill lands mid-run however slow the machine.
            engine.behaviour = .init(answer: .hangUntilInterrupted)
            let accepted = content
                ? try await server.request(
                    client, .POST, "/api/v1/personas/\(id)/content/generate?async=true",
                    json: #"{"engine": "local", "prompt": "on a rooftop at dusk"}"#)
                : try await server.request(client, .POST, "/api/v1/personas/\(id)/seed-image/generate-local?async=true")
            #expect(accepted.status == .accepted)
            let jobID = try #require(accepted.json["id"]?.string)
            let deadline = ContinuousClock.now + .seconds(300)
            while !engine.isGenerating, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(engine.isGenerating)
            try await server.kill()
            try await client.shutdown()

            // The dead process cannot interrupt its run any more: free the engine as an operator would.
            engine.behaviour = .init(answer: .images)
            client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
            try await interruptEngine(engine)
            server = try ServerProcess(binary: binary, port: port, directory: directory, environment: environment)
            try await server.waitUntilReady(client)
            var job = JSONValue.null
            let finishBy = ContinuousClock.now + .seconds(300)
            while ContinuousClock.now < finishBy {
                job = try await server.request(client, .GET, "/api/v1/jobs/\(jobID)").json
                if job["status"]?.string != "queued" && job["status"]?.string != "running" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(job["status"]?.string == "succeeded", "\(job)")
            #expect(job["attempts"]?.int == 2)
            let persona = try await server.request(client, .GET, "/api/v1/personas/\(id)").json
            #expect(persona["generation_count"]?.int == 1)
            if content {
                let items = try #require(job["content"]?.array)
                #expect(items.count == 1)
                let listed = try await server.request(client, .GET, "/api/v1/personas/\(id)/content").json
                #expect(listed.array?.compactMap { $0["id"] } == items)
                #expect(persona["base_image_status"]?.string == "approved")
                let files = try FileManager.default.contentsOfDirectory(atPath: "\(directory)/data/base_images")
                #expect(files.filter { $0.contains("_content_") }.count == 2, "\(files)")  // the image and its thumbnail
            } else {
                #expect(job["versions"] == .array([.number(1)]))
                #expect(persona["base_image_status"]?.string == "draft")
            }
            try await server.kill()
            try await client.shutdown()
            if TestApp.postgresURL != nil {
                try await CrashRecoveryTests.postgres("DROP DATABASE IF EXISTS \(database)")
            }
        }
    }
}
