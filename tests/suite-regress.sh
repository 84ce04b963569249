#!/bin/sh
# Inputs that once crashed, hung or leaked (found by the fuzz harnesses,
# docs/fuzzing.md), replayed through the command line. Each must end within
# 10 s with exit 0 or 1: never a signal, never an I/O or usage error, and
# never a sanitizer report (under `make asan` such a report would otherwise
# look like an ordinary exit 1).
# tests/regress/NAME.yaml: check, build as scene, SVG and JSON, report.
# tests/regress/NAME.csv: survey data applied to tests/regress/survey-journey.yaml.
. tests/lib.sh
d="$JMAP_TEST_TMP/regress"
rm -rf "$d"; mkdir -p "$d"

# replay NAME ARGS... : jmap ARGS within 10 s, exit 0 or 1, no sanitizer report
replay() {
    _n=$1; shift
    timeout 10 "$JMAP" "$@" >"$d/out" 2>"$d/err"
    _rc=$?
    if [ "$_rc" -eq 124 ]; then
        fail "$_n" "took more than 10 s"
    elif [ "$_rc" -gt 1 ]; then
        fail "$_n" "exit $_rc, expected 0 or 1; stderr: $(tail -c 400 "$d/err")"
    elif grep -qE 'Sanitizer|runtime error:' "$d/err"; then
        fail "$_n" "sanitizer report: $(grep -m 3 -E 'Sanitizer|runtime error:' "$d/err")"
    else
        pass "$_n"
    fi
}

n=0
for f in tests/regress/*.yaml; do
    [ -f "$f" ] || continue
    name=$(basename "$f" .yaml)
    [ "$name" = survey-journey ] && continue
    n=$((n + 1))
    replay "$name: check" check "$f"
    replay "$name: build scene" build -f scene -o - "$f"
    replay "$name: build svg" build "$f" -o "$d/$name.svg"
    replay "$name: build json" build "$f" -o "$d/$name.json"
    replay "$name: report" report -f json "$f"
done
for f in tests/regress/*.csv; do
    [ -f "$f" ] || continue
    name=$(basename "$f" .csv)
    n=$((n + 1))
    replay "$name: build --data" build tests/regress/survey-journey.yaml --data "$f" -f scene -o -
    replay "$name: report --data" build tests/regress/survey-journey.yaml --data "$f" -o "$d/$name.json"
done
[ "$n" -gt 0 ] && pass "$n regression inputs" || fail "regression inputs" "none in tests/regress"
finish
