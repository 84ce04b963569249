#!/bin/sh
# Runs the whole suite: every cmocka unit-test binary given as argument, then
# every tests/suite-*.sh script. A suite script prints one line per check,
# "PASS name" or "FAIL name: why", and exits non-zero when any check failed.
# Environment: JMAP (the binary under test), BUILD (the build folder).
set -u
: "${JMAP:=build/jmap}"
export JMAP
export JMAP_TEST_TMP="${BUILD:-build}/test-tmp"
rm -rf "$JMAP_TEST_TMP"
mkdir -p "$JMAP_TEST_TMP"

passed=0
failed=0
failures=""

for bin in "$@"; do
    name=$(basename "$bin")
    log="$JMAP_TEST_TMP/$name.log"
    if "$bin" >"$log" 2>&1; then
        n=$(grep -c '^\[       OK \]' "$log")
        passed=$((passed + n))
        echo "PASS $name ($n tests)"
    else
        cat "$log"
        n_ok=$(grep -c '^\[       OK \]' "$log")
        n_bad=$(grep -c '^\[  FAILED  \] [a-z_]' "$log")
        [ "$n_bad" -gt 0 ] || n_bad=1
        passed=$((passed + n_ok))
        failed=$((failed + n_bad))
        failures="$failures $name"
        echo "FAIL $name"
    fi
done

for suite in tests/suite-*.sh; do
    [ -f "$suite" ] || continue
    name=$(basename "$suite" .sh)
    log="$JMAP_TEST_TMP/$name.log"
    sh "$suite" >"$log" 2>&1
    rc=$?
    n_ok=$(grep -c '^PASS ' "$log")
    n_bad=$(grep -c '^FAIL ' "$log")
    if [ $rc -ne 0 ] && [ "$n_bad" -eq 0 ]; then n_bad=1; fi
    passed=$((passed + n_ok))
    failed=$((failed + n_bad))
    if [ "$n_bad" -gt 0 ]; then
        grep -v '^PASS ' "$log"
        failures="$failures $name"
        echo "FAIL $name ($n_ok passed, $n_bad failed)"
    else
        echo "PASS $name ($n_ok checks)"
    fi
done

echo
[ -n "$failures" ] && echo "failing:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
