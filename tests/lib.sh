# Helpers for tests/suite-*.sh (POSIX sh). Source it: . tests/lib.sh
# Each check prints "PASS name" or "FAIL name: why"; call `finish` at the end.
: "${JMAP:=build/jmap}"
: "${JMAP_TEST_TMP:=build/test-tmp}"
# Expected outputs are in English whatever the machine's language
# (tests/suite-i18n.sh sets French where it means to).
LANGUAGE=en
export LANGUAGE
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
# bounded NAME CODE CMD... : like expect_exit, and the command must finish in
# 5 s and peak under 300 MB of resident memory (the memory bound is not
# checked in sanitizer builds, whose shadow memory counts as resident).
bounded() {
    _n=$1; _c=$2; shift 2
    timeout 5 /usr/bin/time -f %M -o "$JMAP_TEST_TMP/rss" "$@" >"$JMAP_TEST_TMP/out" 2>"$JMAP_TEST_TMP/err"
    _rc=$?
    _kb=$(tail -n 1 "$JMAP_TEST_TMP/rss" 2>/dev/null | tr -cd 0-9)
    case "${BUILD:-build}" in *asan*) _kb=0 ;; esac
    if [ "$_rc" -eq 124 ]; then
        fail "$_n" "took more than 5 s"
    elif [ "$_rc" -ne "$_c" ]; then
        fail "$_n" "exit $_rc, expected $_c; stderr: $(head -c 400 "$JMAP_TEST_TMP/err")"
    elif [ "${_kb:-0}" -gt 307200 ]; then
        fail "$_n" "peak memory ${_kb} kB, over 300 MB"
    else
        pass "$_n"
    fi
}
