import PersonaSeedCore
import Testing

@Suite struct SeedWorkflowTests {
    typealias W = SeedWorkflow

    @Test func approveNeedsAnImage() {
        #expect(throws: DomainError.approveWithoutImage) {
            try W.status(after: .approve, from: .pendingUpload, hasImage: false)
        }
    }

    @Test func approveDraftLocks() throws {
        #expect(try W.status(after: .approve, from: .draft, hasImage: true) == .approved)
        #expect(W.isLocked(.approved))
        #expect(!W.isLocked(.draft) && !W.isLocked(.rejected) && !W.isLocked(.pendingUpload))
    }

    @Test func approveIsIdempotent() throws {
        #expect(try W.status(after: .approve, from: .approved, hasImage: true) == .approved)
    }

    @Test func approveRejectedIsAConflict() {
        #expect(throws: DomainError.approveRejected) { try W.status(after: .approve, from: .rejected, hasImage: true) }
    }

    @Test func rejectFromDraftAndApproved() throws {
        #expect(try W.status(after: .reject, from: .draft, hasImage: true) == .rejected)
        #expect(try W.status(after: .reject, from: .approved, hasImage: true) == .rejected)
        #expect(try W.status(after: .reject, from: .rejected, hasImage: true) == .rejected)
        #expect(throws: DomainError.rejectWithoutImage) {
            try W.status(after: .reject, from: .pendingUpload, hasImage: false)
        }
    }

    @Test func newImageIsRefusedWhileLocked() throws {
        #expect(throws: DomainError.baselineLocked) { try W.status(after: .replaceImage, from: .approved, hasImage: true) }
        for status in [BaseImageStatus.pendingUpload, .draft, .rejected] {
            #expect(try W.status(after: .replaceImage, from: status, hasImage: status != .pendingUpload) == .draft)
        }
    }

    @Test func putStatusFollowsTheSameRules() throws {
        #expect(try W.status(after: .setStatus(.approved), from: .draft, hasImage: true) == .approved)
        #expect(throws: DomainError.approveWithoutImage) {
            try W.status(after: .setStatus(.approved), from: .pendingUpload, hasImage: false)
        }
        #expect(try W.status(after: .setStatus(.rejected), from: .approved, hasImage: true) == .rejected)
        #expect(try W.status(after: .setStatus(.draft), from: .rejected, hasImage: true) == .draft)
        #expect(throws: DomainError.approvedBackToDraft) {
            try W.status(after: .setStatus(.draft), from: .approved, hasImage: true)
        }
        #expect(throws: DomainError.draftWithoutImage) {
            try W.status(after: .setStatus(.draft), from: .pendingUpload, hasImage: false)
        }
        #expect(throws: DomainError.backToPendingUpload) {
            try W.status(after: .setStatus(.pendingUpload), from: .draft, hasImage: true)
        }
        #expect(try W.status(after: .setStatus(.pendingUpload), from: .pendingUpload, hasImage: false) == .pendingUpload)
    }

    /// Every reachable state keeps `locked == (status == approved)`, whatever command follows.
    @Test func lockFollowsStatusOverEveryCommand() {
        let commands: [W.Command] = [.approve, .reject, .replaceImage] + BaseImageStatus.allCases.map { .setStatus($0) }
        for status in BaseImageStatus.allCases {
            for command in commands {
                let hasImage = status != .pendingUpload
                if let next = try? W.status(after: command, from: status, hasImage: hasImage) {
                    #expect(W.isLocked(next) == (next == .approved))
                    if status == .approved, next != .approved { #expect(next == .rejected) }
                }
            }
        }
    }
}
