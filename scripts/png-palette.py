#!/usr/bin/env python3
"""Rewrites PNG screenshots as 8-bit palette PNGs, so the docs' images stay small.

  scripts/png-palette.py IN.png OUT.png [IN2.png OUT2.png ...]

A browser screenshot of a report page has few colours (flat backgrounds, text and its
anti-aliasing): 256 colours are kept (the most frequent, each distinct one first) and every
other pixel takes the nearest of them, which is invisible at this scale and makes the file
several times smaller.
Pure Python (zlib only), for 8-bit RGB or RGBA, non-interlaced input (what Chromium writes).
"""
import struct
import sys
import zlib


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(path + ": not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    if depth != 8 or color not in (2, 6) or interlace:
        raise SystemExit(path + ": only 8-bit RGB/RGBA, non-interlaced PNGs are handled")
    bpp = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 255
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    pixels = []
    for line in rows:
        pixels.append([line[i:i + 3] for i in range(0, stride, bpp)])
    return width, height, pixels


def chunk(kind, body):
    return (struct.pack(">I", len(body)) + kind + body +
            struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff))


def write_palette_png(path, width, height, pixels):
    counts = {}
    for row in pixels:
        for p in row:
            counts[p] = counts.get(p, 0) + 1
    # Most frequent first, but a colour close to one already chosen waits: a few pixels of a
    # distinct colour (a small coloured mark) must not lose their place to shades of grey.
    by_count = sorted(counts, key=counts.get, reverse=True)
    palette, rest = [], []
    for p in by_count:
        if len(palette) < 256 and all(
                (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 + (p[2] - q[2]) ** 2 > 24 ** 2 for q in palette):
            palette.append(p)
        else:
            rest.append(p)
    palette += rest[:256 - len(palette)]
    index = {p: i for i, p in enumerate(palette)}

    def nearest(p):
        r, g, b = p
        best, best_d = 0, None
        for i, q in enumerate(palette):
            d = (r - q[0]) ** 2 + (g - q[1]) ** 2 + (b - q[2]) ** 2
            if best_d is None or d < best_d:
                best, best_d = i, d
        return best

    raw = bytearray()
    for row in pixels:
        raw.append(0)
        for p in row:
            i = index.get(p)
            if i is None:
                i = index[p] = nearest(p)
            raw.append(i)
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0))
    png += chunk(b"PLTE", b"".join(bytes(p) for p in palette))
    png += chunk(b"IDAT", zlib.compress(bytes(raw), 9))
    png += chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def main():
    args = sys.argv[1:]
    if not args or len(args) % 2:
        raise SystemExit(__doc__)
    for src, dst in zip(args[::2], args[1::2]):
        width, height, pixels = read_png(src)
        write_palette_png(dst, width, height, pixels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
