#!/bin/sh
# Output files of `jmap build`: very wide maps split over PDF pages, PNGs
# kept under cairo's size limit, standard output, creation date, atomic
# replacement of a previous map when a build fails.
. tests/lib.sh
d="$JMAP_TEST_TMP/output"
rm -rf "$d"; mkdir -p "$d"

# A map far wider than a PDF viewer accepts (14,400 pt)
sh bench/gen-journey.sh 240 2 >"$d/wide.yaml"
expect_exit "wide map builds as PDF" 0 "$JMAP" build -q "$d/wide.yaml" -o "$d/wide.pdf"
pages=$(pdfinfo "$d/wide.pdf" | awk '/^Pages:/ {print $2}')
[ "${pages:-0}" -gt 1 ] && pass "wide map is split over $pages pages" || fail "wide map is split" "pages=$pages"
maxw=$(pdfinfo -f 1 -l "$pages" "$d/wide.pdf" | awk '/^Page .*size:/ {if ($4 > m) m = $4} END {print m}')
awk -v w="$maxw" 'BEGIN { exit !(w <= 14400) }' && pass "every page at most 14400 pt wide ($maxw)" || fail "page width" "$maxw"
pdftotext "$d/wide.pdf" - | grep -q "Stage 30" && pass "last stage on a later page" || fail "last stage on a later page" "Stage 30 not found"
pdftotext -f 2 -l 2 "$d/wide.pdf" - | grep -q "Touchpoints" && pass "later pages repeat the lane gutter" || fail "later pages repeat the lane gutter" "no lane label on page 2"

# PNG above cairo's 32,767 px: scaled down with a warning
"$JMAP" build "$d/wide.yaml" -o "$d/wide.png" 2>"$d/png.err"
rc=$?
[ $rc -eq 0 ] && pass "wide PNG builds" || fail "wide PNG builds" "exit $rc"
grep -q "warning: .*scaled down" "$d/png.err" && pass "wide PNG warns it was scaled down" || fail "wide PNG warns" "$(cat "$d/png.err")"
w=$(od -An -tu1 -j16 -N4 "$d/wide.png" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
[ "$w" -gt 0 ] && [ "$w" -le 32767 ] && pass "PNG width within 32767 ($w)" || fail "PNG width" "$w"
expect_exit "-q silences the warning" 0 "$JMAP" build -q "$d/wide.yaml" -o "$d/wide2.png"
[ ! -s "$JMAP_TEST_TMP/err" ] && pass "-q prints nothing" || fail "-q prints nothing" "$(cat "$JMAP_TEST_TMP/err")"

# Standard output and formats
cp examples/minimal.yaml "$d/m.yaml"
"$JMAP" build "$d/m.yaml" -o - >"$d/stdout.pdf" && head -c 5 "$d/stdout.pdf" | grep -q '%PDF-' && pass "-o - writes a PDF to stdout" || fail "-o - writes a PDF" "no PDF"
"$JMAP" build "$d/m.yaml" -f svg -o - | grep -q '</svg>' && pass "-f svg -o - writes SVG" || fail "-f svg -o -" "no SVG"
"$JMAP" build "$d/m.yaml" && [ -f "$d/m.pdf" ] && pass "default output is FILE.pdf beside the input" || fail "default output" "no $d/m.pdf"
"$JMAP" build "$d/m.yaml" -f png -o "$d/m.out" && [ "$(od -An -tx1 -N4 "$d/m.out" | tr -d ' ')" = "89504e47" ] && pass "-f overrides the extension" || fail "-f overrides the extension" "not a PNG"

# Fixed pages: the map is laid out for the sheet, continued on further
# sheets rather than printed under 6 pt; only what cannot be split (one lane
# of one touchpoint taller than the sheet) is scaled down, with a warning
"$JMAP" build examples/mutuelle-b2b.yaml --page a4 -o "$d/a4.pdf" 2>"$d/a4.err"
pdfinfo "$d/a4.pdf" | grep -q "(A4)" && pass "--page a4 gives an A4 page" || fail "--page a4" "$(pdfinfo "$d/a4.pdf" | grep size)"
[ "$(pdfinfo "$d/a4.pdf" | awk '/^Pages:/ { print $2 }')" -gt 1 ] && [ ! -s "$d/a4.err" ] &&
    pass "a map too big for A4 goes on several sheets, without a warning" || fail "A4 sheets" "$(cat "$d/a4.err")"
{ printf 'jmap: 1\ntitle: Pains\nstages:\n  - name: S\n    touchpoints:\n      - name: T\n        pains:\n'
  for i in $(seq 1 40); do printf '          - Pain number %s, long enough to take two lines in a card\n' "$i"; done; } >"$d/tall.yaml"
"$JMAP" build "$d/tall.yaml" --lanes pains --page a4 -o "$d/tall.pdf" 2>"$d/tall.err"
grep -q "warning: scaled to fit A4, the text would print at .* pt (below 6 pt)" "$d/tall.err" && pass "small print warns" || fail "small print warns" "$(cat "$d/tall.err")"
"$JMAP" build "$d/m.yaml" --page tabloid -o "$d/tabloid.pdf" 2>"$d/tab.err"
[ ! -s "$d/tab.err" ] && pass "readable print does not warn" || fail "readable print does not warn" "$(cat "$d/tab.err")"
pdfinfo "$d/tabloid.pdf" | grep -q "1224 x 792" && pass "--page tabloid is landscape" || fail "--page tabloid" "$(pdfinfo "$d/tabloid.pdf" | grep size)"

# A character no font can draw is a warning naming it; the map is still made
printf 'jmap: 1\ntitle: "Logo \356\200\200 maison"\nstages: [{name: A}]\n' >"$d/pua.yaml"
expect_exit "unknown glyph still builds" 0 "$JMAP" build "$d/pua.yaml" -o "$d/pua.svg"
grep -q "warning: no font has a glyph for U+E000" "$JMAP_TEST_TMP/err" && pass "unknown glyph warns with its code point" || fail "unknown glyph warns" "$(cat "$JMAP_TEST_TMP/err")"

# Creation date only from SOURCE_DATE_EPOCH
"$JMAP" build "$d/m.yaml" -o "$d/nodate.pdf"
pdfinfo "$d/nodate.pdf" | grep -q CreationDate && fail "no creation date by default" "has one" || pass "no creation date by default"
SOURCE_DATE_EPOCH=1700000000 "$JMAP" build "$d/m.yaml" -o "$d/date.pdf"
pdfinfo -isodates "$d/date.pdf" | grep -q "CreationDate: *2023-11-14T22:13:20" && pass "SOURCE_DATE_EPOCH sets the creation date" || fail "SOURCE_DATE_EPOCH" "$(pdfinfo -isodates "$d/date.pdf" | grep Date)"
SOURCE_DATE_EPOCH=1700000000 "$JMAP" build "$d/m.yaml" -o "$d/date2.pdf"
cmp -s "$d/date.pdf" "$d/date2.pdf" && pass "dated PDFs are byte-identical" || fail "dated PDFs identical" "differ"

# A failed render leaves the previous map untouched and no temporary file
mkdir -p "$d/img"
cp examples/minimal.yaml "$d/img/j.yaml"
printf '  - name: Photo\n' >/dev/null
"$JMAP" build "$d/img/j.yaml" -o "$d/img/map.svg"
cp "$d/img/map.svg" "$d/img/before.svg"
# a PNG signature and header followed by garbage: the loader accepts it,
# cairo cannot decode it
printf '\211PNG\r\n\032\n\000\000\000\015IHDR\000\000\000\001\000\000\000\001\010\002\000\000\000\220wS\336this is not an image' >"$d/img/broken.png"
cat >"$d/img/bad.yaml" <<'Y'
jmap: 1
title: Broken logo
theme: {logo: broken.png}
stages:
  - name: A
    touchpoints: [{name: T, channel: web, emotion: 3}]
Y
expect_exit "undecodable image fails the build" 1 "$JMAP" build "$d/img/bad.yaml" -o "$d/img/map.svg"
grep -q "bad.yaml:3:" "$JMAP_TEST_TMP/err" && pass "image error points at its line" || fail "image error line" "$(cat "$JMAP_TEST_TMP/err")"
cmp -s "$d/img/map.svg" "$d/img/before.svg" && pass "previous map untouched" || fail "previous map untouched" "changed"
[ -z "$(ls -A "$d/img" | grep '^\.')" ] && pass "no temporary file left" || fail "no temporary file left" "$(ls -A "$d/img")"
chmod 555 "$d/img"
if [ "$(id -u)" -eq 0 ]; then
    pass "unwritable folder (skipped as root: root writes anywhere)"
else
    expect_exit "unwritable folder is an I/O error" 3 "$JMAP" build "$d/img/j.yaml" -o "$d/img/new.svg"
fi
chmod 755 "$d/img"
expect_exit "output in a missing folder is an I/O error" 3 "$JMAP" build "$d/img/j.yaml" -o "$d/nope/x.svg"

# Maps written with and without VAR=1 in the environment, every journey in
# every format: sets same and total (byte-identical maps, maps compared).
same_without() { # VAR, formats, journeys...
    var=$1; exts=$2; shift 2
    same=0; total=0
    for y in "$@"; do
        n=$(basename "$y" .yaml)
        for ext in $exts; do
            total=$((total + 1))
            SOURCE_DATE_EPOCH=0 "$JMAP" build -q "$y" -o "$d/fmt/$n.$ext"
            env SOURCE_DATE_EPOCH=0 "$var=1" "$JMAP" build -q "$y" -o "$d/fmt/$n.$var.$ext"
            if cmp -s "$d/fmt/$n.$ext" "$d/fmt/$n.$var.$ext"; then
                same=$((same + 1))
            else
                echo "  differs with $var: $n.$ext" >&2
            fi
        done
    done
}
mkdir -p "$d/fmt"

# jmap prints cairo's numbers itself (src/cli/fastprintf.c): the bytes must be
# those the C library would print, for every example, PDF and SVG
same_without JMAP_PLAIN_PRINTF "pdf svg" examples/*.yaml "$d/wide.yaml"
[ "$same" -eq "$total" ] && pass "number printing: same bytes as the C library's ($total maps)" || fail "number printing" "$same of $total maps identical"

# the heap's huge pages (src/cli/heap.c) change where memory is, never what
# is written: every example in every format, with and without them
same_without JMAP_NO_HUGE_PAGES "pdf svg png" examples/*.yaml
[ "$same" -eq "$total" ] && pass "heap on huge pages: same bytes without them ($total maps)" || fail "heap on huge pages" "$same of $total maps identical"
finish
