#!/usr/bin/env python3
"""Checks PNG files and prints what the map suites look at.

Usage: python3 tests/png_info.py FILE...
For each file, one line: "WIDTH HEIGHT PPM_X PPM_Y UNIT CHUNKS" (PPM: the
pHYs chunk's pixels per unit, "-" without one; CHUNKS: the chunk types in
order, IDAT runs written once). Exits 1, after a line "FILE: why", when a
file is not a well-formed 8-bit truecolour PNG: signature, chunk order and
checksums, header, a zlib stream (Adler-32 checked) that inflates to
exactly one filter byte (0 to 4) and 3 x WIDTH bytes a row, nothing after
IEND. Python's zlib decodes, independently of the libpng that wrote it.
"""
import struct
import sys
import zlib


def check(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("no PNG signature")
    pos, types, idat, phys, ihdr = 8, [], [], None, None
    while True:
        if len(data) - pos < 12:
            raise ValueError("truncated chunk at %d" % pos)
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        if len(body) != n or len(data) - pos - 8 - n < 4:
            raise ValueError("truncated %r chunk" % kind)
        (crc,) = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise ValueError("bad checksum of %r" % kind)
        pos += 12 + n
        name = kind.decode("latin-1")
        if not types or types[-1] != name or name != "IDAT":
            types.append(name)
        if name == "IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif name == "pHYs":
            phys = struct.unpack(">IIB", body)
        elif name == "IDAT":
            idat.append(body)
        elif name == "IEND":
            break
    if pos != len(data):
        raise ValueError("%d bytes after IEND" % (len(data) - pos))
    if types[0] != "IHDR" or ihdr is None:
        raise ValueError("IHDR is not first")
    if types.count("IDAT") != 1:
        raise ValueError("IDAT chunks not consecutive: %s" % types)
    w, h, depth, colour, comp, filt, interlace = ihdr
    if (depth, colour, comp, filt, interlace) != (8, 2, 0, 0, 0):
        raise ValueError("not 8-bit truecolour, non-interlaced: %s" % (ihdr,))
    # inflate a few rows at a time: a map's PNG can hold hundreds of MB
    row = 3 * w + 1
    d = zlib.decompressobj()
    stream, total = b"".join(idat), 0
    while True:
        out = d.decompress(stream, 64 * row)
        stream = d.unconsumed_tail
        if not out:
            out = d.flush() if not stream else b""
            if not out:
                break
        for i in range(-total % row, len(out), row):
            if out[i] > 4:
                raise ValueError("bad filter byte in row %d" % ((total + i) // row))
        total += len(out)
    if not d.eof or d.unused_data or stream:
        raise ValueError("zlib stream unfinished or followed by bytes")
    if total != row * h:
        raise ValueError("%d raw bytes, expected %d" % (total, row * h))
    ppm = ("%d %d %d" % phys) if phys else "- - -"
    return "%d %d %s %s" % (w, h, ppm, ",".join(types))


status = 0
for p in sys.argv[1:]:
    try:
        print(check(p))
    except (OSError, ValueError, struct.error, zlib.error) as e:
        print("%s: %s" % (p, e))
        status = 1
sys.exit(status)
