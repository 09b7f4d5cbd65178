@testable import App
import Foundation
import PersonaSeedCore
import Testing
import Vapor
import VaporTesting

/// Racing requests on one persona: no lost update, and the invariants hold after every race.
@Suite struct RaceTests {
    func checkInvariants(_ app: TestApp, _ id: String) async throws {
        let persona = try await app.persona(id)
        let status = persona["base_image_status"]?.string
        #expect(persona["appearance_locked"]?.bool == (status == "approved"))
        let versions = try #require(try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/versions").json.array)
        let numbers = versions.compactMap { $0["version"]?.int }
        #expect(numbers == Array((1...max(numbers.count, 1)).reversed()).suffix(numbers.count))
        if let current = persona["base_image"]?["version"]?.int {
            #expect(numbers.contains(current))
            #expect(persona["base_image"] == versions.first { $0["version"]?.int == current })
        } else {
            #expect(status == "pending_upload")
        }
    }

    @Test func concurrentUploadsGetGaplessVersions() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            let image = try Fixtures.bytes("valid-rgb.png")
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<8 { group.addTask { try await app.upload(id, image).status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: .ok, count: 8))
            try await checkInvariants(app, id)
            let versions = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/versions").json.array
            #expect(versions?.count == 8)
            #expect(try folderContents(app.imagesDirectory).count == 16)
        }
    }

    @Test func racingWorkflowCommandsKeepTheLockTrue() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            let image = try Fixtures.bytes("valid-rgb.png")
            try await app.upload(id, image)
            for _ in 0..<4 {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/approve") }
                    group.addTask { try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/reject") }
                    group.addTask { try await app.upload(id, image) }
                    group.addTask { try await app.sendJSON(.PUT, "/api/v1/personas/\(id)", #"{"base_image_status": "draft"}"#) }
                    group.addTask { try await app.send(.POST, "/api/v1/personas/\(id)/seed-image/versions/1/select") }
                    try await group.waitForAll()
                }
                try await checkInvariants(app, id)
            }
        }
    }

    @Test func concurrentEditsOfDifferentFieldsAreBothKept() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            for round in 0..<5 {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        let response = try await app.sendJSON(.PUT, "/api/v1/personas/\(id)", #"{"personality": "Personality number \#(round)"}"#)
                        #expect(response.status == .ok)
                    }
                    group.addTask {
                        let response = try await app.sendJSON(.PUT, "/api/v1/personas/\(id)", #"{"content_themes": ["round \#(round)"]}"#)
                        #expect(response.status == .ok)
                    }
                    try await group.waitForAll()
                }
                let persona = try await app.persona(id)
                #expect(persona["personality"]?.string == "Personality number \(round)")
                #expect(persona["content_themes"] == .array([.string("round \(round)")]))
            }
        }
    }
}
