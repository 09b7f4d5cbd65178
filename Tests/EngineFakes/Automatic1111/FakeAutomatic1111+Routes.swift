import Foundation
import Vapor

extension FakeAutomatic1111 {
    func registerRoutes(on app: Application) {
        app.get("sdapi", "v1", "sd-models") { request in self.sdModels(request) }
        app.post("sdapi", "v1", "txt2img") { request in await self.generate(request, route: .txt2img) }
        app.post("sdapi", "v1", "img2img") { request in await self.generate(request, route: .img2img) }
        if flavour == .automatic1111 {
            app.get("sdapi", "v1", "progress") { request in self.progress(request) }
            app.post("sdapi", "v1", "interrupt") { request in self.interrupt(request) }
            if controlNetModels != nil {
                app.get("controlnet", "model_list") { request in self.controlNetModelList(request) }
            }
        }
        app.get("**") { request in self.notFound(request) }
        app.post("**") { request in self.notFound(request) }
    }

    @discardableResult
    func record(_ request: Request, json: FakeJSON? = nil, ranAs: String? = nil) -> FakeJSON? {
        record(ReceivedRequest(
            method: request.method.rawValue,
            path: request.url.path,
            query: request.url.query,
            json: json,
            authorization: request.headers.first(name: .authorization),
            ranAs: ranAs))
        return json
    }

    /// `--api-auth` guards the API routes with HTTP Basic (FastAPI's HTTPBasic texts).
    func authFailure(_ request: Request) -> Response? {
        guard let credentials else { return nil }
        guard let given = request.headers.basicAuthorization else {
            return Self.reply(.unauthorized, ["detail": "Not authenticated"], headers: ["WWW-Authenticate": "Basic"])
        }
        guard given.username == credentials.user, given.password == credentials.password else {
            return Self.reply(.unauthorized, ["detail": "Incorrect username or password"], headers: ["WWW-Authenticate": "Basic"])
        }
        return nil
    }

    private func sdModels(_ request: Request) -> Response {
        record(request)
        if let denied = authFailure(request) { return denied }
        let entries: [FakeJSON] = models.map { model in
            [
                "title": .string(model.title),
                "model_name": .string(model.modelName),
                "hash": .string(model.hash),
                "sha256": .string(model.sha256),
                "filename": .string(model.filename),
                "config": nil,
            ]
        }
        return Self.reply(.ok, .array(entries))
    }

    private func progress(_ request: Request) -> Response {
        record(request)
        if let denied = authFailure(request) { return denied }
        let snapshot = progressSnapshot()
        return Self.reply(.ok, [
            "progress": .double(snapshot.progress),
            "eta_relative": .double(snapshot.eta),
            "state": [
                "skipped": false,
                "interrupted": false,
                "stopping_generation": false,
                "job": snapshot.jobCount > 0 ? "task(fake)" : "",
                "job_count": .int(Int64(snapshot.jobCount)),
                "job_timestamp": "20261125120000",
                "job_no": 0,
                "sampling_step": .int(Int64(snapshot.step)),
                "sampling_steps": .int(Int64(snapshot.steps)),
            ],
            "current_image": nil,
            "textinfo": nil,
        ])
    }

    private func interrupt(_ request: Request) -> Response {
        record(request)
        if let denied = authFailure(request) { return denied }
        interruptRunningJob()
        return Self.reply(.ok, [:])
    }

    /// The extension's routes are mounted outside the API's auth dependency, as in A1111.
    private func controlNetModelList(_ request: Request) -> Response {
        record(request)
        return Self.reply(.ok, ["model_list": .array((controlNetModels ?? []).map(FakeJSON.string))])
    }

    /// FastAPI's 404, or sd-server's (cpp-httplib) empty one.
    private func notFound(_ request: Request) -> Response {
        record(request, json: request.body.data.flatMap { FakeJSON.decode(Data(buffer: $0)) })
        if request.url.path == "/sdapi/v1/progress" { noteProgressRequest() }
        switch flavour {
        case .automatic1111: return Self.reply(.notFound, ["detail": "Not Found"])
        case .sdServer: return Response(status: .notFound)
        }
    }

    static func reply(_ status: HTTPResponseStatus, _ json: FakeJSON, headers: [String: String] = [:]) -> Response {
        var httpHeaders = HTTPHeaders([("Content-Type", "application/json")])
        for (name, value) in headers { httpHeaders.add(name: name, value: value) }
        return Response(status: status, headers: httpHeaders, body: .init(data: json.encoded))
    }
}
