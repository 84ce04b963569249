#!/bin/sh
# Personas and batch: --persona filters (scene dumps), --each-persona to one
# file per persona or to one PDF book (pages, outline, named destinations,
# page sizes), the usage errors, all-or-nothing batches, and `jmap list`
# feeding a shell loop.
. tests/lib.sh
d="$JMAP_TEST_TMP/persona"
rm -rf "$d"
mkdir -p "$d"
ex=examples/voyage-affaires.yaml
# touchpoints only one persona meets, in the example
only_thomas="Alerte voyageurs|Validation des frais|Rapport trimestriel"
only_sofia="Politique voyage|Vol retour annulé|Hôtel partenaire"

# ---------------------------------------------------------------- --persona
expect_exit "-p sofia-reyes scene" 0 "$JMAP" build "$ex" -p sofia-reyes -f scene -o "$d/sofia.scene"
s="$d/sofia.scene"
if grep -E '^text tp-name ' "$s" | grep -qE "\"($only_thomas)\""; then
    fail "-p hides the other persona's touchpoints" "$(grep -E "$only_thomas" "$s" | head -n 3)"
else pass "-p hides the other persona's touchpoints"; fi
[ "$(grep -E '^text tp-name ' "$s" | grep -cE "\"($only_sofia)\"")" -eq 3 ] &&
    pass "-p keeps the persona's own touchpoints" || fail "-p keeps the persona's own touchpoints" "missing"
grep -q '^text tp-name .*"Demande d' "$s" && pass "-p keeps shared touchpoints" ||
    fail "-p keeps shared touchpoints" "Demande d'approbation missing"
# one curve, in pieces a stage long
n=$(grep '^path curve ' "$s" | sed 's/.*stroke=\(#[0-9A-F]*\).*/\1/' | sort -u | wc -l)
[ "$n" -eq 1 ] && pass "-p draws one curve" || fail "-p draws one curve" "$n curves"
sofia_color=$(grep '^path curve ' "$s" | sed 's/.*stroke=\(#[0-9A-F]*\).*/\1/')
# a line breaks where its persona is absent: one colour may draw several paths
full_colors=$("$JMAP" build "$ex" -f scene -o - | grep '^path curve ' | sed 's/.*stroke=\(#[0-9A-F]*\).*/\1/' | sort -u)
[ "$(echo "$full_colors" | wc -l)" -eq 2 ] && echo "$full_colors" | grep -qx "$sofia_color" &&
    pass "-p draws the persona's own curve" || fail "-p draws the persona's own curve" "$sofia_color vs $full_colors"
grep -q '^text legend .*"Sofia Reyes"$' "$s" && pass "-p persona in the legend" ||
    fail "-p persona in the legend" "no legend entry"
grep -q '^text legend .*Thomas Leroy' "$s" && fail "-p other persona not in the legend" "listed" ||
    pass "-p other persona not in the legend"
grep -q '^text persona-name .*"Thomas Leroy"' "$s" && fail "-p other persona card hidden" "card drawn" ||
    pass "-p other persona card hidden"
grep -q '^text persona-channel .*"Appli"' "$s" && grep -q '^icon persona-channel-icon .*icon=chat' "$s" &&
    pass "persona card shows preferred channels" || fail "persona card shows preferred channels" "no channel row"

expect_exit "-p a -p b" 0 "$JMAP" build "$ex" -p sofia-reyes -p thomas-leroy -f scene -o "$d/both.scene"
[ "$(grep '^path curve ' "$d/both.scene" | sed 's/.*stroke=\(#[0-9A-F]*\).*/\1/' | sort -u | wc -l)" -eq 2 ] &&
    [ "$(grep -E '^text tp-name ' "$d/both.scene" | grep -cE "\"($only_thomas|$only_sofia)\"")" -eq 6 ] &&
    grep -q '^text legend .*"Thomas Leroy"$' "$d/both.scene" && grep -q '^text legend .*"Sofia Reyes"$' "$d/both.scene" &&
    pass "-p a -p b draws both" || fail "-p a -p b draws both" "curves or touchpoints missing"

expect_exit "unknown persona" 1 "$JMAP" build "$ex" -p sofia-reye -o "$d/x.svg"
grep -q "did you mean 'sofia-reyes'" "$JMAP_TEST_TMP/err" && pass "unknown persona suggests" ||
    fail "unknown persona suggests" "$(cat "$JMAP_TEST_TMP/err")"
[ -e "$d/x.svg" ] && fail "unknown persona writes nothing" "x.svg exists" || pass "unknown persona writes nothing"

# ------------------------------------------------------ --each-persona files
mkdir -p "$d/svg"
expect_exit "--each-persona svg" 0 "$JMAP" build "$ex" --each-persona -o "$d/svg/map-{persona}.svg"
[ "$(ls -A "$d/svg" | tr '\n' ' ')" = "map-sofia-reyes.svg map-thomas-leroy.svg " ] &&
    pass "--each-persona file names are the persona ids" || fail "--each-persona file names are the persona ids" "$(ls -A "$d/svg")"
for p in sofia-reyes thomas-leroy; do
    head -c 200 "$d/svg/map-$p.svg" | grep -q '<svg' && pass "map-$p.svg is an SVG" || fail "map-$p.svg is an SVG" "no <svg"
done
# each file is the single-persona map, byte for byte (an SVG's ids are
# numbered within the file)
"$JMAP" build "$ex" -p thomas-leroy -o "$d/thomas.svg" 2>/dev/null
cmp -s "$d/thomas.svg" "$d/svg/map-thomas-leroy.svg" && pass "--each-persona file equals the -p map" ||
    fail "--each-persona file equals the -p map" "differs"
mkdir -p "$d/png"
expect_exit "--each-persona png" 0 "$JMAP" build "$ex" --each-persona --scale 0.5 -o "$d/png/{persona}.png"
[ "$(ls -A "$d/png" | wc -l)" -eq 2 ] && pass "--each-persona png gives two files" || fail "--each-persona png gives two files" "$(ls -A "$d/png")"

# ------------------------------------------------------------ the PDF book
expect_exit "--each-persona book" 0 env SOURCE_DATE_EPOCH=0 "$JMAP" build "$ex" --each-persona -o "$d/book.pdf"
b="$d/book.pdf"
if command -v pdfinfo >/dev/null 2>&1; then
    pdfinfo "$b" >"$d/info" 2>&1
    grep -q '^Pages: *3$' "$d/info" && pass "book has 3 pages" || fail "book has 3 pages" "$(grep Pages "$d/info")"
    sizes=$(pdfinfo -f 1 -l 3 "$b" | grep '^Page .* size' | sed 's/.*size: *//' | sort -u | wc -l)
    [ "$sizes" -eq 3 ] && pass "each page sized to its own map" || fail "each page sized to its own map" "$sizes distinct sizes"
    pdfinfo -dests "$b" >"$d/dests" 2>&1
    for n in overview sofia-reyes thomas-leroy; do
        grep -q "\"$n\"" "$d/dests" && pass "named destination $n" || fail "named destination $n" "$(cat "$d/dests")"
    done
    # page N's destination is on page N
    awk '$NF == "\"overview\"" && $1 == 1 {a=1} $NF == "\"sofia-reyes\"" && $1 == 2 {b=1}
         $NF == "\"thomas-leroy\"" && $1 == 3 {c=1}
         END {exit !(a && b && c)}' "$d/dests" && pass "destinations on their pages" ||
        fail "destinations on their pages" "$(cat "$d/dests")"
    grep -q '^Title: *Déplacement professionnel' "$d/info" && grep -q '^Creator: *jmap' "$d/info" &&
        pass "book metadata" || fail "book metadata" "$(cat "$d/info")"
else
    fail "pdfinfo available" "install poppler-utils"
fi
# The outline: cairo writes its items uncompressed, one "<< /Title (...)" each
# (the document's own title is a separate, indented entry).
n_items=$(grep -a -c '^<< /Title ' "$b")
if [ "$n_items" -eq 3 ] && grep -a -q "^<< /Title (Vue d'ensemble)" "$b" &&
    grep -a -q '^<< /Title (Sofia Reyes)' "$b" && grep -a -q '^<< /Title (Thomas Leroy)' "$b"; then
    pass "outline of 3 entries naming the overview and each persona"
else
    fail "outline of 3 entries naming the overview and each persona" "$n_items entries: $(grep -a '^<< /Title ' "$b")"
fi
env SOURCE_DATE_EPOCH=0 "$JMAP" build "$ex" --each-persona -o "$d/book2.pdf" 2>/dev/null
cmp -s "$b" "$d/book2.pdf" && pass "book is reproducible" || fail "book is reproducible" "differs between runs"
# Persona ids in other scripts than ASCII (ids hold letters of any script,
# digits, '-', '_' and inner dots; quotes, brackets and backslashes are
# refused by the loader): the book still builds, and each page's destination
# is the id percent-encoded, the same in the outline's links and in the
# destinations (cairo writes both verbatim).
cat >"$d/odd-ids.yaml" <<'EOF2'
jmap: 1
title: Odd ids
personas:
  - {id: élodie, name: Élodie}
  - {id: σοφία, name: Sofia}
  - {id: 発見, name: Hakken}
  - {id: v1.2_b, name: Point}
stages:
  - name: Découverte
    touchpoints: [{name: Annonce, emotion: 3}]
EOF2
expect_exit "book with odd persona ids" 0 "$JMAP" build "$d/odd-ids.yaml" --each-persona -o "$d/odd.pdf"
ok=1
for n in '%C3%A9lodie' '%CF%83%CE%BF%CF%86%CE%AF%CE%B1' '%E7%99%BA%E8%A6%8B' 'v1.2_b'; do
    grep -a -q "^   ($n) \[" "$d/odd.pdf" && grep -a -q "/Dest ($n)" "$d/odd.pdf" || ok=0
done
[ $ok -eq 1 ] && pass "odd persona ids become percent-encoded destinations" ||
    fail "odd persona ids become percent-encoded destinations" "$(grep -a -A6 '/Names' "$d/odd.pdf" | head -n 8)"
command -v pdfinfo >/dev/null 2>&1 && { pdfinfo -dests "$d/odd.pdf" 2>&1 | grep -c '"' | grep -qx 5 &&
    pass "odd ids: five destinations" || fail "odd ids: five destinations" "$(pdfinfo -dests "$d/odd.pdf" 2>&1)"; }
expect_exit "book with -p keeps only that persona" 0 "$JMAP" build "$ex" --each-persona -p thomas-leroy -o "$d/one.pdf"
command -v pdfinfo >/dev/null 2>&1 && { pdfinfo "$d/one.pdf" | grep -q '^Pages: *2$' &&
    pass "book with -p: overview and one page" || fail "book with -p: overview and one page" "$(pdfinfo "$d/one.pdf" | grep Pages)"; }

# ------------------------------------------------------------ usage errors
printf 'jmap: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints:\n      - {name: A, emotion: 3}\n' >"$d/nop.yaml"
expect_exit "--each-persona without personas" 1 "$JMAP" build "$d/nop.yaml" --each-persona -o "$d/nop.pdf"
[ -e "$d/nop.pdf" ] && fail "no personas writes nothing" "nop.pdf exists" || pass "no personas writes nothing"
expect_exit "--each-persona svg without {persona}" 2 "$JMAP" build "$ex" --each-persona -o "$d/x.svg"
grep -q '{persona}' "$JMAP_TEST_TMP/err" && pass "missing {persona} explained" || fail "missing {persona} explained" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "--each-persona png without {persona}" 2 "$JMAP" build "$ex" --each-persona -o "$d/x.png"
expect_exit "{persona} without --each-persona" 2 "$JMAP" build "$ex" -o "$d/m-{persona}.svg"
expect_exit "--each-persona json" 2 "$JMAP" build "$ex" --each-persona -o "$d/m-{persona}.json"
[ -z "$(ls -A "$d" | grep '^x\.\|^m-')" ] && pass "usage errors write nothing" || fail "usage errors write nothing" "$(ls -A "$d")"

# ------------------------------------------------- all or nothing batches
# One persona's photo has a PNG signature and header but is not a PNG: the
# loader accepts it, its page fails to render.
a="$d/atomic"
mkdir -p "$a/out" "$a/img"
cp examples/img/*.png "$a/img/"
printf '\211PNG\r\n\032\n\000\000\000\015IHDR\000\000\000\001\000\000\000\001\010\002\000\000\000\220wS\336not really a picture' >"$a/img/broken.png"
sed 's#img/thomas-leroy.png#img/broken.png#' "$ex" >"$a/j.yaml"
echo previous >"$a/out/map-sofia-reyes.svg"
echo previous >"$a/out/book.pdf"
expect_exit "failing persona fails the batch" 1 "$JMAP" build "$a/j.yaml" --each-persona -o "$a/out/map-{persona}.svg"
grep -q "broken.png" "$JMAP_TEST_TMP/err" && pass "failing persona names the image" || fail "failing persona names the image" "$(cat "$JMAP_TEST_TMP/err")"
[ "$(cat "$a/out/map-sofia-reyes.svg")" = previous ] && pass "batch failure leaves previous files untouched" ||
    fail "batch failure leaves previous files untouched" "map-sofia-reyes.svg was replaced"
[ "$(ls -A "$a/out" | tr '\n' ' ')" = "book.pdf map-sofia-reyes.svg " ] &&
    pass "batch failure writes nothing, leaves no temporary" || fail "batch failure writes nothing, leaves no temporary" "$(ls -A "$a/out")"
rm -f "$a/out/map-sofia-reyes.svg"
expect_exit "failing persona fails the batch (fresh)" 1 "$JMAP" build "$a/j.yaml" --each-persona -o "$a/out/map-{persona}.svg"
[ "$(ls -A "$a/out")" = "book.pdf" ] && pass "no file of a failed batch" || fail "no file of a failed batch" "$(ls -A "$a/out")"
expect_exit "failing persona fails the book" 1 "$JMAP" build "$a/j.yaml" --each-persona -o "$a/out/book.pdf"
[ "$(cat "$a/out/book.pdf")" = previous ] && [ "$(ls -A "$a/out")" = "book.pdf" ] &&
    pass "failed book leaves the previous one, no temporary" || fail "failed book leaves the previous one, no temporary" "$(ls -A "$a/out")"
expect_exit "the other persona alone still builds" 0 "$JMAP" build "$a/j.yaml" -p sofia-reyes -o "$a/out/s.svg"
rm -f "$a/out/s.svg"
mkdir -p "$a/ro"
echo previous >"$a/ro/map-sofia-reyes.svg"
chmod a-w "$a/ro"
if [ ! -w "$a/ro" ]; then
    expect_exit "unwritable folder is an I/O error" 3 "$JMAP" build "$ex" --each-persona -o "$a/ro/map-{persona}.svg"
    [ "$(ls -A "$a/ro")" = "map-sofia-reyes.svg" ] && pass "unwritable folder: nothing changed" ||
        fail "unwritable folder: nothing changed" "$(ls -A "$a/ro")"
fi
chmod u+w "$a/ro"
# A rename that fails halfway (the second persona's target is a folder):
# the first persona's map, already renamed, is put back.
r="$a/half"
mkdir -p "$r/map-thomas-leroy.svg"
echo previous >"$r/map-sofia-reyes.svg"
expect_exit "rename failing halfway is an I/O error" 3 "$JMAP" build "$ex" --each-persona -o "$r/map-{persona}.svg"
grep -q "cannot write '.*map-thomas-leroy.svg'" "$JMAP_TEST_TMP/err" && pass "rename failing halfway names the target" ||
    fail "rename failing halfway names the target" "$(cat "$JMAP_TEST_TMP/err")"
[ "$(cat "$r/map-sofia-reyes.svg")" = previous ] && pass "rename failing halfway puts the previous map back" ||
    fail "rename failing halfway puts the previous map back" "$(head -c 80 "$r/map-sofia-reyes.svg")"
[ "$(ls -A "$r" | tr '\n' ' ')" = "map-sofia-reyes.svg map-thomas-leroy.svg " ] && [ -z "$(ls -A "$r/map-thomas-leroy.svg")" ] &&
    pass "rename failing halfway leaves no temporary or kept copy" || fail "rename failing halfway leaves no temporary or kept copy" "$(ls -A "$r")"
rm -f "$r/map-sofia-reyes.svg"
expect_exit "rename failing halfway (fresh)" 3 "$JMAP" build "$ex" --each-persona -o "$r/map-{persona}.svg"
[ "$(ls -A "$r")" = "map-thomas-leroy.svg" ] && pass "rename failing halfway removes the maps it wrote" ||
    fail "rename failing halfway removes the maps it wrote" "$(ls -A "$r")"
rmdir "$r/map-thomas-leroy.svg"
echo previous >"$r/map-sofia-reyes.svg"
expect_exit "batch over previous maps" 0 "$JMAP" build "$ex" --each-persona -o "$r/map-{persona}.svg"
head -c 5 "$r/map-sofia-reyes.svg" | grep -q '<?xml' && [ "$(ls -A "$r" | wc -l)" -eq 2 ] &&
    pass "batch over previous maps replaces them, keeps no copy" || fail "batch over previous maps replaces them, keeps no copy" "$(ls -A "$r")"

# ----------------------------------------------------------------- list
expect_exit "list personas" 0 "$JMAP" list personas "$ex"
printf 'sofia-reyes\nthomas-leroy\n' >"$d/want"
cmp -s "$d/want" "$JMAP_TEST_TMP/out" && pass "list personas ids" || fail "list personas ids" "$(cat "$JMAP_TEST_TMP/out")"
expect_exit "list personas --names" 0 "$JMAP" list personas --names "$ex"
printf 'sofia-reyes\tSofia Reyes\nthomas-leroy\tThomas Leroy\n' >"$d/want"
cmp -s "$d/want" "$JMAP_TEST_TMP/out" && pass "list personas names" || fail "list personas names" "$(cat "$JMAP_TEST_TMP/out")"
expect_exit "list stages" 0 "$JMAP" list stages "$ex"
printf 'preparation-du-deplacement\nreservation\nvoyage\nsejour\nnote-de-frais\nbilan\n' >"$d/want"
cmp -s "$d/want" "$JMAP_TEST_TMP/out" && pass "list stages ids" || fail "list stages ids" "$(cat "$JMAP_TEST_TMP/out")"
expect_exit "list stages --names" 0 "$JMAP" list stages --names "$ex"
sed -n 1p "$JMAP_TEST_TMP/out" | grep -q "^preparation-du-deplacement	Préparation du déplacement$" &&
    [ "$(wc -l <"$JMAP_TEST_TMP/out")" -eq 6 ] && pass "list stages names" || fail "list stages names" "$(cat "$JMAP_TEST_TMP/out")"
expect_exit "list touchpoints" 0 "$JMAP" list touchpoints "$ex"
[ "$(wc -l <"$JMAP_TEST_TMP/out")" -eq 11 ] && sed -n 1p "$JMAP_TEST_TMP/out" | grep -qx politique-voyage &&
    ! grep -q '	' "$JMAP_TEST_TMP/out" && pass "list touchpoints ids" || fail "list touchpoints ids" "$(cat "$JMAP_TEST_TMP/out")"
expect_exit "list touchpoints --names" 0 "$JMAP" list touchpoints --names "$ex"
grep -qx "vol-retour-annule	Vol retour annulé" "$JMAP_TEST_TMP/out" && [ "$(wc -l <"$JMAP_TEST_TMP/out")" -eq 11 ] &&
    pass "list touchpoints names" || fail "list touchpoints names" "$(cat "$JMAP_TEST_TMP/out")"
expect_exit "list channels" 0 "$JMAP" list channels "$ex"
printf 'web\nemail\nagent\naeroport\nchat\napp\npartner\n' >"$d/want"
cmp -s "$d/want" "$JMAP_TEST_TMP/out" && pass "list channels ids" || fail "list channels ids" "$(cat "$JMAP_TEST_TMP/out")"
expect_exit "list channels --names" 0 "$JMAP" list channels --names "$ex"
grep -qx "agent	Agent de voyage" "$JMAP_TEST_TMP/out" && grep -qx "web	Site web" "$JMAP_TEST_TMP/out" &&
    pass "list channels names (declared and built-in)" || fail "list channels names (declared and built-in)" "$(cat "$JMAP_TEST_TMP/out")"
expect_exit "list personas of a journey without personas" 0 "$JMAP" list personas "$d/nop.yaml"
[ ! -s "$JMAP_TEST_TMP/out" ] && pass "no personas, empty list" || fail "no personas, empty list" "$(cat "$JMAP_TEST_TMP/out")"

# the shell loop of the documentation
mkdir -p "$d/loop"
cp -r examples/img "$d/loop/" && cp "$ex" "$d/loop/voyage-affaires.yaml"
ok=1
for p in $("$JMAP" list personas "$d/loop/voyage-affaires.yaml"); do
    "$JMAP" build "$d/loop/voyage-affaires.yaml" -q -p "$p" -o "$d/loop/$p.svg" || ok=0
done
[ "$ok" -eq 1 ] && [ -s "$d/loop/sofia-reyes.svg" ] && [ -s "$d/loop/thomas-leroy.svg" ] &&
    pass "shell loop over jmap list personas" || fail "shell loop over jmap list personas" "$(ls -A "$d/loop")"
cmp -s "$d/loop/thomas-leroy.svg" "$d/svg/map-thomas-leroy.svg" &&
    pass "loop and --each-persona give the same maps" || fail "loop and --each-persona give the same maps" "differ"
finish
