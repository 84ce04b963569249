#!/bin/sh
# Maps on sheets (--page): the sheet's size, text never under 6 pt, a map
# too big for one sheet continued on further pages after an overview, PNG
# and SVG sheets as numbered files landing together, reruns byte-identical.
. tests/lib.sh
d="$JMAP_TEST_TMP/pages"
rm -rf "$d"
mkdir -p "$d"
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
size() { pdfinfo -f "${2:-1}" -l "${2:-1}" "$1" 2>/dev/null | awk '/^Page.*size:/ { print $4 "x" $6; exit }'; }
# the smallest word box (pt) of Latin text on a page: about 1.36 x the font
# size in Noto Sans (the default family)
minword() {
    pdftotext -q -bbox -f "$2" -l "$2" "$1" - | awk -F'"' '/<word / {
        h = $8 - $4; w = $0; sub(/.*">/, "", w); sub(/<.*/, "", w)
        if (w ~ /^[A-Za-z]+$/ && (min == "" || h < min)) min = h }
        END { print (min == "" ? 0 : min) }'
}

ex=examples/mutuelle-b2b.yaml
expect_exit "--page a3" 0 "$JMAP" build -q "$ex" --page a3 -o "$d/a3.pdf"
[ "$(size "$d/a3.pdf")" = "1190.55x841.89" ] && pass "an A3 landscape sheet" || fail "an A3 landscape sheet" "$(size "$d/a3.pdf")"
expect_exit "--page slide" 0 "$JMAP" build -q examples/saas-onboarding.yaml --page slide -o "$d/slide.pdf"
[ "$(size "$d/slide.pdf")" = "960x540" ] && pass "a 16:9 slide" || fail "a 16:9 slide" "$(size "$d/slide.pdf")"
for s in a2 a1 a0; do
    expect_exit "--page $s" 0 "$JMAP" build -q examples/minimal.yaml --page "$s" -o "$d/$s.pdf"
done
[ "$(size "$d/a0.pdf")" = "3370.39x2383.94" ] && pass "an A0 poster" || fail "an A0 poster" "$(size "$d/a0.pdf")"
# (this example's theme sets DejaVu Sans, whose word boxes are 1.16 x the size)
ok=1
for p in $(seq 1 "$(pages "$d/a3.pdf")"); do
    awk -v m="$(minword "$d/a3.pdf" "$p")" 'BEGIN { exit !(m >= 6.95) }' || ok=0
done
[ $ok -eq 1 ] && pass "text at 6 pt or more on every A3 page" || fail "text at 6 pt or more on every A3 page" "smallest word box $(minword "$d/a3.pdf" 1)"
"$JMAP" build -q "$ex" --page a3 -o "$d/a3-again.pdf"
cmp -s "$d/a3.pdf" "$d/a3-again.pdf" && pass "A3 reruns are byte-identical" || fail "A3 reruns are byte-identical" "differ"
expect_exit "unknown page size" 2 "$JMAP" build -q "$ex" --page a5 -o "$d/x.pdf"
grep -q "sizes: auto, a4, a3, a2, a1, a0, letter, tabloid, slide" "$JMAP_TEST_TMP/err" && pass "the sizes are listed" || fail "the sizes are listed" "$(cat "$JMAP_TEST_TMP/err")"
# a hostile --page value: escaped, cut, no output
esc=$(printf '\033[2J\n::error file=x::%0200d' 0)
expect_exit "hostile --page value" 2 "$JMAP" build -q "$ex" --page "$esc" -o "$d/h.pdf"
if grep -q "$(printf '\033')" "$JMAP_TEST_TMP/err" || grep -q '^::error' "$JMAP_TEST_TMP/err"; then
    fail "--page value escaped" "$(cat -v "$JMAP_TEST_TMP/err")"
elif ! grep -qF '\e[2J\n::error' "$JMAP_TEST_TMP/err" || ! grep -q '…' "$JMAP_TEST_TMP/err" || [ -e "$d/h.pdf" ]; then
    fail "--page value escaped" "$(cat -v "$JMAP_TEST_TMP/err")"
else
    pass "--page value escaped and cut, nothing written"
fi

# a big map: an overview, then pages between stages, each saying where it is
sh bench/gen-journey.sh 120 4 >"$d/big.yaml"
expect_exit "120 touchpoints on A3" 0 "$JMAP" build -q "$d/big.yaml" --page a3 -o "$d/big.pdf"
n=$(pages "$d/big.pdf")
[ "${n:-0}" -gt 2 ] && pass "a big map takes several sheets ($n)" || fail "a big map takes several sheets" "$n pages"
pdftotext -f 1 -l 1 "$d/big.pdf" - | grep -q "page 1/$n · overview" && pass "page 1 is the overview" || fail "page 1 is the overview" "$(pdftotext -f 1 -l 1 "$d/big.pdf" - | head -n 5)"
pdftotext -f 1 -l 1 "$d/big.pdf" - | grep -q "Top findings" && pass "the overview lists the top findings" || fail "the overview lists the top findings" "none"
ok=1
for p in $(seq 2 "$n"); do
    t=$(pdftotext -f "$p" -l "$p" "$d/big.pdf" -)
    echo "$t" | grep -q "page $p/$n · stage" || ok=0
    echo "$t" | grep -q "Synthetic journey with 120 touchpoints" || ok=0
    echo "$t" | grep -q "Legend" || ok=0
    echo "$t" | grep -q "Persona 4" || ok=0
    echo "$t" | grep -q "Emotions" || ok=0
    [ "$(size "$d/big.pdf" "$p")" = "1190.55x841.89" ] || ok=0
    awk -v m="$(minword "$d/big.pdf" "$p")" 'BEGIN { exit !(m >= 8.1) }' || ok=0
done
[ $ok -eq 1 ] && pass "every page: number and stages, title, legend, persona key, lane labels, A3, 6 pt" || fail "every page repeats its frame" "page $p"
# pages break between stages: stage 2 starts a page (8 touchpoints a stage)
pdftotext -f 2 -l 2 "$d/big.pdf" - | grep -qx "Touchpoint 1\( on the way\)\{0,1\}" && pass "page 2 starts with the first stage" || fail "page 2 starts with the first stage" "no"

# PNG sheets: numbered files, all or none
mkdir -p "$d/png"
expect_exit "PNG sheets" 0 "$JMAP" build -q "$d/big.yaml" --page a3 --scale 0.5 -o "$d/png/big.png"
[ -f "$d/png/big-1.png" ] && [ -f "$d/png/big-$n.png" ] && [ ! -f "$d/png/big.png" ] &&
    pass "one numbered PNG per sheet" || fail "one numbered PNG per sheet" "$(ls "$d/png")"
expect_exit "several sheets to standard output" 2 "$JMAP" build -q "$d/big.yaml" --page a3 -f svg -o -
grep -q "write them to files" "$JMAP_TEST_TMP/err" && pass "says to write files" || fail "says to write files" "$(cat "$JMAP_TEST_TMP/err")"
mkdir -p "$d/each"
expect_exit "--each-persona SVG sheets" 0 "$JMAP" build -q "$d/big.yaml" --page a3 --each-persona -o "$d/each/{persona}.svg"
[ -f "$d/each/persona-1-1.svg" ] && [ -f "$d/each/persona-4-2.svg" ] && pass "numbered sheets per persona" || fail "numbered sheets per persona" "$(ls "$d/each" | head)"

# the natural size: a PDF wider than a PDF page is split the same way
sh bench/gen-journey.sh 240 2 >"$d/wide.yaml"
expect_exit "240 touchpoints at the natural size" 0 "$JMAP" build -q "$d/wide.yaml" -o "$d/wide.pdf"
pdftotext -f 2 -l 2 "$d/wide.pdf" - | grep -q "page 2/" && pass "a PDF too wide is split into labelled pages" || fail "a PDF too wide is split into labelled pages" "no label"
finish
