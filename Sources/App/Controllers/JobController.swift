import Foundation
import NIOCore
import PersonaSeedCore
import Vapor

/// `/api/v1/jobs/{id}`: a job's state, its Server-Sent Events, and cancelling it.
struct JobController: RouteCollection {
    /// A running job's cancel is awaited this long (the engine is told; samplers stop at the next
    /// step) before answering 202 with the job still running.
    static let cancelWait: Duration = .seconds(10)
    /// A comment line this often keeps proxies from closing a quiet event stream, and our own idle
    /// timeout too when it is set lower (`HTTP_IDLE_TIMEOUT_SECONDS`).
    static func keepAliveInterval(idleTimeout: TimeInterval) -> Duration {
        min(.seconds(15), .milliseconds(Int64(idleTimeout * 1000 / 3)))
    }

    func boot(routes: any RoutesBuilder) throws {
        let jobs = routes.grouped("api", "v1", "jobs")
        jobs.grouped(RequireScope(.read)).get(":jobID", use: read)
        jobs.grouped(RequireScope(.read)).get(":jobID", "events", use: events)
        jobs.grouped(RequireScope(.write)).delete(":jobID", use: cancel)
    }

    func read(request: Request) async throws -> JobResponse {
        JobResponse(request.generation.events.overlay(try await request.existingJob()))
    }

    func cancel(request: Request) async throws -> Response {
        let job = try await request.existingJob()
        let runtime = request.generation
        let jobs = request.jobs
        if job.state.isFinished {
            throw JobFailure(status: 409, detail: "Job \(job.id.uuidString.lowercased()) has already finished (\(job.status))")
        }
        if let cancelled = try await jobs.cancelQueued(job.id) {
            runtime.events.publish(cancelled)
            runtime.runner?.wake()  // a callback may be due
            return try await JobResponse(cancelled).encodeResponse(for: request)
        }
        // Running (or claimed a moment ago): flag it for whichever process runs it, and stop it here
        // at once if it runs here.
        _ = try await jobs.requestCancel(job.id)
        runtime.runner?.cancelIfRunningHere(job.id)
        let finished = try await withTimeout(Self.cancelWait) { try await runtime.awaitFinished(job.id, jobs: jobs) }
        let current: JobRow
        if let finished {
            current = finished
        } else {
            current = try await request.existingJob()
        }
        return try await JobResponse(current).encodeResponse(status: current.state.isFinished ? .ok : .accepted, for: request)
    }

    /// `text/event-stream`: the job now, then `progress` events as it changes, then one of `succeeded`,
    /// `failed` or `cancelled`, and the stream ends.
    func events(request: Request) async throws -> Response {
        let job = try await request.existingJob()
        let runtime = request.generation
        let jobs = request.jobs
        let keepAlive = Self.keepAliveInterval(idleTimeout: request.personaSeed.config.effectiveIdleTimeout)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/event-stream; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        // Tells nginx not to buffer the stream.
        headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        // Managed: ended on return and failed on a throw (a client that went away makes the next write
        // throw), never left open.
        let body = Response.Body(managedAsyncStream: { writer in
            let subscription = runtime.events.subscribe(to: job.id, pollInterval: GenerationRuntime.pollInterval)
            var last = runtime.events.overlay(job)
            try await writer.write(.buffer(ServerSentEvent.encode(last)))
            var quietSince = ContinuousClock.now
            while !last.state.isFinished {
                var next = await subscription.next()
                if next == nil {
                    guard let fresh = try await jobs.find(job.id) else { break }
                    next = runtime.events.overlay(fresh)
                }
                guard let current = next else { continue }
                if current.status != last.status || current.progress != last.progress {
                    try await writer.write(.buffer(ServerSentEvent.encode(current)))
                    last = current
                    quietSince = ContinuousClock.now
                } else if ContinuousClock.now - quietSince > keepAlive {
                    try await writer.write(.buffer(ByteBuffer(string: ": keep-alive\n\n")))
                    quietSince = ContinuousClock.now
                }
            }
        })
        return Response(status: .ok, headers: headers, body: body)
    }
}

enum ServerSentEvent {
    /// `event: <name>` + `data: <job JSON>`: `progress` while the job is queued or running, else its
    /// final status.
    static func encode(_ job: JobRow) throws -> ByteBuffer {
        let name = job.state.isFinished ? job.status : "progress"
        let data = try JSONCoding.makeEncoder().encode(JobResponse(job))
        var buffer = ByteBuffer(string: "event: \(name)\ndata: ")
        buffer.writeBytes(data)
        buffer.writeString("\n\n")
        return buffer
    }
}

/// The body's result, or nil if it takes longer than `limit` (the body is then cancelled).
func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        let first = try await group.next() ?? nil
        group.cancelAll()
        return first
    }
}

extension Request {
    func existingJob() async throws -> JobRow {
        let raw = parameters.get("jobID") ?? ""
        guard let id = UUID(uuidString: raw), let job = try await jobs.find(id) else {
            throw JobFailure(status: 404, detail: "Job \(raw) not found")
        }
        return job
    }
}
