import Foundation

extension OpenAIImagesClient {
    public struct Configuration: Sendable {
        public static let defaultBaseURL = "https://api.openai.com/v1"
        /// dall-e-3 was retired on 2026-05-12; gpt-image-2 is the current model.
        public static let defaultModel = "gpt-image-2"

        public var apiKey: String
        /// Stored without trailing slashes, so that paths can be appended as "/images/…".
        public var baseURL: String {
            get { trimmedBaseURL }
            set { trimmedBaseURL = Self.trimTrailingSlashes(newValue) }
        }
        public var model: String
        /// The whole `generate` call, retries and backoff waits included.
        public var timeout: Duration
        /// Attempts per HTTP call, the first one included.
        public var maxAttempts: Int
        public var initialBackoff: Duration
        public var maxBackoff: Duration

        private var trimmedBaseURL: String

        public init(
            apiKey: String,
            baseURL: String = Configuration.defaultBaseURL,
            model: String = Configuration.defaultModel,
            timeout: Duration = .seconds(180),
            maxAttempts: Int = 5,
            initialBackoff: Duration = .milliseconds(500),
            maxBackoff: Duration = .seconds(8)
        ) {
            self.apiKey = apiKey
            self.trimmedBaseURL = Self.trimTrailingSlashes(baseURL)
            self.model = model
            self.timeout = timeout
            self.maxAttempts = maxAttempts
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
        }

        private static func trimTrailingSlashes(_ url: String) -> String {
            var url = url
            while url.hasSuffix("/") { url.removeLast() }
            return url
        }
    }
}
