@testable import App
import Foundation
import Testing

@Suite struct AppConfigTests {
    @Test func defaultsLiveUnderDataInTheWorkingDirectory() throws {
        let config = try AppConfig.fromEnvironment([:])
        let data = FileManager.default.currentDirectoryPath + "/data"
        #expect(config.dataDirectory == URL(fileURLWithPath: data).standardizedFileURL.path)
        #expect(config.imagesDirectory == config.dataDirectory + "/base_images")
        #expect(config.database == .sqlite(path: config.dataDirectory + "/personaseed.sqlite"))
        #expect(config.maxImageMegapixels == 40)
        #expect(config.openAIAPIKey == nil)
    }

    @Test func environmentOverridesTheDefaults() throws {
        let config = try AppConfig.fromEnvironment([
            "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/db", "BASE_IMAGES_DIR": "/srv/images",
            "MAX_IMAGE_MEGAPIXELS": "12", "OPENAI_API_KEY": "sk-test", "ORPHAN_GRACE_SECONDS": "60",
        ])
        #expect(config.database == .postgres(url: "postgres://u:p@127.0.0.1:5432/db"))
        #expect(config.imagesDirectory == "/srv/images")
        #expect(config.maxImageMegapixels == 12)
        #expect(config.openAIAPIKey == "sk-test")
        #expect(config.orphanGracePeriod == 60)
        #expect(try AppConfig.fromEnvironment(["DATABASE_URL": "sqlite:///var/lib/p.sqlite"]).database == .sqlite(path: "/var/lib/p.sqlite"))
        #expect(try AppConfig.fromEnvironment(["DATABASE_URL": "postgresql://h/db"]).database == .postgres(url: "postgresql://h/db"))
    }

    @Test(arguments: [
        ["MAX_IMAGE_MEGAPIXELS": "lots"], ["MAX_IMAGE_MEGAPIXELS": "0"], ["DATABASE_URL": "mysql://x/y"],
        ["ORPHAN_GRACE_SECONDS": "-5"], ["DATABASE_URL": "sqlite://"],
    ])
    func badSettingsAreRefusedWithTheirName(_ environment: [String: String]) {
        do {
            _ = try AppConfig.fromEnvironment(environment)
            Issue.record("accepted \(environment)")
        } catch {
            #expect(String(describing: error).contains(environment.keys.first!))
        }
    }
}
