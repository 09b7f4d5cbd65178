#!/usr/bin/env python3
"""Writes deterministic benchmark PNGs into OUTDIR (Python stdlib only).

  photo-1024.png  1024x1024 RGB, "photo-like" (smooth gradients and blobs plus
                  moderate noise), Sub-filtered rows, zlib level 6, ~2 MB.
  big-10mib.png   RGB random noise, as large as possible but <= 10,485,760 bytes
                  (width 1870), filter 0, zlib level 1.

usage: make-bench-images.py OUTDIR [--verify FILE...]
Each written file is decoded back (zlib + CRCs + row filters + sizes) before exit.
"""
import math
import os
import random
import struct
import sys
import zlib

MAX_BIG = 10 * 1024 * 1024  # 10,485,760 bytes, the upload limit
PHOTO_SIZE = 1024
PHOTO_NOISE = 13  # noise amplitude (+-), tuned so the PNG is ~2 MB
BIG_WIDTH = 1870


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bytes(width: int, height: int, idat: bytes) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def write_atomic(path: str, data: bytes) -> None:
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def make_photo(path: str) -> None:
    n = PHOTO_SIZE
    rng = random.Random(20240601)
    # Separable "blobs": amplitude per channel * gx[x] * gy[y] (Gaussian bumps).
    blobs = []
    for _ in range(7):
        cx, cy = rng.uniform(0, n), rng.uniform(0, n)
        sx, sy = rng.uniform(n / 10, n / 3), rng.uniform(n / 10, n / 3)
        amp = [rng.uniform(-90, 90) for _ in range(3)]
        gx = [math.exp(-(((x - cx) / sx) ** 2)) for x in range(n)]
        gy = [math.exp(-(((y - cy) / sy) ** 2)) for y in range(n)]
        blobs.append((amp, gx, gy))
    # Background: diagonal gradient + a soft wave ("sky to ground").
    base = [(110, 0.05, 0.04), (120, 0.03, 0.06), (135, -0.02, 0.03)]
    wave = [18 * math.sin(x / 57.0) for x in range(n)]

    # Noise in [-a, a], triangular: the sum of two uniform nibbles of a random byte.
    a = PHOTO_NOISE
    noise_of = [(b & 15) * (a + 1) // 16 + (b >> 4) * (a + 1) // 16 - a for b in range(256)]
    clamp = bytes(max(0, min(255, v - 512)) for v in range(1024 + 512))

    raw = bytearray()
    for y in range(n):
        wy = [b0 + dy * y for (b0, _, dy) in base]
        comps = []
        for c in range(3):
            row = [wy[c] + base[c][1] * x + wave[x] * (0.6 + 0.2 * c) for x in range(n)]
            for amp, gx, gy in blobs:
                k = amp[c] * gy[y]
                if abs(k) > 0.5:
                    row = [r + k * g for r, g in zip(row, gx)]
            comps.append(row)
        nz = rng.randbytes(3 * n)
        line = bytearray(3 * n)
        r, g, b = comps
        line[0::3] = bytes(clamp[int(v) + 512 + noise_of[e]] for v, e in zip(r, nz[0::3]))
        line[1::3] = bytes(clamp[int(v) + 512 + noise_of[e]] for v, e in zip(g, nz[1::3]))
        line[2::3] = bytes(clamp[int(v) + 512 + noise_of[e]] for v, e in zip(b, nz[2::3]))
        # Sub filter (type 1): each byte minus the byte 3 to its left.
        prev = b"\x00\x00\x00" + bytes(line[:-3])
        filtered = bytes((p - q) & 0xFF for p, q in zip(line, prev))
        raw += b"\x01" + filtered
    data = png_bytes(n, n, zlib.compress(bytes(raw), 6))
    write_atomic(path, data)


def make_big(path: str) -> None:
    w = BIG_WIDTH
    stride = 1 + 3 * w
    overhead = len(png_bytes(w, 1, b""))
    rng = random.Random(10485760)
    # Random bytes do not compress: deflate emits stored blocks (+5 bytes/64 KiB)
    h = (MAX_BIG - overhead) // stride
    pixels = rng.randbytes(3 * w * (h + 16))
    while True:
        raw = b"".join(b"\x00" + pixels[3 * w * y: 3 * w * (y + 1)] for y in range(h))
        idat = zlib.compress(raw, 1)
        total = overhead + len(idat)
        if total <= MAX_BIG:
            break
        h -= max(1, -(-(total - MAX_BIG) // stride))
    write_atomic(path, png_bytes(w, h, idat))


def paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def verify(path: str) -> str:
    """Decodes the PNG (8-bit RGB, non-interlaced) fully; raises on any error."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "bad signature"
    pos, idat, ihdr, seen_end = 8, bytearray(), None, False
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos: pos + 4])
        kind = data[pos + 4: pos + 8]
        body = data[pos + 8: pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length: pos + 12 + length])
        assert len(body) == length, f"truncated {kind!r}"
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc, f"CRC mismatch in {kind!r}"
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            seen_end = True
        pos += 12 + length
    assert ihdr and seen_end and pos == len(data), "missing IHDR/IEND or trailing bytes"
    w, h, depth, ctype, _, _, interlace = ihdr
    assert (depth, ctype, interlace) == (8, 2, 0), "expected 8-bit RGB non-interlaced"
    raw = zlib.decompress(bytes(idat))
    stride = 3 * w
    assert len(raw) == h * (stride + 1), f"raw size {len(raw)} != {h * (stride + 1)}"
    prev = bytearray(stride)
    filters = set()
    pixels_crc = 0
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1: (y + 1) * (stride + 1)])
        filters.add(ft)
        if ft == 0:
            pass
        elif ft == 1:
            for i in range(3, stride):
                line[i] = (line[i] + line[i - 3]) & 0xFF
        elif ft == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif ft == 3:
            for i in range(stride):
                left = line[i - 3] if i >= 3 else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ft == 4:
            for i in range(stride):
                left = line[i - 3] if i >= 3 else 0
                upleft = prev[i - 3] if i >= 3 else 0
                line[i] = (line[i] + paeth(left, prev[i], upleft)) & 0xFF
        else:
            raise AssertionError(f"bad filter type {ft} in row {y}")
        prev = line
        pixels_crc = zlib.crc32(line, pixels_crc)
    return (f"{os.path.basename(path)}: {w}x{h} RGB8, {len(data):,} bytes, "
            f"filters {sorted(filters)}, pixels crc32 {pixels_crc:08x}, OK")


def main(argv: list) -> int:
    if len(argv) >= 3 and argv[1] == "--verify":
        for p in argv[2:]:
            print(verify(p))
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    for name, fn in (("photo-1024.png", make_photo), ("big-10mib.png", make_big)):
        path = os.path.join(out, name)
        fn(path)
        print(verify(path))
    size = os.path.getsize(os.path.join(out, "big-10mib.png"))
    assert size <= MAX_BIG, size
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
