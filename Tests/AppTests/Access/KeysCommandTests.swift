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

    /// On a thread of its own: the wait must not hold one of the few threads all tests share.
    static func run(_ arguments: [String], in directory: String, timeout: TimeInterval = 60) async throws -> Run {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try runBlocking(arguments, in: directory, timeout: timeout) }) }.start()
        }
    }

    static func runBlocking(_ arguments: [String], in directory: String, timeout: TimeInterval) throws -> Run {
        let binary = try #require(CrashRecoveryTests.binary)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["BASE_IMAGES_DIR"] = nil
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
            stderr: String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
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
        // With a key, or when told, it starts (port 1 then fails to bind as non-root, or binds as root:
        // either way it gets past the rule, which is what this checks).
        let told = try await Self.run(["serve", "--hostname", "0.0.0.0", "--port", "1", "--allow-unauthenticated"], in: directory, timeout: 3)
        #expect(!(told.stdout + told.stderr).contains("Refusing"))
        _ = try await Self.run(["keys", "create", "--name", "ops", "--scopes", "admin"], in: directory)
        let keyed = try await Self.run(["serve", "--hostname", "0.0.0.0", "--port", "1"], in: directory, timeout: 3)
        #expect(!(keyed.stdout + keyed.stderr).contains("Refusing"))
    }
}
