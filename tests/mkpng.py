#!/usr/bin/env python3
"""Writes PNGs of one colour, of any size, in about a second.

Usage: python3 tests/mkpng.py SPEC...   where SPEC is OUT,WIDTH,HEIGHT[,OPTION...]

The image data is a valid zlib stream: a few rows are deflated once with a
fresh compressor and a sync flush, so the same bytes can be repeated for
every group of rows (no back-reference crosses a group). A 20,000 x 20,000
image is then a file of about a megabyte that takes gigabytes to decode.
Options: head-only writes the signature and the IHDR chunk alone (the
loader reads nothing more); pad=BYTES appends zero bytes after IEND (a big
file).
"""
import struct
import sys
import zlib


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + \
        struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(w, h, head_only):
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    if head_only:
        return data
    row = b"\x00" + b"\xc8\x3c\x3c" * w
    group = max(1, min(h, (1 << 20) // len(row)))
    n_groups, rest = divmod(h, group)
    body, adler = [], 1
    for rows, times in ((group, n_groups), (rest, 1 if rest else 0)):
        if not times:
            continue
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        block = c.compress(row * rows) + c.flush(zlib.Z_SYNC_FLUSH)
        body.append(block * times)
        for _ in range(times):
            adler = zlib.adler32(row * rows, adler)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    idat = b"\x78\xda" + b"".join(body) + end + struct.pack(">I", adler)
    return data + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def main(specs):
    for spec in specs:
        out, w, h, *opts = spec.split(",")
        pad = sum(int(o[4:]) for o in opts if o.startswith("pad="))
        with open(out, "wb") as f:
            f.write(png(int(w), int(h), "head-only" in opts))
            f.write(bytes(pad))


if __name__ == "__main__":
    main(sys.argv[1:])
