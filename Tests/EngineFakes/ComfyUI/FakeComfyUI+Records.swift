import Foundation

extension FakeComfyUI {
    /// One node of a submitted graph, as received.
    public struct Node: Sendable, Equatable {
        public var classType: String
        public var inputs: [String: FakeJSON]

        public init(classType: String, inputs: [String: FakeJSON]) {
            self.classType = classType
            self.inputs = inputs
        }

        public func link(_ input: String) -> (node: String, output: Int)? { inputs[input]?.link }
        public func string(_ input: String) -> String? { inputs[input]?.string }
        public func int(_ input: String) -> Int64? { inputs[input]?.int.map(Int64.init) }
        public func number(_ input: String) -> Double? { inputs[input]?.number }
    }

    /// One `POST /prompt`, accepted or not.
    public struct Submission: Sendable {
        public var promptID: String?
        public var clientID: String?
        public var graph: [String: Node]
        public var accepted: Bool
        /// "/prompt" or "/api/prompt".
        public var path: String

        /// The nodes of one class, by id.
        public func nodes(_ classType: String) -> [(id: String, node: Node)] {
            graph.filter { $0.value.classType == classType }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }

        /// The only node of a class; nil when there is none or several.
        public func node(_ classType: String) -> (id: String, node: Node)? {
            let found = nodes(classType)
            return found.count == 1 ? found[0] : nil
        }
    }

    /// One `POST /upload/image`.
    public struct Upload: Sendable {
        public var filename: String
        public var byteCount: Int
        /// The bytes as received: tests compare them with what was stored.
        public var bytes: Data
        public var contentType: String?
        /// The form's `type` field ("input").
        public var type: String?
        public var overwrite: String?
    }

    /// A websocket frame the fake delivered: its `type`, or "preview" for a binary preview.
    public struct SentFrame: Sendable, Equatable {
        public var clientID: String
        public var type: String
        /// The frame's `data.prompt_id`, when it has one.
        public var promptID: String?
    }

    /// One `GET /view`, its query decoded.
    public struct ViewRequest: Sendable, Equatable {
        public var filename: String
        public var subfolder: String
        public var type: String
    }

    /// What the fake does; change it while it runs with `update`.
    public struct Behaviour: Sendable {
        /// Time per sampling step (the run sends one `progress` frame per step).
        public var stepDelay: Duration = .milliseconds(5)
        /// Between `execution_success` and the history entry, as on the real server.
        public var historyDelay: Duration = .milliseconds(20)
        /// Mid-run `execution_error` with this `exception_message`.
        public var executionError: String?
        /// Close the submitting client's websocket mid-run; the run goes on and files its history.
        public var closeSocketMidRun = false
        /// Stop before the first step and wait for `/interrupt` (or `stop()`).
        public var hangUntilInterrupted = false
        /// `/view` answers these bytes (text/html) instead of the image.
        public var viewBody: Data?
        /// `/view` promises the whole image but closes the connection after half of it.
        public var dropViewMidBody = false
        /// `GET /models/checkpoints` is missing (servers older than the route): 404.
        public var checkpointsRouteMissing = false
        /// The IP-Adapter node pack is installed: object_info and validation know its classes.
        public var ipAdapterNodes = false
        /// `/upload/image` files uploads into this subfolder of the input folder.
        public var uploadSubfolder = ""
        /// SaveImage's output subfolder (to check the `/view` query's encoding).
        public var outputSubfolder = ""
        /// `POST /prompt` answers aiohttp's 500 text page.
        public var internalErrorOnPrompt = false

        public init() {}
    }
}
