#!/bin/sh
# Messages in French (GNU gettext, po/fr.po): a few journeys of
# tests/golden/ checked with LANGUAGE=fr LANG=fr_FR.UTF-8 against
# tests/golden-fr/NAME.err; the same journeys in English unchanged; the
# fall-backs to English (no catalog, an unknown language, the C locale).
# Needs the fr_FR.UTF-8 locale (scripts/install-deps.sh generates it).
. tests/lib.sh
out="$JMAP_TEST_TMP/i18n"
mkdir -p "$out"

if ! locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
    if [ -n "${CI:-}" ]; then
        fail "French locale" "fr_FR.UTF-8 is not installed (run scripts/install-deps.sh)"
        finish
    fi
    echo "SKIP i18n: no fr_FR.UTF-8 locale (scripts/install-deps.sh generates it)"
    finish
fi

# French punctuation holds narrow no-break spaces (U+202F): "«\u202F", "\u202F»", "\u202F:"
nb=$(printf '\342\200\257')
fr() { NO_COLOR=1 LANGUAGE=fr LANG=fr_FR.UTF-8 LC_ALL= LC_MESSAGES= "$@"; }

for e in tests/golden-fr/*.err; do
    b=$(basename "$e" .err)
    y=tests/golden/$b.yaml
    fr "$JMAP" check "$y" >/dev/null 2>"$out/$b.err"
    if cmp -s "$e" "$out/$b.err"; then pass "French diagnostics $b"
    else fail "French diagnostics $b" "differs: $(diff "$e" "$out/$b.err" | head -n 8)"; fi
    # English unchanged, byte for byte
    NO_COLOR=1 LANGUAGE=en LANG=C.UTF-8 "$JMAP" check "$y" >/dev/null 2>"$out/$b.en"
    if cmp -s "tests/golden/$b.err" "$out/$b.en"; then pass "English diagnostics $b"
    else fail "English diagnostics $b" "differs: $(diff "tests/golden/$b.err" "$out/$b.en" | head -n 8)"; fi
done

# LANG alone chooses French too; LANGUAGE alone works over C.UTF-8 (glibc
# ignores LANGUAGE only in the "C" and "POSIX" locales).
y=tests/golden/err-bad-scale.yaml
NO_COLOR=1 LANGUAGE= LANG=fr_FR.UTF-8 "$JMAP" check "$y" 2>"$out/lang.err" >/dev/null
if grep -q "doit être supérieur" "$out/lang.err"; then pass "LANG=fr_FR.UTF-8 alone"
else fail "LANG=fr_FR.UTF-8 alone" "$(head -n 1 "$out/lang.err")"; fi
NO_COLOR=1 LANGUAGE=fr LANG=C.UTF-8 "$JMAP" check "$y" 2>"$out/cutf8.err" >/dev/null
if grep -q "doit être supérieur" "$out/cutf8.err"; then pass "LANGUAGE=fr over C.UTF-8"
else fail "LANGUAGE=fr over C.UTF-8" "$(head -n 1 "$out/cutf8.err")"; fi
NO_COLOR=1 LANGUAGE=fr LANG=C "$JMAP" check "$y" 2>"$out/c.err" >/dev/null
if cmp -s tests/golden/err-bad-scale.err "$out/c.err"; then pass "LANGUAGE=fr in the C locale is English"
else fail "LANGUAGE=fr in the C locale is English" "$(head -n 1 "$out/c.err")"; fi
NO_COLOR=1 LANGUAGE=fr LC_ALL=C "$JMAP" check "$y" 2>"$out/lcall.err" >/dev/null
if cmp -s tests/golden/err-bad-scale.err "$out/lcall.err"; then pass "LC_ALL=C is English"
else fail "LC_ALL=C is English" "$(head -n 1 "$out/lcall.err")"; fi

# A language without a catalog falls back to English.
NO_COLOR=1 LANGUAGE=de LANG=fr_FR.UTF-8 "$JMAP" check "$y" 2>"$out/de.err" >/dev/null
if cmp -s tests/golden/err-bad-scale.err "$out/de.err"; then pass "LANGUAGE=de is English"
else fail "LANGUAGE=de is English" "$(head -n 1 "$out/de.err")"; fi
NO_COLOR=1 LANGUAGE=de:fr LANG=C.UTF-8 "$JMAP" check "$y" 2>"$out/defr.err" >/dev/null
if grep -q "doit être supérieur" "$out/defr.err"; then pass "LANGUAGE=de:fr falls to French"
else fail "LANGUAGE=de:fr falls to French" "$(head -n 1 "$out/defr.err")"; fi

# Without its catalog (a copy of the binary away from build/locale and
# share/locale) jmap speaks English.
mkdir -p "$out/alone/bin"
cp "$JMAP" "$out/alone/bin/jmap"
fr "$out/alone/bin/jmap" check "$y" 2>"$out/alone.err" >/dev/null
# (a jmap installed in the default place lends it its catalog: nothing to check then)
if [ -f /usr/local/share/locale/fr/LC_MESSAGES/jmap.mo ]; then
    pass "no catalog: English (skipped: /usr/local/share/locale holds one)"
elif [ "$(sed 's/^.*: error: //' "$out/alone.err" | head -n 1)" = \
     "$(sed 's/^.*: error: //' tests/golden/err-bad-scale.err | head -n 1)" ]; then
    pass "no catalog: English"
else fail "no catalog: English" "$(head -n 1 "$out/alone.err")"; fi

# Survey data (src/survey.c): a whole French sentence where the English one
# was built in pieces.
fr "$JMAP" build tests/survey/journey.yaml --data tests/survey/errors/wide-does-not-meet.csv \
    -f json -o "$out/survey.json" 2>"$out/survey.err"
if grep -q "ne rencontre pas le point de contact .*(il est rencontré par${nb}: marc ${nb}\?;" "$out/survey.err" ||
   grep -q "ne rencontre pas le point de contact .*il est rencontré par.*la cellule devrait être vide" "$out/survey.err"; then
    pass "French survey diagnostics"
else fail "French survey diagnostics" "$(grep error "$out/survey.err" | head -n 2)"; fi

# A renderer's warning (src/render/render.c).
printf 'jmap: 1\ntitle: T\ntheme:\n  font: "Nopefont Sans"\nstages:\n  - name: A\n    touchpoints:\n      - {name: X, emotion: 3}\n' \
    >"$out/font.yaml"
fr "$JMAP" build "$out/font.yaml" -o "$out/font.svg" 2>"$out/font.err"
if grep -q "la police «${nb}Nopefont Sans${nb}» n'est pas installée" "$out/font.err"; then
    pass "French renderer warning"
else fail "French renderer warning" "$(cat "$out/font.err")"; fi

# The command line's own messages.
fr "$JMAP" frobnicate 2>"$out/cmd.err" >/dev/null
if grep -q "commande inconnue «${nb}frobnicate${nb}»" "$out/cmd.err" &&
   grep -q "Essayez «${nb}jmap --help${nb}»" "$out/cmd.err"; then pass "French unknown command"
else fail "French unknown command" "$(cat "$out/cmd.err")"; fi
fr "$JMAP" buidl 2>"$out/dym.err" >/dev/null
if grep -q "vouliez-vous dire «${nb}build${nb}»${nb}?" "$out/dym.err"; then pass "French did you mean"
else fail "French did you mean" "$(cat "$out/dym.err")"; fi
fr "$JMAP" --help >"$out/help.txt"
if grep -q "^Usage${nb}: jmap COMMANDE" "$out/help.txt"; then pass "French jmap --help"
else fail "French jmap --help" "$(head -n 2 "$out/help.txt")"; fi
"$JMAP" --help >"$out/help-en.txt"
if grep -q "^Usage: jmap COMMAND" "$out/help-en.txt"; then pass "English jmap --help"
else fail "English jmap --help" "$(head -n 2 "$out/help-en.txt")"; fi

# The --help of each command (GOption, translated through the jmap domain).
fr "$JMAP" build --help >"$out/build-help.txt"
if grep -q "Ne dessiner que ce persona" "$out/build-help.txt" &&
   grep -q "FICHIER - dessine une carte de parcours" "$out/build-help.txt"; then
    pass "French jmap build --help"
else fail "French jmap build --help" "$(head -n 12 "$out/build-help.txt")"; fi
for c in check report diff list init serve; do
    fr "$JMAP" $c --help >"$out/$c-help.fr" 2>&1
    "$JMAP" $c --help >"$out/$c-help.en" 2>&1
    if ! cmp -s "$out/$c-help.fr" "$out/$c-help.en" && grep -q "Errors only\|Output format\|Port to listen\|Add a tab\|LANG\b" "$out/$c-help.en"; then
        pass "French jmap $c --help"
    else fail "French jmap $c --help" "same as English or unexpected: $(head -n 3 "$out/$c-help.fr")"; fi
done
LANGUAGE=de "$JMAP" build --help >"$out/build-help.de"
"$JMAP" build --help >"$out/build-help.en"
if grep -q "Draw only this persona" "$out/build-help.de"; then pass "LANGUAGE=de jmap build --help is English"
else fail "LANGUAGE=de jmap build --help is English" "$(sed -n 8p "$out/build-help.de")"; fi

# Outputs do not change with the language: the JSON model and a report.
for f in examples/*.yaml; do y=$f; break; done
"$JMAP" build "$y" -f json -o "$out/en.json" 2>/dev/null
fr "$JMAP" build "$y" -f json -o "$out/fr.json" 2>/dev/null
if cmp -s "$out/en.json" "$out/fr.json"; then pass "JSON model independent of the language"
else fail "JSON model independent of the language" "the outputs differ"; fi
for f in json text md; do
    "$JMAP" report "$y" -f $f >"$out/en.rep" 2>/dev/null
    fr "$JMAP" report "$y" -f $f >"$out/fr.rep" 2>/dev/null
    if cmp -s "$out/en.rep" "$out/fr.rep"; then pass "report -f $f independent of the language"
    else fail "report -f $f independent of the language" "the outputs differ"; fi
done
"$JMAP" build "$y" -o "$out/en.svg" 2>/dev/null
fr "$JMAP" build "$y" -o "$out/fr.svg" 2>/dev/null
if cmp -s "$out/en.svg" "$out/fr.svg"; then pass "SVG map independent of the language"
else fail "SVG map independent of the language" "the outputs differ"; fi

# The catalog is consistent (placeholders kept, in order or positional).
if command -v msgfmt >/dev/null 2>&1 || [ -n "${CI:-}" ]; then
    if msgfmt --check -o /dev/null po/fr.po 2>"$out/msgfmt.err"; then pass "msgfmt --check po/fr.po"
    else fail "msgfmt --check po/fr.po" "$(head -n 5 "$out/msgfmt.err")"; fi
fi
finish
