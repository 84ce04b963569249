#!/bin/sh
# `jmap build --report-page`: a PDF ends with the analysis page (key
# figures, the impact x effort matrix, the findings), in the outline and
# with a named destination; with books and batches; refused for SVG, PNG and
# JSON; the page follows -p; reproducible. Its layout is checked by
# tests/unit/test_layout.c and its scene by the golden *.report.scene files.
. tests/lib.sh
d="$JMAP_TEST_TMP/report-page"
rm -rf "$d"; mkdir -p "$d"
ex=examples/voyage-affaires.yaml

pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'; }

expect_exit "--report-page pdf" 0 env SOURCE_DATE_EPOCH=0 "$JMAP" build "$ex" --report-page -o "$d/map.pdf"
[ "$(pages "$d/map.pdf")" = 2 ] && pass "map then analysis: 2 pages" || fail "map then analysis: 2 pages" "$(pages "$d/map.pdf") pages"
grep -a -q '^<< /Title (Carte)' "$d/map.pdf" && grep -a -q '^<< /Title (Analyse)' "$d/map.pdf" &&
    pass "outline names the map and the analysis" || fail "outline names the map and the analysis" "$(grep -a '^<< /Title ' "$d/map.pdf")"
pdfinfo -dests "$d/map.pdf" >"$d/dests" 2>&1
awk '$NF == "\"map\"" && $1 == 1 {a=1} $NF == "\"analysis\"" && $1 == 2 {b=1} END {exit !(a && b)}' "$d/dests" &&
    pass "destinations map and analysis on their pages" || fail "destinations map and analysis on their pages" "$(cat "$d/dests")"
pdftotext -f 2 -l 2 "$d/map.pdf" "$d/p2.txt" 2>/dev/null
ok=1
for t in "Analyse du parcours" "Priorisation des opportunités" "Gains rapides" "Effort faible" \
         "Impact fort" "Constats" "Chutes brutales (1)" "KPI hors objectif (4)" \
         "Modification en libre-service" "voyage-affaires.yaml"; do
    grep -q "$t" "$d/p2.txt" || { ok=0; echo "missing: $t" >>"$d/missing"; }
done
[ $ok -eq 1 ] && pass "analysis page text drawn" || fail "analysis page text drawn" "$(cat "$d/missing")"
pdftotext -f 1 -l 1 "$d/map.pdf" - 2>/dev/null | grep -q "Priorisation" &&
    fail "page 1 is the map alone" "analysis text on page 1" || pass "page 1 is the map alone"
env SOURCE_DATE_EPOCH=0 "$JMAP" build "$ex" --report-page -o "$d/map2.pdf" 2>/dev/null
cmp -s "$d/map.pdf" "$d/map2.pdf" && pass "--report-page reproducible" || fail "--report-page reproducible" "differs"
"$JMAP" build "$ex" -o "$d/plain.pdf" 2>/dev/null
[ "$(pages "$d/plain.pdf")" = 1 ] && pass "without --report-page one page" || fail "without --report-page one page" "$(pages "$d/plain.pdf")"

# English labels for an English journey
expect_exit "--report-page english" 0 "$JMAP" build examples/minimal.yaml --report-page -o "$d/min.pdf"
pdftotext -f 2 -l 2 "$d/min.pdf" - 2>/dev/null | grep -q "Opportunity priorities" &&
    grep -a -q '^<< /Title (Analysis)' "$d/min.pdf" && pass "english analysis page" ||
    fail "english analysis page" "$(pdftotext -f 2 -l 2 "$d/min.pdf" - 2>&1 | head -n 5)"

# books and batches
expect_exit "book with --report-page" 0 "$JMAP" build "$ex" --each-persona --report-page -o "$d/book.pdf"
[ "$(pages "$d/book.pdf")" = 4 ] && pass "book: overview, 2 personas, analysis" || fail "book: overview, 2 personas, analysis" "$(pages "$d/book.pdf") pages"
[ "$(grep -a -c '^<< /Title ' "$d/book.pdf")" = 4 ] && grep -a -q '^<< /Title (Analyse)' "$d/book.pdf" &&
    pass "book outline ends with the analysis" || fail "book outline ends with the analysis" "$(grep -a '^<< /Title ' "$d/book.pdf")"
mkdir -p "$d/each"
expect_exit "--each-persona {persona}.pdf --report-page" 0 "$JMAP" build "$ex" --each-persona --report-page -o "$d/each/{persona}.pdf"
ok=1
for f in "$d/each/sofia-reyes.pdf" "$d/each/thomas-leroy.pdf"; do [ "$(pages "$f")" = 2 ] || ok=0; done
[ $ok -eq 1 ] && pass "each persona's PDF has its analysis page" || fail "each persona's PDF has its analysis page" "$(ls -l "$d/each")"
pdftotext -f 2 -l 2 "$d/each/thomas-leroy.pdf" - 2>/dev/null | grep -q "Analyse du parcours · Thomas Leroy" &&
    pass "a persona's analysis page names the persona" || fail "a persona's analysis page names the persona" "$(pdftotext -f 2 -l 2 "$d/each/thomas-leroy.pdf" - | head -n 4)"

# personas whose ids are the names of other pages: every destination unique
cat >"$d/clash.yaml" <<'EOF2'
jmap: 1
title: Clash
personas: [{id: overview, name: Vue}, {id: analysis, name: Analyse}]
stages:
  - name: One
    touchpoints: [{name: A, emotion: 3}]
EOF2
expect_exit "book whose persona ids clash with page names" 0 "$JMAP" build "$d/clash.yaml" --each-persona --report-page -o "$d/clash.pdf"
pdfinfo -dests "$d/clash.pdf" 2>&1 | awk 'NR > 1 {print $1, $NF}' >"$d/clash.dests"
printf '1 "overview"\n2 "overview-2"\n3 "analysis-2"\n4 "analysis"\n' >"$d/clash.want"
cmp -s "$d/clash.want" "$d/clash.dests" && pass "clashing ids get -2, page names stay" ||
    fail "clashing ids get -2, page names stay" "$(cat "$d/clash.dests")"

# -p: the analysis of that persona only (scene dump)
expect_exit "-p scene with --report-page" 0 "$JMAP" build "$ex" -p sofia-reyes -f scene --report-page -o "$d/s.scene"
grep -q '^page analysis$' "$d/s.scene" && grep -q 'report-subtitle .*"Analyse du parcours · Sofia Reyes"' "$d/s.scene" &&
    pass "-p narrows the analysis page" || fail "-p narrows the analysis page" "$(grep report-subtitle "$d/s.scene")"
# "Alerte voyageurs" is met by Thomas Leroy only; the full analysis lists its drop
# (a one-point step: a sharp drop only with --threshold sharp_drop=1)
"$JMAP" build "$ex" -f scene --report-page --threshold sharp_drop=1 -o - 2>/dev/null | sed -n '/^page analysis$/,$p' |
    grep -q '^text finding .*Alerte voyageurs' && pass "full analysis lists Thomas's drop" ||
    fail "full analysis lists Thomas's drop" "no finding names Alerte voyageurs"
sed -n '/^page analysis$/,$p' "$d/s.scene" | grep -q 'Alerte voyageurs' &&
    fail "-p: nothing of another persona's touchpoints" "$(grep 'Alerte voyageurs' "$d/s.scene")" ||
    pass "-p: nothing of another persona's touchpoints"

# refused where there is no second page; nothing written
for f in svg png json; do
    expect_exit "--report-page with $f" 2 "$JMAP" build "$ex" --report-page -o "$d/x.$f"
    grep -q -- "--report-page adds a page to a PDF" "$JMAP_TEST_TMP/err" && [ ! -e "$d/x.$f" ] &&
        pass "--report-page with $f: message, no file" || fail "--report-page with $f: message, no file" "$(cat "$JMAP_TEST_TMP/err")"
done
# a service blueprint: the insights first, then the blueprint's findings
bp=tests/golden/report-blueprint-fr.yaml
expect_exit "--report-page blueprint" 0 "$JMAP" build "$bp" --report-page -o "$d/bp.pdf"
pdftotext -f 2 -l 2 "$d/bp.pdf" "$d/bp.txt" 2>/dev/null
ok=1
for t in "Enseignements" "Demande : Tout se joue au premier appel" "Plus forts abandons (2)" \
         "Points de contact inaccessibles (1)" "Irritants sans soutien (1)" \
         "Passages de relais avec irritant (1)" "Données redemandées (2)"; do
    grep -q "$t" "$d/bp.txt" || { ok=0; echo "missing: $t" >>"$d/bp.missing"; }
done
[ $ok -eq 1 ] && pass "blueprint analysis page text drawn" || fail "blueprint analysis page text drawn" "$(cat "$d/bp.missing")"
[ "$(grep -n -m1 Enseignements "$d/bp.txt" | cut -d: -f1)" -lt "$(grep -n -m1 'points de contact' "$d/bp.txt" | cut -d: -f1)" ] &&
    pass "the insights come before the key figures" || fail "the insights come before the key figures" "$(head -n 12 "$d/bp.txt")"
finish
