import PersonaSeedCore
import Vapor

/// `personaseed keys create|list|revoke`: API keys, managed from the machine that holds the database
/// (also possible over HTTP with an `admin` key: `/api/v1/keys`).
struct KeysCommand: AsyncCommandGroup {
    var help: String { "Creates, lists and revokes API keys." }

    var commands: [String: any AnyAsyncCommand] {
        ["create": CreateKeyCommand(), "list": ListKeysCommand(), "revoke": RevokeKeyCommand()]
    }
}

/// Prints the new key alone on standard output (so `KEY=$(personaseed keys create …)` works); the
/// rest goes to standard error.
struct CreateKeyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "name", help: "How the key appears in lists and in the audit trail.")
        var name: String?

        @Option(name: "scopes", help: "Comma-separated: read, write, approve, admin.")
        var scopes: String?

        init() {}
    }

    var help: String { "Creates an API key and prints it (once: only its hash is kept)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let name = signature.name, APIKeyRequest.isValidName(name) else {
            throw KeysCommandError("--name is required: \(APIKeyRequest.nameRule)")
        }
        guard let text = signature.scopes, let scopes = AccessScope.parseList(text) else {
            throw KeysCommandError("--scopes is required: a comma-separated list of read, write, approve, admin")
        }
        let (row, key) = try await context.application.apiKeys.create(APIKeyRequest(name: name, scopes: scopes))
        context.console.output(key, style: .plain)
        FileHandle.standardError.write(Data((
            "Created API key '\(row.name)' with scopes \(row.scopes). It is shown only this once; "
                + "send it as: Authorization: Bearer <key>\n").utf8))
    }
}

struct ListKeysCommand: AsyncCommand {
    struct Signature: CommandSignature {
        init() {}
    }

    var help: String { "Lists the API keys (names, scopes, prefixes; never the keys)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let rows = try await context.application.apiKeys.all()
        let table = [["NAME", "SCOPES", "PREFIX", "CREATED", "REVOKED"]] + rows.map {
            [$0.name, $0.scopes, $0.prefix, Timestamp.iso8601($0.createdAt), $0.revokedAt.map(Timestamp.iso8601) ?? "-"]
        }
        let widths = (0..<5).map { column in table.map { $0[column].count }.max() ?? 0 }
        for line in table {
            let cells = line.enumerated().map { index, cell in
                index == line.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            context.console.output(cells.joined(separator: "  "), style: .plain)
        }
    }
}

struct RevokeKeyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "name", help: "The key's name.")
        var name: String

        init() {}
    }

    var help: String { "Revokes an API key; it stops working at once, also in running servers." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard try await context.application.apiKeys.revoke(name: signature.name) else {
            throw KeysCommandError("No live API key named \(signature.name)")
        }
        FileHandle.standardError.write(Data("Revoked API key '\(signature.name)'.\n".utf8))
    }
}

struct KeysCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
