import Generation
import PersonaSeedCore
import Vapor

/// What a failed job tells its client: the HTTP status a synchronous call answers with, and the detail.
struct JobFailure: Error, Sendable, Equatable {
    let status: Int
    let detail: String

    init(status: Int, detail: String) {
        self.status = status
        self.detail = detail
    }

    init(_ error: any Error) {
        switch error {
        case let failure as JobFailure:
            self = failure
        case let domain as DomainError:
            self.init(status: Int(APIErrorMiddleware.status(of: domain.kind).code), detail: domain.message)
        case let failure as ValidationFailure:
            self.init(status: 422, detail: failure.errors.map(\.msg).joined(separator: "; "))
        case let generation as GenerationError:
            self.init(generation)
        default:
            self.init(status: 500, detail: "Generation failed: \(error)")
        }
    }

    /// spec: engine unreachable → 502 naming the engine and its URL; prompt refused → 422 with the
    /// engine's message; too slow → 504; unusable output → 502.
    init(_ error: GenerationError) {
        switch error {
        case .refused(_, let message): self.init(status: 422, detail: message)
        case .timedOut: self.init(status: 504, detail: error.description)
        case .noModels: self.init(status: 400, detail: DomainError.localUnavailable.message)
        case .unreachable, .invalidOutput, .failed: self.init(status: 502, detail: error.description)
        }
    }
}
