import Fluent
import Vapor

/// `personaseed fsck`: checks every stored version's and content item's bytes (and thumbnail) against the sha256
/// recorded when it was stored. Exits non-zero when anything is missing or altered.
struct FsckCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Checks every stored image version against its sha256." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let services = context.application.personaSeed
        let images = try await PersonaImageModel.query(on: context.application.db)
            .sort(\.$personaID).sort(\.$version).all()
        let content = try await PersonaContentModel.query(on: context.application.db)
            .sort(\.$personaID).sort(\.$createdAt).all()
        var files = images.map { image in
            (label: "persona \(image.personaID.uuidString.lowercased()) v\(image.version)",
             pairs: [(image.storageKey, image.sha256), (image.thumbnailKey, image.thumbnailSHA256)])
        }
        files += content.map { item in
            (label: "persona \(item.personaID.uuidString.lowercased()) content",
             pairs: [(item.storageKey, item.sha256), (item.thumbnailKey, item.thumbnailSHA256)])
        }
        var problems = 0
        for file in files {
            for (key, expected) in file.pairs {
                let path = services.store.path(for: key)
                let label = "\(file.label) \(key)"
                guard FileManager.default.fileExists(atPath: path) else {
                    context.console.error("MISSING  \(label)")
                    problems += 1
                    continue
                }
                let actual = try SeedImageService.sha256(ofFile: path)
                if actual != expected {
                    context.console.error("MISMATCH \(label): expected \(expected), found \(actual)")
                    problems += 1
                }
            }
        }
        context.console.print(
            "Checked \(images.count) versions and \(content.count) content items (\(files.count * 2) files): \(problems) problems.")
        if problems > 0 { throw FsckFailure(problems: problems) }
    }
}

struct FsckFailure: Error, CustomStringConvertible {
    let problems: Int
    var description: String { "fsck found \(problems) problems" }
}
