#!/bin/sh
# jmap build NEW --compare OLD: the older version's curve drawn faint behind
# the new one, new and changed touchpoints marked on their cards, removed
# ones named in the legend; OLD may be REV:PATH from git; a bad OLD stops
# the build with its diagnostics and writes nothing.
. tests/lib.sh
d="$JMAP_TEST_TMP/compare"
rm -rf "$d"; mkdir -p "$d"
case "$JMAP" in /*) J=$JMAP ;; *) J=$PWD/$JMAP ;; esac
cp -r examples/img "$d/img"
cp tests/golden/diff/voyage-before.yaml tests/golden/diff/voyage-after.yaml "$d/"

expect_exit "--compare builds" 0 "$JMAP" build "$d/voyage-after.yaml" --compare "$d/voyage-before.yaml" -f scene -o "$d/cmp.txt"
n=$(grep -c ' tp-added ' "$d/cmp.txt"); [ "$n" = 1 ] && pass "the added touchpoint is marked" || fail "added mark" "$n"
n=$(grep -c ' tp-changed ' "$d/cmp.txt"); [ "$n" = 6 ] && pass "the six changed touchpoints are marked" || fail "changed marks" "$n"
grep -q ' wave-curve ' "$d/cmp.txt" && pass "the older curve is drawn" || fail "older curve" "no wave-curve"
grep -q 'wave-label.*"voyage-before"' "$d/cmp.txt" && pass "the older curve is named" || fail "older curve label" "none"
grep -q '"nouveau depuis voyage-before"' "$d/cmp.txt" && grep -q '"modifié depuis voyage-before"' "$d/cmp.txt" &&
    pass "the legend says what the marks mean" || fail "legend marks" "$(grep legend "$d/cmp.txt" | head -3)"
grep -q '"retiré depuis voyage-before\xe2\x80\xaf: Alerte voyageurs"' "$d/cmp.txt" ||
    grep -q 'retiré depuis voyage-before.*Alerte voyageurs' "$d/cmp.txt" &&
    pass "the removed touchpoint is named" || fail "removed" "$(grep -i retir "$d/cmp.txt")"
# the same version: nothing marked, the older curve lies under the new one
expect_exit "--compare with itself" 0 "$JMAP" build "$d/voyage-after.yaml" --compare "$d/voyage-after.yaml" -f scene -o "$d/same.txt"
grep -q ' tp-added \| tp-changed ' "$d/same.txt" && fail "nothing marked against itself" "marks" || pass "nothing marked against itself"
# the map itself: a PDF and a PNG
expect_exit "--compare to PDF" 0 "$JMAP" build "$d/voyage-after.yaml" --compare "$d/voyage-before.yaml" -o "$d/cmp.pdf"
pdftotext "$d/cmp.pdf" - | grep -q 'nouveau depuis voyage-before' && pass "the PDF holds the legend" || fail "PDF legend" "missing"

# OLD from git
if command -v git >/dev/null; then
    g="$d/repo"; mkdir -p "$g"; cp -r examples/img "$g/img"
    cp "$d/voyage-before.yaml" "$g/journey.yaml"
    (cd "$g" && git init -q && git -c user.email=t@t -c user.name=t add . &&
        git -c user.email=t@t -c user.name=t commit -qm v1) >/dev/null 2>&1
    cp "$d/voyage-after.yaml" "$g/journey.yaml"
    (cd "$g" && "$J" build journey.yaml --compare HEAD:journey.yaml -f scene -o cmp.txt) 2>"$d/git.err" &&
        grep -q 'wave-label.*"HEAD"' "$g/cmp.txt" && [ "$(grep -c ' tp-changed ' "$g/cmp.txt")" = 6 ] &&
        pass "--compare HEAD:journey.yaml reads the older version through git" ||
        fail "--compare REV:PATH" "$(head -c 300 "$d/git.err")"
    (cd "$g" && "$J" build journey.yaml --compare HEAD~5:journey.yaml -o x.pdf) 2>"$d/git2.err"
    rc=$?
    [ "$rc" = 3 ] && grep -q 'cannot read HEAD~5:journey.yaml through git' "$d/git2.err" && [ ! -e "$g/x.pdf" ] &&
        pass "an unknown revision is an input error, nothing written" || fail "unknown revision" "exit $rc $(cat "$d/git2.err")"
fi

# an invalid older version: its diagnostics, exit 1, nothing written
printf 'jmap: 1\ntitle: X\nstages:\n  - name: A\n    touchpoints:\n      - {name: T, emotion: 9}\n' >"$d/bad.yaml"
expect_exit "an invalid older version fails" 1 "$JMAP" build "$d/voyage-after.yaml" --compare "$d/bad.yaml" -o "$d/bad.pdf"
grep -q 'bad.yaml:6:28: error: emotion 9 is outside the scale' "$JMAP_TEST_TMP/err" && pass "with its diagnostics" ||
    fail "older version diagnostics" "$(cat "$JMAP_TEST_TMP/err")"
[ ! -e "$d/bad.pdf" ] && pass "nothing written" || fail "nothing written" "bad.pdf exists"
expect_exit "--compare with several journeys is refused" 2 "$JMAP" build "$d/voyage-after.yaml" "$d/voyage-before.yaml" --compare "$d/bad.yaml"
finish
