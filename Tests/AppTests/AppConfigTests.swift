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
        ["LOCAL_SD_BACKEND": "invokeai"], ["LOCAL_SD_URL": "127.0.0.1:7860"], ["OPENAI_BASE_URL": "ftp://x"],
        ["GENERATION_WORKERS": "-1"], ["LOCAL_SD_TIMEOUT_SECONDS": "0"], ["WEBHOOK_MAX_ATTEMPTS": "many"],
    ])
    func badSettingsAreRefusedWithTheirName(_ environment: [String: String]) {
        do {
            _ = try AppConfig.fromEnvironment(environment)
            Issue.record("accepted \(environment)")
        } catch {
            #expect(String(describing: error).contains(environment.keys.first!))
        }
    }

    @Test func generationSettingsHaveSaneDefaults() throws {
        let settings = try AppConfig.fromEnvironment([:]).generation
        #expect(settings.openAIBaseURL == "https://api.openai.com/v1")
        #expect(settings.openAIImageModel == "gpt-image-2")
        #expect(settings.localBackend == nil && settings.resolvedLocalURL == nil)
        #expect(settings.webhookSecret == nil)
        #expect(settings.workers == 4)
    }

    @Test func generationSettingsComeFromTheEnvironment() throws {
        let settings = try AppConfig.fromEnvironment([
            "OPENAI_BASE_URL": "http://proxy.local/v1/", "OPENAI_IMAGE_MODEL": "dall-e-3",
            "LOCAL_SD_BACKEND": "ComfyUI", "LOCAL_SD_CONTROLNET_MODEL": "controlnet-canny-sdxl",
            "LOCAL_SD_TIMEOUT_SECONDS": "120", "WEBHOOK_SECRET": "s3cret", "GENERATION_WORKERS": "0",
            "JOB_STALE_SECONDS": "5",
        ]).generation
        #expect(settings.openAIBaseURL == "http://proxy.local/v1")
        #expect(settings.openAIImageModel == "dall-e-3")
        #expect(settings.localBackend == .comfyui)
        // No URL: the backend's usual address.
        #expect(settings.resolvedLocalURL == "http://127.0.0.1:8188")
        #expect(settings.localControlNetModel == "controlnet-canny-sdxl")
        #expect(settings.localTimeout == 120)
        #expect(settings.webhookSecret == "s3cret")
        #expect(settings.workers == 0)
        #expect(settings.jobStaleAfter == 5)
        // A URL alone means the AUTOMATIC1111 API.
        let urlOnly = try AppConfig.fromEnvironment(["LOCAL_SD_URL": "http://gpu-box:7860"]).generation
        #expect(urlOnly.localBackend == .automatic1111)
        #expect(urlOnly.resolvedLocalURL == "http://gpu-box:7860")
    }
}
