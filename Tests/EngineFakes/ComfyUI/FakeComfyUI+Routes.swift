import Foundation
import Vapor

extension FakeComfyUIState {
    func registerRoutes(on routes: any RoutesBuilder, prefix: String) {
        routes.post("prompt") { [self] request in submitPrompt(request, path: prefix + "/prompt") }
        routes.get("history", ":id") { [self] request in history(request) }
        routes.get("view") { [self] request in view(request) }
        routes.post("upload", "image") { [self] request in try upload(request) }
        routes.post("interrupt") { [self] request in interrupt(request) }
        routes.post("queue") { [self] request in queue(request) }
        routes.get("models", "checkpoints") { [self] _ in
            if behaviour.checkpointsRouteMissing { return Self.text("404: Not Found", status: .notFound) }
            return Self.json(.array(checkpoints.map { .string($0) }))
        }
        routes.get("object_info", ":class") { [self] request in
            let name = request.parameters.get("class") ?? ""
            guard let nodeClass = nodeClasses()[name] else { return Self.json([:]) }
            return Self.json(.object([name: nodeClass.objectInfo(name: name)]))
        }
        let onUpgrade: @Sendable (Request, WebSocket) -> Void = { [self] request, socket in
            // Registered on the event loop right at the upgrade: a client that waited for the upgrade
            // before submitting gets every frame of its run.
            let clientID = request.query[String.self, at: "clientId"] ?? UUID().uuidString.lowercased()
            socketClients.append(clientID)
            register(socket: socket, clientID: clientID)
            let hello: FakeJSON = ["type": "status", "data": ["status": ["exec_info": ["queue_remaining": 0]], "sid": .string(clientID)]]
            socket.send(hello.description, promise: nil)
            sentFrames.append(.init(clientID: clientID, type: "status", promptID: nil))
        }
        routes.webSocket("ws", maxFrameSize: 1_048_576, onUpgrade: onUpgrade)
    }

    // MARK: Handlers

    private func submitPrompt(_ request: Request, path: String) -> Response {
        guard let json = Self.body(request).flatMap(FakeJSON.decode) else {
            return Self.internalServerError
        }
        if behaviour.internalErrorOnPrompt { return Self.internalServerError }
        guard let prompt = json["prompt"]?.object else {
            return Self.json(
                ["error": ["type": "no_prompt", "message": "No prompt provided", "details": "No prompt provided",
                           "extra_info": [:]], "node_errors": [:]], status: .badRequest)
        }
        let promptID = json["prompt_id"]?.string ?? UUID().uuidString.lowercased()
        let clientID = json["client_id"]?.string
        let graph = prompt.mapValues {
            FakeComfyUI.Node(classType: $0["class_type"]?.string ?? "", inputs: $0["inputs"]?.object ?? [:])
        }
        let verdict = FakeComfyValidation(prompt: prompt, classes: nodeClasses()).validate()
        submissions.append(.init(promptID: promptID, clientID: clientID, graph: graph, accepted: (try? verdict.get()) != nil, path: path))
        switch verdict {
        case .failure(let failure):
            return Self.json(["error": failure.error, "node_errors": failure.nodeErrors], status: .badRequest)
        case .success(let outputs):
            let number = nextPromptNumber()
            let run = FakeComfyRun(
                state: self, promptID: promptID, clientID: clientID, number: number, prompt: .object(prompt),
                graph: graph, outputs: outputs)
            startRun { await run.perform() }
            return Self.json(["prompt_id": .string(promptID), "number": .int(Int64(number)), "node_errors": [:]])
        }
    }

    private func history(_ request: Request) -> Response {
        let id = request.parameters.get("id") ?? ""
        historyRequests.append(id)
        guard let entry = historyEntry(id) else { return Self.json([:]) }
        return Self.json(.object([id: entry]))
    }

    private func view(_ request: Request) -> Response {
        let asked = FakeComfyUI.ViewRequest(
            filename: request.query[String.self, at: "filename"] ?? "",
            subfolder: request.query[String.self, at: "subfolder"] ?? "",
            type: request.query[String.self, at: "type"] ?? "")
        viewRequests.append(asked)
        let behaviour = behaviour
        if let body = behaviour.viewBody {
            return Response(status: .ok, headers: ["Content-Type": "text/html"], body: .init(data: body))
        }
        guard asked.type == "output", let image = outputFile(subfolder: asked.subfolder, filename: asked.filename) else {
            return Response(status: .notFound)
        }
        guard behaviour.dropViewMidBody else {
            return Response(status: .ok, headers: ["Content-Type": "image/png"], body: .init(data: image))
        }
        let half = image.prefix(image.count / 2)
        return Response(
            status: .ok, headers: ["Content-Type": "image/png"],
            body: .init(asyncStream: { writer in
                try await writer.write(.buffer(ByteBuffer(bytes: half)))
                try await writer.write(.error(Abort(.internalServerError, reason: "connection dropped on purpose")))
            }, count: image.count))
    }

    private struct UploadForm: Content {
        var image: File
        var type: String?
        var overwrite: String?
        var subfolder: String?
    }

    private func upload(_ request: Request) throws -> Response {
        guard let form = try? request.content.decode(UploadForm.self) else { return Response(status: .badRequest) }
        let bytes = form.image.data.readableBytes
        uploads.append(.init(
            filename: form.image.filename, byteCount: bytes, bytes: Data(form.image.data.readableBytesView), contentType: form.image.contentType?.description,
            type: form.type, overwrite: form.overwrite))
        let subfolder = form.subfolder ?? behaviour.uploadSubfolder
        var name = form.image.filename
        let overwrite = ["true", "1"].contains(form.overwrite?.lowercased() ?? "")
        let path = { (name: String) in subfolder.isEmpty ? name : "\(subfolder)/\(name)" }
        if !overwrite, hasInputFile(path(name)) {
            // ComfyUI keeps the existing file and numbers the new one.
            let base = (name as NSString).deletingPathExtension
            let ext = (name as NSString).pathExtension
            var counter = 1
            while hasInputFile(path("\(base) (\(counter)).\(ext)")) { counter += 1 }
            name = "\(base) (\(counter)).\(ext)"
        }
        addInputFile(path(name))
        return Self.json(["name": .string(name), "subfolder": .string(subfolder), "type": .string(form.type ?? "input")])
    }

    private func interrupt(_ request: Request) -> Response {
        let promptID = Self.body(request).flatMap(FakeJSON.decode)?["prompt_id"]?.string
        interrupts.append(promptID)
        interrupt(promptID: promptID)
        return Response(status: .ok)
    }

    private func queue(_ request: Request) -> Response {
        let json = Self.body(request).flatMap(FakeJSON.decode)
        if let ids = json?["delete"]?.array {
            queueDeletes.append(ids.compactMap(\.string))
        }
        return Response(status: .ok)
    }

    // MARK: Answers

    private static func body(_ request: Request) -> Data? {
        request.body.data.map { Data($0.readableBytesView) }
    }

    static func json(_ value: FakeJSON, status: HTTPResponseStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(data: value.encoded))
    }

    static func text(_ text: String, status: HTTPResponseStatus) -> Response {
        Response(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .init(string: text))
    }

    /// aiohttp's answer to an exception in a handler (a body that is not JSON, for one).
    static var internalServerError: Response {
        text("500 Internal Server Error\n\nServer got itself in trouble", status: .internalServerError)
    }
}
