#!/usr/bin/env python3
"""Checks of jmap's HTML page for tests/suite-html.sh (standard library only).

  html_check.py static PAGE          the page is self-contained and well-formed
  html_check.py report PAGE MD       its analysis holds the rows of `jmap report -f md`
  html_check.py drive PAGE OUT JS K=V...
                                     a copy of the page that runs the test script JS
                                     (after the page's own, allowed by its hash in
                                     the page's policy) with CONFIG = {K: V, ...}
  html_check.py nojs PAGE OUT       a copy of the page whose policy lets no script
                                     run (script-src 'none'), as with JavaScript off;
                                     Chromium's --dump-dom needs scripting on itself
  html_check.py dom DUMP             a dumped DOM holds no element or event handler
                                     of the journey's and only the page's script
  html_check.py netlog LOG URL       the URLs Chromium's network log requested,
                                     other than URL

Each prints one line per problem and exits 1 when there is one.
"""
import base64
import hashlib
import html
import html.parser
import json
import re
import sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


class Page(html.parser.HTMLParser):
    """Collects elements, attributes, scripts and styles; checks nesting."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.problems = []
        self.starts = []  # (tag, attrs dict)
        self.scripts = []
        self.styles = []
        self.in_raw = None
        self.raw = []
        self.in_svg = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.starts.append((tag, a))
        if tag == "svg":
            self.in_svg += 1
        if tag in ("script", "style"):
            self.in_raw = tag
            self.raw = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))
        if tag not in VOID and not self.in_svg:
            self.problems.append("self-closing <%s/> outside SVG" % tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if tag == self.in_raw:
            (self.scripts if tag == "script" else self.styles).append("".join(self.raw))
            self.in_raw = None
        if not self.stack or self.stack[-1] != tag:
            self.problems.append("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "nothing"))
            if tag in self.stack:
                while self.stack and self.stack[-1] != tag:
                    self.stack.pop()
                self.stack.pop()
            return
        self.stack.pop()
        if tag == "svg":
            self.in_svg -= 1

    def handle_data(self, data):
        if self.in_raw:
            self.raw.append(data)


def parse(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    p = Page()
    p.feed(text)
    p.close()
    if p.stack:
        p.problems.append("unclosed: %s" % " ".join(p.stack))
    return text, p


def csp_of(p):
    for tag, a in p.starts:
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            return a.get("content") or ""
    return None


def sha256(s):
    return base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()


def check_static(path):
    text, p = parse(path)
    bad = list(p.problems)
    if not text.startswith("<!DOCTYPE html>\n<html lang=\""):
        bad.append("no doctype and html lang")
    pol = csp_of(p)
    if pol is None:
        bad.append("no Content-Security-Policy")
    else:
        d = dict((x.strip().split(" ", 1) + [""])[:2] for x in pol.split(";") if x.strip())
        if d.get("default-src") != "'none'":
            bad.append("default-src is not 'none': %s" % pol)
        for k in ("img-src", "font-src"):
            if d.get(k, "data:") != "data:":
                bad.append("%s allows more than data:" % k)
        hashes = re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", d.get("script-src", ""))
        if "unsafe-inline" in d.get("script-src", "") or not hashes:
            bad.append("script-src is not a hash: %s" % d.get("script-src"))
        if len(p.scripts) != 1:
            bad.append("%d scripts" % len(p.scripts))
        for s in p.scripts:
            if sha256(s) not in hashes:
                bad.append("a script whose hash the policy does not allow")
    # nothing to fetch: src/href/xlink:href/srcset/action/data and url() only
    # data: or a fragment; a link (<a href>) may go out, that is what it is for
    for tag, a in p.starts:
        if tag == "script" and "src" in a:
            bad.append("<script src=%s>" % a["src"])
        if tag in ("link", "iframe", "object", "embed", "frame", "base", "form", "audio",
                   "video", "source", "track", "portal"):
            bad.append("<%s> element" % tag)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            bad.append("meta refresh")
        for k, v in a.items():
            v = v or ""
            if k.startswith("on"):
                bad.append("event handler %s on <%s>" % (k, tag))
            if k in ("src", "srcset", "action", "formaction", "data", "poster", "background",
                     "ping") or (k in ("href", "xlink:href") and tag != "a"):
                if not (v.startswith("data:") or v.startswith("#") or v == ""):
                    bad.append("<%s %s=%r>" % (tag, k, v[:80]))
            if k in ("href", "xlink:href") and tag == "a":
                if not re.match(r"^(https?://|mailto:|#)", v, re.I):
                    bad.append("link <a href=%r>" % v[:80])
            if k == "style":
                for u in re.findall(r"url\(\s*['\"]?([^'\")]*)", v):
                    if not (u.startswith("data:") or u.startswith("#")):
                        bad.append("url(%s) in a style attribute" % u[:80])
    for s in p.styles:
        if "@import" in s:
            bad.append("@import in a style sheet")
        for u in re.findall(r"url\(\s*['\"]?([^'\")]*)", s):
            if not (u.startswith("data:") or u.startswith("#")):
                bad.append("url(%s) in a style sheet" % u[:80])
    if "<svg" not in text:
        bad.append("no inline SVG")
    ids = {}
    for tag, a in p.starts:
        if a.get("id"):
            ids[a["id"]] = ids.get(a["id"], 0) + 1
    bad += ["id %r used %d times" % (k, v) for k, v in sorted(ids.items()) if v > 1]
    return bad


def cells_md(md):
    """The rows of every table of a Markdown report, as lists of texts."""
    rows = []
    for line in md.splitlines():
        if not line.startswith("|") or re.match(r"^\|(-+:?\|)+$", line):
            continue
        cells = re.split(r"(?<!\\)\|", line)[1:-1]
        rows.append([re.sub(r"\\([|<\\])", r"\1", c).strip() for c in cells])
    return rows


class Cells(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside = 0
        self.rows, self.row, self.cell = [], None, None
        self.headings, self.h = [], None
        self.items, self.li = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "section" and ("id", "jm-report") in attrs:
            self.inside = 1
        elif self.inside and tag == "section":
            self.inside += 1
        if not self.inside:
            return
        if tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = ""
        elif tag in ("h2", "h3"):
            self.h = ""
        elif tag == "li":
            self.li = ""

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "section":
            self.inside -= 1
        elif tag in ("td", "th") and self.row is not None:
            self.row.append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "tr":
            self.rows.append(self.row)
            self.row = None
        elif tag in ("h2", "h3") and self.h is not None:
            self.headings.append(" ".join(self.h.split()))
            self.h = None
        elif tag == "li" and self.li is not None:
            self.items.append(" ".join(self.li.split()))
            self.li = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        if self.h is not None:
            self.h += data
        if self.li is not None:
            self.li += data


def check_report(path, md_path):
    with open(path, encoding="utf-8") as f:
        c = Cells()
        c.feed(f.read())
    with open(md_path, encoding="utf-8") as f:
        md = f.read()
    bad = []
    want_rows = [[" ".join(x.split()) for x in r] for r in cells_md(md)]
    if c.rows != want_rows:
        for i, (a, b) in enumerate(zip(c.rows, want_rows)):
            if a != b:
                bad.append("row %d: page %r, report %r" % (i, a, b))
                break
        if len(c.rows) != len(want_rows):
            bad.append("%d rows in the page, %d in the report" % (len(c.rows), len(want_rows)))
    heads = [re.sub(r"\\([|<\\])", r"\1", l[2:].strip()) if l.startswith("# ") else
             re.sub(r"\\([|<\\])", r"\1", l[3:].strip())
             for l in md.splitlines() if l.startswith("# ") or l.startswith("## ")]
    if c.headings != heads:
        bad.append("headings: page %r, report %r" % (c.headings, heads))
    # list items, those of a quoted list too (the insights: "> - ...")
    items = [" ".join(re.sub(r"\\([|<\\])", r"\1", re.sub(r"^(> )?- ", "", l)).split())
             for l in md.splitlines() if l.startswith("- ") or l.startswith("> - ")]
    if c.items != items:
        bad.append("summary: page %r, report %r" % (c.items, items))
    if not want_rows and not items:
        bad.append("the Markdown report has nothing to compare")
    return bad


def drive(path, out, js_path, pairs):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(js_path, encoding="utf-8") as f:
        js = f.read()
    config = {}
    for kv in pairs:
        k, v = kv.split("=", 1)
        config[k] = v
    script = "var CONFIG = %s;\n%s" % (json.dumps(config).replace("<", "\\u003c"), js)
    h = sha256(script)
    text, n = re.subn(r"(script-src [^;\"]*)", r"\1 'sha256-%s'" % h, text, count=1)
    if n != 1:
        return ["no script-src in the page"]
    i = text.rindex("</body>")
    text = text[:i] + "<script>" + script + "</script>\n" + text[i:]
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    return []


def nojs(path, out):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text, n = re.subn(r"script-src [^;\"]*", "script-src 'none'", text, count=1)
    if n != 1:
        return ["no script-src in the page"]
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    return []


def check_dom(path):
    _, p = parse(path)
    bad = []
    scripts = [a for tag, a in p.starts if tag == "script"]
    if len(scripts) != 1:
        bad.append("%d scripts" % len(scripts))
    for tag, a in p.starts:
        if tag in ("img", "iframe", "link", "object", "embed", "frame", "base", "form",
                   "meta") and not (tag == "meta" and set(a) <= {"charset", "http-equiv",
                                                                 "content", "name"}):
            bad.append("<%s> element" % tag)
        for k in a:
            if k.startswith("on"):
                bad.append("event handler %s on <%s>" % (k, tag))
    return bad


def netlog(path, page):
    """The requests the page made: Chromium's own (updates, accounts) are
    told apart by their network isolation key, which for a page's requests
    is its file:// site; any request naming a host of the hostile journey
    or the local probe counts whoever made it."""
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    # an interrupted log lacks its closing brackets
    try:
        log = json.loads(raw)
    except ValueError:
        log = json.loads(raw.rstrip().rstrip(",") + "]}")
    urls = set()
    for ev in log.get("events", []):
        p = ev.get("params") or {}
        u = p.get("url")
        if not isinstance(u, str):
            continue
        site = "%s %s" % (p.get("network_isolation_key", ""), p.get("site_for_cookies", ""))
        if "file://" in site or "evil.example" in u or "127.0.0.1" in u:
            urls.add(u)
    return ["requested %s" % u[:200] for u in sorted(urls) if u != page]


def main(argv):
    if len(argv) >= 2 and argv[0] == "static":
        bad = check_static(argv[1])
    elif len(argv) == 3 and argv[0] == "report":
        bad = check_report(argv[1], argv[2])
    elif len(argv) >= 4 and argv[0] == "drive":
        bad = drive(argv[1], argv[2], argv[3], argv[4:])
    elif len(argv) == 3 and argv[0] == "nojs":
        bad = nojs(argv[1], argv[2])
    elif len(argv) == 2 and argv[0] == "dom":
        bad = check_dom(argv[1])
    elif len(argv) == 3 and argv[0] == "netlog":
        bad = netlog(argv[1], argv[2])
    else:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
