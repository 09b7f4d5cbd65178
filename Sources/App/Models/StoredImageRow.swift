import Foundation

/// What a version row and a content item row share: a validated image and its thumbnail in the store.
/// Serving, checking (fsck) and filling them in from a prepared image are the same for both.
protocol StoredImageRow: AnyObject {
    var format: String { get set }
    var width: Int { get set }
    var height: Int { get set }
    var bytes: Int { get set }
    var sha256: String { get set }
    var storageKey: String { get set }
    var thumbnailKey: String { get set }
    var thumbnailSHA256: String { get set }
}

extension StoredImageRow {
    /// The image's properties as validated, under the keys it is published as.
    func fill(from prepared: SeedImageService.PreparedImage, key: String, thumbnailKey: String) {
        format = prepared.image.format.rawValue
        width = prepared.image.width
        height = prepared.image.height
        bytes = prepared.image.byteCount
        sha256 = prepared.sha256
        storageKey = key
        self.thumbnailKey = thumbnailKey
        thumbnailSHA256 = prepared.thumbnailSHA256
    }
}

extension PersonaImageModel: StoredImageRow {}
extension PersonaContentModel: StoredImageRow {}
