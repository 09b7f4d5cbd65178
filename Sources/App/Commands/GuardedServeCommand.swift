import NIOCore
import Vapor

/// `personaseed serve`: Vapor's serve command, behind protected mode's rule. While no API key exists,
/// listening on anything but loopback would serve the whole network without authentication, so it is
/// refused unless `--allow-unauthenticated` says that is meant.
struct GuardedServeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "Address to listen on (default 127.0.0.1).")
        var hostname: String?

        @Option(name: "port", short: "p", help: "Port to listen on (default 8000).")
        var port: Int?

        @Option(name: "bind", short: "b", help: "hostname:port in one.")
        var bind: String?

        @Option(name: "unix-socket", help: "Path of a Unix socket to listen on instead.")
        var socketPath: String?

        @Flag(name: "allow-unauthenticated", help: "While no API key exists, serve clients from any address without a key.")
        var allowUnauthenticated: Bool

        init() {}
    }

    var help: String { "Serves the API (protected mode: loopback only until an API key exists)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let application = context.application
        let host = signature.bind.map { String($0.split(separator: ":").first ?? "") }
            ?? signature.hostname ?? application.http.server.configuration.hostname
        let local = signature.socketPath != nil || Self.isLoopback(host: host)
        let hasKeys = !(try await application.apiKeys.live().isEmpty)
        if signature.allowUnauthenticated {
            application.access.allowUnauthenticated.withLockedValue { $0 = true }
            if !hasKeys, !local {
                application.logger.warning("Serving \(host) without authentication (--allow-unauthenticated): anyone who can reach it can change and delete personas")
            }
        } else if !hasKeys, !local {
            throw ProtectedModeRefusal(host: host)
        }
        var forwarded: [String] = ["personaseed"]
        if let hostname = signature.hostname { forwarded += ["--hostname", hostname] }
        if let port = signature.port { forwarded += ["--port", String(port)] }
        if let bind = signature.bind { forwarded += ["--bind", bind] }
        if let socketPath = signature.socketPath { forwarded += ["--unix-socket", socketPath] }
        var serving = context
        serving.input = CommandInput(arguments: forwarded)
        try await application.servers.asyncCommand.run(using: &serving)
    }

    /// `localhost`, 127.0.0.0/8 and ::1. A name that merely resolves to loopback counts as remote: the
    /// rule must not depend on a resolver.
    static func isLoopback(host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare.lowercased() == "localhost" { return true }
        guard let address = try? SocketAddress(ipAddress: bare, port: 0) else { return false }
        return AccessMiddleware.isLoopback(address) && address.protocol != .unix
    }
}

struct ProtectedModeRefusal: Error, CustomStringConvertible {
    let host: String
    var description: String {
        "Refusing to listen on \(host): no API key exists yet, so every client there could use the API without one. "
            + "Create a key first (personaseed keys create --name NAME --scopes read,write,approve,admin), "
            + "or pass --allow-unauthenticated if an open server is really what you want."
    }
}
