/// Bodies of ComfyUI's HTTP routes and websocket frames, field for field (spec/generation.md).

struct ComfyPromptSubmission: Encodable {
    var prompt: [String: ComfyNode]
    var clientID: String
    var promptID: String

    enum CodingKeys: String, CodingKey {
        case prompt
        case clientID = "client_id"
        case promptID = "prompt_id"
    }
}

struct ComfyPromptAccepted: Decodable {
    /// Servers older than `prompt_id` support pick their own id: this is the one to follow.
    var promptID: String?

    enum CodingKeys: String, CodingKey {
        case promptID = "prompt_id"
    }
}

struct ComfyUploadedImage: Decodable {
    var name: String
    var subfolder: String?
    var type: String?

    /// `LoadImage` resolves names relative to the input folder.
    var loadImageName: String {
        guard let subfolder, !subfolder.isEmpty else { return name }
        return "\(subfolder)/\(name)"
    }
}

struct ComfyInterrupt: Encodable {
    var promptID: String

    enum CodingKeys: String, CodingKey {
        case promptID = "prompt_id"
    }
}

struct ComfyQueueDelete: Encodable {
    var delete: [String]
}

struct ComfyHistoryEntry: Decodable {
    var outputs: [String: ComfyNodeOutput]?
    var status: ComfyHistoryStatus?
}

struct ComfyNodeOutput: Decodable {
    var images: [ComfyImageRef]?
}

struct ComfyImageRef: Decodable {
    var filename: String
    var subfolder: String?
    var type: String?
}

struct ComfyHistoryStatus: Decodable {
    var statusText: String?
    var completed: Bool?
    /// `[["execution_start", {…}], ["execution_error", {…}], …]`
    var messages: [EngineJSON]?

    enum CodingKeys: String, CodingKey {
        case statusText = "status_str"
        case completed
        case messages
    }
}

/// A websocket text frame: `{"type": …, "data": {…}}`. Only the fields the client acts on.
struct ComfyFrame: Decodable {
    var type: String
    var data: ComfyFrameData?
}

struct ComfyFrameData: Decodable {
    var promptID: String?
    var node: String?
    var value: Double?
    var max: Double?
    var exceptionMessage: String?
    var exceptionType: String?

    enum CodingKeys: String, CodingKey {
        case promptID = "prompt_id"
        case node
        case value
        case max
        case exceptionMessage = "exception_message"
        case exceptionType = "exception_type"
    }
}
