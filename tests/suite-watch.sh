#!/bin/sh
# jmap build --watch: builds, then builds again when the journey or one of
# its images is saved (also by an editor's write-and-rename); a save with an
# error prints its diagnostic and keeps the last good map. Every wait is
# bounded; the watcher stops by itself after JMAP_WATCH_MAX_BUILDS builds.
. tests/lib.sh
d="$JMAP_TEST_TMP/watch"
rm -rf "$d"; mkdir -p "$d/img"
case "$JMAP" in /*) J=$JMAP ;; *) J=$PWD/$JMAP ;; esac
cp examples/img/sofia-reyes.png "$d/img/p.png"
cat >"$d/j.yaml" <<'Y'
jmap: 1
title: First title
personas:
  - {name: Sofia, photo: img/p.png}
stages:
  - name: A
    touchpoints:
      - {name: Visit, channel: web, emotion: 3}
Y
# wait_for SECONDS COMMAND...: polls every 0.1 s until COMMAND succeeds
wait_for() {
    _t=$(($1 * 10)); shift
    while [ $_t -gt 0 ]; do
        "$@" 2>/dev/null && return 0
        sleep 0.1; _t=$((_t - 1))
    done
    return 1
}
has_text() { pdftotext "$d/j.pdf" - 2>/dev/null | grep -q "$1"; }
builds() { grep -c '^jmap: \(built\|not built\)' "$d/log" 2>/dev/null; }
at_least() { [ "$(builds)" -ge "$1" ]; }

(cd "$d" && JMAP_WATCH_MAX_BUILDS=5 timeout 60 "$J" build --watch j.yaml -o j.pdf 2>log; echo $? >rc) &
wait_for 20 has_text "First title" && pass "the first build is written" || fail "first build" "$(cat "$d/log")"
grep -q 'watching 2 files' "$d/log" && pass "the journey and its image are watched" || fail "watched files" "$(cat "$d/log")"

sleep 0.2
sed 's/First title/Second title/' "$d/j.yaml" >"$d/j.tmp" && cat "$d/j.tmp" >"$d/j.yaml"
wait_for 20 has_text "Second title" && pass "a save rebuilds the map" || fail "rebuild on save" "$(cat "$d/log")"

sleep 0.2
sed 's/Second title/Third title/' "$d/j.yaml" >"$d/j.new" && mv "$d/j.new" "$d/j.yaml"
wait_for 20 has_text "Third title" && pass "a save by rename rebuilds the map" || fail "rebuild on rename" "$(cat "$d/log")"

sleep 0.2
cp "$d/j.pdf" "$d/good.pdf"
printf 'stages: [\n' >>"$d/j.yaml"
wait_for 20 grep -q 'not built (the previous output is kept)' "$d/log" &&
    pass "an invalid save is reported" || fail "invalid save" "$(cat "$d/log")"
grep -q 'j.yaml:[0-9]*:[0-9]*: error:' "$d/log" && pass "with its file:line:col diagnostic" || fail "diagnostic" "$(cat "$d/log")"
cmp -s "$d/j.pdf" "$d/good.pdf" && pass "the last good map is kept" || fail "last good map kept" "changed"

sleep 0.2
n=$(builds)
cp examples/img/thomas-leroy.png "$d/img/p.png"
wait_for 20 at_least $((n + 1)) && pass "saving an image rebuilds" || fail "image rebuild" "$(cat "$d/log")"
wait_for 20 test -s "$d/rc" && [ "$(cat "$d/rc")" != 124 ] && pass "the watcher stops after its builds" ||
    fail "watcher stop" "rc $(cat "$d/rc" 2>/dev/null)"
ls -a "$d" | grep -q '^\.j\.pdf' && fail "no temporary left" "$(ls -a "$d")" || pass "no temporary left"

expect_exit "--watch needs an output file" 2 "$JMAP" build --watch examples/minimal.yaml -o -
finish
