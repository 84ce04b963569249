# Helpers for tests/suite-*.sh (POSIX sh). Source it: . tests/lib.sh
# Each check prints "PASS name" or "FAIL name: why"; call `finish` at the end.
: "${JMAP:=build/jmap}"
: "${JMAP_TEST_TMP:=build/test-tmp}"
T_FAILED=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; T_FAILED=1; }
# expect_exit NAME CODE CMD... : runs CMD, checks its exit status
expect_exit() {
    _n=$1; _c=$2; shift 2
    "$@" >"$JMAP_TEST_TMP/out" 2>"$JMAP_TEST_TMP/err"
    _rc=$?
    if [ "$_rc" -eq "$_c" ]; then pass "$_n"; else fail "$_n" "exit $_rc, expected $_c; stderr: $(head -c 400 "$JMAP_TEST_TMP/err")"; fi
}
finish() { exit $T_FAILED; }
