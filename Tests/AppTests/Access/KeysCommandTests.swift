@testable import App
import Foundation
import Testing

/// `personaseed keys …` and `serve`'s protected-mode rule, run as a user runs them.
@Suite struct KeysCommandTests {
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// A run that has not ended by `timeout`, or has printed `until`, is stopped with SIGTERM.
    static func run(_ arguments: [String], in directory: String, timeout: TimeInterval = 300, until marker: String? = nil) async throws -> Run {
        try await onOwnThread { try runBlocking(arguments, in: directory, timeout: timeout, until: marker) }
    }

    static func runBlocking(_ arguments: [String], in directory: String, timeout: TimeInterval, until marker: String?) throws -> Run {
        let binary = try #require(CrashRecoveryTests.binary)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["BASE_IMAGES_DIR"] = nil
        process.environment = environment
        // Files, not pipes: they can be read while the process runs, and a chatty one never blocks.
        let outputs = (stdout: "\(directory)/run-\(UUID().uuidString).out", stderr: "\(directory)/run-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: outputs.stdout, contents: nil)
        _ = FileManager.default.createFile(atPath: outputs.stderr, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outputs.stdout)
            try? FileManager.default.removeItem(atPath: outputs.stderr)
        }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputs.stdout))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: outputs.stderr))
        func read(_ path: String) -> String { String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline {
            if let marker, (read(outputs.stdout) + read(outputs.stderr)).contains(marker) { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: read(outputs.stdout), stderr: read(outputs.stderr))
    }

    @Test func createListRevokeFromAFreshFolder() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let created = try await Self.run(["keys", "create", "--name", "ci", "--scopes", "read,write"], in: directory)
        #expect(created.status == 0, "\(created.stderr)")
        let key = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(key.hasPrefix("psk_") && key.count == 47, "stdout must be the key alone: \(created.stdout)")
        #expect(created.stderr.contains("shown only this once"))

        let listed = try await Self.run(["keys", "list"], in: directory)
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("ci"))
        #expect(listed.stdout.contains("read,write"))
        #expect(listed.stdout.contains(String(key.prefix(16))))
        #expect(!listed.stdout.contains(key))

        let duplicate = try await Self.run(["keys", "create", "--name", "ci", "--scopes", "read"], in: directory)
        #expect(duplicate.status != 0)
        #expect((duplicate.stdout + duplicate.stderr).contains("API key ci already exists"))

        for bad in [["--name", "ci2", "--scopes", "root"], ["--name", "ci2"], ["--scopes", "read"], ["--name", "a b", "--scopes", "read"]] {
            let refused = try await Self.run(["keys", "create"] + bad, in: directory)
            #expect(refused.status != 0, "\(bad)")
            #expect(refused.stdout.isEmpty, "no key printed for \(bad)")
        }

        #expect(try await Self.run(["keys", "revoke", "ci"], in: directory).status == 0)
        let again = try await Self.run(["keys", "revoke", "ci"], in: directory)
        #expect(again.status != 0)
        #expect((again.stdout + again.stderr).contains("No live API key named ci"))
    }

    @Test func serveRefusesANonLoopbackAddressWhileNoKeyExists() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for arguments in [["--hostname", "0.0.0.0"], ["-H", "0.0.0.0"], ["--bind", "0.0.0.0:1"]] {
            let refused = try await Self.run(["serve"] + arguments + (arguments.first == "--bind" ? [] : ["--port", "1"]), in: directory)
            #expect(refused.status != 0)
            #expect((refused.stdout + refused.stderr).contains("Refusing to listen on 0.0.0.0"), "\(refused.stderr)")
            #expect((refused.stdout + refused.stderr).contains("--allow-unauthenticated"))
        }
        // With a key, or when told, it starts listening, and is then stopped.
        let started = "Server started on http://0.0.0.0:"
        let told = try await Self.run(
            ["serve", "--hostname", "0.0.0.0", "--port", "0", "--allow-unauthenticated"], in: directory, until: started)
        #expect((told.stdout + told.stderr).contains(started), "\(told.stdout)\n\(told.stderr)")
        #expect(!(told.stdout + told.stderr).contains("Refusing"))
        _ = try await Self.run(["keys", "create", "--name", "ops", "--scopes", "admin"], in: directory)
        let keyed = try await Self.run(["serve", "--hostname", "0.0.0.0", "--port", "0"], in: directory, until: started)
        #expect((keyed.stdout + keyed.stderr).contains(started), "\(keyed.stdout)\n\(keyed.stderr)")
        #expect(!(keyed.stdout + keyed.stderr).contains("Refusing"))
    }
}
