import App
import Vapor
import CMallocTuning

/// `personaseed [serve|migrate|fsck] …`: configures the app from the environment and runs the command.
@main
enum Entrypoint {
    static func main() async throws {
        personaseed_tune_malloc()
        var environment = try Environment.detect()
        try LoggingSystem.bootstrap(from: &environment)
        let app = try await Application.make(environment)
        do {
            var config = try AppConfig.fromEnvironment()
            let command = environment.arguments.dropFirst().first
            config.sweepOnStart = command == nil || command == "serve" || command?.hasPrefix("-") == true
            try await configure(app, config: config)
            try await app.execute()
        } catch {
            app.logger.critical("\(error)")
            try? await app.asyncShutdown()
            exit(1)
        }
        try await app.asyncShutdown()
    }
}
