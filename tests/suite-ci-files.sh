#!/bin/sh
# The one-line CI pieces: the GitHub Action's shell steps run here as a
# runner runs them (tests/run-action.py), on a workspace of journeys; the
# pre-commit hooks' entries run on the files their patterns select.
. tests/lib.sh
d="$JMAP_TEST_TMP/ci-files"
rm -rf "$d"; mkdir -p "$d"
case "$JMAP" in /*) J=$JMAP ;; *) J=$PWD/$JMAP ;; esac
bindir="$(cd "$d" && pwd)/bin"; mkdir -p "$bindir"; ln -s "$J" "$bindir/jmap"

# -- the Action ------------------------------------------------------------
ws="$d/ws"; mkdir -p "$ws/journeys/team" "$ws/other"
cp examples/voyage-affaires.yaml "$ws/journeys/voyage.yaml"; cp -r examples/img "$ws/journeys/img"
cp examples/minimal.yaml "$ws/journeys/team/voyage.yaml"   # same base name, another folder
cp examples/saas-onboarding.yaml "$ws/other/onboarding.journey.yaml"
echo "not: a journey" >"$ws/other/config.yaml"
if PATH="$bindir:$PATH" python3 tests/run-action.py action.yml "$ws" "journeys=journeys/**/*.yaml **/*.journey.yaml" \
    "formats=pdf svg" >"$d/action.out" 2>&1; then
    pass "the Action's steps run"
else
    fail "the Action's steps run" "$(tail -n 8 "$d/action.out")"
fi
for s in "Install jmap" "Find the journeys" "Check the journeys" "Report" "Build the maps"; do
    grep -qx "ran $s" "$d/action.out" && pass "Action step: $s" || fail "Action step: $s" "not run"
done
grep -q '^uses Upload the maps actions/upload-artifact@v4 jmap-maps$' "$d/action.out" &&
    pass "the upload step uploads the output folder" || fail "the upload step" "$(grep uses "$d/action.out")"
for f in journeys-voyage journeys-team-voyage other-onboarding; do
    for x in pdf svg; do
        [ -s "$ws/jmap-maps/$f.$x" ] && pass "Action wrote $f.$x" || fail "Action wrote $f.$x" "$(ls "$ws/jmap-maps" 2>&1)"
    done
done
[ ! -e "$ws/jmap-maps/other-config.pdf" ] && pass "files outside the patterns are left alone" ||
    fail "files outside the patterns" "config.yaml rendered"
grep -q '^maps=6$' "$ws/.runner/output" && pass "the Action's maps output" || fail "maps output" "$(cat "$ws/.runner/output")"
grep -q '^# ' "$ws/.runner/summary" && [ "$(grep -c '^# ' "$ws/.runner/summary")" -ge 3 ] &&
    pass "the summary holds a report per journey" || fail "summary" "$(head -c 300 "$ws/.runner/summary")"

# a broken journey fails the check step, with its diagnostic, and nothing is built
printf 'jmap: 1\ntitle: X\nstages:\n  - name: A\n    touchpoints:\n      - {name: T, emotion: 9}\n' >"$ws/journeys/bad.yaml"
rm -rf "$ws/jmap-maps"
PATH="$bindir:$PATH" python3 tests/run-action.py action.yml "$ws" "journeys=journeys/*.yaml" >"$d/bad.out" 2>&1
rc=$?
[ "$rc" -ne 0 ] && grep -q '^failed Check the journeys' "$d/bad.out" && pass "a broken journey fails the check step" ||
    fail "a broken journey fails the check step" "exit $rc: $(tail -n 3 "$d/bad.out")"
grep -q 'journeys/bad.yaml:6:' "$d/bad.out" && pass "the check step shows file:line" || fail "check step diagnostic" "$(head -c 400 "$d/bad.out")"
[ ! -d "$ws/jmap-maps" ] && pass "nothing built after a failed check" || fail "nothing built after a failed check" "maps written"
rm "$ws/journeys/bad.yaml"
# no journey at all is an error, not a green run
PATH="$bindir:$PATH" python3 tests/run-action.py action.yml "$ws" "journeys=nowhere/*.yaml" >"$d/none.out" 2>&1 &&
    fail "no journey found fails" "exit 0" || pass "no journey found fails"
grep -q '::error::jmap: no journey file matches' "$d/none.out" && pass "no journey: an annotation says so" ||
    fail "no journey annotation" "$(cat "$d/none.out")"
PATH="$bindir:$PATH" python3 tests/run-action.py action.yml "$ws" "journeys=journeys/voyage.yaml" report=false upload=false \
    >"$d/opt.out" 2>&1 && grep -qx 'skipped Report' "$d/opt.out" && grep -qx 'skipped Upload the maps' "$d/opt.out" &&
    pass "report and upload can be turned off" || fail "report/upload off" "$(cat "$d/opt.out")"

# -- pre-commit hooks ---------------------------------------------------------
PATH="$bindir:$PATH" python3 - "$d" <<'PY' >"$d/hooks.out" 2>&1
import re, subprocess, sys, yaml, os, shlex
d = sys.argv[1]
hooks = yaml.safe_load(open(".pre-commit-hooks.yaml"))
files = ["journeys/voyage.yaml", "journeys/team/voyage.yaml", "other/onboarding.journey.yaml",
         "other/config.yaml", ".github/workflows/ci.yaml"]
for h in hooks:
    sel = [f for f in files if re.search(h["files"], f)]
    print(h["id"], "selects", " ".join(sel))
    r = subprocess.run(shlex.split(h["entry"]) + sel, cwd=os.path.join(d, "ws"))
    print(h["id"], "exit", r.returncode)
PY
grep -qx 'jmap-check selects journeys/voyage.yaml journeys/team/voyage.yaml other/onboarding.journey.yaml' "$d/hooks.out" &&
    pass "pre-commit: the hooks select journeys, not other YAML" || fail "pre-commit selection" "$(cat "$d/hooks.out")"
grep -qx 'jmap-check exit 0' "$d/hooks.out" && pass "pre-commit: jmap-check passes on valid journeys" ||
    fail "pre-commit jmap-check" "$(cat "$d/hooks.out")"
grep -qx 'jmap-build exit 0' "$d/hooks.out" && [ -s "$ws/journeys/voyage.pdf" ] &&
    pass "pre-commit: jmap-build renders each journey beside it" || fail "pre-commit jmap-build" "$(cat "$d/hooks.out")"
finish
