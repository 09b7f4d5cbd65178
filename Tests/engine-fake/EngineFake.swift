// A fake AUTOMATIC1111 engine as a process of its own, for the browser tests (scripts/browser-tests),
// which drive the real `personaseed` binary and need a local engine that speaks the real protocol.
//
//   engine-fake --image PNG [--polls-to-finish N] [--hang] [--error MESSAGE]
//
// Prints its base URL (http://127.0.0.1:PORT) on the first line of stdout, then serves until killed.
//   --polls-to-finish N  each run advances one step per progress poll and ends after N polls
//   --hang               each run goes on until /sdapi/v1/interrupt (a cancel)
//   --error MESSAGE      each run fails with A1111's 500 carrying MESSAGE
import EngineFakes
import Foundation

@main
struct EngineFake {
    static func main() async throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var image: String?
        var behaviour = FakeAutomatic1111.Behaviour()
        while !arguments.isEmpty {
            let flag = arguments.removeFirst()
            switch flag {
            case "--image": image = arguments.isEmpty ? nil : arguments.removeFirst()
            case "--polls-to-finish": behaviour.pollsToFinish = arguments.isEmpty ? nil : Int(arguments.removeFirst())
            case "--hang": behaviour.answer = .hangUntilInterrupted
            case "--error": behaviour.answer = .serverError(message: arguments.isEmpty ? "error" : arguments.removeFirst())
            default: fail("unknown argument \(flag)")
            }
        }
        guard let image, let png = FileManager.default.contents(atPath: image) else { fail("--image PNG is required") }
        let engine = try await FakeAutomatic1111.start(imagePNG: png, models: ["sd_xl_base_1.0"])
        engine.behaviour = behaviour
        // Unbuffered: the test reads this line from a pipe while the process goes on.
        FileHandle.standardOutput.write(Data((engine.baseURL + "\n").utf8))
        while true { try await Task.sleep(for: .seconds(3600)) }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("engine-fake: \(message)\n".utf8))
        exit(2)
    }
}
