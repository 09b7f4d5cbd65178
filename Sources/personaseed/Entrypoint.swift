import App
import Vapor
import CMallocTuning

/// `personaseed [serve|migrate|fsck] …`: configures the app from the environment and runs the command.
@main
enum Entrypoint {
    static func main() async throws {
        personaseed_tune_malloc()
        var environment = try Environment.detect()
        if environment.arguments.dropFirst().first == "keys" {
            // `keys create` prints the key alone on standard output (KEY=$(personaseed keys create …)):
            // this command's logs (migrations on a fresh folder) go to standard error.
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .warning
                return handler
            }
        } else {
            try LoggingSystem.bootstrap(from: &environment)
        }
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
