#!/usr/bin/env python3
"""Make the ImageKit test fixtures in Tests/Fixtures (deterministic).

    python3 scripts/make-fixtures.py                  # (re)write Tests/Fixtures/*
    python3 scripts/make-fixtures.py --bench-png F    # also write a ~2 MB 1024x1024
                                                      # photo-like PNG to F (benchmark)
    python3 scripts/make-fixtures.py --check          # verify committed fixtures are current
                                                      # (and the fuzz seed corpus)

PNG, GIF, BMP, TIFF, SVG and the broken files are built byte by byte with the
standard library (zlib + struct) so every chunk is exactly what the test means.
JPEG and WEBP need an encoder: those use Pillow (`pip install pillow==13.0.0`;
the output is deterministic for a given Pillow version). The outputs are
committed, so tests never need Python or Pillow; only regenerating does.

The fuzzer's seed corpus (Tests/FuzzCorpus, scripts/fuzz) is written too: small
valid and broken files, most of them copies of fixtures. Inputs the fuzzer found
(Tests/FuzzCorpus/regressions) are committed as found and not made here.
Metadata blocks (EXIF with GPS, XMP, IPTC, COM) are written by hand and
spliced in, so the tests know exactly which bytes must disappear.
"""

import argparse
import io
import os
import random
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.normpath(os.path.join(HERE, "..", "Tests", "Fixtures"))
CORPUS = os.path.normpath(os.path.join(HERE, "..", "Tests", "FuzzCorpus"))

RED = (255, 0, 0)
# Every fixture meant to be valid has a solid 8x8 RED block in its top-left corner
# (in stored pixel order) so tests can check where that corner ends up.
MARK = 8


# --------------------------------------------------------------------------- PNG
PNG_SIG = b"\x89PNG\r\n\x1a\n"


def chunk(ctype, data, crc=None):
    if crc is None:
        crc = zlib.crc32(ctype + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + ctype + data + struct.pack(">I", crc)


def ihdr(w, h, depth, colour, interlace=0):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, colour, 0, 0, interlace))


def iend():
    return chunk(b"IEND", b"")


def idats(raw, level=9, pieces=1):
    """zlib-compress the filtered scanlines and split them into `pieces` IDATs."""
    z = zlib.compress(raw, level)
    step = max(1, -(-len(z) // pieces))
    return b"".join(chunk(b"IDAT", z[i:i + step]) for i in range(0, len(z), step))


def pixel_rgb(x, y, w, h):
    """Smooth, non-symmetric content with the red marker block top-left."""
    if x < MARK and y < MARK:
        return RED
    return (40 + (150 * x) // max(1, w - 1), 60 + (150 * y) // max(1, h - 1), 200)


def raw_rows(w, h, bands_fn, bytes_per_sample=1):
    """Filter type 0 scanlines; bands_fn(x, y) returns the samples of one pixel."""
    out = bytearray()
    for y in range(h):
        out.append(0)
        for x in range(w):
            for s in bands_fn(x, y):
                out += s.to_bytes(bytes_per_sample, "big")
    return bytes(out)


def png_rgb(w=64, h=48, before_idat=b"", after_idat=b"", pieces=2):
    raw = raw_rows(w, h, lambda x, y: pixel_rgb(x, y, w, h))
    return PNG_SIG + ihdr(w, h, 8, 2) + before_idat + idats(raw, pieces=pieces) + after_idat + iend()


def png_rgba(w=64, h=48):
    raw = raw_rows(w, h, lambda x, y: pixel_rgb(x, y, w, h) + ((255 if x < w // 2 else 96),))
    return PNG_SIG + ihdr(w, h, 8, 6) + idats(raw) + iend()


def png_rgb16(w=64, h=48):
    raw = raw_rows(w, h, lambda x, y: tuple(c * 257 for c in pixel_rgb(x, y, w, h)), 2)
    return PNG_SIG + ihdr(w, h, 16, 2) + idats(raw) + iend()


def png_adam7(w=64, h=48):
    """Interlaced (Adam7) RGB: 7 reduced images, each with its own filter bytes."""
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4),
              (1, 0, 2, 2), (0, 1, 1, 2)]
    raw = bytearray()
    for x0, y0, dx, dy in passes:
        xs = range(x0, w, dx)
        if not xs:
            continue
        for y in range(y0, h, dy):
            raw.append(0)
            for x in xs:
                raw += bytes(pixel_rgb(x, y, w, h))
    return PNG_SIG + ihdr(w, h, 8, 2, interlace=1) + idats(bytes(raw)) + iend()


def png_palette_trns(w=64, h=48):
    palette = [RED, (0, 0, 255), (0, 160, 0), (250, 250, 250)]
    alpha = bytes([255, 255, 128, 0])  # tRNS: entry 3 fully transparent

    def idx(x, y):
        if x < MARK and y < MARK:
            return (0,)
        return ((1 + (x // 8 + y // 8) % 3),)

    raw = raw_rows(w, h, idx)
    return (PNG_SIG + ihdr(w, h, 8, 3) + chunk(b"PLTE", b"".join(bytes(c) for c in palette))
            + chunk(b"tRNS", alpha) + idats(raw) + iend())


# --------------------------------------------------------------- PngSuite corrupt
def pngsuite_base(depth, colour):
    """32x32 grey (colour 0) or RGB (colour 2) gradient, like PngSuite's basn* images."""
    w = h = 32
    if colour == 0:
        top = (1 << depth) - 1
        if depth < 8:  # pack samples MSB first
            raw = bytearray()
            for y in range(h):
                raw.append(0)
                acc, bits = 0, 0
                for x in range(w):
                    acc = (acc << depth) | ((x + y) * top // (w + h - 2))
                    bits += depth
                    if bits == 8:
                        raw.append(acc)
                        acc, bits = 0, 0
            raw = bytes(raw)
        else:
            raw = raw_rows(w, h, lambda x, y: ((x + y) * top // (w + h - 2),))
    else:
        raw = raw_rows(w, h, lambda x, y: (x * 8, y * 8, 255 - x * 4))
    return w, h, zlib.compress(raw, 9)


def png_from(w, h, depth, colour, z, sig=PNG_SIG, ihdr_crc=None, idat_crc=None):
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, colour, 0, 0, 0), crc=ihdr_crc)
    return sig + header + chunk(b"IDAT", z, crc=idat_crc) + iend()


def pngsuite_corrupt():
    f = {}
    g1 = pngsuite_base(1, 0)
    g4 = pngsuite_base(4, 0)
    g8 = pngsuite_base(8, 0)
    c8 = pngsuite_base(8, 2)
    basn0g04 = png_from(*g4[:2], 4, 0, g4[2])

    def sig_with(index, value):
        sig = bytearray(PNG_SIG)
        sig[index] = value
        return bytes(sig)

    # Signature: each of the 8 bytes wrong once. PngSuite has four of them
    # (1: MSB cleared, 2: 'Q' for 'P', 4: 'g' for 'G', 7: space for ^Z); the other
    # four complete the set.
    for n, value in [(1, 0x09), (2, ord("Q")), (4, ord("g")), (7, 0x20)]:
        f[f"pngsuite-xs{n}n0g01.png"] = png_from(*g1[:2], 1, 0, g1[2], sig=sig_with(n - 1, value))
    for n, value in [(3, ord("n")), (5, 0x0A), (6, 0x0D), (8, 0x0D)]:
        f[f"bad-signature-byte{n}.png"] = png_from(*g1[:2], 1, 0, g1[2], sig=sig_with(n - 1, value))
    # Text-mode transfers. xcrn0g04 "added cr bytes": every LF became CR LF (Unix to
    # DOS); xlfn0g04 "added lf bytes": every CR became CR LF. Both break the signature.
    f["pngsuite-xcrn0g04.png"] = basn0g04.replace(b"\n", b"\r\n")
    f["pngsuite-xlfn0g04.png"] = basn0g04.replace(b"\r", b"\r\n")
    # Checksums: IHDR CRC wrong (xhdn0g08), IDAT CRC wrong (xcsn0g01).
    ok_ihdr = zlib.crc32(b"IHDR" + struct.pack(">IIBBBBB", 32, 32, 8, 0, 0, 0, 0)) & 0xFFFFFFFF
    f["pngsuite-xhdn0g08.png"] = png_from(*g8[:2], 8, 0, g8[2], ihdr_crc=ok_ihdr ^ 1)
    ok_idat = zlib.crc32(b"IDAT" + g1[2]) & 0xFFFFFFFF
    f["pngsuite-xcsn0g01.png"] = png_from(*g1[:2], 1, 0, g1[2], idat_crc=ok_idat ^ 1)
    # Colour types that do not exist: 1 (xc1n0g08) and 9 (xc9n2c08).
    f["pngsuite-xc1n0g08.png"] = png_from(*g8[:2], 8, 1, g8[2])
    f["pngsuite-xc9n2c08.png"] = png_from(*c8[:2], 8, 9, c8[2])
    # Bit depths that do not exist: 0, 3 and 99 (xd0n2c08, xd3n2c08, xd9n2c08).
    for name, depth in [("xd0n2c08", 0), ("xd3n2c08", 3), ("xd9n2c08", 99)]:
        f[f"pngsuite-{name}.png"] = png_from(*c8[:2], depth, 2, c8[2])
    # No IDAT at all (xdtn0g01).
    f["pngsuite-xdtn0g01.png"] = PNG_SIG + chunk(
        b"IHDR", struct.pack(">IIBBBBB", 32, 32, 1, 0, 0, 0, 0)) + iend()
    return f


# ------------------------------------------------------------------ metadata blocks
def tiff_exif(orientation):
    """Big-endian TIFF block: IFD0 (Orientation, Make, ExifIFD, GPS IFD), Exif IFD
    (DateTimeOriginal) and a GPS IFD with a latitude/longitude. Raw TIFF (no
    "Exif\\0\\0" header): that is what PNG eXIf and Pillow's WebP exif= take."""
    blobs = bytearray()
    base = 8

    def ifd_size(n):
        return 2 + 12 * n + 4

    # layout: header(8) | IFD0 (4 entries) | ExifIFD (1) | GPS IFD (4) | data area
    off_ifd0 = base
    off_exif = off_ifd0 + ifd_size(4)
    off_gps = off_exif + ifd_size(1)
    off_data = off_gps + ifd_size(4)

    def put(data):
        nonlocal blobs
        off = off_data + len(blobs)
        blobs += data
        if len(blobs) % 2:
            blobs += b"\0"
        return off

    def entry(tag, typ, count, value_bytes):
        if len(value_bytes) <= 4:
            return struct.pack(">HHI", tag, typ, count) + value_bytes.ljust(4, b"\0")
        return struct.pack(">HHII", tag, typ, count, put(value_bytes))

    make = b"ImageKitTestCam\0"
    entries0 = [
        entry(0x010F, 2, len(make), make),                       # Make
        entry(0x0112, 3, 1, struct.pack(">H", orientation)),     # Orientation
        entry(0x8769, 4, 1, struct.pack(">I", off_exif)),        # ExifIFD pointer
        entry(0x8825, 4, 1, struct.pack(">I", off_gps)),         # GPS IFD pointer
    ]
    date = b"2024:05:06 07:08:09\0"
    exif_entries = [entry(0x9003, 2, len(date), date)]           # DateTimeOriginal

    def rationals(*pairs):
        return b"".join(struct.pack(">II", a, b) for a, b in pairs)

    gps_entries = [
        entry(0x0001, 2, 2, b"N\0"),                             # GPSLatitudeRef
        entry(0x0002, 5, 3, rationals((48, 1), (51, 1), (2953, 100))),
        entry(0x0003, 2, 2, b"E\0"),                             # GPSLongitudeRef
        entry(0x0004, 5, 3, rationals((2, 1), (17, 1), (4021, 100))),
    ]

    def ifd(entries, next_off=0):
        return struct.pack(">H", len(entries)) + b"".join(entries) + struct.pack(">I", next_off)

    body = ifd(entries0) + ifd(exif_entries) + ifd(gps_entries)
    assert len(body) + base == off_data
    return b"MM\0*" + struct.pack(">I", off_ifd0) + body + bytes(blobs)


XMP = (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
       b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
       b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
       b'xmlns:exif="http://ns.adobe.com/exif/1.0/" xmp:CreatorTool="ImageKitTest" '
       b'exif:GPSLatitude="48,51.4922N" exif:GPSLongitude="2,17.6702E"/>'
       b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>')

SECRET = b"SECRET-PERSONAL-DATA"  # planted in every metadata block; must never survive


def jpeg_segment(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def iptc_app13():
    # Photoshop 3.0 resource block 0x0404 (IPTC-NAA) with one By-line dataset.
    iptc = b"\x1c\x02\x50" + struct.pack(">H", len(SECRET)) + SECRET
    res = b"8BIM" + struct.pack(">H", 0x0404) + b"\0\0" + struct.pack(">I", len(iptc)) + iptc
    if len(res) % 2:
        res += b"\0"
    return jpeg_segment(0xED, b"Photoshop 3.0\0" + res)


def splice_after_app0(jpeg, segments):
    """Insert raw segments right after SOI (+ APP0 JFIF if present)."""
    assert jpeg[:2] == b"\xff\xd8"
    pos = 2
    if jpeg[2:4] == b"\xff\xe0":
        pos = 4 + struct.unpack(">H", jpeg[4:6])[0]
    return jpeg[:pos] + b"".join(segments) + jpeg[pos:]


def metadata_segments(orientation):
    return [
        jpeg_segment(0xE1, b"Exif\0\0" + tiff_exif(orientation)),
        jpeg_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0" + XMP),
        iptc_app13(),
        jpeg_segment(0xFE, b"comment: " + SECRET),                    # COM
        jpeg_segment(0xE2, b"MPF\0" + b"II*\0" + SECRET),            # APP2 that is not ICC
        jpeg_segment(0xEC, b"Ducky" + SECRET),                       # APP12 (other APPn)
    ]


# ------------------------------------------------------------------- Pillow parts
def pil():
    try:
        from PIL import Image  # noqa: F401
        return __import__("PIL.Image", fromlist=["Image"])
    except ImportError:
        sys.exit("Pillow is needed to (re)make the JPEG/WEBP fixtures: pip install pillow==13.0.0")


def pil_image(w, h, alpha=False):
    Image = pil()
    im = Image.new("RGBA" if alpha else "RGB", (w, h))
    px = im.load()
    for y in range(h):
        for x in range(w):
            c = pixel_rgb(x, y, w, h)
            px[x, y] = c + ((255 if x < w // 2 else 96),) if alpha else c
    return im


def jpeg_bytes(im, **kw):
    buf = io.BytesIO()
    kw.setdefault("quality", 95)
    kw.setdefault("subsampling", 0)  # 4:4:4 keeps the red corner crisp
    im.save(buf, "JPEG", **kw)
    return buf.getvalue()


def webp_bytes(im, **kw):
    buf = io.BytesIO()
    im.save(buf, "WEBP", **kw)
    return buf.getvalue()


def srgb_icc():
    from PIL import ImageCms
    icc = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    # lcms stamps the creation time into the header (bytes 24-35): fix it, so the
    # fixture is the same on every run.
    icc[24:36] = struct.pack(">6H", 2024, 1, 1, 0, 0, 0)
    assert icc[84:100] == bytes(16)  # no profile ID (MD5) that would cover the date
    return bytes(icc)


# ------------------------------------------------------------------ other formats
def gif_1x1():
    return (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\x00\x00\x00\x00\x00"
            b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b")


def bmp_2x2():
    pixels = b"\x00\x00\xff\xff\x00\x00\x00\x00" * 2  # BGR rows padded to 4 bytes
    header = b"BM" + struct.pack("<IHHI", 14 + 40 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, 2, 2, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return header + info + pixels


def tiff_1x1():
    entries = [(256, 3, 1, 1), (257, 3, 1, 1), (258, 3, 1, 8), (259, 3, 1, 1),
               (262, 3, 1, 1), (273, 4, 1, 8 + 2 + 12 * 9 + 4), (277, 3, 1, 1),
               (278, 3, 1, 1), (279, 4, 1, 1)]
    ifd = struct.pack("<H", len(entries)) + b"".join(
        struct.pack("<HHII", t, ty, c, v) for t, ty, c, v in entries) + b"\0\0\0\0"
    return b"II*\0" + struct.pack("<I", 8) + ifd + b"\x80"


SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="64" '
       b'height="48"><rect width="64" height="48" fill="red"/></svg>\n')

HEIC = (struct.pack(">I", 24) + b"ftypheic" + b"\0\0\0\0" + b"mif1heic"
        + struct.pack(">I", 8) + b"mdat")


# ------------------------------------------------------------------------ fixtures
def make_all():
    f = {}

    # ---- PNG: valid
    f["valid-rgb.png"] = png_rgb()
    # What the fake engines answer: a real 1024x1024 image, as an engine would make.
    f["generated-1024.png"] = png_rgb(1024, 1024, pieces=4)
    f["valid-rgba.png"] = png_rgba()
    f["valid-rgb16.png"] = png_rgb16()
    f["palette-trns.png"] = png_palette_trns()

    f["interlaced-adam7.png"] = png_adam7()
    # Quirks seen in the wild that must NOT be refused: out-of-range gAMA, degenerate
    # cHRM (libpng warns and ignores them), extra zlib data after the last row.
    quirk_raw = raw_rows(64, 48, lambda x, y: pixel_rgb(x, y, 64, 48))
    f["quirky-but-valid.png"] = (PNG_SIG + ihdr(64, 48, 8, 2) + chunk(b"gAMA", b"\0" * 4)
                                 + chunk(b"cHRM", b"\0" * 32)
                                 + chunk(b"IDAT", zlib.compress(quirk_raw + b"\0" * 300)) + iend())

    # ---- PNG: metadata / extra chunks that must be dropped
    text = (chunk(b"tEXt", b"Comment\0" + SECRET)
            + chunk(b"zTXt", b"Author\0\0" + zlib.compress(SECRET))
            + chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0" + XMP)
            + chunk(b"eXIf", tiff_exif(1))
            + chunk(b"tIME", struct.pack(">HBBBBB", 2024, 5, 6, 7, 8, 9)))
    f["metadata.png"] = png_rgb(before_idat=chunk(b"gAMA", struct.pack(">I", 45455)) + text,
                                after_idat=chunk(b"tEXt", b"Late\0" + SECRET))
    f["exif-orientation6.png"] = png_rgb(40, 20, before_idat=chunk(b"eXIf", tiff_exif(6)))
    f["appended-after-iend.png"] = png_rgb() + b"APPENDED-PAYLOAD" + SECRET + b"<?php ?>"
    f["private-chunk.png"] = png_rgb(before_idat=chunk(b"prVt", SECRET))
    # APNG control chunks (the default image is the IDAT; animation is dropped)
    f["apng.png"] = png_rgb(before_idat=chunk(b"acTL", struct.pack(">II", 1, 0))
                            + chunk(b"fcTL", struct.pack(">IIIIIHHBB", 0, 64, 48, 0, 0, 1, 10, 0, 0)))

    # ---- PNG: broken
    good = png_rgb()
    f["truncated.png"] = good[: len(good) // 2]
    sig_ihdr = PNG_SIG + ihdr(64, 48, 8, 2)
    raw = raw_rows(64, 48, lambda x, y: pixel_rgb(x, y, 64, 48))
    z = zlib.compress(raw, 9)
    bad_idat = bytearray(chunk(b"IDAT", z))
    bad_idat[-1] ^= 0xFF
    f["bad-crc-idat.png"] = sig_ihdr + bytes(bad_idat) + iend()
    bad_ihdr = bytearray(ihdr(64, 48, 8, 2))
    bad_ihdr[-1] ^= 0xFF
    f["bad-crc-ihdr.png"] = PNG_SIG + bytes(bad_ihdr) + chunk(b"IDAT", z) + iend()
    f["missing-idat.png"] = sig_ihdr + iend()
    zc = bytearray(z)
    for i in range(len(zc) // 3, len(zc) // 3 + 24):  # scribble over the deflate stream
        zc[i] ^= 0x5A
    f["corrupt-zlib.png"] = sig_ihdr + chunk(b"IDAT", bytes(zc)) + iend()
    # zlib stream complete but too short: only half of the rows (CRCs all fine)
    f["short-idat.png"] = sig_ihdr + chunk(b"IDAT", zlib.compress(raw[: len(raw) // 2])) + iend()
    f["bad-colortype-depth.png"] = (PNG_SIG + ihdr(64, 48, 4, 2)  # RGB at 4 bits: invalid
                                    + chunk(b"IDAT", zlib.compress(b"\0" * (48 * 97))) + iend())
    # "text mode" transfer: every LF became CR LF, including inside the signature
    f["crlf-signature.png"] = good.replace(b"\n", b"\r\n")
    # decompression bomb: 20000x20000 declared, 1-bit grey zeros, complete and valid,
    # ~49 KB on disk, 400 MB once decoded to 8-bit grey.
    bw, bh = 20000, 20000
    row = b"\0" * (1 + (bw + 7) // 8)
    comp = zlib.compressobj(9)
    zbomb = b"".join(comp.compress(row) for _ in range(bh)) + comp.flush()
    f["bomb-20000x20000.png"] = PNG_SIG + ihdr(bw, bh, 1, 0) + chunk(b"IDAT", zbomb) + iend()

    # ---- PNG: the corrupt cases of PngSuite (Willem van Schaik's test set), remade
    # here on the same kind of base image (32x32, PngSuite's basn0g01/basn0g04/basn0g08/
    # basn2c08). Header CRCs are correct unless the CRC is the damage.
    f.update(pngsuite_corrupt())

    # ---- JPEG (Pillow encodes; metadata spliced by hand)
    Image = pil()
    rgb = pil_image(64, 48)
    f["valid.jpg"] = jpeg_bytes(rgb)
    f["metadata.jpg"] = splice_after_app0(jpeg_bytes(rgb), metadata_segments(1))
    # stored 40x20 with the red block top-left; Orientation=6 means "rotate 90 CW to
    # display", so the processed image is 20x40 with the red block top-RIGHT.
    f["exif-orientation6.jpg"] = splice_after_app0(jpeg_bytes(pil_image(40, 20)),
                                                   metadata_segments(6))
    f["icc-progressive-restart.jpg"] = splice_after_app0(
        jpeg_bytes(rgb, progressive=True, icc_profile=srgb_icc(), restart_marker_blocks=2),
        metadata_segments(1))
    good_jpeg = f["valid.jpg"]
    f["truncated.jpg"] = good_jpeg[: len(good_jpeg) * 2 // 3]
    f["garbage-after-eoi.jpg"] = f["metadata.jpg"] + b"TRAILER" + SECRET + b"\xff\xd8\xff\xe1"
    # Damage the Swift segment walker cannot see (structure intact, EOI present):
    # libjpeg decodes both with "Corrupt JPEG data" warnings and grey fill; only
    # fail_on=warning refuses them (fail_on=error would store them).
    noise = random.Random(7)
    noisy = Image.frombytes("RGB", (128, 96), bytes(noise.randrange(256)
                                                     for _ in range(128 * 96 * 3)))
    nj = jpeg_bytes(noisy, quality=90)
    f["cut-with-eoi.jpg"] = nj[: len(nj) // 2] + b"\xff\xd9"  # truncated, EOI re-added
    cj = bytearray(jpeg_bytes(noisy, quality=90, restart_marker_blocks=4))
    scribble = random.Random(1)
    restarts = [i for i in range(cj.index(b"\xff\xda"), len(cj) - 1)
                if cj[i] == 0xFF and 0xD0 <= cj[i + 1] <= 0xD7]
    for i in restarts[4::5]:  # the 20 bytes before every 5th restart marker
        for k in range(i - 20, i):
            if cj[k] != 0xFF and cj[k - 1] != 0xFF:  # keep markers and stuffing intact
                cj[k] = scribble.randrange(255)
    f["corrupt-restart-intervals.jpg"] = bytes(cj)
    # A few padding bytes before EOI (some encoders do this): one libjpeg warning,
    # which libvips tolerates even at fail_on=warning. Must be accepted.
    f["padding-before-eoi.jpg"] = good_jpeg[:-2] + b"\0\0\0" + b"\xff\xd9"
    # CMYK (Adobe APP14 marker, inverted CMYK as Photoshop writes it)
    f["cmyk.jpg"] = jpeg_bytes(rgb.convert("CMYK"))
    gray = Image.new("L", (64, 48))
    gray.putdata([(x * 4) % 256 if not (x < MARK and y < MARK) else 0
                  for y in range(48) for x in range(64)])
    f["grayscale.jpg"] = jpeg_bytes(gray)

    # ---- WEBP
    f["valid-lossy.webp"] = webp_bytes(rgb, quality=90, method=4,
                                       exif=b"Exif\0\0" + tiff_exif(1), xmp=XMP)
    f["valid-lossless.webp"] = webp_bytes(pil_image(64, 48, alpha=True), lossless=True,
                                          exact=True)
    w = f["valid-lossy.webp"]
    f["truncated.webp"] = w[: len(w) // 2]
    f["appended-after-riff.webp"] = w + b"APPENDED-PAYLOAD" + SECRET
    cw = bytearray(w)  # container intact, VP8 bitstream scribbled over
    vp8 = cw.index(b"VP8 ")
    for k in range(vp8 + 30, vp8 + 200):
        cw[k] ^= 0x5A
    f["corrupt-bitstream.webp"] = bytes(cw)
    f["exif-orientation6.webp"] = webp_bytes(pil_image(40, 20), lossless=True,
                                             exif=b"Exif\0\0" + tiff_exif(6))

    # ---- not images we accept (names are irrelevant: only bytes are sniffed)
    f["image.gif"] = gif_1x1()
    f["gif-named-as.png"] = gif_1x1()
    f["image.bmp"] = bmp_2x2()
    f["image.tiff"] = tiff_1x1()
    f["tiff-named-as.jpg"] = tiff_1x1()
    f["image.svg"] = SVG
    f["svg-named-as.webp"] = SVG
    f["image.heic"] = HEIC
    f["plain.txt"] = b"hello, this is not an image\n"
    f["empty.bin"] = b""
    # PNG signature followed by a GIF: must not reach any loader but pngload
    f["png-signature-gif-body.png"] = PNG_SIG + gif_1x1()
    return f


# ------------------------------------------------------------------ fuzz corpus
# Fixtures copied into the corpus as they are: small (< 20 KB), one of each
# structure the validators walk (colour types, interlace, metadata to drop, EXIF
# orientation, ICC, progressive + restart markers, CMYK, lossy/lossless WEBP), and a
# few broken ones so mutations start on both sides of every check.
CORPUS_FROM_FIXTURES = [
    "valid-rgb.png", "valid-rgba.png", "valid-rgb16.png", "palette-trns.png",
    "interlaced-adam7.png", "metadata.png", "exif-orientation6.png", "apng.png",
    "quirky-but-valid.png", "valid.jpg", "metadata.jpg", "exif-orientation6.jpg",
    "icc-progressive-restart.jpg", "cmyk.jpg", "grayscale.jpg", "padding-before-eoi.jpg",
    "valid-lossy.webp", "valid-lossless.webp", "exif-orientation6.webp",
    "truncated.png", "bad-crc-idat.png", "short-idat.png", "corrupt-zlib.png",
    "truncated.jpg", "cut-with-eoi.jpg", "truncated.webp", "corrupt-bitstream.webp",
    "pngsuite-xc1n0g08.png", "pngsuite-xd3n2c08.png",
]
CORPUS_MAX = 20 * 1024


def make_corpus(fixtures):
    c = {name: fixtures[name] for name in CORPUS_FROM_FIXTURES}
    # Small images of the kinds the fixtures lack: sub-byte and 16-bit grey, grey +
    # alpha, a 2-bit palette, tiny baseline/progressive JPEGs, lossy WEBP with an
    # alpha chunk (VP8X + ALPH), and an animated WEBP (ANMF frames).
    g1 = pngsuite_base(1, 0)
    c["grey1-32x32.png"] = png_from(*g1[:2], 1, 0, g1[2])
    c["grey16-16x16.png"] = PNG_SIG + ihdr(16, 16, 16, 0) + idats(
        raw_rows(16, 16, lambda x, y: (x * 4096 + y * 16,), 2)) + iend()
    c["grey-alpha-16x16.png"] = PNG_SIG + ihdr(16, 16, 8, 4) + idats(
        raw_rows(16, 16, lambda x, y: (x * 16, y * 16))) + iend()
    rows2 = bytearray()
    for y in range(16):
        rows2 += bytes([0]) + bytes(((x * 4 + y) % 4) * 0x55 for x in range(4))
    c["palette2-16x16.png"] = (PNG_SIG + ihdr(16, 16, 2, 3)
                               + chunk(b"PLTE", bytes([255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9]))
                               + idats(bytes(rows2)) + iend())
    Image = pil()
    c["tiny-8x8.jpg"] = jpeg_bytes(pil_image(8, 8), quality=80)
    c["progressive-16x16.jpg"] = jpeg_bytes(pil_image(16, 16), quality=80, progressive=True,
                                            subsampling=2)
    c["alpha-lossy-16x16.webp"] = webp_bytes(pil_image(16, 16, alpha=True), quality=70, method=4)
    frames = [pil_image(16, 16), Image.new("RGB", (16, 16), (0, 0, 255))]
    buf = io.BytesIO()
    frames[0].save(buf, "WEBP", save_all=True, append_images=frames[1:], duration=100,
                   loop=0, lossless=True)
    c["animated-16x16.webp"] = buf.getvalue()
    for name, data in c.items():
        assert len(data) < CORPUS_MAX, f"corpus file {name} is {len(data)} bytes"
    return c


def bench_png(path, size=1024, seed=1234):
    """Photo-like 1024x1024 RGB PNG, ~2 MB: smooth gradients + soft blobs + seeded
    noise (what keeps photos from compressing well). Rows are filtered the way libpng
    (and so most encoders) does by default: per row, the filter with the smallest sum
    of absolute signed residuals; zlib level 6, 8 KiB IDAT chunks."""
    rng = random.Random(seed)
    w = h = size
    blobs = [(rng.randrange(w), rng.randrange(h), rng.randrange(80, 300),
              [rng.randrange(-90, 90) for _ in range(3)]) for _ in range(12)]
    noise = bytes(rng.randrange(0, 256) for _ in range(w * 3 * 64))
    bpp = 3
    prev = bytes(w * 3)
    out = bytearray()

    def residual_cost(row):
        return sum(v if v < 128 else 256 - v for v in row)

    for y in range(h):
        line = bytearray(w * 3)
        for x in range(w):
            r = 60 + (120 * x) // w
            g = 40 + (150 * y) // h
            b = 120 + (80 * (x + y)) // (w + h)
            for (bx, by, rad, d) in blobs:
                dx, dy = x - bx, y - by
                if abs(dx) < rad and abs(dy) < rad:
                    k = max(0, rad * rad - dx * dx - dy * dy) / (rad * rad)
                    r += int(d[0] * k); g += int(d[1] * k); b += int(d[2] * k)
            n = (y % 64) * w * 3 + x * 3
            i = x * 3
            line[i] = min(255, max(0, r + (noise[n] % 21) - 10))
            line[i + 1] = min(255, max(0, g + (noise[n + 1] % 21) - 10))
            line[i + 2] = min(255, max(0, b + (noise[n + 2] % 21) - 10))
        left = bytes(bpp) + bytes(line[:-bpp])
        upleft = bytes(bpp) + prev[:-bpp]
        cands = [
            (0, bytes(line)),
            (1, bytes((c - a) & 0xFF for c, a in zip(line, left))),
            (2, bytes((c - u) & 0xFF for c, u in zip(line, prev))),
            (3, bytes((c - ((a + u) >> 1)) & 0xFF for c, a, u in zip(line, left, prev))),
        ]
        paeth = bytearray(w * 3)
        for i in range(w * 3):
            a, u, c = left[i], prev[i], upleft[i]
            p = a + u - c
            pa, pb, pc = abs(p - a), abs(p - u), abs(p - c)
            paeth[i] = (line[i] - (a if pa <= pb and pa <= pc else (u if pb <= pc else c))) & 0xFF
        cands.append((4, bytes(paeth)))
        ftype, data = min(cands, key=lambda fd: residual_cost(fd[1]))
        out.append(ftype)
        out += data
        prev = bytes(line)
    z = zlib.compress(bytes(out), 6)
    data = PNG_SIG + ihdr(w, h, 8, 2) + b"".join(
        chunk(b"IDAT", z[i:i + 8192]) for i in range(0, len(z), 8192)) + iend()
    with open(path, "wb") as fh:
        fh.write(data)
    print(f"wrote {path}: {len(data)} bytes")


def write_or_check(files, directory, check):
    """Writes `files` into `directory`, or (check) returns the names that differ."""
    stale = []
    if not check:
        os.makedirs(directory, exist_ok=True)
    for name, data in sorted(files.items()):
        path = os.path.join(directory, name)
        if check:
            try:
                with open(path, "rb") as fh:
                    if fh.read() != data:
                        stale.append(name)
            except FileNotFoundError:
                stale.append(name)
            continue
        with open(path, "wb") as fh:
            fh.write(data)
    return stale


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=FIXTURES, help="fixture directory (default Tests/Fixtures)")
    ap.add_argument("--bench-png", metavar="FILE", help="also write the benchmark PNG to FILE")
    ap.add_argument("--check", action="store_true", help="fail if committed fixtures differ")
    ap.add_argument("--no-fixtures", action="store_true", help="only --bench-png")
    args = ap.parse_args()

    if not args.no_fixtures:
        fixtures = make_all()
        stale = write_or_check(fixtures, args.out, args.check)
        corpus = make_corpus(fixtures)
        stale += ["FuzzCorpus/" + n for n in write_or_check(corpus, CORPUS, args.check)]
        if args.check:
            if stale:
                sys.exit("stale fixtures: " + ", ".join(stale))
            print(f"{len(fixtures)} fixtures and {len(corpus)} corpus files up to date")
        else:
            print(f"wrote {len(fixtures)} fixtures to {args.out}, {len(corpus)} to {CORPUS}")
    if args.bench_png:
        bench_png(args.bench_png)


if __name__ == "__main__":
    main()
