// Fixed-argument C wrappers around libvips for ImageKit.
//
// Why this exists: libvips' API is mostly variadic (`vips_pngload_buffer(buf, len,
// &out, "access", ..., NULL)`), and Swift cannot call C variadic functions. Every
// option ImageKit needs is therefore a plain struct field here, and each call does a
// whole step (load + validate + thumbnail + encode) in C so that intermediate
// VipsImage references never cross into Swift (no manual g_object_unref in Swift).
//
// Nothing in here keeps global state of its own; libvips' own global state is set up
// once by cvips_setup().
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The only three input/output formats ImageKit handles.
typedef enum {
    CVIPS_FORMAT_PNG = 0,
    CVIPS_FORMAT_JPEG = 1,
    CVIPS_FORMAT_WEBP = 2,
} CVipsFormat;

/// How picky loaders are about damaged files: same values as libvips' VipsFailOn
/// (checked at compile time in cvips_shim.c), repeated here so Swift does not need
/// libvips' headers to pick one.
typedef enum {
    CVIPS_FAIL_ON_NONE = 0,
    CVIPS_FAIL_ON_TRUNCATED = 1,
    CVIPS_FAIL_ON_ERROR = 2,
    CVIPS_FAIL_ON_WARNING = 3,
} CVipsFailOn;

/// Initialise and harden libvips. Must run exactly once per process before any other
/// call (ImageKit does it from a Swift `static let`, which is thread-safe). Returns 0
/// on success, -1 when vips_init() fails or a required loader class is missing; in
/// that case `err` receives a message.
int cvips_setup(char *err, size_t err_len);

/// Header-only (lazy) load with the format-specific loader: no pixels are decoded.
typedef struct {
    int width;
    int height;
    int bands;
    int orientation;  ///< EXIF orientation 1...8 as libvips reads it (1 when absent;
                      ///< ImageKit hands libvips rebuilt bytes without EXIF and reads
                      ///< the orientation itself, in Swift)
    int interlaced;   ///< PNG Adam7: libvips must decode it whole into memory
} CVipsHeader;

int cvips_read_header(CVipsFormat format, const uint8_t *buf, size_t len, int fail_on,
                      CVipsHeader *out, char *err, size_t err_len);

/// One validation pass. `buf` is decoded completely with `format`'s loader (never the
/// generic "guess the loader" path); a WEBP thumbnail is always made; the main image
/// is encoded only when `reencode` is set (otherwise the caller stores its own
/// losslessly rebuilt bytes, which are exactly what `buf` holds).
typedef struct {
    CVipsFormat format;     ///< loader to use for `buf`
    int fail_on;            ///< VipsFailOn value passed to the loader
    int reencode;           ///< 0: validate + thumbnail only; 1: also encode main image
    int orientation;        ///< >1: apply this EXIF orientation first (only with reencode)
    CVipsFormat out_format; ///< encoder for the main image (with reencode)
    int lossless;           ///< WEBP: lossless encode
    int quality;            ///< JPEG/WEBP lossy quality
    int thumbnail_size;     ///< longest thumbnail side, in pixels
    int thumbnail_quality;  ///< WEBP quality of the thumbnail
    int thumbnail_effort;   ///< WEBP encoder effort 0 (fast) ... 6 (small) for the thumbnail
} CVipsRequest;

typedef struct {
    uint8_t *main_buf;      ///< encoded main image (reencode only), free with cvips_result_free
    size_t main_len;
    int width;              ///< of the stored image (after orientation)
    int height;
    uint8_t *thumb_buf;     ///< WEBP thumbnail
    size_t thumb_len;
    int thumb_width;
    int thumb_height;
} CVipsResult;

/// Returns 0 on success. On failure returns -1, fills `err` with libvips' message
/// and clears libvips' error buffer; `result` then owns nothing.
int cvips_process(const CVipsRequest *request, const uint8_t *buf, size_t len,
                  CVipsResult *result, char *err, size_t err_len);

void cvips_result_free(CVipsResult *result);

/// Fully decode an image we produced ourselves (tests, sanity checks): returns 0 and
/// its size/bands if `format`'s loader decodes every pixel, -1 otherwise.
int cvips_decode_check(CVipsFormat format, const uint8_t *buf, size_t len,
                       int *width, int *height, int *bands);

/// Average of band `band` over the rectangle (x, y, w, h) of a decoded image, or -1.
/// Lets tests check where a coloured corner ended up after rotation.
double cvips_region_average(CVipsFormat format, const uint8_t *buf, size_t len,
                            int band, int x, int y, int w, int h);

/// Exercises the fast path's "decode the rows nobody asked for" step (tests only):
/// loads `buf` sequentially behind the same tap cvips_process uses, reads only rows
/// [0, rows), then lets the tap decode the rest. Returns 0 if every row decoded.
int cvips_decode_prefix_then_drain(CVipsFormat format, const uint8_t *buf, size_t len,
                                   int rows);

/// zlib's CRC-32 (PNG chunk CRCs).
uint32_t cvips_crc32(uint32_t crc, const uint8_t *buf, size_t len);

/// Hardening introspection (tests / health checks).
/// 1 if the operation class with this nickname ("gifload_buffer") is blocked, 0 if
/// usable, -1 if this libvips has no such operation.
int cvips_operation_is_blocked(const char *nickname);
/// Runs the loader `nickname` (a *_buffer loader) on `buf`. Returns 0 if it loaded the
/// header, -1 if refused (blocked, wrong format, ...). `err` gets the message.
int cvips_try_loader(const char *nickname, const uint8_t *buf, size_t len,
                     char *err, size_t err_len);
/// libvips' own "guess the loader from the bytes" path (vips_image_new_from_buffer),
/// which ImageKit never uses: returns 0 if some loader accepted `buf`, -1 otherwise.
int cvips_try_generic_loader(const uint8_t *buf, size_t len, char *err, size_t err_len);

#ifdef __cplusplus
}
#endif
