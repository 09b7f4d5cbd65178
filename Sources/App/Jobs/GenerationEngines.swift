import AsyncHTTPClient
import Foundation
import Generation

/// The engines this process can use, made from the configuration: the cloud one only with an
/// `OPENAI_API_KEY`, the local one only with `LOCAL_SD_BACKEND` / `LOCAL_SD_URL`.
struct GenerationEngines: Sendable {
    let cloud: (any ImageGenerator)?
    let cloudModel: String
    let local: (any ImageGenerator)?
    let localModels = ModelListCache()

    init(cloud: (any ImageGenerator)?, cloudModel: String, local: (any ImageGenerator)?) {
        self.cloud = cloud
        self.cloudModel = cloudModel
        self.local = local
    }

    init(config: AppConfig, httpClient: HTTPClient) {
        let settings = config.generation
        cloudModel = settings.openAIImageModel
        cloud = config.openAIAPIKey.map { key in
            var configuration = OpenAIImagesClient.Configuration(apiKey: key)
            configuration.baseURL = settings.openAIBaseURL
            configuration.model = settings.openAIImageModel
            configuration.timeout = .seconds(settings.openAITimeout)
            return OpenAIImagesClient(configuration: configuration, httpClient: httpClient)
        }
        switch (settings.localBackend, settings.resolvedLocalURL) {
        case (.comfyui, let url?):
            var configuration = ComfyUIClient.Configuration()
            configuration.baseURL = url
            configuration.controlNetModel = settings.localControlNetModel
            configuration.timeout = .seconds(settings.localTimeout)
            local = ComfyUIClient(configuration: configuration, httpClient: httpClient)
        case (.automatic1111, let url?):
            var configuration = Automatic1111Client.Configuration()
            configuration.baseURL = url
            configuration.controlNetModel = settings.localControlNetModel
            configuration.timeout = .seconds(settings.localTimeout)
            local = Automatic1111Client(configuration: configuration, httpClient: httpClient)
        default:
            local = nil
        }
    }
}
