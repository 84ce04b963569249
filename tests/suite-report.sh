#!/bin/sh
# `jmap report`: exact output of the three formats for every
# tests/golden/report-NAME.yaml (expected in report-NAME.txt, .md and
# .report.json) and for every examples/NAME.yaml (tests/golden/report-example-
# NAME.*), the --strict gate, --persona, and usage errors.
# Expected files are written by tests/regen-report.sh (make regen).
. tests/lib.sh
d="$JMAP_TEST_TMP/report"
rm -rf "$d"; mkdir -p "$d"

# compare NAME INPUT EXPECTED-BASE
compare() {
    for f in txt md json; do
        want="$3.$f"
        [ "$f" = json ] && want="$3.report.json"
        if [ ! -f "$want" ]; then fail "report $1 -f $f" "missing $want (run make regen)"; continue; fi
        fmt=$f; [ "$f" = txt ] && fmt=text
        "$JMAP" report "$2" -f "$fmt" >"$d/out" 2>"$d/err"
        rc=$?
        if [ $rc -ne 0 ]; then fail "report $1 -f $fmt" "exit $rc: $(head -c 300 "$d/err")"
        elif cmp -s "$want" "$d/out"; then pass "report $1 -f $fmt"
        else fail "report $1 -f $fmt" "differs: $(diff "$want" "$d/out" | head -n 10)"; fi
    done
}

for y in tests/golden/report-*.yaml; do
    [ -f "$y" ] || continue
    compare "$(basename "$y" .yaml)" "$y" "${y%.yaml}"
done
for y in examples/*.yaml; do
    [ -f "$y" ] || continue
    n=$(basename "$y" .yaml)
    [ -f "tests/golden/report-example-$n.txt" ] || continue # not pinned yet
    compare "example-$n" "$y" "tests/golden/report-example-$n"
done

# The acceptance case names all five findings and ranks the quick win first.
acc=tests/golden/report-acceptance.yaml
"$JMAP" report "$acc" >"$d/acc.txt" 2>/dev/null
ok=1
for w in "Fees appear only at the last step" "Stages with no touchpoint: Follow-up" \
         "Comparison site (4)  Quote form (1)" "Quote completion" "1  Show every fee on the first page  yes"; do
    grep -qF "$w" "$d/acc.txt" || { ok=0; fail "acceptance names: $w" "not in the report"; }
done
[ $ok -eq 1 ] && pass "acceptance report names the five findings, quick win first"

expect_exit "--strict fails on unaddressed high pain and empty stage" 1 "$JMAP" report --strict "$acc"
grep -q "^jmap: strict: 1 unaddressed high-severity pain: hidden-fees$" "$JMAP_TEST_TMP/err" &&
grep -q "^jmap: strict: 1 stage with no touchpoint: follow-up$" "$JMAP_TEST_TMP/err" &&
    pass "--strict names what fails" || fail "--strict names what fails" "$(cat "$JMAP_TEST_TMP/err")"
[ -s "$JMAP_TEST_TMP/out" ] && pass "--strict still prints the report" || fail "--strict still prints the report" "empty stdout"
expect_exit "--strict passes a clean journey" 0 "$JMAP" report --strict tests/golden/report-all-good.yaml
expect_exit "--strict passes when high pains are addressed" 0 "$JMAP" report --strict -f json tests/golden/report-fr.yaml

expect_exit "--persona keeps one persona" 0 "$JMAP" report tests/golden/report-fr.yaml --persona marc
grep -q "personas : Marc (1 sur 2)" "$JMAP_TEST_TMP/out" && pass "--persona filters the header" ||
    fail "--persona filters the header" "$(head -n 3 "$JMAP_TEST_TMP/out")"
expect_exit "--persona repeatable" 0 "$JMAP" report tests/golden/report-fr.yaml -p marc -p claire
expect_exit "unknown persona is an error" 1 "$JMAP" report tests/golden/report-fr.yaml --persona clair
grep -q "did you mean 'claire'" "$JMAP_TEST_TMP/err" && pass "unknown persona suggests" ||
    fail "unknown persona suggests" "$(cat "$JMAP_TEST_TMP/err")"

expect_exit "report --help exits 0" 0 "$JMAP" report --help
grep -q -- "--strict" "$JMAP_TEST_TMP/out" && pass "report --help lists --strict" || fail "report --help lists --strict" "no --strict"
expect_exit "unknown format is a usage error" 2 "$JMAP" report -f pdf "$acc"
expect_exit "unknown option is a usage error" 2 "$JMAP" report --frobnicate "$acc"
expect_exit "missing file argument is a usage error" 2 "$JMAP" report
expect_exit "unreadable file is an I/O error" 3 "$JMAP" report "$d/does-not-exist.yaml"
printf 'jmap: 1\ntitle: Broken\nstages:\n  - name: A\n    touchpoints:\n      - {name: T, chanel: web}\n' >"$d/bad.yaml"
expect_exit "invalid journey exits 1" 1 "$JMAP" report "$d/bad.yaml"
[ -s "$JMAP_TEST_TMP/out" ] && fail "invalid journey prints no report" "stdout not empty" || pass "invalid journey prints no report"
"$JMAP" report - -f json <"$acc" >"$d/stdin.json" 2>/dev/null
cmp -s "$d/stdin.json" tests/golden/report-acceptance.report.json && pass "report reads standard input" ||
    fail "report reads standard input" "differs from the file's report"

if command -v python3 >/dev/null 2>&1; then
    for j in tests/golden/report-*.report.json; do
        [ -f "$j" ] || continue
        python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$j" 2>"$d/err" &&
            pass "valid JSON $(basename "$j")" || fail "valid JSON $(basename "$j")" "$(cat "$d/err")"
    done
    # Against docs/report.schema.json, where the jsonschema module is installed.
    if python3 -c 'import jsonschema' 2>/dev/null; then
        for j in tests/golden/report-*.report.json; do
            [ -f "$j" ] || continue
            python3 -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open("docs/report.schema.json")))' \
                "$j" 2>"$d/err" && pass "schema $(basename "$j")" || fail "schema $(basename "$j")" "$(tail -n 3 "$d/err")"
        done
    fi
fi
finish
