#!/bin/sh
# Hostile journeys against what the renderer writes and the files it reads:
# links, metadata and outline titles that try to end their PDF string and
# add an action (a script, a program to launch); links with schemes a map
# has no business with; images that are FIFOs, directories, huge files or
# gigapixel PNGs. Each is refused with a clear error at its place, or gives
# a valid PDF without any script or launch action, and nothing blocks or
# takes seconds and gigabytes.
. tests/lib.sh
d="$JMAP_TEST_TMP/security-render"
rm -rf "$d"
mkdir -p "$d"

# pdf_valid NAME FILE: the PDF parses without a syntax error (poppler, and
# qpdf when installed) and poppler finds no JavaScript in it. The file is
# listed for no_actions.
pdf_valid() {
    _n=$1; _f=$2
    printf '%s\t%s\n' "$_f" "$_n" >>"$d/pdfs"
    if ! pdfinfo "$_f" >"$d/info" 2>"$d/info.err" || [ -s "$d/info.err" ]; then
        fail "$_n: valid PDF" "pdfinfo: $(head -c 300 "$d/info.err")"
    elif ! grep -q '^JavaScript: *no$' "$d/info"; then
        fail "$_n: valid PDF" "pdfinfo says $(grep JavaScript "$d/info")"
    elif command -v qpdf >/dev/null 2>&1 && ! qpdf_clean "$_f"; then
        fail "$_n: valid PDF" "qpdf: $(head -c 300 "$d/qpdf")"
    else
        pass "$_n: valid PDF"
    fi
}
# no_actions: no PDF listed by pdf_valid has the name of an action or a
# script outside its strings (tests/pdf_names.py; one run for all, Python
# is slow to start).
no_actions() {
    python3 tests/pdf_names.py $(cut -f1 "$d/pdfs") >"$d/names" 2>&1
    while IFS="$(printf '\t')" read -r _f _n; do
        if grep -qF -- "$_f:" "$d/names"; then
            fail "$_n: no action or script" "$(grep -F -- "$_f:" "$d/names" | head -c 300)"
        else
            pass "$_n: no action or script"
        fi
    done <"$d/pdfs"
}
# qpdf --check, less the one warning every PDF of cairo 1.16 gets: its
# cross-reference table lists an object (3, or 4 in a book) it never
# writes, at offset 15.
qpdf_clean() {
    qpdf --check "$1" >"$d/qpdf" 2>&1
    [ $? -ne 2 ] && ! grep '^WARNING' "$d/qpdf" | grep -v -e 'file is damaged$' \
        -e 'offset 15): expected [0-9]* 0 obj$' -e 'Attempting to reconstruct cross-reference table$' \
        -e 'object [0-9]* 0 not found in file after regenerating cross reference table$' | grep -q .
}

# refused NAME FILE TEXT [CMD...]: `jmap CMD FILE` (default check) exits 1
# within 5 s and 300 MB, its stderr holding TEXT.
refused() {
    _rn=$1; _rf=$2; _rt=$3; shift 3
    [ $# -gt 0 ] || set -- check
    bounded "$_rn" 1 "$JMAP" "$@" "$_rf"
    if [ "$_rc" -eq 1 ] && ! grep -qF -- "$_rt" "$JMAP_TEST_TMP/err"; then
        fail "$_rn (message)" "expected '$_rt'; stderr: $(head -c 400 "$JMAP_TEST_TMP/err")"
    fi
}

# ------------------------------------------------------ strings of a PDF
h=tests/hostile/pdf-strings.yaml
expect_exit "hostile texts build a PDF" 0 "$JMAP" build "$h" -o "$d/strings.pdf"
pdf_valid "hostile texts" "$d/strings.pdf"
expect_exit "hostile texts build a PDF book" 0 "$JMAP" build "$h" --each-persona --report-page -o "$d/book.pdf"
pdf_valid "hostile texts, book" "$d/book.pdf"

# every byte that could end the string is percent-encoded, escapes kept
grep -a '/URI (' "$d/strings.pdf" | sed 's/^ *//' >"$d/uris"
cat >"$d/uris.expected" <<'EOF'
/URI (https://e.com/a%29%20/S%20/JavaScript%20/JS%20%28app.alert%281%29)
/URI (https://e.com/%28unbalanced)
/URI (https://e.com/trailing%5C)
/URI (https://e.com/%3C%3C%3E%3E%5B%5D%7B%7D%7C%5E%60%20%22%27%C3%A9%25zz%41)
/URI (mailto:a@b.example?subject=Hi%29%20/Launch)
EOF
cmp -s "$d/uris" "$d/uris.expected" && pass "link URLs percent-encoded, never twice" ||
    fail "link URLs percent-encoded, never twice" "$(cat "$d/uris")"
pdfinfo "$d/strings.pdf" | grep -qxF 'Title:           Title ) /S /JavaScript /JS (app.alert(1)) \ >> /Launch' &&
    pass "title kept as written in the metadata" || fail "title kept as written in the metadata" "$(pdfinfo "$d/strings.pdf" | grep Title)"

# the same check over every example, as a map and as a book
for f in examples/*.yaml; do
    b=$(basename "$f" .yaml)
    "$JMAP" build "$f" -o "$d/$b.pdf" 2>"$d/err" || fail "example $b builds" "$(cat "$d/err")"
    pdf_valid "example $b" "$d/$b.pdf"
    if grep -q '^personas:' "$f"; then
        "$JMAP" build "$f" --each-persona --report-page -o "$d/$b-book.pdf" 2>"$d/err" ||
            fail "example $b book builds" "$(cat "$d/err")"
        pdf_valid "example $b, book" "$d/$b-book.pdf"
    fi
done
no_actions

# ------------------------------------------------------------ link schemes
# url_case NAME URL TEXT: a journey whose one url is URL is refused at its
# line and column (6:14) with TEXT, and nothing is built.
url_case() {
    printf 'jmap: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints:\n      - url: %s\n        name: T\n' "$2" >"$d/url.yaml"
    refused "url $1" "$d/url.yaml" "$d/url.yaml:6:14: error: $3"
    bounded "url $1: build writes nothing" 1 "$JMAP" build "$d/url.yaml" -o "$d/url.pdf"
    [ -e "$d/url.pdf" ] && fail "url $1: no PDF" "url.pdf written" && rm -f "$d/url.pdf"
}
url_case "javascript:" '"javascript:app.alert(1)"' "url scheme 'javascript:' is not allowed; a link must start with http://, https:// or mailto:"
url_case "JavaScript: in capitals" '"JavaScript:alert(1)"' "url scheme 'JavaScript:' is not allowed"
url_case "file:" 'file:///etc/passwd' "url scheme 'file:' is not allowed"
url_case "data:" '"data:text/html,<script>alert(1)</script>"' "url scheme 'data:' is not allowed"
url_case "relative path" 'pages/a.html' "url 'pages/a.html' has no scheme; a link must start with http://, https:// or mailto:"
url_case "bare host name" 'www.example.com/a' "url 'www.example.com/a' has no scheme (did you mean 'https://www.example.com/a'?)"
url_case "bare e-mail address" 'claire@example.com' "url 'claire@example.com' has no scheme (did you mean 'mailto:claire@example.com'?)"
url_case "no host" '"https:/example.com"' "url 'https:/example.com' has no host name"
url_case "line break" '"https://e.com/\nx"' "a url must not contain control characters"

printf 'jmap: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints:\n      - {name: A, url: "HTTPS://E.COM:8443/x?q=1#top"}\n      - {name: B, url: "mailto:a@b.example"}\n      - {name: C, url: "http://e.com"}\n' >"$d/urls-ok.yaml"
expect_exit "http, https and mailto links in any case are accepted" 0 "$JMAP" check "$d/urls-ok.yaml"

# ------------------------------------------------------------------ images
mkdir -p "$d/img"
# img_journey FILE LOGO PHOTO IMAGE: theme.logo at 3:15, the photo at 5:21,
# the touchpoint image at 8:26.
img_journey() {
    cat >"$1" <<EOF
jmap: 1
title: T
theme: {logo: $2}
personas:
  - {name: P, photo: $3}
stages:
  - name: S
    touchpoints: [{name: A, image: $4}]
EOF
}
python3 tests/mkpng.py "$d/img/ok.png,4,3" "$d/img/huge.png,20000,20000" \
    "$d/img/max.png,8192,4096,head-only" "$d/img/wide.png,8193,1,head-only" \
    "$d/img/tall.png,1,8193,head-only" "$d/img/many.png,8192,4097,head-only" \
    "$d/img/heavy.png,4,3,pad=9000000"
mkfifo "$d/img/pipe.png"
img_journey "$d/fifo-tp.yaml" img/ok.png img/ok.png img/pipe.png
img_journey "$d/fifo-photo.yaml" img/ok.png img/pipe.png img/ok.png
img_journey "$d/fifo-logo.yaml" img/pipe.png img/ok.png img/ok.png
msg="error: image 'img/pipe.png' is not a regular file but a FIFO (named pipe)"
for cmd in check build report; do
    refused "FIFO as touchpoint image: $cmd" "$d/fifo-tp.yaml" "fifo-tp.yaml:8:36: $msg" $cmd
done
refused "FIFO as persona photo" "$d/fifo-photo.yaml" "fifo-photo.yaml:5:22: $msg" build
refused "FIFO as logo" "$d/fifo-logo.yaml" "fifo-logo.yaml:3:15: $msg" build
printf 'theme:\n  logo: img/pipe.png\n' >"$d/kit.yaml"
img_journey "$d/plain.yaml" img/ok.png img/ok.png img/ok.png
bounded "FIFO as a theme kit's logo" 1 "$JMAP" build "$d/plain.yaml" --theme "$d/kit.yaml" -o "$d/kit.pdf"
grep -qF "kit.yaml:2:9: $msg" "$JMAP_TEST_TMP/err" && pass "FIFO in a kit: named at its place" ||
    fail "FIFO in a kit: named at its place" "$(head -c 400 "$JMAP_TEST_TMP/err")"
mkdir -p "$d/img/dir.png"
img_journey "$d/dir.yaml" img/ok.png img/ok.png img/dir.png
refused "directory as image" "$d/dir.yaml" "dir.yaml:8:36: error: image 'img/dir.png' is not a regular file but a directory"
expect_exit "regular images still build" 0 "$JMAP" build "$d/plain.yaml" -o "$d/plain.pdf"

# 20,000 x 20,000 pixels in 1.2 MB: half a minute and 2.7 GB to decode
img_journey "$d/huge.yaml" img/ok.png img/ok.png img/huge.png
msg="huge.yaml:8:36: error: image 'img/huge.png' is too large (20000 x 20000 pixels; the limit is 8192 pixels a side and 33554432 pixels in all)"
for cmd in check build report; do
    refused "20000 x 20000 PNG: $cmd" "$d/huge.yaml" "$msg" $cmd
done
refused "20000 x 20000 PNG as SVG" "$d/huge.yaml" "$msg" build -f svg
# the limits exactly (the loader reads the header only)
img_journey "$d/max.yaml" img/ok.png img/ok.png img/max.png
expect_exit "8192 x 4096 pixels is within the limits" 0 "$JMAP" check "$d/max.yaml"
img_journey "$d/wide.yaml" img/ok.png img/ok.png img/wide.png
refused "8193 pixels wide" "$d/wide.yaml" "image 'img/wide.png' is too large (8193 x 1 pixels"
img_journey "$d/tall.yaml" img/ok.png img/ok.png img/tall.png
refused "8193 pixels tall" "$d/tall.yaml" "image 'img/tall.png' is too large (1 x 8193 pixels"
img_journey "$d/many.yaml" img/ok.png img/ok.png img/many.png
refused "8192 x 4097 pixels" "$d/many.yaml" "image 'img/many.png' is too large (8192 x 4097 pixels"
# a file over 8 MiB
img_journey "$d/heavy.yaml" img/ok.png img/heavy.png img/ok.png
refused "image file over 8 MiB" "$d/heavy.yaml" "heavy.yaml:5:22: error: image 'img/heavy.png' is too large (9000080 bytes; the limit is 8388608 bytes)"
# all images together: 64 Mi pixels, each file counted once
cp "$d/img/max.png" "$d/img/max2.png"
cp "$d/img/max.png" "$d/img/max3.png"
img_journey "$d/two.yaml" img/max.png ./img/max.png img/max2.png
expect_exit "two 32-megapixel images, one of them twice" 0 "$JMAP" check "$d/two.yaml"
img_journey "$d/three.yaml" img/max.png img/max2.png img/max3.png
refused "three 32-megapixel images" "$d/three.yaml" "three.yaml:8:36: error: images too large together: with 'img/max3.png' they hold 100663296 pixels (the limit for all the images of a map is 67108864 pixels)"
# a PNG signature without its header
printf '\211PNG\r\n\032\n' >"$d/img/sig.png"
img_journey "$d/sig.yaml" img/ok.png img/ok.png img/sig.png
refused "signature without a header" "$d/sig.yaml" "sig.yaml:8:36: error: 'img/sig.png' is not a PNG image"

finish
