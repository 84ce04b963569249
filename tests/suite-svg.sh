#!/bin/sh
# jmap's SVG (src/render/svg.c): every example, at its natural size, on A3
# sheets and on a slide, with and without --embed-fonts, is well-formed XML
# (xmllint), holds every text of its scene as text (tests/svg_texts.py
# against the scene dump), keeps its ids prefixed and its references whole,
# is byte-identical on a rerun and small; rasterized by librsvg
# (rsvg-convert) it looks like cairo's PNG (tests/pngdiff.c); a hostile
# journey stays well-formed and without control characters.
#
# The pixel check: both pictures at 1 px per point, a pixel differs when
# one of its channels differs by more than 64 of 255; at most MAX_DIFF per
# thousand pixels may differ. The examples measure 2 to 9 per thousand
# (the glyphs' edges: librsvg hints text, jmap's PNG does not); a shape out
# of place or missing text takes far more.
. tests/lib.sh
d="$JMAP_TEST_TMP/svg"
rm -rf "$d"
mkdir -p "$d"
PNGDIFF="${BUILD:-build}/tests/pngdiff"
MAX_DIFF=20          # per thousand pixels
MAX_BYTES=122880     # 120 KB: an example's SVG without embedded fonts

# need TOOL: present, or the check fails in CI and is skipped (SKIP) outside
need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ -n "${CI:-}" ]; then fail "$1 installed" "missing (scripts/install-deps.sh installs it)"; else echo "SKIP $1 not installed"; fi
    return 1
}
have_xmllint=0; need xmllint && have_xmllint=1
have_rsvg=0; need rsvg-convert && have_rsvg=1
[ -x "$PNGDIFF" ] || { fail "pngdiff built" "$PNGDIFF missing (make test-bins)"; have_rsvg=0; }

# wellformed NAME FILE
wellformed() {
    [ $have_xmllint -eq 1 ] || return 0
    if xmllint --noout "$2" 2>"$d/xmllint.err"; then pass "$1: well-formed"; else fail "$1: well-formed" "$(head -c 300 "$d/xmllint.err")"; fi
}

# ids NAME FILE PREFIX: every id starts with PREFIX, every #ref has its id
ids() {
    grep -o ' id="[^"]*"' "$2" | sed 's/^ id="//; s/"$//' | sort >"$d/ids"
    bad=$(grep -v "^$3" "$d/ids" | head -n 3)
    { grep -o 'href="#[^"]*"' "$2" | sed 's/^href="#//; s/"$//'
      grep -o 'url(#[^)]*)' "$2" | sed 's/^url(#//; s/)$//'; } | sort -u >"$d/refs"
    dangling=$(comm -23 "$d/refs" "$d/ids" | head -n 3)
    dup=$(uniq -d "$d/ids" | head -n 3)
    if [ -n "$bad$dangling$dup" ]; then
        fail "$1: ids" "unprefixed: $bad; dangling: $dangling; twice: $dup"
    else
        pass "$1: ids"
    fi
}

# texts NAME SCENE SVG
texts() {
    if python3 tests/svg_texts.py "$2" "$3" >"$d/texts.out" 2>&1; then pass "$1: every text"; else fail "$1: every text" "$(head -c 400 "$d/texts.out")"; fi
}

# looks NAME PNG SVG: rasterized, the SVG looks like cairo's PNG
looks() {
    [ $have_rsvg -eq 1 ] || return 0
    if ! rsvg-convert --dpi-x 72 --dpi-y 72 -b white "$3" -o "$d/r.png" 2>"$d/rsvg.err"; then
        fail "$1: looks like the PNG" "rsvg-convert: $(head -c 300 "$d/rsvg.err")"
        return
    fi
    # "W H N PERMILLE"
    set -- "$1" $("$PNGDIFF" "$2" "$d/r.png" 64 2>&1)
    if [ $# -eq 5 ] && [ "$5" -le $MAX_DIFF ]; then
        pass "$1: looks like the PNG ($4 pixels differ, $5 per thousand)"
    else
        fail "$1: looks like the PNG" "pngdiff: $2 $3 $4 $5 (at most $MAX_DIFF per thousand)"
    fi
}

for ex in examples/*.yaml; do
    b=$(basename "$ex" .yaml)
    "$JMAP" build -q -f scene "$ex" -o "$d/$b.scene"
    for page in auto a3 slide; do
        n="$b $page"
        o="$d/$b-$page"
        mkdir -p "$o"
        if ! "$JMAP" build -q "$ex" --page $page -o "$o/map.svg" 2>"$d/err" ||
           ! "$JMAP" build -q "$ex" --page $page -f png --scale 1 -o "$o/map.png" 2>>"$d/err"; then
            fail "$n: builds" "$(head -c 300 "$d/err")"
            continue
        fi
        # sheets of a map split into pages are numbered, as the PNGs are
        for svg in "$o"/*.svg; do
            s=$(basename "$svg" .svg)
            wellformed "$n $s" "$svg"
            ids "$n $s" "$svg" jmap-
            looks "$n $s" "$o/$s.png" "$svg"
        done
    done
    # the natural size: its texts, its size, a rerun, its fonts
    svg="$d/$b-auto/map.svg"
    texts "$b" "$d/$b.scene" "$svg"
    size=$(wc -c <"$svg")
    [ "$size" -le $MAX_BYTES ] && pass "$b: $size bytes" || fail "$b: at most $MAX_BYTES bytes" "$size"
    "$JMAP" build -q "$ex" -o "$d/$b.again.svg"
    cmp -s "$svg" "$d/$b.again.svg" && pass "$b: same bytes on a rerun" || fail "$b: same bytes on a rerun" "differ"
    grep -q '@font-face\|data:font/' "$svg" && fail "$b: no font without --embed-fonts" "font data" || pass "$b: no font without --embed-fonts"
    "$JMAP" build -q "$ex" --embed-fonts -o "$d/$b.fonts.svg"
    wellformed "$b --embed-fonts" "$d/$b.fonts.svg"
    grep -q "@font-face{font-family:'jmap-f0';src:url(data:font/" "$d/$b.fonts.svg" &&
        grep -q "\.jmap-t{font-family:'jmap-f0'," "$d/$b.fonts.svg" &&
        pass "$b --embed-fonts: fonts embedded, named first" || fail "$b --embed-fonts: fonts embedded" "no @font-face"
    "$JMAP" build -q "$ex" --embed-fonts -o "$d/$b.fonts2.svg"
    cmp -s "$d/$b.fonts.svg" "$d/$b.fonts2.svg" && pass "$b --embed-fonts: same bytes on a rerun" || fail "$b --embed-fonts: same bytes on a rerun" "differ"
done

# An embedded font is a font: its first subset decodes to a face of the
# family the text is set in (fontconfig reads it).
v="$d/voyage-affaires.fonts.svg"
sed -n "s/.*@font-face{font-family:'jmap-f0';src:url(data:font\/ttf;base64,\([^)]*\)).*/\1/p" "$v" | head -n 1 |
    base64 -d >"$d/f0.ttf" 2>/dev/null
fam=$(fc-scan --format '%{family}' "$d/f0.ttf" 2>/dev/null)
[ "$fam" = "Noto Sans" ] && pass "embedded subset is a Noto Sans font" || fail "embedded subset is a font" "fc-scan says '$fam'"
full=$(wc -c </usr/share/fonts/truetype/noto/NotoSans-Regular.ttf 2>/dev/null || echo 0)
sub=$(wc -c <"$d/f0.ttf")
[ "$sub" -gt 1000 ] && [ "$sub" -lt $((full / 5)) ] && pass "embedded font is a subset ($sub bytes)" || fail "embedded font is a subset" "$sub bytes of $full"

# What a reader finds in voyage-affaires: its words as text, its links,
# its labels for assistive technologies, its images once each.
v="$d/voyage-affaires-auto/map.svg"
for w in "Réservation" "Politique voyage" "Vol retour" "Aucune proposition" "Obtient un nouveau vol"; do
    grep -q ">$w<" "$v" && pass "text '$w' is in the SVG" || fail "text '$w' is in the SVG" "not found"
done
grep -q '<a href="https://intranet.groupe-alpes.fr/politique-voyage" rel="noopener"' "$v" &&
    pass "touchpoint url is a link" || fail "touchpoint url is a link" "no <a href>"
grep -q '<svg xmlns="http://www.w3.org/2000/svg" width="[0-9.]*pt" height="[0-9.]*pt" viewBox="0 0 [0-9.]* [0-9.]*" role="img" aria-labelledby="jmap-title jmap-desc" xml:lang="fr"' "$v" &&
    grep -q '<title id="jmap-title">Déplacement professionnel avec Cap Affaires</title>' "$v" &&
    pass "root: size, role, labels, language" || fail "root: size, role, labels, language" "$(sed -n 2,3p "$v" | head -c 300)"
n_img=$(grep -c 'data:image/png;base64,' "$v")
[ "$n_img" -eq 6 ] && pass "each image once (6)" || fail "each image once" "$n_img data URIs"
head -c 40 "$v" | grep -q '^<?xml version="1.0" encoding="UTF-8"?>' && pass "XML declaration" || fail "XML declaration" "$(head -c 40 "$v")"
"$JMAP" build -q examples/minimal.yaml -f svg -o - >"$d/stdout.svg" && cmp -s "$d/stdout.svg" "$d/minimal-auto/map.svg" &&
    pass "-f svg -o - writes the same SVG" || fail "-f svg -o -" "differs"

# A hostile journey: well-formed, its texts as text, no control character,
# none of its markup as markup.
h=tests/hostile/svg-text.yaml
if "$JMAP" build -q "$h" -o "$d/hostile.svg" 2>"$d/err" && "$JMAP" build -q -f scene "$h" -o "$d/hostile.scene"; then
    wellformed "hostile texts" "$d/hostile.svg"
    texts "hostile texts" "$d/hostile.scene" "$d/hostile.svg"
    ids "hostile texts" "$d/hostile.svg" jmap-
    if LC_ALL=C grep -q "$(printf '[\001-\010\013\014\016-\037\177]')" "$d/hostile.svg"; then
        fail "hostile texts: no control character" "$(LC_ALL=C grep -n "$(printf '[\001-\010\013\014\016-\037\177]')" "$d/hostile.svg" | head -c 200)"
    else
        pass "hostile texts: no control character"
    fi
    if grep -q '<script\|<svg onload\|<b>\|<x>\|" onload=' "$d/hostile.svg"; then
        fail "hostile texts: no markup of the journey" "$(grep -o '<script.\{0,40\}\|<svg onload.\{0,20\}\|" onload=.\{0,20\}' "$d/hostile.svg" | head -n 3)"
    else
        pass "hostile texts: no markup of the journey"
    fi
    "$JMAP" build -q "$h" --embed-fonts -o "$d/hostile.fonts.svg" && wellformed "hostile texts --embed-fonts" "$d/hostile.fonts.svg"
    "$JMAP" build -q "$h" --page a4 -o "$d/hostile-a4.svg" && for s in "$d"/hostile-a4*.svg; do wellformed "hostile texts a4 $(basename "$s")" "$s"; done
else
    fail "hostile texts build" "$(head -c 300 "$d/err")"
fi
finish
