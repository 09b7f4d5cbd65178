import Foundation
import Generation
import NIOConcurrencyHelpers

/// The local engine's model list, asked for at most once per `lifetime`: every generation needs it
/// (to choose the checkpoint), and it changes only when someone installs a model. A failed listing is
/// not kept, so an engine that comes back is seen at once.
final class ModelListCache: Sendable {
    /// A newly installed checkpoint is offered within this time.
    static let lifetime: Duration = .seconds(30)

    private let entry = NIOLockedValueBox<(models: [String], fetched: ContinuousClock.Instant)?>(nil)

    func models(from engine: any ImageGenerator) async throws -> [String] {
        if let cached = entry.withLockedValue({ $0 }), ContinuousClock.now - cached.fetched < Self.lifetime {
            return cached.models
        }
        let models = try await engine.listModels()
        entry.withLockedValue { $0 = (models, ContinuousClock.now) }
        return models
    }
}
