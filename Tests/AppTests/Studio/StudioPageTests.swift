@testable import App
import Foundation
import Testing
import Vapor

/// `GET /` and `GET /studio/{file}`: the studio's files, their policy, and their weight.
@Suite struct StudioPageTests {
    @Test func thePageLoadsOnlyItsOwnFilesUnderAStrictPolicy() async throws {
        try await withTestApp { app in
            let page = try await app.send(.GET, "/")
            #expect(page.status == .ok)
            #expect(page.headers.contentType?.subType == "html")
            #expect(page.body.string.contains(#"<script type="module" src="/studio/app.js"></script>"#))
            #expect(!page.body.string.contains("http://") && !page.body.string.contains("https://"), "no outside resources")
            let policy = try #require(page.headers.first(name: "Content-Security-Policy"))
            for directive in ["default-src 'self'", "img-src 'self' blob: data:", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"] {
                #expect(policy.contains(directive), "\(directive)")
            }
            #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
            #expect(page.headers.first(name: "X-Frame-Options") == "DENY")
            #expect(page.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(try await app.send(.GET, "/studio/nothing.js").status == .notFound)
            #expect(try await app.send(.GET, "/studio/..%2Fconfigure.swift").status == .notFound)
        }
    }

    @Test func everyFileIsServedWithItsTypeAndEveryImportExists() async throws {
        try await withTestApp { app in
            for (name, file) in StudioAssets.files {
                let response = try await app.send(.GET, "/studio/\(name)")
                #expect(response.status == .ok, "\(name)")
                #expect(response.headers.first(name: .contentType) == file.type)
                #expect(response.body.string == file.body)
                guard name.hasSuffix(".js") else { continue }
                // Text from the API enters the page as text only: no markup parsing, no code from strings.
                for banned in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
                    #expect(!file.body.contains(banned), "\(name) uses \(banned)")
                }
                for imported in Self.imports(of: file.body) {
                    #expect(StudioAssets.files[imported] != nil, "\(name) imports a missing /studio/\(imported)")
                }
            }
        }
    }

    /// The issue's budget: all of the studio's scripts and styles together at most 150 KB.
    @Test func scriptsAndStylesWeighAtMost150KB() {
        let weight = StudioAssets.files.filter { $0.key.hasSuffix(".js") || $0.key.hasSuffix(".css") }
            .map(\.value.body.utf8.count).reduce(0, +)
        #expect(weight <= 150_000, "\(weight) bytes")
    }

    @Test func thePagesNeedNoKeyOnceKeysExist() async throws {
        try await withTestApp { app in
            _ = try await app.makeKey("admin", [.admin])
            #expect(try await app.send(.GET, "/").status == .ok)
            #expect(try await app.send(.GET, "/studio/app.js").status == .ok)
            #expect(try await app.send(.GET, "/api/v1/session").json["via"]?.string == "none")
            #expect(try await app.send(.GET, "/api/v1/personas").status == .unauthorized)
        }
    }

    static func imports(of script: String) -> [String] {
        script.components(separatedBy: "from \"/studio/").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }
}
