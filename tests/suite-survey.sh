#!/bin/sh
# jmap build --data: survey CSVs of tests/survey/ drive the emotion curve;
# bad ones fail with every error, at CSV line and column, and write nothing.
. tests/lib.sh
d="$JMAP_TEST_TMP/survey"
rm -rf "$d"; mkdir -p "$d"
j=tests/survey/journey.yaml

expect_exit "good survey builds" 0 "$JMAP" build "$j" --data tests/survey/good.csv -o "$d/good.json"
if python3 - "$d/good.json" >"$d/good.check" 2>&1 <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
e = {t["id"]: t.get("emotion") for s in m["stages"] for t in s["touchpoints"]}
assert e["comparateur"]["claire"] == {"mean": 2.5, "n": 2, "sd": 0.5}, e["comparateur"]
assert e["comparateur"]["marc"]["n"] == 1
assert e["souscription"]["claire"]["mean"] == 1.5, e["souscription"]
assert e["souscription"]["marc"]["mean"] == 2
assert e["affiliation"]["marc"]["mean"] == 4.5
assert e["assistance"] == {"claire": 2, "marc": 2}, e["assistance"]
PY
then pass "survey means, counts and spreads"; else fail "survey means, counts and spreads" "$(tail -n 2 "$d/good.check")"; fi

expect_exit "bad survey is invalid" 1 "$JMAP" build "$j" --data tests/survey/bad.csv -o "$d/bad.json"
[ ! -e "$d/bad.json" ] && pass "bad survey writes nothing" || fail "bad survey writes nothing" "output written"
for want in "bad.csv:3:1: error: unknown touchpoint 'comparatuer' (did you mean 'comparateur'?)" \
            "bad.csv:4:13: error: unknown persona 'clare' (did you mean 'claire'?)" \
            "bad.csv:5:13: error: persona 'claire' does not meet touchpoint 'affiliation'" \
            "bad.csv:6:19: error: score 'beaucoup' is not a number" \
            "bad.csv:7:19: error: score 7 is outside the journey's scale 1..5" \
            "bad.csv:8:16: error: too few fields"; do
    grep -qF "$want" "$JMAP_TEST_TMP/err" && pass "reports $want" || fail "reports $want" "$(cat "$JMAP_TEST_TMP/err")"
done
[ "$(grep -c ': error: ' "$JMAP_TEST_TMP/err")" = 6 ] && pass "every survey error in one run" ||
    fail "every survey error in one run" "$(grep -c ': error: ' "$JMAP_TEST_TMP/err") errors"

expect_exit "unterminated quote" 1 "$JMAP" build "$j" --data tests/survey/unterminated.csv -o "$d/u.json"
grep -qF "unterminated.csv:2:13: error: unterminated quoted field" "$JMAP_TEST_TMP/err" &&
    pass "unterminated quote points at the quote" || fail "unterminated quote points at the quote" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "empty survey" 1 "$JMAP" build "$j" --data tests/survey/empty.csv -o "$d/e.json"
grep -qF "empty.csv:1:1: error: empty survey file" "$JMAP_TEST_TMP/err" &&
    pass "empty survey message" || fail "empty survey message" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "misspelt header" 1 "$JMAP" build "$j" --data tests/survey/bad-header.csv -o "$d/h.json"
grep -qF "bad-header.csv:1:20: error: unknown column 'scroe' (did you mean 'score'?)" "$JMAP_TEST_TMP/err" &&
    pass "misspelt header suggests" || fail "misspelt header suggests" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "missing survey file" 3 "$JMAP" build "$j" --data "$d/nope.csv" -o "$d/n.json"
finish
