#!/bin/sh
# jmap build FILE...: several journeys in one process, -j at a time: each
# its own output, byte for byte what a build of it alone writes; an invalid
# journey does not stop the others and sets the status; outputs that would
# collide, a single -o file and a bad -j are usage errors.
. tests/lib.sh
d="$JMAP_TEST_TMP/many"
rm -rf "$d"; mkdir -p "$d/in" "$d/out" "$d/one"
cp -r examples/img "$d/in/img"
for n in minimal saas-onboarding voyage-affaires; do cp "examples/$n.yaml" "$d/in/"; done

expect_exit "three journeys into a folder" 0 "$JMAP" build -q "$d/in/minimal.yaml" "$d/in/saas-onboarding.yaml" \
    "$d/in/voyage-affaires.yaml" -o "$d/out/" -j 2
for n in minimal saas-onboarding voyage-affaires; do
    "$JMAP" build -q "$d/in/$n.yaml" -o "$d/one/$n.pdf"
    cmp -s "$d/out/$n.pdf" "$d/one/$n.pdf" && pass "$n.pdf as a build of it alone" || fail "$n.pdf" "differs or missing"
done
expect_exit "a {name} pattern and -f png" 0 "$JMAP" build -q "$d/in/minimal.yaml" "$d/in/saas-onboarding.yaml" \
    -f png -o "$d/out/{name}-map.png"
[ -s "$d/out/minimal-map.png" ] && [ -s "$d/out/saas-onboarding-map.png" ] && pass "{name} is the journey's name" ||
    fail "{name} outputs" "$(ls "$d/out")"
expect_exit "without -o, each map beside its journey" 0 "$JMAP" build -q "$d/in/minimal.yaml" "$d/in/saas-onboarding.yaml" -f svg
[ -s "$d/in/minimal.svg" ] && [ -s "$d/in/saas-onboarding.svg" ] && pass "maps beside the journeys" || fail "beside" "$(ls "$d/in")"

printf 'jmap: 1\ntitle: X\nstages:\n  - name: A\n    touchpoints:\n      - {name: T, emotion: 9}\n' >"$d/in/bad.yaml"
rm -f "$d/out/"*.pdf
expect_exit "an invalid journey sets the status" 1 "$JMAP" build "$d/in/minimal.yaml" "$d/in/bad.yaml" -o "$d/out/"
grep -q 'bad.yaml:6:28: error:' "$JMAP_TEST_TMP/err" && pass "with its own diagnostics" || fail "diagnostics" "$(cat "$JMAP_TEST_TMP/err")"
grep -q '1 of 2 journeys could not be built' "$JMAP_TEST_TMP/err" && pass "the last line counts the failures" ||
    fail "failure count" "$(tail -n 1 "$JMAP_TEST_TMP/err")"
[ -s "$d/out/minimal.pdf" ] && [ ! -e "$d/out/bad.pdf" ] && pass "the others are written, not the invalid one" ||
    fail "partial batch" "$(ls "$d/out")"
expect_exit "a missing journey: input error, the worst status" 3 "$JMAP" build "$d/in/minimal.yaml" "$d/in/bad.yaml" "$d/in/none.yaml" -o "$d/out/"

mkdir -p "$d/in/other"; cp examples/minimal.yaml "$d/in/other/minimal.yaml"
expect_exit "two journeys to one file are refused" 2 "$JMAP" build "$d/in/minimal.yaml" "$d/in/other/minimal.yaml" -o "$d/out/"
grep -q 'two journeys would be written to' "$JMAP_TEST_TMP/err" && pass "and say which file" || fail "collision message" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "one -o file for several journeys is refused" 2 "$JMAP" build "$d/in/minimal.yaml" "$d/in/saas-onboarding.yaml" -o "$d/out/x.pdf"
expect_exit "-j 0: the number of processors" 0 "$JMAP" build -q "$d/in/minimal.yaml" "$d/in/saas-onboarding.yaml" -o "$d/out/" -j 0
for j in -1 257 99999999999; do
    expect_exit "-j $j" 2 "$JMAP" build "$d/in/minimal.yaml" "$d/in/saas-onboarding.yaml" -o "$d/out/" -j "$j"
done
expect_exit "-j is a number" 2 "$JMAP" build "$d/in/minimal.yaml" "$d/in/saas-onboarding.yaml" -o "$d/out/" -j "$(printf 'x\033[2J')"
expect_exit "standard input among several is refused" 2 "$JMAP" build "$d/in/minimal.yaml" - -o "$d/out/"
expect_exit "-p with several journeys is refused" 2 "$JMAP" build "$d/in/minimal.yaml" "$d/in/saas-onboarding.yaml" -p x -o "$d/out/"
expect_exit "an unknown --page is refused" 2 "$JMAP" build "$d/in/minimal.yaml" "$d/in/saas-onboarding.yaml" --page "$(printf 'a9\033[2J')" -o "$d/out/"
grep -q "unknown page size 'a9" "$JMAP_TEST_TMP/err" && ! grep -q "$(printf '\033')" "$JMAP_TEST_TMP/err" &&
    pass "shown escaped" || fail "page escaped" "$(cat -v "$JMAP_TEST_TMP/err")"
ls -A "$d/out" | grep -q '^\.' && fail "no temporary left" "$(ls -A "$d/out")" || pass "no temporary left"
finish
