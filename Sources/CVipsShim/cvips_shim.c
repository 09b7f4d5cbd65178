// See include/cvips_shim.h for why this file exists. Ownership rule used throughout:
// every VipsImage created here is unreferenced here before returning, so Swift only
// ever sees plain bytes and integers.
#include "cvips_shim.h"

#include <string.h>
#include <vips/vips.h>
#include <zlib.h>

_Static_assert(CVIPS_FAIL_ON_NONE == (int) VIPS_FAIL_ON_NONE, "VipsFailOn mismatch");
_Static_assert(CVIPS_FAIL_ON_TRUNCATED == (int) VIPS_FAIL_ON_TRUNCATED, "VipsFailOn mismatch");
_Static_assert(CVIPS_FAIL_ON_ERROR == (int) VIPS_FAIL_ON_ERROR, "VipsFailOn mismatch");
_Static_assert(CVIPS_FAIL_ON_WARNING == (int) VIPS_FAIL_ON_WARNING, "VipsFailOn mismatch");

// ---------------------------------------------------------------- error handling

// Move libvips' (process-global) error buffer into the caller's buffer and clear it,
// so messages never pile up across requests. vips_error_buffer_copy() takes libvips'
// error lock and clears in one step. With concurrent requests a message may land in
// another request's report; it is only ever used for logs, never to decide anything.
static void take_error(char *err, size_t err_len, const char *fallback) {
    char *msg = vips_error_buffer_copy();
    if (err != NULL && err_len > 0) {
        const char *text = (msg != NULL && msg[0] != '\0') ? msg : fallback;
        g_strlcpy(err, text, err_len);
    }
    g_free(msg);
}

// ----------------------------------------------------------------------- setup

// The loader operations ImageKit calls (by nickname). Only these stay unblocked.
// process(inputPath:) reads the file itself, so the *_buffer loaders are all we need.
// The class names are resolved at run time from the nicknames because they differ
// between builds: Debian's 8.14 (libpng) has VipsForeignLoadPngBuffer, spng builds
// use other class names for the same nickname.
static const char *const allowed_loaders[] = {
    "pngload_buffer",
    "jpegload_buffer",
    "webpload_buffer",
};

// libvips logs a g_warning for every damaged upload ("error in tile 0 x 16", libpng's
// own messages, ...). ImageKit reports those as ImageRejection already; in a server
// they would only let uploaders write to our logs. IMAGEKIT_VIPS_WARNINGS=1 keeps them.
static void drop_log_message(const gchar *domain, GLogLevelFlags level, const gchar *message,
                             gpointer data) {
    (void) domain;
    (void) level;
    (void) message;
    (void) data;
}

int cvips_setup(char *err, size_t err_len) {
    if (g_getenv("IMAGEKIT_VIPS_WARNINGS") == NULL)
        g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, drop_log_message, NULL);
    if (vips_init("imagekit") != 0) {
        take_error(err, err_len, "vips_init failed");
        return -1;
    }
    // No operation cache: it would keep decoded images of past uploads alive (memory)
    // and could hand one request's result to another.
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_cache_set_max_files(0);
    // One worker per pipeline: the server parallelises across requests, and one image
    // must not take every core (and memory for per-thread buffers).
    vips_concurrency_set(1);
    // Refuse every operation libvips marks untrusted (magick, pdf, svg, matlab, ...),
    // then every loader, then re-open exactly the three we use.
    vips_block_untrusted_set(TRUE);
    vips_operation_block_set("VipsForeignLoad", TRUE);
    for (size_t i = 0; i < G_N_ELEMENTS(allowed_loaders); i++) {
        GType type = vips_type_find("VipsOperation", allowed_loaders[i]);
        if (type == 0) {
            if (err != NULL && err_len > 0)
                g_snprintf(err, err_len, "libvips has no %s loader", allowed_loaders[i]);
            return -1;
        }
        vips_operation_block_set(g_type_name(type), FALSE);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(allowed_loaders); i++) {
        if (cvips_operation_is_blocked(allowed_loaders[i]) != 0) {
            if (err != NULL && err_len > 0)
                g_snprintf(err, err_len, "could not unblock %s", allowed_loaders[i]);
            return -1;
        }
    }
    return 0;
}

int cvips_operation_is_blocked(const char *nickname) {
    GType type = vips_type_find("VipsOperation", nickname);
    if (type == 0)
        return -1;
    VipsOperationClass *klass = g_type_class_ref(type);
    int blocked = (klass->flags & VIPS_OPERATION_BLOCKED) != 0;
    g_type_class_unref(klass);
    return blocked;
}

// --------------------------------------------------------------------- loading

// Always the loader of the sniffed format: libvips' generic loader search is never
// used for uploads. The buffer is not copied: it must outlive every image made from
// it, which holds because each public function here finishes with the images.
static int load_buffer(CVipsFormat format, const uint8_t *buf, size_t len,
                       VipsAccess access, int fail_on, VipsImage **out) {
    void *data = (void *) buf;
    switch (format) {
    case CVIPS_FORMAT_PNG:
        return vips_pngload_buffer(data, len, out, "access", access, "fail_on", fail_on,
                                   NULL);
    case CVIPS_FORMAT_JPEG:
        return vips_jpegload_buffer(data, len, out, "access", access, "fail_on", fail_on,
                                    NULL);
    case CVIPS_FORMAT_WEBP:
        return vips_webpload_buffer(data, len, out, "access", access, "fail_on", fail_on,
                                    NULL);
    }
    vips_error("imagekit", "unknown format %d", (int) format);
    return -1;
}

int cvips_read_header(CVipsFormat format, const uint8_t *buf, size_t len, int fail_on,
                      CVipsHeader *out, char *err, size_t err_len) {
    VipsImage *image = NULL;
    memset(out, 0, sizeof(*out));
    // Building a loader only parses the header; pixels are decoded on first access,
    // which never happens here. A decompression bomb costs a few header bytes.
    if (load_buffer(format, buf, len, VIPS_ACCESS_SEQUENTIAL, fail_on, &image) != 0) {
        take_error(err, err_len, "cannot read header");
        return -1;
    }
    out->width = image->Xsize;
    out->height = image->Ysize;
    out->bands = image->Bands;
    out->orientation = vips_image_get_orientation(image);
    int interlaced = 0;
    if (vips_image_get_typeof(image, "interlaced") != 0 &&
        vips_image_get_int(image, "interlaced", &interlaced) != 0)
        interlaced = 0;
    out->interlaced = interlaced;
    g_object_unref(image);
    vips_error_clear();
    return 0;
}

// ------------------------------------------------------------------ processing

// Copy of `in` without metadata: EXIF (incl. GPS), XMP, IPTC, PNG text, orientation,
// ... are all metadata fields in libvips. The ICC profile optionally stays (saving with
// strip=TRUE would drop it too). Savers may still synthesise a minimal EXIF block from
// the resolution (8.14 does), so the Swift side passes every encoded file through its
// container rebuilder as well.
static int without_metadata(VipsImage *in, gboolean keep_icc, VipsImage **out) {
    if (vips_copy(in, out, NULL) != 0)
        return -1;
    gchar **fields = vips_image_get_fields(*out);
    for (int i = 0; fields[i] != NULL; i++) {
        if (!keep_icc || strcmp(fields[i], VIPS_META_ICC_NAME) != 0)
            (void) vips_image_remove(*out, fields[i]);
    }
    g_strfreev(fields);
    return 0;
}

static int encode_main(VipsImage *image, const CVipsRequest *rq, void **buf, size_t *len) {
    VipsImage *clean = NULL;
    int rc = -1;
    if (without_metadata(image, TRUE, &clean) != 0)
        return -1;
    switch (rq->out_format) {
    case CVIPS_FORMAT_PNG:
        rc = vips_pngsave_buffer(clean, buf, len, "compression", 6, "strip", FALSE, NULL);
        break;
    case CVIPS_FORMAT_JPEG:
        rc = vips_jpegsave_buffer(clean, buf, len, "Q", rq->quality, "optimize_coding", TRUE,
                                  "strip", FALSE, NULL);
        break;
    case CVIPS_FORMAT_WEBP:
        if (rq->lossless)
            rc = vips_webpsave_buffer(clean, buf, len, "lossless", TRUE, "strip", FALSE, NULL);
        else
            rc = vips_webpsave_buffer(clean, buf, len, "Q", rq->quality, "strip", FALSE, NULL);
        break;
    }
    g_object_unref(clean);
    return rc;
}

// Downsized copy for the thumbnail: longest side exactly `size` (smaller images are
// enlarged), aspect kept, 8-bit sRGB (+ alpha).
//
// Not vips_thumbnail_image(): it resizes with libvips' default "reducing gap" (a box
// shrink to 2x the target, then lanczos3), which on a 1024x1024 PNG costs ~7 ms,
// about half the decode. A full box shrink (gap 0: integer area averaging) followed
// by a small lanczos3 reduce for the fractional rest costs ~2 ms and looks the same
// at 256 px. The rest mirrors what thumbnail_image does: premultiplied alpha while
// resampling (no dark fringes), colour conversion on the small image.
static int thumbnail_pixels(VipsImage *in, int size, VipsImage **out) {
    VipsObject *scope = VIPS_OBJECT(vips_image_new());  // owns the intermediates
    VipsImage **t = (VipsImage **) vips_object_local_array(scope, 8);
    VipsImage *x = in;
    int w = in->Xsize, h = in->Ysize;
    // Target size computed here (not left to rounding inside vips_resize) so the
    // longest side is exactly `size`.
    int tw = size, th = size;
    if (w >= h)
        th = VIPS_MAX(1, (int) VIPS_RINT((double) h * size / w));
    else
        tw = VIPS_MAX(1, (int) VIPS_RINT((double) w * size / h));
    gboolean alpha = vips_image_hasalpha(in);
    VipsBandFormat format = in->BandFmt;
    int rc = -1;

    if (alpha) {
        if (vips_premultiply(x, &t[0], NULL) != 0)
            goto done;
        x = t[0];
    }
    if (vips_resize(x, &t[1], (double) tw / w, "vscale", (double) th / h, "gap", 0.0, NULL) != 0)
        goto done;
    x = t[1];
    if (alpha) {
        if (vips_unpremultiply(x, &t[2], NULL) != 0 || vips_cast(t[2], &t[3], format, NULL) != 0)
            goto done;
        x = t[3];
    }
    // Embedded profile (Display P3, Adobe RGB, CMYK, ...): convert the small image to
    // sRGB, as the thumbnail carries no profile. A profile lcms cannot use is ignored
    // (the thumbnail is then only slightly off in colour; the upload is not refused).
    if (vips_image_get_typeof(x, VIPS_META_ICC_NAME) != 0) {
        if (vips_icc_transform(x, &t[6], "srgb", "embedded", TRUE,
                               "intent", VIPS_INTENT_RELATIVE, NULL) == 0)
            x = t[6];
        else
            vips_error_clear();
    }
    // 16-bit, grey, CMYK, ... -> sRGB; webpsave would otherwise clip 16-bit values.
    if (x->Type != VIPS_INTERPRETATION_sRGB) {
        if (vips_colourspace(x, &t[4], VIPS_INTERPRETATION_sRGB, NULL) != 0)
            goto done;
        x = t[4];
    }
    if (x->BandFmt != VIPS_FORMAT_UCHAR) {
        if (vips_cast(x, &t[5], VIPS_FORMAT_UCHAR, NULL) != 0)
            goto done;
        x = t[5];
    }
    if (x->Xsize != tw || x->Ysize != th) {
        vips_error("imagekit", "thumbnail is %dx%d, wanted %dx%d", x->Xsize, x->Ysize, tw, th);
        goto done;
    }
    // No metadata at all on thumbnails (not even ICC: the pixels are sRGB now).
    if (without_metadata(x, FALSE, out) != 0)
        goto done;
    rc = 0;
done:
    g_object_unref(scope);
    return rc;
}

// WEBP thumbnail without any metadata (strip: no EXIF, XMP or ICC).
//
// The small thumbnail is computed into memory first (256x256x4 bytes at most), so a
// decode error of the upload surfaces there and not inside webpsave: libvips 8.14.1's
// webpsave leaks its whole pipeline (loader, source, images) when its input fails,
// which an uploader could repeat at will.
static int encode_thumbnail(VipsImage *image, const CVipsRequest *rq, CVipsResult *res) {
    VipsImage *thumb = NULL, *pixels = NULL;
    void *buf = NULL;
    size_t len = 0;
    if (thumbnail_pixels(image, rq->thumbnail_size, &thumb) != 0)
        return -1;
    pixels = vips_image_copy_memory(thumb);
    g_object_unref(thumb);
    if (pixels == NULL)
        return -1;
    int rc = vips_webpsave_buffer(pixels, &buf, &len, "Q", rq->thumbnail_quality,
                                  "effort", rq->thumbnail_effort, "strip", TRUE, NULL);
    if (rc == 0) {
        res->thumb_buf = buf;
        res->thumb_len = len;
        res->thumb_width = pixels->Xsize;
        res->thumb_height = pixels->Ysize;
    }
    g_object_unref(pixels);
    return rc;
}

// Random-access loaders decode the whole image on first pixel access. Asking for one
// pixel does that here, so decode errors surface in a plain region request rather
// than inside an encoder (see encode_thumbnail for why that matters).
static int decode_now(VipsImage *image) {
    VipsRegion *region = vips_region_new(image);
    if (region == NULL)
        return -1;
    VipsRect pixel = {0, 0, 1, 1};
    int rc = vips_region_prepare(region, &pixel);
    g_object_unref(region);
    return rc;
}

// ------------------------------------------------------------- full-decode tap
//
// On the fast path the thumbnail pass is what pulls the image through the loader, but
// a resampler is free not to ask for the last rows (e.g. 1001 rows shrunk 4x), and a
// sequential loader cannot be asked for a row again once it has passed it ("out of
// order read"). So the thumbnail reads through this pass-through "tap", which records
// the furthest row requested; afterwards the rows nobody asked for are pulled through
// the loader, so every row is decoded and the loader's end-of-image checks run
// (png_read_end: trailing CRCs, missing data).

typedef struct {
    gint bottom;  // max VIPS_RECT_BOTTOM of any request (atomic: worker threads)
} Tap;

static int tap_generate(VipsRegion *out_region, void *seq, void *a, void *b, gboolean *stop) {
    VipsRegion *in_region = (VipsRegion *) seq;
    Tap *tap = (Tap *) b;
    VipsRect *r = &out_region->valid;
    (void) a;
    (void) stop;
    if (vips_region_prepare(in_region, r) != 0 ||
        vips_region_region(out_region, in_region, r, r->left, r->top) != 0)
        return -1;
    gint bottom = VIPS_RECT_BOTTOM(r);
    for (;;) {
        gint seen = g_atomic_int_get(&tap->bottom);
        if (bottom <= seen || g_atomic_int_compare_and_exchange(&tap->bottom, seen, bottom))
            break;
    }
    return 0;
}

// The Tap lives in `*out`'s memory: it is valid exactly as long as the image is.
static int tap_new(VipsImage *in, Tap **tap_out, VipsImage **out) {
    *out = vips_image_new();
    Tap *tap = VIPS_NEW(VIPS_OBJECT(*out), Tap);
    *tap_out = tap;
    if (tap == NULL)
        goto fail;
    g_atomic_int_set(&tap->bottom, 0);
    if (vips_image_pipelinev(*out, VIPS_DEMAND_STYLE_THINSTRIP, in, NULL) != 0 ||
        vips_image_generate(*out, vips_start_one, tap_generate, vips_stop_one, in, tap) != 0)
        goto fail;
    return 0;
fail:
    g_object_unref(*out);
    *out = NULL;
    *tap_out = NULL;
    return -1;
}

// Decode rows [tap->bottom, Ysize) of the sequential image `in`, a strip at a time.
static int tap_drain(VipsImage *in, Tap *tap) {
    int top = g_atomic_int_get(&tap->bottom);
    if (top >= in->Ysize)
        return 0;
    VipsRegion *region = vips_region_new(in);
    if (region == NULL)
        return -1;
    int rc = 0;
    while (rc == 0 && top < in->Ysize) {
        VipsRect strip = {0, top, in->Xsize, VIPS_MIN(16, in->Ysize - top)};
        rc = vips_region_prepare(region, &strip);
        top += strip.height;
    }
    g_object_unref(region);
    return rc;
}

int cvips_process(const CVipsRequest *rq, const uint8_t *buf, size_t len,
                  CVipsResult *res, char *err, size_t err_len) {
    VipsImage *in = NULL, *image = NULL;
    Tap *tap = NULL;  // owned by `image` on the fast path
    memset(res, 0, sizeof(*res));

    // Fast path (no re-encode): sequential access, the image streams through in strips
    // of a few rows and is never whole in memory. Re-encode path: random access, as
    // rotating by 90 degrees needs every row at once; libvips then decodes once into
    // memory (or a temp file above its disc threshold) and both the main image and the
    // thumbnail are computed from that single decode.
    VipsAccess access = rq->reencode ? VIPS_ACCESS_RANDOM : VIPS_ACCESS_SEQUENTIAL;
    if (load_buffer(rq->format, buf, len, access, rq->fail_on, &in) != 0)
        goto fail;
    if (rq->reencode && decode_now(in) != 0)
        goto fail;

    if (rq->reencode && rq->orientation > 1) {
        // The caller passes the orientation it read from the original upload: the
        // bytes decoded here may be the rebuilt ones, whose EXIF is already gone.
        VipsImage *tagged = NULL;
        if (vips_copy(in, &tagged, NULL) != 0)
            goto fail;
        vips_image_set_int(tagged, VIPS_META_ORIENTATION, rq->orientation);
        int rc = vips_autorot(tagged, &image, NULL);
        g_object_unref(tagged);
        if (rc != 0)
            goto fail;
    } else if (!rq->reencode) {
        if (tap_new(in, &tap, &image) != 0)
            goto fail;
    } else {
        image = in;
        g_object_ref(image);
    }

    if (rq->reencode) {
        void *main_buf = NULL;
        size_t main_len = 0;
        // Encoding reads every pixel: this is the full decode (validation).
        if (encode_main(image, rq, &main_buf, &main_len) != 0)
            goto fail;
        res->main_buf = main_buf;
        res->main_len = main_len;
    }
    if (encode_thumbnail(image, rq, res) != 0)
        goto fail;
    if (!rq->reencode && tap_drain(in, tap) != 0)
        goto fail;

    res->width = image->Xsize;
    res->height = image->Ysize;
    g_object_unref(image);
    g_object_unref(in);
    // Loaders may leave warnings in the buffer even on success.
    vips_error_clear();
    return 0;

fail:
    take_error(err, err_len, "libvips failed");
    if (image != NULL)
        g_object_unref(image);
    if (in != NULL)
        g_object_unref(in);
    cvips_result_free(res);
    return -1;
}

void cvips_result_free(CVipsResult *res) {
    g_free(res->main_buf);
    g_free(res->thumb_buf);
    memset(res, 0, sizeof(*res));
}

// ----------------------------------------------------------------- test helpers

int cvips_decode_check(CVipsFormat format, const uint8_t *buf, size_t len,
                       int *width, int *height, int *bands) {
    VipsImage *image = NULL;
    double avg = 0;
    if (load_buffer(format, buf, len, VIPS_ACCESS_SEQUENTIAL, VIPS_FAIL_ON_ERROR, &image) != 0) {
        vips_error_clear();
        return -1;
    }
    int rc = vips_avg(image, &avg, NULL);
    if (rc == 0) {
        *width = image->Xsize;
        *height = image->Ysize;
        *bands = image->Bands;
    }
    g_object_unref(image);
    vips_error_clear();
    return rc == 0 ? 0 : -1;
}

double cvips_region_average(CVipsFormat format, const uint8_t *buf, size_t len,
                            int band, int x, int y, int w, int h) {
    VipsImage *image = NULL, *area = NULL, *one = NULL;
    double avg = -1;
    if (load_buffer(format, buf, len, VIPS_ACCESS_RANDOM, VIPS_FAIL_ON_ERROR, &image) == 0 &&
        vips_extract_area(image, &area, x, y, w, h, NULL) == 0 &&
        vips_extract_band(area, &one, band, NULL) == 0 &&
        vips_avg(one, &avg, NULL) != 0)
        avg = -1;
    if (one != NULL)
        g_object_unref(one);
    if (area != NULL)
        g_object_unref(area);
    if (image != NULL)
        g_object_unref(image);
    vips_error_clear();
    return avg;
}

int cvips_decode_prefix_then_drain(CVipsFormat format, const uint8_t *buf, size_t len,
                                   int rows) {
    VipsImage *in = NULL, *tapped = NULL;
    VipsRegion *region = NULL;
    Tap *tap = NULL;
    int rc = -1;
    if (load_buffer(format, buf, len, VIPS_ACCESS_SEQUENTIAL, VIPS_FAIL_ON_WARNING, &in) != 0 ||
        tap_new(in, &tap, &tapped) != 0 || (region = vips_region_new(tapped)) == NULL)
        goto done;
    VipsRect prefix = {0, 0, tapped->Xsize, VIPS_MIN(rows, tapped->Ysize)};
    if (prefix.height > 0 && vips_region_prepare(region, &prefix) != 0)
        goto done;
    rc = tap_drain(in, tap);
done:
    if (region != NULL)
        g_object_unref(region);
    if (tapped != NULL)
        g_object_unref(tapped);
    if (in != NULL)
        g_object_unref(in);
    vips_error_clear();
    return rc;
}

uint32_t cvips_crc32(uint32_t crc, const uint8_t *buf, size_t len) {
    // zlib's crc32 takes uInt lengths: feed it in pieces below 4 GiB.
    uLong value = crc;
    while (len > 0) {
        uInt piece = len > 0x40000000u ? 0x40000000u : (uInt) len;
        value = crc32(value, buf, piece);
        buf += piece;
        len -= piece;
    }
    return (uint32_t) value;
}

int cvips_try_loader(const char *nickname, const uint8_t *buf, size_t len,
                     char *err, size_t err_len) {
    VipsBlob *blob = vips_blob_new(NULL, buf, len);
    VipsImage *out = NULL;
    int rc = vips_call(nickname, blob, &out, NULL);
    vips_area_unref(VIPS_AREA(blob));
    if (out != NULL)
        g_object_unref(out);
    if (rc != 0)
        take_error(err, err_len, "loader refused");
    else
        vips_error_clear();
    return rc == 0 ? 0 : -1;
}

int cvips_try_generic_loader(const uint8_t *buf, size_t len, char *err, size_t err_len) {
    VipsImage *image = vips_image_new_from_buffer(buf, len, "", NULL);
    if (image == NULL) {
        take_error(err, err_len, "no loader");
        return -1;
    }
    g_object_unref(image);
    vips_error_clear();
    return 0;
}
