#!/bin/sh
# `jmap build -f pptx`: an editable PowerPoint deck. Its package holds the
# parts PowerPoint requires, every XML part is well-formed (hostile texts
# included), reruns give the same bytes, the slides follow --page,
# --each-persona and --report-page, and LibreOffice opens every deck and
# converts it to a PDF with one page per slide and every touchpoint's name.
. tests/lib.sh
d="$JMAP_TEST_TMP/pptx"
rm -rf "$d"
mkdir -p "$d"
ex=examples/voyage-affaires.yaml

# parts FILE: the names of the deck's parts, one a line
parts() { unzip -Z1 "$1" 2>/dev/null; }
# part FILE NAME: the content of one part
part() { unzip -p "$1" "$2" 2>/dev/null; }
# well_formed NAME FILE: every XML part passes xmllint
well_formed() {
    _bad=""
    rm -rf "$d/x" && mkdir -p "$d/x" && (cd "$d/x" && unzip -q "../$(basename "$2")") || _bad="unzip failed"
    for _f in $(cd "$d/x" && find . -name '*.xml' -o -name '*.rels' | sort); do
        xmllint --noout "$d/x/$_f" 2>>"$d/xmllint.err" || _bad="$_bad $_f"
    done
    [ -z "$_bad" ] && pass "$1" || fail "$1" "not well-formed:$_bad $(head -c 300 "$d/xmllint.err")"
}
# slides FILE: the number of slides
slides() { parts "$1" | grep -c '^ppt/slides/slide[0-9]*\.xml$'; }

expect_exit "pptx: build" 0 "$JMAP" build "$ex" -o "$d/va.pptx"
missing=""
for p in '[Content_Types].xml' _rels/.rels docProps/core.xml docProps/app.xml \
         ppt/presentation.xml ppt/_rels/presentation.xml.rels ppt/presProps.xml \
         ppt/viewProps.xml ppt/tableStyles.xml ppt/theme/theme1.xml \
         ppt/slideMasters/slideMaster1.xml ppt/slideMasters/_rels/slideMaster1.xml.rels \
         ppt/slideLayouts/slideLayout1.xml ppt/slideLayouts/_rels/slideLayout1.xml.rels \
         ppt/slides/slide1.xml ppt/slides/_rels/slide1.xml.rels ppt/media/image1.png; do
    parts "$d/va.pptx" | grep -qxF "$p" || missing="$missing $p"
done
[ -z "$missing" ] && pass "pptx: the parts PowerPoint requires" || fail "pptx: the parts PowerPoint requires" "missing:$missing"
[ "$(parts "$d/va.pptx" | head -n 1)" = "[Content_Types].xml" ] &&
    pass "pptx: [Content_Types].xml first" || fail "pptx: [Content_Types].xml first" "$(parts "$d/va.pptx" | head -n 1)"
well_formed "pptx: every XML part well-formed" "$d/va.pptx"
unzip -l "$d/va.pptx" | awk '$2 ~ /^[0-9]+-[0-9]+-[0-9]+$/ {n++; if ($2 != "1980-01-01" || $3 != "00:00") bad=1} END {exit bad || !n}' &&
    pass "pptx: every entry dated 1980-01-01" || fail "pptx: every entry dated 1980-01-01" "$(unzip -l "$d/va.pptx" | head -n 6)"

# the same bytes on every run, in any time zone, and on standard output
TZ=Asia/Tokyo "$JMAP" build "$ex" -o "$d/va2.pptx" 2>/dev/null
"$JMAP" build "$ex" -f pptx -o - >"$d/va3.pptx" 2>/dev/null
cmp -s "$d/va.pptx" "$d/va2.pptx" && cmp -s "$d/va.pptx" "$d/va3.pptx" &&
    pass "pptx: reruns byte-identical" || fail "pptx: reruns byte-identical" "differ"

# slide size: 16:9 by default, the sheet with --page
part "$d/va.pptx" ppt/presentation.xml | grep -q '<p:sldSz cx="12192000" cy="6858000"/>' &&
    pass "pptx: a 16:9 slide by default" || fail "pptx: a 16:9 slide by default" "$(part "$d/va.pptx" ppt/presentation.xml | grep -o '<p:sldSz[^>]*>')"
expect_exit "pptx: --page a3" 0 "$JMAP" build examples/eco-packaging.yaml --page a3 -o "$d/eco-a3.pptx"
part "$d/eco-a3.pptx" ppt/presentation.xml | grep -q '<p:sldSz cx="15119985" cy="10692003"/>' &&
    pass "pptx: --page a3 sets an A3 slide" || fail "pptx: --page a3 sets an A3 slide" "$(part "$d/eco-a3.pptx" ppt/presentation.xml | grep -o '<p:sldSz[^>]*>')"

# what a slide holds: text boxes of real text in the map's font, shapes
# named after what they show, the links of the touchpoints
s1=$(part "$d/va.pptx" ppt/slides/slide1.xml)
echo "$s1" | grep -q '<a:t>Politique voyage</a:t>' && echo "$s1" | grep -q 'txBox="1"' &&
    echo "$s1" | grep -q '<a:latin typeface="Noto Sans"/>' &&
    pass "pptx: texts are text boxes" || fail "pptx: texts are text boxes" "no text box of 'Politique voyage'"
echo "$s1" | grep -q '<a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t" rtlCol="0"><a:noAutofit/>' &&
    pass "pptx: text boxes without insets or autofit" || fail "pptx: text boxes without insets or autofit" "bodyPr differs"
echo "$s1" | grep -q 'name="tp-card"' && echo "$s1" | grep -q '<a:custGeom>' &&
    echo "$s1" | grep -q '<p:pic>' && pass "pptx: shapes named, paths and pictures" ||
    fail "pptx: shapes named, paths and pictures" "missing tp-card, custGeom or pic"
part "$d/va.pptx" ppt/slides/_rels/slide1.xml.rels | grep -q 'TargetMode="External"' &&
    pass "pptx: touchpoint links" || fail "pptx: touchpoint links" "no hyperlink relationship"
part "$d/va.pptx" docProps/core.xml | grep -q '<dc:title>Déplacement professionnel avec Cap Affaires</dc:title>' &&
    part "$d/va.pptx" docProps/core.xml | grep -q '<dc:language>fr-FR</dc:language>' &&
    ! part "$d/va.pptx" docProps/core.xml | grep -q 'dcterms:created' &&
    pass "pptx: title and language, no date" || fail "pptx: title and language, no date" "$(part "$d/va.pptx" docProps/core.xml)"
SOURCE_DATE_EPOCH=86400 "$JMAP" build "$ex" -o "$d/dated.pptx" 2>/dev/null
part "$d/dated.pptx" docProps/core.xml | grep -q '>1970-01-02T00:00:00Z</dcterms:created>' &&
    pass "pptx: SOURCE_DATE_EPOCH dates the deck" || fail "pptx: SOURCE_DATE_EPOCH dates the deck" "$(part "$d/dated.pptx" docProps/core.xml)"

# a book: the overview, a slide per persona, the analysis; each image once
expect_exit "pptx: --each-persona --report-page" 0 "$JMAP" build "$ex" --each-persona --report-page -o "$d/book.pptx"
[ "$(slides "$d/book.pptx")" = 4 ] && pass "pptx: overview, 2 personas, analysis: 4 slides" ||
    fail "pptx: overview, 2 personas, analysis: 4 slides" "$(slides "$d/book.pptx") slides"
titles=$(for k in 1 2 3 4; do part "$d/book.pptx" "ppt/slides/slide$k.xml" | grep -o '<p:cSld name="[^"]*"' | sed 's/.*name="//; s/"$//'; done | tr '\n' '|')
[ "$titles" = "Vue d&apos;ensemble|Sofia Reyes|Thomas Leroy|Analyse|" ] &&
    pass "pptx: slides titled" || fail "pptx: slides titled" "$titles"
part "$d/book.pptx" ppt/slides/slide3.xml | grep -q '<p:ph type="title"/>.*<a:t>Thomas Leroy</a:t>' &&
    pass "pptx: a title placeholder names the slide" || fail "pptx: a title placeholder names the slide" "none on slide 3"
n_media=$(parts "$d/book.pptx" | grep -c '^ppt/media/image[0-9]*\.png$')
[ "$n_media" -ge 2 ] &&
    [ "$(for f in $(parts "$d/book.pptx" | grep '^ppt/media/'); do unzip -p "$d/book.pptx" "$f" | md5sum; done | sort | uniq -d)" = "" ] &&
    pass "pptx: each image once" || fail "pptx: each image once" "$(parts "$d/book.pptx" | grep media)"
well_formed "pptx: the book well-formed" "$d/book.pptx"
mkdir -p "$d/each"
expect_exit "pptx: --each-persona {persona}.pptx" 0 "$JMAP" build "$ex" --each-persona -o "$d/each/{persona}.pptx"
[ "$(slides "$d/each/sofia-reyes.pptx")" = 1 ] && [ "$(slides "$d/each/thomas-leroy.pptx")" = 1 ] &&
    pass "pptx: one deck per persona" || fail "pptx: one deck per persona" "$(ls "$d/each")"

# hostile text: quotes, markup, CDATA ends, control characters, bidi marks,
# noncharacters, in every text that reaches the package
cat >"$d/hostile.yaml" <<'EOF'
jmap: 1
title: "Quotes \" ' <tag> & ]]> <![CDATA[ x ]]> \x01\x02\x1b\x7f\u0085 \u200F\u202Eevil\u202C \uFFFE\uFFFF end"
author: "a & b <c@d> \" ]]> \x0b"
description: "line one\nline two </dc:title> \r\t"
personas:
  - name: "Claire <b>&amp;</b> \u202Eملف\u202C"
  - id: p-x
    name: "שלום עולם \x08"
stages:
  - name: "Stage ]]> & < \u2028 \u2029 after"
    touchpoints:
      - name: "Tab\there \x7f del \x1b esc \x0c ff"
        emotion: 2
        url: "https://e.com/a\"><Relationship Id=\"rId1\"/>&amp;"
        pains: ["<p:sp> & ]]>"]
      - name: "مرحبا بالعالم"
        emotion: 4
        url: "mailto:a@b.example?subject=<x>&y=\"z\""
        opportunities: ["\"quoted\" 'single' &#x41; &lt;"]
EOF
expect_exit "pptx: hostile texts build" 0 "$JMAP" build "$d/hostile.yaml" --each-persona --report-page -o "$d/hostile.pptx"
well_formed "pptx: hostile texts keep every part well-formed" "$d/hostile.pptx"
if LC_ALL=C grep -q -P '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xef\xbf[\xbe\xbf]' "$d"/x/ppt/slides/*.xml "$d"/x/docProps/*.xml; then
    fail "pptx: no control characters or noncharacters" "$(LC_ALL=C grep -l -P '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]' "$d"/x/ppt/slides/*.xml)"
else
    pass "pptx: no control characters or noncharacters"
fi
grep -q 'Target="https://e.com/a%22%3E%3CRelationship%20Id=%22rId1%22/%3E&amp;amp;"' "$d/x/ppt/slides/_rels/slide1.xml.rels" &&
    pass "pptx: a link percent-encoded, then escaped" || fail "pptx: a link percent-encoded, then escaped" "$(cat "$d/x/ppt/slides/_rels/slide1.xml.rels")"
grep -q 'rtl="1"' "$d/x/ppt/slides/slide1.xml" && pass "pptx: right-to-left paragraphs" ||
    fail "pptx: right-to-left paragraphs" "no rtl=\"1\""

# a failed build writes nothing and leaves an existing deck alone
printf 'jmap: 1\ntitle: broken\nstages: [{name: S, touchpoints: [{name: T, emotion: 9}]}]\n' >"$d/bad.yaml"
expect_exit "pptx: an invalid journey" 1 "$JMAP" build "$d/bad.yaml" -o "$d/bad.pptx"
[ ! -e "$d/bad.pptx" ] && pass "pptx: a failed build writes nothing" || fail "pptx: a failed build writes nothing" "bad.pptx exists"
cp "$d/va.pptx" "$d/keep.pptx"
"$JMAP" build "$d/bad.yaml" -o "$d/keep.pptx" 2>/dev/null
cmp -s "$d/va.pptx" "$d/keep.pptx" &&
    pass "pptx: a failed build leaves the deck untouched" || fail "pptx: a failed build leaves the deck untouched" "changed"

# The round trip: LibreOffice opens each deck and writes a PDF of its
# slides, with every touchpoint's name. One LibreOffice run converts them
# all, in a profile of its own, within a time limit.
if ! command -v soffice >/dev/null 2>&1; then
    if [ -n "${CI:-}" ]; then
        fail "pptx: LibreOffice round trip" "soffice not installed (scripts/install-deps.sh installs libreoffice-impress)"
    else
        echo "SKIP pptx: LibreOffice round trip (soffice not installed)"
    fi
    finish
fi
expect_exit "pptx: saas-onboarding on A3" 0 "$JMAP" build examples/saas-onboarding.yaml --page a3 -o "$d/saas.pptx"
mkdir -p "$d/lo" "$d/pdf"
start=$(date +%s)
timeout 240 soffice -env:UserInstallation="file://$(cd "$d/lo" && pwd)" --headless --norestore \
    --convert-to pdf --outdir "$d/pdf" "$d/va.pptx" "$d/book.pptx" "$d/saas.pptx" \
    "$d/hostile.pptx" >"$d/soffice.out" 2>&1
rc=$?
echo "soffice: 4 decks in $(($(date +%s) - start)) s"
[ $rc -eq 0 ] && pass "pptx: LibreOffice converts the decks" || fail "pptx: LibreOffice converts the decks" "exit $rc: $(tail -c 300 "$d/soffice.out")"
pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'; }
ok=1
for deck in va book saas hostile; do
    [ "$(pages "$d/pdf/$deck.pdf")" = "$(slides "$d/$deck.pptx")" ] || {
        ok=0
        echo "$deck: $(pages "$d/pdf/$deck.pdf") pages, $(slides "$d/$deck.pptx") slides" >>"$d/pages.err"
    }
done
[ $ok -eq 1 ] && pass "pptx: a PDF page per slide" || fail "pptx: a PDF page per slide" "$(cat "$d/pages.err")"
# every touchpoint's name, whitespace and apostrophes as typeset
names() {
    "$JMAP" build "$1" -f json -o - 2>/dev/null | python3 -c '
import json, sys
for s in json.load(sys.stdin)["stages"]:
    for t in s.get("touchpoints", []):
        print(t["name"])'
}
has_names() {
    names "$1" >"$d/names"
    pdftotext -raw "$2" - 2>/dev/null >"$d/text"
    python3 - "$d/names" "$d/text" <<'EOF'
import re, sys
norm = lambda s: re.sub(r"\s+", " ", s.replace("\u2019", "'")).strip()
text = norm(open(sys.argv[2], encoding="utf-8").read())
missing = [n for n in open(sys.argv[1], encoding="utf-8").read().splitlines() if norm(n) not in text]
print("; ".join(missing))
sys.exit(1 if missing else 0)
EOF
}
miss=$(has_names "$ex" "$d/pdf/va.pdf") && pass "pptx: every touchpoint's name in LibreOffice's PDF" ||
    fail "pptx: every touchpoint's name in LibreOffice's PDF" "missing: $miss"
miss=$(has_names examples/saas-onboarding.yaml "$d/pdf/saas.pdf") && pass "pptx: every touchpoint's name on A3" ||
    fail "pptx: every touchpoint's name on A3" "missing: $miss"
ok=1
pdftotext -f 2 -l 2 "$d/pdf/book.pdf" - 2>/dev/null | grep -q "Sofia Reyes" || ok=0
pdftotext -f 3 -l 3 "$d/pdf/book.pdf" - 2>/dev/null | grep -q "Travel manager, achats groupe" || ok=0
pdftotext -f 4 -l 4 "$d/pdf/book.pdf" - 2>/dev/null | grep -q "Priorisation des opportunités" || ok=0
[ $ok -eq 1 ] && pass "pptx: the book's persona slides and analysis slide" ||
    fail "pptx: the book's persona slides and analysis slide" "$(pdftotext -f 4 -l 4 "$d/pdf/book.pdf" - | head -n 3)"
finish
