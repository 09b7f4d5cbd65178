import Foundation

/// Engine, job and webhook settings (`spec/api.md` names; the rest documented in the README).
public struct GenerationSettings: Sendable {
    public enum LocalBackend: String, Sendable, CaseIterable {
        case comfyui
        case automatic1111

        var defaultURL: String {
            switch self {
            case .comfyui: "http://127.0.0.1:8188"
            case .automatic1111: "http://127.0.0.1:7860"
            }
        }
    }

    /// `OPENAI_BASE_URL`: any OpenAI-compatible server.
    public var openAIBaseURL = "https://api.openai.com/v1"
    /// `OPENAI_IMAGE_MODEL`: dall-e-3 was retired on 2026-05-12 (spec/generation.md).
    public var openAIImageModel = "gpt-image-2"
    /// `OPENAI_TIMEOUT_SECONDS`: one cloud generation, retries included. OpenAI takes 10–60 s.
    public var openAITimeout: TimeInterval = 180
    public var localBackend: LocalBackend?
    /// `LOCAL_SD_URL`; defaults to the backend's usual loopback address.
    public var localURL: String?
    public var localControlNetModel: String?
    /// `LOCAL_SD_TIMEOUT_SECONDS`: on a CPU one SDXL image takes many minutes.
    public var localTimeout: TimeInterval = 900
    /// `WEBHOOK_SECRET`: callbacks are signed with it; without it no `callback_url` is accepted.
    public var webhookSecret: String?
    /// `WEBHOOK_ALLOWED_HOSTS`: comma-separated hosts (`.example.com` for its subdomains) a
    /// `callback_url` may name; empty allows any. Without it, a key with `write` can make the server
    /// POST to addresses only the server reaches.
    public var webhookAllowedHosts: [String] = []
    /// `WEBHOOK_MAX_ATTEMPTS`, and the first retry's delay (`WEBHOOK_RETRY_SECONDS`), doubled each time.
    public var webhookMaxAttempts = 6
    public var webhookRetryDelay: TimeInterval = 2
    /// `GENERATION_WORKERS`: jobs this process runs at once (0: this process runs none, only serves).
    public var workers = 4
    /// `JOB_STALE_SECONDS`: a running job whose worker has not written a heartbeat for this long is
    /// taken to be orphaned by a dead process.
    public var jobStaleAfter: TimeInterval = 30

    public init() {}

    /// The local engine's URL, if one is configured at all.
    public var resolvedLocalURL: String? {
        guard let localBackend else { return localURL }
        return localURL ?? localBackend.defaultURL
    }

    static func fromEnvironment(_ environment: [String: String]) throws -> GenerationSettings {
        var settings = GenerationSettings()
        func value(_ name: String) -> String? {
            environment[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func number(_ name: String, _ range: ClosedRange<Double>) throws -> Double? {
            guard let text = value(name) else { return nil }
            guard let parsed = Double(text), range.contains(parsed) else {
                throw ConfigError("\(name) must be a number from \(range.lowerBound) to \(range.upperBound), not \(text)")
            }
            return parsed
        }
        if let url = value("OPENAI_BASE_URL") { settings.openAIBaseURL = try httpURL(url, name: "OPENAI_BASE_URL") }
        if let model = value("OPENAI_IMAGE_MODEL") { settings.openAIImageModel = model }
        if let seconds = try number("OPENAI_TIMEOUT_SECONDS", 1...86_400) { settings.openAITimeout = seconds }
        if let backend = value("LOCAL_SD_BACKEND") {
            guard let parsed = LocalBackend(rawValue: backend.lowercased()) else {
                throw ConfigError("LOCAL_SD_BACKEND must be comfyui or automatic1111, not \(backend)")
            }
            settings.localBackend = parsed
        }
        if let url = value("LOCAL_SD_URL") {
            settings.localURL = try httpURL(url, name: "LOCAL_SD_URL")
            // A URL alone means the most common API (A1111, Forge, SD.Next and sd-server all speak it).
            if settings.localBackend == nil { settings.localBackend = .automatic1111 }
        }
        settings.localControlNetModel = value("LOCAL_SD_CONTROLNET_MODEL")
        if let seconds = try number("LOCAL_SD_TIMEOUT_SECONDS", 1...86_400) { settings.localTimeout = seconds }
        settings.webhookSecret = value("WEBHOOK_SECRET")
        settings.webhookAllowedHosts = (value("WEBHOOK_ALLOWED_HOSTS") ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let attempts = try number("WEBHOOK_MAX_ATTEMPTS", 1...50) { settings.webhookMaxAttempts = Int(attempts) }
        if let seconds = try number("WEBHOOK_RETRY_SECONDS", 0.01...3600) { settings.webhookRetryDelay = seconds }
        if let workers = try number("GENERATION_WORKERS", 0...64) { settings.workers = Int(workers) }
        if let seconds = try number("JOB_STALE_SECONDS", 1...3600) { settings.jobStaleAfter = seconds }
        return settings
    }

    private static func httpURL(_ text: String, name: String) throws -> String {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), URL(string: text)?.host != nil else {
            throw ConfigError("\(name) must be an http:// or https:// URL, not \(text)")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }
}
