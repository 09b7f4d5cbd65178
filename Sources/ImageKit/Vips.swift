// CVips is imported only for its module map's link directives: Swift autolinks the
// libraries a system module lists, which is how libz (crc32, used by the shim) gets
// on the link line; libvips' pkg-config flags do not include it.
import CVips
import CVipsShim

// The only place that talks to libvips (through the fixed-argument C shim: Swift
// cannot call libvips' variadic functions). Errors come back as ImageRejection; the
// libvips message is dropped after the C side cleared libvips' error buffer.

enum Vips {
    /// Loader strictness: VIPS_FAIL_ON_WARNING, the most sensitive level. Measured on
    /// libvips 8.14.1:
    ///  - truncated PNG/JPEG/WEBP, corrupt zlib, short IDAT, CRC errors, bad IHDR fail
    ///    at ERROR already (and most are caught earlier by our own container parsers);
    ///  - a JPEG cut in the middle with an EOI glued back on, or with damaged scan
    ///    data, keeps a valid marker structure; libjpeg only warns ("Corrupt JPEG
    ///    data: premature end of data segment") and fills with grey. ERROR accepts it
    ///    (we would store a broken file), WARNING refuses it;
    ///  - normal camera JPEGs produce no libjpeg warnings, and libvips 8.14 lets a
    ///    single stray warning pass even at WARNING (it fails from the second one), so
    ///    e.g. padding before EOI is tolerated; benign libpng complaints (odd cHRM or
    ///    gAMA values, "too much image data") do not fail at either level.
    static let failOn = Int32(CVIPS_FAIL_ON_WARNING.rawValue)

    struct Header {
        var width: Int
        var height: Int
    }

    struct Output {
        var encoded: [UInt8]?
        var width: Int
        var height: Int
        var thumbnail: [UInt8]
        var thumbnailWidth: Int
        var thumbnailHeight: Int
    }

    /// libvips initialisation + hardening, run once on first use. A `static let` is
    /// initialised exactly once, thread-safely (swift_once), however many threads race.
    private static let setup: Result<Void, ImageKitError> = {
        var message = [CChar](repeating: 0, count: 512)
        let rc = message.withUnsafeMutableBufferPointer { cvips_setup($0.baseAddress, $0.count) }
        guard rc == 0 else {
            return .failure(.libvipsUnavailable(String(decoding: message.prefix { $0 != 0 }
                .map { UInt8(bitPattern: $0) }, as: UTF8.self)))
        }
        return .success(())
    }()

    static func ensureReady() throws(ImageKitError) {
        try setup.get()
    }

    /// Header only: libvips builds the loader, which parses the header; no pixels are
    /// decoded, so this is safe to call before the pixel limit check.
    static func header(_ format: ImageFormat, _ bytes: ArraySlice<UInt8>) throws(ImageRejection) -> Header {
        var header = CVipsHeader()
        let rc = bytes.withUnsafeBufferPointer { buf in
            cvips_read_header(format.cvips, buf.baseAddress, buf.count, failOn, &header, nil, 0)
        }
        guard rc == 0 else { throw .undecodable }
        return Header(width: Int(header.width), height: Int(header.height))
    }

    enum Encode {
        /// Fast path: only validate (full decode) + thumbnail; the caller stores its
        /// losslessly rebuilt bytes.
        case none
        /// Decode, apply `orientation`, encode as `format`.
        case reencode(format: ImageFormat, orientation: Int, lossless: Bool, quality: Int)
    }

    /// Decodes `bytes` completely with `format`'s loader (this is the validation) and
    /// makes the WEBP thumbnail in the same pass.
    static func process(_ format: ImageFormat, _ bytes: ArraySlice<UInt8>, encode: Encode)
        throws(ImageRejection) -> Output
    {
        var request = CVipsRequest()
        request.format = format.cvips
        request.fail_on = failOn
        request.thumbnail_size = Int32(ImageKit.thumbnailSize)
        request.thumbnail_quality = 80
        // Effort 2 encodes a 256 px thumbnail in ~1.5 ms instead of ~3.7 ms at the
        // default 4, for files a few percent larger (measured on libwebp 1.2.4).
        request.thumbnail_effort = 2
        if case let .reencode(outFormat, orientation, lossless, quality) = encode {
            request.reencode = 1
            request.out_format = outFormat.cvips
            request.orientation = Int32(orientation)
            request.lossless = lossless ? 1 : 0
            request.quality = Int32(quality)
        }
        var result = CVipsResult()
        let rc = bytes.withUnsafeBufferPointer { buf in
            cvips_process(&request, buf.baseAddress, buf.count, &result, nil, 0)
        }
        guard rc == 0 else { throw .undecodable }
        defer { cvips_result_free(&result) }
        let encoded = result.main_buf.map { Array(UnsafeBufferPointer(start: $0, count: result.main_len)) }
        let thumbnail = Array(UnsafeBufferPointer(start: result.thumb_buf, count: result.thumb_len))
        return Output(encoded: encoded, width: Int(result.width), height: Int(result.height),
                      thumbnail: thumbnail, thumbnailWidth: Int(result.thumb_width),
                      thumbnailHeight: Int(result.thumb_height))
    }
}

extension ImageFormat {
    var cvips: CVipsFormat {
        switch self {
        case .png: CVIPS_FORMAT_PNG
        case .jpeg: CVIPS_FORMAT_JPEG
        case .webp: CVIPS_FORMAT_WEBP
        }
    }
}
