#!/bin/sh
# Hostile input: every file here must be refused with exit 1, the expected
# message at the expected place, and quickly (timeout 5 s; the loader takes
# milliseconds). Small inputs live in tests/hostile/; big ones are generated
# into $JMAP_TEST_TMP.
. tests/lib.sh
d="$JMAP_TEST_TMP/hostile"
rm -rf "$d"
mkdir -p "$d"

# hostile NAME FILE TEXT : `jmap check FILE` exits 1 within 5 s and its
# stderr holds TEXT (a fixed string, usually "file:line:col: error: ...").
hostile() {
    _n=$1; _f=$2; _t=$3
    timeout 5 "$JMAP" check "$_f" >"$d/out" 2>"$d/err"
    _rc=$?
    if [ "$_rc" -eq 124 ]; then
        fail "$_n" "took more than 5 s"
    elif [ "$_rc" -ne 1 ]; then
        fail "$_n" "exit $_rc, expected 1; stderr: $(head -c 300 "$d/err")"
    elif ! grep -qF -- "$_t" "$d/err"; then
        fail "$_n" "expected '$_t'; stderr: $(head -c 300 "$d/err")"
    else
        pass "$_n"
    fi
}

# --- generated ---------------------------------------------------------

# every touchpoint linked to every other (next and hand-offs): an arrow each
# would take the layout minutes; the lists are refused where they are written
awk 'BEGIN {
    n = 500; ids = "t0"; for (i = 1; i < n; i++) ids = ids ", t" i
    print "jmap: 1\ntitle: Links\nstages:\n  - name: A\n    touchpoints:"
    for (i = 0; i < n; i++)
        printf "      - {id: t%d, name: T%d, backstage: x, next: [%s], handoff_to: [%s]}\n", i, i, ids, ids
}' >"$d/links.yaml"
hostile "every touchpoint linked to every other" "$d/links.yaml" \
    "$d/links.yaml:6:48: error: 'next' lists 500 touchpoints (the limit is 20)"
timeout 10 "$JMAP" build "$d/links.yaml" -o "$d/links.svg" >/dev/null 2>&1
[ $? -eq 1 ] && [ ! -e "$d/links.svg" ] && pass "every touchpoint linked: no map, quickly" ||
    fail "every touchpoint linked: no map, quickly" "exit $?"

# 100,000 nested flow sequences: refused at the 65th, not after 48 s of scanning
head -c 100000 /dev/zero | tr '\000' '[' >"$d/deep-flow.yaml"
hostile "100,000 nested [" "$d/deep-flow.yaml" "$d/deep-flow.yaml:1:65: error: nesting too deep (more than 64 levels)"

# the same through mappings
{ printf 'x: '; head -c 100000 /dev/zero | tr '\000' '{'; } >"$d/deep-map.yaml"
hostile "100,000 nested {" "$d/deep-map.yaml" "$d/deep-map.yaml:1:67: error: nesting too deep"

# 100,000 nested block sequences on one line: "- - - - ..."
head -c 100000 /dev/zero | tr '\000' '-' | sed 's/-/- /g' >"$d/deep-block.yaml"
hostile "100,000 nested block lists" "$d/deep-block.yaml" "$d/deep-block.yaml:1:129: error: nesting too deep"

# billion laughs, bigger than the committed one
sh bench/gen-laughs.sh >"$d/laughs.yaml"
hostile "billion laughs (10^21)" "$d/laughs.yaml" "$d/laughs.yaml:9:39: error: too many nodes (more than 1000000 after expanding aliases)"

# a million items without any alias: the same limit
{ printf 'jmap: 1\ntitle: T\nstages: [{name: S}]\nx-wide: ['; head -c 1100000 /dev/zero | tr '\000' '1' | sed 's/1/1,/g'; printf '1]\n'; } >"$d/wide.yaml"
hostile "a million nodes" "$d/wide.yaml" "error: too many nodes"

# bigger than the input limit: refused before parsing
head -c 9000000 /dev/zero | tr '\000' '#' >"$d/oversize.yaml"
hostile "oversize file" "$d/oversize.yaml" "$d/oversize.yaml: error: file too large (9000000 bytes; the limit is 8388608 bytes)"

# binary
printf 'jmap: 1\ntitle: T\n\000\001\002\003' >"$d/binary.yaml"
hostile "binary file" "$d/binary.yaml" "$d/binary.yaml: error: binary file (it contains NUL bytes)"
hostile "a PNG given as journey" "tests/hostile/not-yaml.png" "error: binary file"

# empty, and nothing but comments
: >"$d/empty.yaml"
hostile "empty file" "$d/empty.yaml" "$d/empty.yaml: error: the file is empty"
printf '# a comment\n\n   \n# another\n' >"$d/comments.yaml"
hostile "only comments" "$d/comments.yaml" "$d/comments.yaml: error: the file is empty (only blank lines or comments)"

# invalid UTF-8: the line and the column (in characters) of the first bad byte
printf 'jmap: 1\ntitle: T\nstages:\n  - name: \346\227\205 caf\351\n' >"$d/latin1.yaml"
hostile "invalid UTF-8" "$d/latin1.yaml" "$d/latin1.yaml:4:16: error: invalid UTF-8 (byte 0xE9)"
printf 'jmap: 1\ntitle: \355\240\200\n' >"$d/surrogate.yaml"
hostile "UTF-8 surrogate" "$d/surrogate.yaml" "$d/surrogate.yaml:2:8: error: invalid UTF-8 (byte 0xED)"

# a text over the length limit
{ printf 'jmap: 1\ntitle: '; head -c 5000 /dev/zero | tr '\000' 'a'; printf '\nstages: [{name: S}]\n'; } >"$d/long-text.yaml"
hostile "text too long" "$d/long-text.yaml" "$d/long-text.yaml:2:8: error: text too long (5000 bytes; the limit is 4000 bytes)"

# more touchpoints than the limit
{
    printf 'jmap: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints:\n'
    awk 'BEGIN { for (i = 0; i < 5001; i++) print "      - {name: T}" }'
} >"$d/many.yaml"
hostile "too many touchpoints" "$d/many.yaml" "$d/many.yaml:5006:9: error: too many touchpoints (the limit is 5000)"

# model objects are bounded whatever the node count: 300,000 equal stages
{
    printf 'jmap: 1\ntitle: T\nstages:\n'
    awk 'BEGIN { for (i = 0; i < 300000; i++) print "- {name: S}" }'
} >"$d/stages.yaml"
hostile "300,000 stages" "$d/stages.yaml" "$d/stages.yaml:50004:3: error: too many items"

# standard input goes through the same checks
if timeout 5 "$JMAP" check - <"$d/laughs.yaml" >"$d/out" 2>"$d/err"; then
    fail "alias bomb on stdin" "exit 0"
elif grep -qF "<stdin>:9:39: error: too many nodes" "$d/err"; then
    pass "alias bomb on stdin"
else
    fail "alias bomb on stdin" "$(head -c 300 "$d/err")"
fi

# --- committed (tests/hostile/) -----------------------------------------

h=tests/hostile
hostile "alias bomb" "$h/alias-bomb.yaml" "$h/alias-bomb.yaml:11:11: error: too many nodes"
hostile "alias cycle" "$h/alias-cycle.yaml" "$h/alias-cycle.yaml:4:31: error: alias '*s' refers to a node that contains it (a cycle)"
hostile "undefined alias" "$h/merge-of-unknown.yaml" "$h/merge-of-unknown.yaml:3:39: error: undefined alias '*base'"
hostile "UTF-16" "$h/utf16.yaml" "$h/utf16.yaml: error: the file is UTF-16; journey files must be UTF-8"
hostile "control character" "$h/control-char.yaml" "$h/control-char.yaml:2:10: error: control characters are not allowed"
hostile "NUL escape" "$h/nul-escape.yaml" "$h/nul-escape.yaml:2:8: error: text contains a NUL character"
hostile "foreign tag" "$h/bad-tag.yaml" "$h/bad-tag.yaml:2:8: error: unsupported tag '!!python/object:os.system'"
hostile "list as key" "$h/key-is-list.yaml" "$h/key-is-list.yaml:3:3: error: a mapping key must be a scalar, not a list"
# the control character is not echoed to the terminal
if grep -q "$(printf '\007')" "$d/err" 2>/dev/null; then fail "control character not echoed" "raw BEL in stderr"; else pass "control character not echoed"; fi

finish
