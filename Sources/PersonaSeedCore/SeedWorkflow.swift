/// The approval state machine of a persona's baseline image, as pure functions.
///
/// ```
/// pending_upload --new image--> draft --approve--> approved
///          draft --new image--> draft          draft --reject--> rejected
///       approved --reject--> rejected       rejected --new image / PUT draft--> draft
/// ```
/// A "new image" is an upload, a generation, or selecting an earlier version.
public enum SeedWorkflow {
    /// What a request asks of the workflow.
    public enum Command: Sendable, Equatable {
        case approve
        case reject
        /// `PUT base_image_status`: routed through the same rules as the dedicated routes.
        case setStatus(BaseImageStatus)
        case replaceImage
    }

    /// The status after `command`, or the refusal. Repeating an approve or a reject is a no-op.
    public static func status(
        after command: Command, from status: BaseImageStatus, hasImage: Bool
    ) throws(DomainError) -> BaseImageStatus {
        switch command {
        case .approve, .setStatus(.approved):
            if status == .approved { return .approved }
            guard hasImage else { throw .approveWithoutImage }
            guard status != .rejected else { throw .approveRejected }
            return .approved
        case .reject, .setStatus(.rejected):
            if status == .rejected { return .rejected }
            guard hasImage else { throw .rejectWithoutImage }
            return .rejected
        case .setStatus(.draft):
            if status == .draft { return .draft }
            guard status != .approved else { throw .approvedBackToDraft }
            guard hasImage else { throw .draftWithoutImage }
            return .draft
        case .setStatus(.pendingUpload):
            if status == .pendingUpload { return .pendingUpload }
            throw .backToPendingUpload
        case .replaceImage:
            guard status != .approved else { throw .baselineLocked }
            return .draft
        }
    }

    /// The lock follows the status and nothing else.
    public static func isLocked(_ status: BaseImageStatus) -> Bool { status == .approved }
}
