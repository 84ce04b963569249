#!/bin/sh
# Hostile input against the loader and the diagnostics:
#   - explicit ids are restricted to letters, digits, '-', '_' and inner '.'
#     (a persona id names files through {persona} and lines of `jmap list`);
#   - every value quoted in a diagnostic is escaped (no escape sequence, line
#     break or bidirectional control reaches the terminal or the CI log) and
#     cut to 80 characters; file names are escaped too;
#   - a UTF-8 byte-order mark is skipped in every input;
#   - an alias repeating an item repeats its id: a duplicate id error.
. tests/lib.sh
d="$JMAP_TEST_TMP/security-loader"
rm -rf "$d"; mkdir -p "$d"
ESC=$(printf '\033')
NL='
'

# no_raw NAME FILE: FILE holds no ESC, BEL, CSI (U+009B) nor U+202E byte
# sequence, and no line that starts a CI annotation.
no_raw() {
    if grep -q "$ESC" "$2" || grep -q "$(printf '\007')" "$2" ||
        grep -q "$(printf '\302\233')" "$2" || grep -q "$(printf '\342\200\256')" "$2"; then
        fail "$1" "raw control characters on stderr: $(od -c "$2" | head -n 5)"
    elif grep -q '^::error' "$2"; then
        fail "$1" "a line of stderr starts a CI annotation: $(grep '^::error' "$2" | head -n 2)"
    else
        pass "$1"
    fi
}
# has NAME FILE TEXT: FILE contains TEXT (fixed string)
has() {
    if grep -q -F -- "$3" "$2"; then pass "$1"; else fail "$1" "no '$3' in: $(head -c 600 "$2")"; fi
}

base='jmap: 1
title: T
personas:
  - {id: claire, name: Claire}
stages:
  - name: S
    touchpoints:
      - {id: comparateur, name: Comparateur, channel: web, emotion: 3}
'
printf '%s' "$base" >"$d/good.yaml"

# ------------------------------------------------------------------ ids
mkdir -p "$d/ids/out"
cat >"$d/ids/climb.yaml" <<'EOF'
jmap: 1
title: T
personas:
  - {id: ../../escaped, name: A}
  - {id: b, name: B}
stages:
  - name: S
    touchpoints: [{name: T, emotion: 3}]
EOF
expect_exit "persona id '../../x' is refused" 1 "$JMAP" build "$d/ids/climb.yaml" --each-persona -o "$d/ids/out/{persona}.svg"
has "persona id '../../x': error at its line:col" "$JMAP_TEST_TMP/err" \
    "climb.yaml:4:10: error: invalid persona id '../../escaped': it starts with '.'"
has "persona id '../../x': a suggestion" "$JMAP_TEST_TMP/err" "write 'escaped' instead"
if [ -e "$JMAP_TEST_TMP/escaped.svg" ] || [ -e "$d/escaped.svg" ] || [ -n "$(ls -A "$d/ids/out")" ]; then
    fail "persona id '../../x' writes nothing anywhere" "$(ls -A "$d/ids/out" "$d" "$JMAP_TEST_TMP" | head)"
else
    pass "persona id '../../x' writes nothing anywhere"
fi

printf 'jmap: 1\ntitle: T\npersonas:\n  - {id: /abs/path, name: A}\nstages: [{name: S}]\n' >"$d/ids/abs.yaml"
expect_exit "persona id '/abs/path' is refused" 1 "$JMAP" build "$d/ids/abs.yaml" --each-persona -o "$d/ids/out/{persona}.svg"
has "persona id '/abs/path': says why" "$JMAP_TEST_TMP/err" "invalid persona id '/abs/path': '/' is not allowed"
[ -z "$(ls -A "$d/ids/out")" ] && pass "persona id '/abs/path' writes nothing" ||
    fail "persona id '/abs/path' writes nothing" "$(ls -A "$d/ids/out")"

printf 'jmap: 1\ntitle: T\npersonas:\n  - {id: "a\\nb", name: A}\n  - {id: "$(touch pwned)", name: B}\n  - {id: two words, name: C}\nstages: [{name: S}]\n' >"$d/ids/odd.yaml"
expect_exit "check refuses ids with a line break, \$(...) or spaces" 1 "$JMAP" check "$d/ids/odd.yaml"
has "id with a line break: escaped, with a suggestion" "$JMAP_TEST_TMP/err" \
    "odd.yaml:4:10: error: invalid persona id 'a\\nb': '\\n' is not allowed"
has "id with \$(...): error" "$JMAP_TEST_TMP/err" "odd.yaml:5:10: error: invalid persona id '\$(touch pwned)': '\$' is not allowed"
has "id with spaces: error" "$JMAP_TEST_TMP/err" "odd.yaml:6:10: error: invalid persona id 'two words': a space is not allowed"
"$JMAP" list personas "$d/ids/odd.yaml" >"$d/ids/list.out" 2>/dev/null
rc=$?
[ $rc -eq 1 ] && [ ! -s "$d/ids/list.out" ] && pass "list personas prints no id of an invalid journey" ||
    fail "list personas prints no id of an invalid journey" "exit $rc: $(cat "$d/ids/list.out")"

printf "jmap: 1\ntitle: T\npersonas:\n  - {id: \"l'acheteuse\", name: A}\n  - {id: \"a(b\", name: B}\n  - {id: 'back\\\\slash', name: C}\nstages: [{name: S}]\n" >"$d/ids/quotes.yaml"
expect_exit "ids with quotes, brackets or a backslash are refused" 1 "$JMAP" check "$d/ids/quotes.yaml"
[ "$(grep -c 'error: invalid persona id' "$JMAP_TEST_TMP/err")" -eq 3 ] && pass "three invalid ids, three errors" ||
    fail "three invalid ids, three errors" "$(cat "$JMAP_TEST_TMP/err")"

printf 'jmap: 1\ntitle: T\nchannels: [{id: "we b"}]\npersonas: [{id: élodie, name: A}]\nstages:\n  - {id: "s/1", name: S, touchpoints: [{id: "t 1", name: T, pains: [{id: "p:1", text: P}], opportunities: [{id: "o;1", text: O}]}]}\n' >"$d/ids/kinds.yaml"
expect_exit "the id rule holds for every kind of id" 1 "$JMAP" check "$d/ids/kinds.yaml"
for k in "channel id 'we b'" "stage id 's/1'" "touchpoint id 't 1'" "pain id 'p:1'" "opportunity id 'o;1'"; do
    has "invalid $k" "$JMAP_TEST_TMP/err" "invalid $k"
done
grep -q "persona id" "$JMAP_TEST_TMP/err" && fail "accented id stays valid" "$(cat "$JMAP_TEST_TMP/err")" ||
    pass "accented id stays valid"

printf 'jmap: 1\ntitle: T\npersonas:\n  - {id: élodie, name: A}\n  - {id: σοφία, name: B}\n  - {id: 発見, name: C}\n  - {id: v1.2_x-y, name: D}\nstages: [{name: S, touchpoints: [{name: T, emotion: 3}]}]\n' >"$d/ids/letters.yaml"
expect_exit "letters of any script, digits, - _ and inner . are ids" 0 "$JMAP" list personas "$d/ids/letters.yaml"
[ "$(tr '\n' ' ' <"$JMAP_TEST_TMP/out")" = "élodie σοφία 発見 v1.2_x-y " ] && pass "list prints the valid ids" ||
    fail "list prints the valid ids" "$(cat "$JMAP_TEST_TMP/out")"
mkdir -p "$d/ids/each"
expect_exit "--each-persona with letters of any script" 0 "$JMAP" build "$d/ids/letters.yaml" --each-persona -o "$d/ids/each/{persona}.svg"
[ "$(ls "$d/ids/each" | wc -l)" -eq 4 ] && [ -f "$d/ids/each/発見.svg" ] && pass "one map per valid id" ||
    fail "one map per valid id" "$(ls -A "$d/ids/each")"

# ------------------------------------------- escaping values in messages
printf 'jmap: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints: [{name: x, channel: "\\e[2J\\e]0;owned\\a"}]\n' >"$d/esc.yaml"
expect_exit "escape sequence in a value: invalid" 1 "$JMAP" check "$d/esc.yaml"
no_raw "escape sequence in a value is not echoed raw" "$JMAP_TEST_TMP/err"
has "escape sequence shown escaped" "$JMAP_TEST_TMP/err" "unknown channel '\\e[2J\\e]0;owned\\u{7}'"

printf 'jmap: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints: [{name: x, channel: "web\\n::error file=src/main.c,line=1::forged"}]\n' >"$d/forge.yaml"
expect_exit "forged CI annotation in a value: invalid" 1 "$JMAP" check "$d/forge.yaml"
no_raw "a line break in a value cannot start a CI annotation" "$JMAP_TEST_TMP/err"
has "line break shown as \\n" "$JMAP_TEST_TMP/err" "unknown channel 'web\\n::error file=src/main.c,line=1::forged'"

printf 'jmap: 1\ntitle: T\nx: "\342\200\256"\nstages:\n  - name: S\n    touchpoints: [{name: x, channel: "ab\342\200\256cd\\x9b"}]\n' >"$d/bidi.yaml"
expect_exit "bidi override in a value: invalid" 1 "$JMAP" check "$d/bidi.yaml"
no_raw "bidi override and C1 control: not echoed, nor in the quoted line" "$JMAP_TEST_TMP/err"
has "bidi override shown as \\u{202E}" "$JMAP_TEST_TMP/err" "unknown channel 'ab\\u{202E}cd\\u{9B}'"

printf 'jmap: 1\ntitle: T\nstages: [{name: S}]\n"\\e[2Jkey": 1\n' >"$d/key.yaml"
expect_exit "escape sequence in a key" 1 "$JMAP" check "$d/key.yaml"
no_raw "unknown key with an escape sequence is escaped" "$JMAP_TEST_TMP/err"
has "unknown key shown escaped" "$JMAP_TEST_TMP/err" "unknown key '\\e[2Jkey'"

# the survey CSV
printf 'touchpoint,persona,score\n"comparateur\033[2J\n::error::x",claire,3\ncomparateur,claire,"4\033]0;t\007"\n' >"$d/esc.csv"
expect_exit "survey values with escapes: invalid" 1 "$JMAP" build "$d/good.yaml" --data "$d/esc.csv" -o "$d/esc.svg"
no_raw "survey values are not echoed raw" "$JMAP_TEST_TMP/err"
has "survey touchpoint escaped" "$JMAP_TEST_TMP/err" "unknown touchpoint 'comparateur\\e[2J\\n::error::x'"
has "survey score escaped" "$JMAP_TEST_TMP/err" "score '4\\e]0;t\\u{7}' is not a number"

# a theme kit
printf 'theme:\n  primary: "\\e[2J#fff"\n  "\\e]0;x\\a": 1\n' >"$d/kit.yaml"
expect_exit "theme kit values with escapes: invalid" 1 "$JMAP" build "$d/good.yaml" --theme "$d/kit.yaml" -o "$d/kit.svg"
no_raw "theme kit values are not echoed raw" "$JMAP_TEST_TMP/err"
has "theme kit colour escaped" "$JMAP_TEST_TMP/err" "invalid colour '\\e[2J#fff'"

# file names: in the file:line:col prefix, and in the command line's messages
evil="$d/$(printf 'j\n::error file=x::\033[2J.yaml')"
printf 'jmap: 1\ntitle: T\nstages: [{name: S}]\ncolour: x\n' >"$evil"
expect_exit "file name with a line break and an escape" 1 "$JMAP" check "$evil"
no_raw "file name in the diagnostic prefix is escaped" "$JMAP_TEST_TMP/err"
has "file name shown escaped" "$JMAP_TEST_TMP/err" "j\\n::error file=x::\\e[2J.yaml:4:1: error: unknown key 'colour'"
expect_exit "unreadable file name with escapes" 3 "$JMAP" check "$d/$(printf 'no\n::error::\033[2Jsuch')"
no_raw "cannot read: file name escaped" "$JMAP_TEST_TMP/err"
has "cannot read: file name shown escaped" "$JMAP_TEST_TMP/err" "cannot read '$d/no\\n::error::\\e[2Jsuch'"

# the command line's own messages
expect_exit "--lanes value with an escape" 2 "$JMAP" build "$d/good.yaml" --lanes "$(printf 'pains,\033[2Jx')" -o "$d/l.svg"
no_raw "--lanes value escaped" "$JMAP_TEST_TMP/err"
has "--lanes value shown escaped" "$JMAP_TEST_TMP/err" "unknown lane '\\e[2Jx'"
expect_exit "--persona value with a line break" 1 "$JMAP" build "$d/good.yaml" -p "$(printf 'x\n::error::y')" -o "$d/p.svg"
no_raw "--persona value escaped" "$JMAP_TEST_TMP/err"
expect_exit "report --persona value with an escape" 1 "$JMAP" report "$d/good.yaml" -p "$(printf '\033[2J')"
no_raw "report --persona value escaped" "$JMAP_TEST_TMP/err"
expect_exit "unknown command with an escape" 2 "$JMAP" "$(printf 'chek\033[2J')"
no_raw "unknown command escaped" "$JMAP_TEST_TMP/err"
expect_exit "unknown option value with an escape" 2 "$JMAP" build "$d/good.yaml" -f "$(printf 'svg\033[2J')"
no_raw "unknown format escaped" "$JMAP_TEST_TMP/err"
expect_exit "list with an escape" 2 "$JMAP" list "$(printf 'persona\033[2J')" "$d/good.yaml"
no_raw "unknown list escaped" "$JMAP_TEST_TMP/err"

# jmap init
expect_exit "init: template with an escape" 2 "$JMAP" init -t "$(printf 'b2b\033[2J\n::error::x')"
no_raw "init: template escaped" "$JMAP_TEST_TMP/err"
has "init: template shown escaped" "$JMAP_TEST_TMP/err" "unknown template 'b2b\\e[2J\\n::error::x'"
expect_exit "init: locale with an escape" 2 "$JMAP" init -l "$(printf 'fr\033[2J')"
no_raw "init: locale escaped" "$JMAP_TEST_TMP/err"
initname="$d/$(printf 'new\n::error::\033[2J.yaml')"
expect_exit "init: file name with a line break" 0 "$JMAP" init "$initname"
no_raw "init: the 'wrote' line escapes the file name" "$JMAP_TEST_TMP/err"
expect_exit "init: existing file name with a line break" 3 "$JMAP" init "$initname"
no_raw "init: 'already exists' escapes the file name" "$JMAP_TEST_TMP/err"

# --------------------------------------------- cutting long quoted values
long=$(head -c 3000 /dev/zero | tr '\0' 'w')
printf 'jmap: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints: [{name: x, channel: %s}]\n' "$long" >"$d/long.yaml"
expect_exit "a 3000-character value" 1 "$JMAP" check "$d/long.yaml"
msg=$(grep 'error: unknown channel' "$JMAP_TEST_TMP/err")
w80=$(head -c 80 /dev/zero | tr '\0' 'w')
case $msg in
    *"unknown channel '$w80…'"*) pass "a long value is cut to 80 characters and …" ;;
    *) fail "a long value is cut to 80 characters and …" "$(printf '%s' "$msg" | head -c 300)" ;;
esac

# 100 'é' (two bytes each): 80 characters kept, never half of one
acc=$(i=0; while [ $i -lt 100 ]; do printf 'é'; i=$((i + 1)); done)
acc80=$(i=0; while [ $i -lt 80 ]; do printf 'é'; i=$((i + 1)); done)
printf 'jmap: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints: [{name: x, channel: %s}]\n' "$acc" >"$d/acc.yaml"
"$JMAP" check "$d/acc.yaml" 2>"$d/acc.err"
grep -q -F "unknown channel '$acc80…'" "$d/acc.err" && pass "cut counts characters, not bytes" ||
    fail "cut counts characters, not bytes" "$(grep 'unknown channel' "$d/acc.err" | head -c 300)"

# one CSV field of 7 MB
{ printf 'touchpoint,persona,score\n'; head -c 7000000 /dev/zero | tr '\0' 'x'; printf ',claire,3\n'; } >"$d/huge-field.csv"
bounded "a 7 MB CSV field" 1 "$JMAP" build "$d/good.yaml" --data "$d/huge-field.csv" -o "$d/huge.svg"
size=$(wc -c <"$JMAP_TEST_TMP/err")
[ "$size" -lt 2000 ] && pass "a 7 MB field gives a short diagnostic ($size bytes)" ||
    fail "a 7 MB field gives a short diagnostic" "$size bytes of stderr"
has "the 7 MB field is cut with …" "$JMAP_TEST_TMP/err" "unknown touchpoint '$(head -c 80 /dev/zero | tr '\0' 'x')…'"

long_p=$(head -c 5000 /dev/zero | tr '\0' 'p')
expect_exit "a 5000-character --persona" 1 "$JMAP" build "$d/good.yaml" -p "$long_p" -o "$d/lp.svg"
[ "$(wc -c <"$JMAP_TEST_TMP/err")" -lt 400 ] && has "--persona value cut" "$JMAP_TEST_TMP/err" "$(head -c 80 /dev/zero | tr '\0' 'p')…'" ||
    fail "--persona value cut" "$(wc -c <"$JMAP_TEST_TMP/err") bytes of stderr"

# ---------------------------------------------------- byte-order marks
printf '\357\273\277%s' "$base" >"$d/bom.yaml"
expect_exit "journey with a byte-order mark is valid" 0 "$JMAP" check "$d/bom.yaml"
expect_exit "journey with a byte-order mark on stdin" 0 sh -c '"$1" check - <"$2"' sh "$JMAP" "$d/bom.yaml"
expect_exit "journey with a byte-order mark builds" 0 "$JMAP" build "$d/bom.yaml" -f json -o "$d/bom.json"
"$JMAP" build "$d/good.yaml" -f json -o "$d/good.json" 2>/dev/null
cmp -s "$d/bom.json" "$d/good.json" && pass "the mark changes nothing in the model" ||
    fail "the mark changes nothing in the model" "$(diff "$d/good.json" "$d/bom.json" | head -n 5)"
printf '\357\273\277jmap: 1\ntitle: T\nstages: [{name: S}]\ncolour: x\n' >"$d/bom-err.yaml"
expect_exit "an error after a byte-order mark" 1 "$JMAP" check "$d/bom-err.yaml"
has "lines and columns after a mark are right" "$JMAP_TEST_TMP/err" "bom-err.yaml:4:1: error: unknown key 'colour'"
printf '\357\273\277titel: T\njmap: 1\nstages: [{name: S}]\n' >"$d/bom-err1.yaml"
expect_exit "an error on the line of the mark" 1 "$JMAP" check "$d/bom-err1.yaml"
has "column 1 is the first character after the mark" "$JMAP_TEST_TMP/err" "bom-err1.yaml:1:1: error: unknown key 'titel'"
grep -q "$(printf '\357\273\277')" "$JMAP_TEST_TMP/err" && fail "the quoted line holds no mark" "$(od -c "$JMAP_TEST_TMP/err" | head -n 3)" ||
    pass "the quoted line holds no mark"
printf '\357\273\277theme:\n  primary: "#336699"\n' >"$d/bom-kit.yaml"
expect_exit "theme kit with a byte-order mark" 0 "$JMAP" build "$d/good.yaml" --theme "$d/bom-kit.yaml" -o "$d/bom-kit.svg"
printf '\357\273\277theme: {primary: blue}\n' >"$d/bom-kit-err.yaml"
expect_exit "an error in a theme kit with a byte-order mark" 1 "$JMAP" build "$d/good.yaml" --theme "$d/bom-kit-err.yaml" -o "$d/bom-kit.svg"
has "theme kit: columns after a mark are right" "$JMAP_TEST_TMP/err" "bom-kit-err.yaml:1:18: error: invalid colour 'blue'"
printf '\357\273\277touchpoint,persona,score\ncomparateur,claire,4\n' >"$d/bom.csv"
expect_exit "survey with a byte-order mark" 0 "$JMAP" build "$d/good.yaml" --data "$d/bom.csv" -o "$d/bom-csv.svg"

# ------------------------------------------- ids repeated through aliases
printf 'jmap: 1\ntitle: T\npersonas: [&p {id: a, name: A}, *p]\nstages: [{name: S}]\n' >"$d/alias.yaml"
expect_exit "an alias repeating a persona is a duplicate id" 1 "$JMAP" check "$d/alias.yaml"
has "duplicate through an alias: at the alias" "$JMAP_TEST_TMP/err" \
    "alias.yaml:3:33: error: duplicate persona id 'a': the alias '*p' repeats this persona, id included"
has "duplicate through an alias: note at the id" "$JMAP_TEST_TMP/err" "alias.yaml:3:20: note: 'a' first used here"
expect_exit "list personas refuses it too" 1 "$JMAP" list personas "$d/alias.yaml"
printf 'jmap: 1\ntitle: T\nstages:\n  - &s {id: s, name: S, touchpoints: [{id: t, name: T}]}\n  - *s\n' >"$d/alias-stage.yaml"
expect_exit "an alias repeating a stage is a duplicate id" 1 "$JMAP" check "$d/alias-stage.yaml"
has "repeated stage: its id" "$JMAP_TEST_TMP/err" "alias-stage.yaml:5:5: error: duplicate stage id 's'"
has "repeated stage: the ids inside it" "$JMAP_TEST_TMP/err" \
    "alias-stage.yaml:5:5: error: duplicate touchpoint id 't': the alias '*s' repeats the stage holding this touchpoint"

finish
