import Foundation
import Vapor

/// Settings read from the environment (names from the seed and `spec/api.md`), with embedded defaults:
/// everything under `./data` of the working directory.
public struct AppConfig: Sendable {
    public enum DatabaseKind: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var dataDirectory: String
    public var database: DatabaseKind
    public var imagesDirectory: String
    public var maxImageMegapixels: Int
    /// Files that no row refers to are swept on start only once older than this: another process may be
    /// between writing a file and committing its row.
    public var orphanGracePeriod: TimeInterval
    public var sweepOnStart: Bool
    /// For PostgreSQL tests: every test runs in a schema of its own (created if missing).
    public var postgresSearchPath: [String]?
    /// `OPENAI_API_KEY`: cloud generation is offered only with a key.
    public var openAIAPIKey: String?
    public var generation: GenerationSettings
    public var limits: RequestLimits
    /// Each process rereads the keys at least this often, in case it missed a change signal (a stamp
    /// file on another filesystem, a dropped LISTEN connection). Changes normally arrive at once.
    public var keyRefreshInterval: Duration = .seconds(10)

    public static let maxUploadBytes = 10 * 1024 * 1024

    public init(
        dataDirectory: String = "./data",
        database: DatabaseKind? = nil,
        imagesDirectory: String? = nil,
        maxImageMegapixels: Int = 40,
        orphanGracePeriod: TimeInterval = 3600,
        sweepOnStart: Bool = false,
        postgresSearchPath: [String]? = nil,
        openAIAPIKey: String? = nil,
        generation: GenerationSettings = GenerationSettings(),
        limits: RequestLimits = RequestLimits()
    ) {
        let dataDirectory = Self.absolute(dataDirectory)
        self.dataDirectory = dataDirectory
        self.database = database ?? .sqlite(path: "\(dataDirectory)/personaseed.sqlite")
        self.imagesDirectory = Self.absolute(imagesDirectory ?? "\(dataDirectory)/base_images")
        self.maxImageMegapixels = maxImageMegapixels
        self.orphanGracePeriod = orphanGracePeriod
        self.sweepOnStart = sweepOnStart
        self.postgresSearchPath = postgresSearchPath
        self.openAIAPIKey = openAIAPIKey
        self.generation = generation
        self.limits = limits
    }

    /// Reads `DATABASE_URL`, `BASE_IMAGES_DIR`, `MAX_IMAGE_MEGAPIXELS`, `ORPHAN_GRACE_SECONDS`,
    /// `OPENAI_API_KEY` and the generation settings.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> AppConfig
    {
        var config = AppConfig()
        if let url = environment["DATABASE_URL"].flatMap(nonEmpty) {
            config.database = try parseDatabaseURL(url)
        }
        if let directory = environment["BASE_IMAGES_DIR"].flatMap(nonEmpty) {
            config.imagesDirectory = absolute(directory)
        }
        if let text = environment["MAX_IMAGE_MEGAPIXELS"].flatMap(nonEmpty) {
            guard let value = Int(text), value > 0, value <= 1000 else {
                throw ConfigError("MAX_IMAGE_MEGAPIXELS must be a whole number from 1 to 1000, not \(text)")
            }
            config.maxImageMegapixels = value
        }
        if let text = environment["ORPHAN_GRACE_SECONDS"].flatMap(nonEmpty) {
            guard let value = TimeInterval(text), value >= 0 else {
                throw ConfigError("ORPHAN_GRACE_SECONDS must be a number of seconds ≥ 0, not \(text)")
            }
            config.orphanGracePeriod = value
        }
        config.openAIAPIKey = environment["OPENAI_API_KEY"].flatMap(nonEmpty)
        config.generation = try GenerationSettings.fromEnvironment(environment)
        config.limits = try RequestLimits.fromEnvironment(environment)
        return config
    }

    static func parseDatabaseURL(_ url: String) throws -> DatabaseKind {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            return .postgres(url: url)
        }
        for prefix in ["sqlite:///", "sqlite://", "sqlite:"] where url.hasPrefix(prefix) {
            let path = String(url.dropFirst(prefix == "sqlite:///" ? prefix.count - 1 : prefix.count))
            guard !path.isEmpty else { break }
            return .sqlite(path: absolute(path))
        }
        throw ConfigError("DATABASE_URL must start with postgres://, postgresql:// or sqlite:// (got \(url.prefix(16))…)")
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    private static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}

public struct ConfigError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
