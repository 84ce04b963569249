#!/usr/bin/env python3
"""Lists the PDF names of actions and scripts found in the syntax of PDF files.

Usage: python3 tests/pdf_names.py FILE.pdf...

Reads each file as PDF tokens, skipping the insides of literal strings
(with their nested parentheses and backslash escapes), hex strings,
comments and stream data, so that a title or a URL that merely contains
the words "/JavaScript" is not counted, while a name that a string broke
out of is. Names are decoded (#4A is J) before they are compared.

Prints "FILE: /Name" for each name of DANGEROUS found and exits 1 if there
was one; exits 2 if a file ends inside a string or a stream (a broken PDF).
"""
import re
import sys

DANGEROUS = {
    b"JavaScript", b"JS", b"Launch", b"SubmitForm", b"ImportData", b"GoToR",
    b"GoToE", b"OpenAction", b"AA", b"RichMedia", b"EmbeddedFile",
    b"EmbeddedFiles", b"XFA",
}
WHITE = b" \t\r\n\f\x00"
DELIM = b"()<>[]{}/%"


def names(data):
    """Yields (offset, decoded name) of every name token; raises ValueError
    on an unterminated string or stream."""
    i, n = 0, len(data)
    while i < n:
        c = data[i:i + 1]
        if c == b"(":
            depth, i = 1, i + 1
            while depth:
                if i >= n:
                    raise ValueError("unterminated literal string")
                b = data[i:i + 1]
                if b == b"\\":
                    i += 2
                    continue
                if b == b"(":
                    depth += 1
                elif b == b")":
                    depth -= 1
                i += 1
        elif data.startswith(b"<<", i) or data.startswith(b">>", i):
            i += 2
        elif c == b"<":
            end = data.find(b">", i)
            if end < 0:
                raise ValueError("unterminated hex string")
            i = end + 1
        elif c == b"%":
            m = re.compile(rb"[\r\n]").search(data, i)
            i = m.end() if m else n
        elif c == b"/":
            j = i + 1
            while j < n and data[j] not in WHITE and data[j] not in DELIM:
                j += 1
            raw = data[i + 1:j]
            yield i, re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
            i = j
        elif data.startswith(b"stream", i) and (i == 0 or data[i - 1] in WHITE) \
                and data[i + 6:i + 7] in (b"\r", b"\n"):
            end = data.find(b"endstream", i + 6)
            if end < 0:
                raise ValueError("unterminated stream")
            i = end + len(b"endstream")
        else:
            i += 1


def main(paths):
    status = 0
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        try:
            for off, name in names(data):
                if name in DANGEROUS:
                    print("%s: /%s at byte %d" % (path, name.decode("latin-1"), off))
                    status = max(status, 1)
        except ValueError as e:
            print("%s: %s" % (path, e))
            status = 2
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
