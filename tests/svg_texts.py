"""svg_texts.py SCENE_DUMP SVG: every text of the scene dump is a <text> of
the SVG. Texts are compared without white space and hyphens (Pango breaks
lines at spaces and may add a hyphen where it breaks a word), as multisets;
prints what is missing or extra and exits 1 then."""
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter

NS = "{http://www.w3.org/2000/svg}"


def norm(s):
    s = re.sub(r"[\x00-\x20\x7f-\x9f\u2028\u2029\ufffe\uffff-]", "", s)
    return s


def dump_texts(path):
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for line in f.read().split("\n"):
            if not line.startswith("text "):
                continue
            m = re.search(r' "(.*)"$', line)
            if not m:
                continue
            t = m.group(1)
            # the dump escapes a quote, a backslash and a line break (scene.c)
            t = re.sub(r"\\(.)", lambda k: "\n" if k.group(1) == "n" else k.group(1), t)
            if norm(t):
                out.append(norm(t))
    return Counter(out)


def svg_texts(path):
    root = ET.parse(path).getroot()
    return Counter(norm("".join(t.itertext())) for t in root.iter(NS + "text"))


want, got = dump_texts(sys.argv[1]), svg_texts(sys.argv[2])
missing, extra = want - got, got - want
for t in missing:
    print("missing:", t)
for t in extra:
    print("extra:", t)
sys.exit(1 if missing or extra else 0)
