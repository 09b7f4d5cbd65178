@testable import App
import Foundation
import Testing

/// `personaseed migrate` and `personaseed fsck`, run as a user would run them.
@Suite struct CommandTests {
    @Test func migrateCreatesTheDatabaseInAFreshFolder() async throws {
        let binary = try #require(CrashRecoveryTests.binary)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["BASE_IMAGES_DIR"] = nil
        let migrate = try await ServerProcess.run(binary: binary, arguments: ["migrate"], directory: directory, environment: environment)
        #expect(migrate.status == 0, "\(migrate.output)")
        #expect(FileManager.default.fileExists(atPath: "\(directory)/data/personaseed.sqlite"))
        #expect(FileManager.default.fileExists(atPath: "\(directory)/data/base_images"))
        let again = try await ServerProcess.run(binary: binary, arguments: ["migrate"], directory: directory, environment: environment)
        #expect(again.status == 0)
    }

    @Test func aBadSettingStopsTheBinaryWithItsName() async throws {
        let binary = try #require(CrashRecoveryTests.binary)
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["MAX_IMAGE_MEGAPIXELS"] = "lots"
        let run = try await ServerProcess.run(binary: binary, arguments: ["serve", "--port", "1"], directory: directory, environment: environment)
        #expect(run.status != 0)
        #expect(run.output.contains("MAX_IMAGE_MEGAPIXELS"))
    }

    @Test func fsckFindsAlteredAndMissingFiles() async throws {
        let binary = try #require(CrashRecoveryTests.binary)
        // The binary reads its database from DATABASE_URL: use a SQLite file it can open too.
        try await withTestApp({ $0.database = .sqlite(path: "\($0.dataDirectory)/personaseed.sqlite"); $0.postgresSearchPath = nil }) { app in
            let id = try await app.createPersona()
            try await app.upload(id, try Fixtures.bytes("valid-rgb.png"))
            try await app.upload(id, try Fixtures.bytes("valid.jpg"), filename: "b.jpg", contentType: "image/jpeg")
            var environment = ProcessInfo.processInfo.environment
            environment["DATABASE_URL"] = "sqlite://\(app.config.dataDirectory)/personaseed.sqlite"
            environment["BASE_IMAGES_DIR"] = app.imagesDirectory

            let clean = try await ServerProcess.run(binary: binary, arguments: ["fsck"], directory: app.config.dataDirectory, environment: environment)
            #expect(clean.status == 0, "\(clean.output)")
            #expect(clean.output.contains("Checked 2 versions and 0 content items (4 files): 0 problems."))

            let stored = "\(app.imagesDirectory)/persona_\(id)_uploaded_v1.png"
            var bytes = try Data(contentsOf: URL(fileURLWithPath: stored))
            bytes[bytes.count / 2] ^= 0xFF
            try bytes.write(to: URL(fileURLWithPath: stored))
            try FileManager.default.removeItem(atPath: "\(app.imagesDirectory)/persona_\(id)_uploaded_v2_thumb.webp")

            let broken = try await ServerProcess.run(binary: binary, arguments: ["fsck"], directory: app.config.dataDirectory, environment: environment)
            #expect(broken.status != 0)
            #expect(broken.output.contains("MISMATCH persona \(id) v1"))
            #expect(broken.output.contains("MISSING  persona \(id) v2"))
            #expect(broken.output.contains("2 problems"))
        }
    }
}
