@testable import App
import Foundation
import Storage
import Vapor
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What a crash leaves behind is swept on start; what rows refer to, and anything young, stays.
@Suite struct SweepTests {
    func age(_ path: String, by seconds: TimeInterval) {
        let past = Date().addingTimeInterval(-seconds).timeIntervalSince1970
        var times = [timespec(tv_sec: Int(past), tv_nsec: 0), timespec(tv_sec: Int(past), tv_nsec: 0)]
        utimensat(AT_FDCWD, path, &times, 0)
    }

    @Test func oldOrphansAndTemporaryFilesGoReferencedAndYoungFilesStay() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            try await app.upload(id, try Fixtures.bytes("valid-rgb.png"))
            let directory = app.imagesDirectory
            let referenced = try folderContents(directory)
            for name in referenced.keys { age("\(directory)/\(name)", by: 7200) }

            let orphan = "\(directory)/persona_\(id)_uploaded_v2.png"
            let youngOrphan = "\(directory)/persona_\(id)_uploaded_v3.png"
            let temporary = "\(directory)/\(FileImageStore.temporaryPrefix)crashed.upload"
            let foreign = "\(directory)/notes.txt"
            for path in [orphan, youngOrphan, temporary, foreign] {
                #expect(FileManager.default.createFile(atPath: path, contents: Data("leftover".utf8)))
            }
            for path in [orphan, temporary, foreign] { age(path, by: 7200) }

            let sweeper = OrphanSweeper(store: app.app.personaSeed.store, database: app.app.db, gracePeriod: 3600)
            let outcome = try await sweeper.sweep()
            #expect(outcome == .init(temporaryFiles: 1, orphans: 1))
            let remaining = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
            #expect(remaining == Set(referenced.keys).union(["persona_\(id)_uploaded_v3.png", "notes.txt"]))

            // The next upload takes version 2's name even though a file once stood there.
            let next = try await app.upload(id, try Fixtures.bytes("valid-rgba.png"))
            #expect(next.json["base_image_path"]?.string == "persona_\(id)_uploaded_v2.png")
        }
    }

    @Test func aLeftoverFileUnderTheNextVersionsNameIsReplacedNotKept() async throws {
        try await withTestApp { app in
            let id = try await app.createPersona()
            // A crash between publishing a file and committing its row leaves exactly this.
            let leftover = "\(app.imagesDirectory)/persona_\(id)_uploaded_v1.png"
            #expect(FileManager.default.createFile(atPath: leftover, contents: Data("half-done".utf8)))
            let response = try await app.upload(id, try Fixtures.bytes("valid-rgb.png"))
            #expect(response.status == .ok)
            let image = try await app.send(.GET, "/api/v1/personas/\(id)/seed-image/image")
            #expect(SHA256.hash(data: Data(image.body.readableBytesView)).hex == response.json["base_image"]?["sha256"]?.string)
        }
    }
}
