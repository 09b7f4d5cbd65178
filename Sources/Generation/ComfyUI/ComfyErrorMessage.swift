import Foundation

/// Turns ComfyUI's error answers into one readable line, in the engine's own words.
enum ComfyErrorMessage {
    private static let detailLimit = 300

    /// `{"error": {type, message, details}, "node_errors": {id: {errors: [...], class_type}}}`, a bare
    /// `{"error": "…"}`, or a text page (500s, plain 400s of the upload route).
    static func from(body: Data, status: Int) -> String {
        if let json = try? JSONDecoder().decode(EngineJSON.self, from: body) {
            var parts: [String] = []
            if let error = json["error"] {
                if let text = error.string {
                    parts.append(text)
                } else if let message = error["message"]?.string {
                    parts.append(message)
                }
            } else if let message = json["message"]?.string {
                parts.append(message)
            }
            parts += nodeErrors(json["node_errors"])
            if !parts.isEmpty { return parts.joined(separator: "; ") }
        }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "HTTP \(status)" : String(text.prefix(detailLimit))
    }

    /// One line per failed input: "CheckpointLoaderSimple node 1: Value not in list: ckpt_name = 'x' (…details)".
    private static func nodeErrors(_ nodeErrors: EngineJSON?) -> [String] {
        guard let nodes = nodeErrors?.object else { return [] }
        return nodes.keys.sorted().flatMap { id -> [String] in
            let node = nodes[id]!
            let owner = "\(node["class_type"]?.string ?? "node") node \(id)"
            return (node["errors"]?.array ?? []).map { error in
                var line = "\(owner): \(error["message"]?.string ?? error["type"]?.string ?? "invalid")"
                let extra = error["extra_info"]
                if let input = extra?["input_name"]?.string {
                    line += ": \(input)"
                    if let received = extra?["received_value"] { line += " = \(received.rendered)" }
                }
                if let details = error["details"]?.string, !details.isEmpty {
                    line += " (\(details.prefix(detailLimit)))"
                }
                return line
            }
        }
    }

    /// The reason an `execution_error` gives (history messages and websocket frames alike).
    static func execution(message: String?, type: String?) -> String {
        let text = message?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if !text.isEmpty { return text }
        return type.map { "ComfyUI raised \($0)" } ?? "ComfyUI reported an execution error"
    }
}
