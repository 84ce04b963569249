#!/bin/sh
# `jmap diff`: exact output of the three formats for every pair
# tests/golden/diff/NAME-before.yaml, NAME-after.yaml (expected in NAME.txt,
# NAME.md, NAME.json, written by tests/regen-diff.sh), the exit statuses
# (0 same, 1 different, 2 usage, 3 input/output, 4 invalid), REV:PATH read
# through git in a repository made here, diagnostics of an invalid version
# named after it, and hostile text.
. tests/lib.sh
d="$JMAP_TEST_TMP/diff"
rm -rf "$d"; mkdir -p "$d"
case $JMAP in /*) J=$JMAP ;; *) J="$(pwd)/$JMAP" ;; esac
v1=tests/golden/diff/voyage-before.yaml
v2=tests/golden/diff/voyage-after.yaml

# ---- goldens
for b in tests/golden/diff/*-before.yaml; do
    [ -f "$b" ] || continue
    n=$(basename "$b" -before.yaml)
    for f in txt md json; do
        want="tests/golden/diff/$n.$f"
        fmt=$f; [ "$f" = txt ] && fmt=text
        if [ ! -f "$want" ]; then fail "diff $n -f $fmt" "missing $want (run make regen)"; continue; fi
        (cd tests/golden/diff && "$J" diff "$n-before.yaml" "$n-after.yaml" -f "$fmt") >"$d/out" 2>"$d/err"
        rc=$?
        if [ $rc -ne 1 ]; then fail "diff $n -f $fmt" "exit $rc, expected 1: $(head -c 300 "$d/err")"
        elif cmp -s "$want" "$d/out"; then pass "diff $n -f $fmt"
        else fail "diff $n -f $fmt" "differs: $(diff "$want" "$d/out" | head -n 10)"; fi
    done
done

# The golden pair shows each kind of change the brief of docs/diff.md lists.
out=tests/golden/diff/voyage.txt
ok=1
for s in "added    Taxi vers le salon" "removed  Alerte voyageurs" "was Outil de réservation" \
         "from Séjour" "↑ +1.5" "↓ -1.5" "resolved  Contrôle manuel" "in progress → done" \
         "72 % (off target)  86 % (on target)" "appeared  Stage with no touchpoint: Séjour" \
         "gone      KPI off target"; do
    grep -qF -- "$s" "$out" || { ok=0; fail "diff golden shows each change" "no '$s'"; }
done
[ $ok = 1 ] && pass "diff golden shows each change"

# The JSON form is JSON, and docs/diff.md quotes the Markdown form verbatim.
if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' tests/golden/diff/voyage.json 2>"$d/err"; then
    pass "diff json parses"
else fail "diff json parses" "$(head -c 300 "$d/err")"; fi
if python3 - tests/golden/diff/voyage.md docs/diff.md <<'PY'
import sys
md = open(sys.argv[1], encoding="utf-8").read()
doc = open(sys.argv[2], encoding="utf-8").read()
sys.exit(0 if md in doc else 1)
PY
then pass "docs/diff.md quotes the golden comment"
else fail "docs/diff.md quotes the golden comment" "regenerate the example in docs/diff.md from tests/golden/diff/voyage.md"; fi

# ---- exit statuses
expect_exit "diff same file: 0" 0 "$JMAP" diff "$v1" "$v1"
grep -q "^No changes\.$" "$JMAP_TEST_TMP/out" && pass "diff same says so" || fail "diff same says so" "$(head -3 "$JMAP_TEST_TMP/out")"
expect_exit "diff different: 1" 1 "$JMAP" diff "$v1" "$v2"
expect_exit "diff stdin as one version" 1 sh -c '"$1" diff - "$2" < "$3"' sh "$JMAP" "$v2" "$v1"
expect_exit "diff no argument: 2" 2 "$JMAP" diff
expect_exit "diff one argument: 2" 2 "$JMAP" diff "$v1"
expect_exit "diff three arguments: 2" 2 "$JMAP" diff "$v1" "$v2" "$v1"
expect_exit "diff unknown format: 2" 2 "$JMAP" diff "$v1" "$v2" -f pdf
grep -q "unknown format 'pdf'" "$JMAP_TEST_TMP/err" && pass "diff unknown format message" || fail "diff unknown format message" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "diff unknown option: 2" 2 "$JMAP" diff "$v1" "$v2" --frobnicate
expect_exit "diff stdin twice: 2" 2 "$JMAP" diff - -
expect_exit "diff missing file: 3" 3 "$JMAP" diff "$v1" "$d/nope.yaml"
grep -q "cannot read '$d/nope.yaml': no such file" "$JMAP_TEST_TMP/err" && pass "diff missing file message" || fail "diff missing file message" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "diff folder: 3" 3 "$JMAP" diff "$v1" tests
expect_exit "diff --help: 0" 0 "$JMAP" diff --help
grep -q "REV:PATH" "$JMAP_TEST_TMP/out" && pass "diff --help names REV:PATH" || fail "diff --help names REV:PATH" "no REV:PATH"

# An invalid version: exit 4 (not 1, which means "different"), its diagnostics named after it.
printf 'jmap: 1\ntitle: x\nstages:\n  - name: S\n    touchpoints:\n      - name: A\n        emotion: 9\n' >"$d/bad.yaml"
expect_exit "diff invalid new version: 4" 4 env NO_COLOR=1 "$JMAP" diff "$v1" "$d/bad.yaml"
grep -q "^$d/bad.yaml:7:18: error: emotion 9 is outside the scale" "$JMAP_TEST_TMP/err" && pass "diff invalid version diagnostics" || fail "diff invalid version diagnostics" "$(head -c 300 "$JMAP_TEST_TMP/err")"
[ -s "$JMAP_TEST_TMP/out" ] && fail "diff invalid prints no diff" "$(head -c 200 "$JMAP_TEST_TMP/out")" || pass "diff invalid prints no diff"
expect_exit "diff invalid old version: 4" 4 "$JMAP" diff "$d/bad.yaml" "$v1"
expect_exit "diff unreadable beats invalid: 3" 3 "$JMAP" diff "$d/bad.yaml" "$d/nope.yaml"

# ---- REV:PATH through git, in a repository made for the test
if command -v git >/dev/null 2>&1; then
    r="$d/repo"
    mkdir -p "$r/sub"
    (
        cd "$r" && git init -q . && git config user.email t@example.com && git config user.name t &&
        cp "$OLDPWD/$v1" journey.yaml && cp "$OLDPWD/$d/bad.yaml" bad.yaml &&
        git add journey.yaml bad.yaml && git commit -q -m one &&
        cp "$OLDPWD/$v2" journey.yaml && git commit -q -a -m two
    ) >"$d/git.log" 2>&1 || fail "diff git repository" "$(head -c 300 "$d/git.log")"
    (cd "$r" && "$J" diff HEAD~1:journey.yaml journey.yaml) >"$d/out" 2>"$d/err"
    rc=$?
    [ $rc -eq 1 ] && grep -q "^HEAD~1:journey.yaml → journey.yaml$" "$d/out" &&
        pass "diff REV:PATH against the working file" || fail "diff REV:PATH against the working file" "exit $rc: $(head -c 300 "$d/err")"
    (cd "$r" && "$J" diff HEAD~1:journey.yaml HEAD:journey.yaml -f text) >"$d/out2" 2>/dev/null
    tail -n +3 "$d/out" >"$d/a"; tail -n +3 "$d/out2" >"$d/b"
    cmp -s "$d/a" "$d/b" && pass "diff REV:PATH on both sides" || fail "diff REV:PATH on both sides" "$(diff "$d/a" "$d/b" | head -5)"
    (cd "$r" && "$J" diff HEAD:journey.yaml journey.yaml) >/dev/null 2>&1
    [ $? -eq 0 ] && pass "diff REV:PATH same: 0" || fail "diff REV:PATH same: 0" "not 0"
    (cd "$r/sub" && "$J" diff HEAD~1:./../journey.yaml ../journey.yaml) >/dev/null 2>"$d/err"
    [ $? -eq 1 ] && pass "diff REV:./PATH from a subfolder" || fail "diff REV:./PATH from a subfolder" "$(head -c 300 "$d/err")"
    (cd "$r" && "$J" diff HEAD~5:journey.yaml journey.yaml) >"$d/out" 2>"$d/err"
    rc=$?
    [ $rc -eq 3 ] && grep -q "^jmap: error: cannot read HEAD~5:journey.yaml through git: fatal: " "$d/err" &&
        pass "diff unknown revision: 3 and git's reason" || fail "diff unknown revision: 3 and git's reason" "exit $rc: $(cat "$d/err")"
    (cd "$r" && "$J" diff HEAD:nope.yaml journey.yaml) >"$d/out" 2>"$d/err"
    rc=$?
    [ $rc -eq 3 ] && grep -q "cannot read HEAD:nope.yaml through git: fatal: " "$d/err" &&
        pass "diff unknown path in git: 3" || fail "diff unknown path in git: 3" "exit $rc: $(cat "$d/err")"
    (cd "$r" && NO_COLOR=1 "$J" diff HEAD:bad.yaml journey.yaml) >"$d/out" 2>"$d/err"
    rc=$?
    [ $rc -eq 4 ] && grep -q "^HEAD:bad.yaml:7:18: error: emotion 9 is outside the scale" "$d/err" &&
        grep -q "^ 7 |         emotion: 9" "$d/err" &&
        pass "diff invalid git version named REV:PATH" || fail "diff invalid git version named REV:PATH" "exit $rc: $(cat "$d/err")"
    # A file whose name looks like REV:PATH is read as a file.
    cp "$v1" "$r/HEAD:journey.yaml"
    (cd "$r" && "$J" diff HEAD:journey.yaml journey.yaml) >"$d/out" 2>"$d/err"
    [ $? -eq 1 ] && pass "diff a file named REV:PATH wins" || fail "diff a file named REV:PATH wins" "$(cat "$d/err")"
    rm -f "$r/HEAD:journey.yaml"
    # Nothing reaches a shell, and a revision is never an option of git.
    (cd "$r" && "$J" diff 'HEAD:$(touch pwned);journey.yaml' journey.yaml) >/dev/null 2>"$d/err"
    rc=$?
    [ $rc -eq 3 ] && [ ! -e "$r/pwned" ] && pass "diff REV:PATH runs no shell" || fail "diff REV:PATH runs no shell" "exit $rc"
    (cd "$r" && "$J" diff -- --output=x:journey.yaml journey.yaml) >/dev/null 2>"$d/err"
    rc=$?
    [ $rc -eq 3 ] && [ ! -e "$r/x" ] && grep -q "may not start with '-'" "$d/err" &&
        pass "diff REV starting with - refused" || fail "diff REV starting with - refused" "exit $rc: $(cat "$d/err")"
    # Outside a repository git's complaint is shown.
    mkdir -p "$d/norepo"
    dabs=$(cd "$d" && pwd)
    (cd "$d/norepo" && GIT_CEILING_DIRECTORIES="$dabs" "$J" diff HEAD:journey.yaml HEAD:journey.yaml) >/dev/null 2>"$d/err"
    rc=$?
    [ $rc -eq 3 ] && grep -q "through git: fatal: not a git repository" "$d/err" &&
        pass "diff REV:PATH outside a repository: 3" || fail "diff REV:PATH outside a repository: 3" "exit $rc: $(cat "$d/err")"
else
    if [ -n "${CI:-}" ]; then fail "diff git" "git is not installed"; else echo "SKIP diff git (git not installed)"; fi
fi

# ---- hostile text
printf 'jmap: 1\ntitle: T\nstages: [{id: s, name: S, touchpoints: [{id: a, name: A}]}]\n' >"$d/h1.yaml"
printf 'jmap: 1\ntitle: "<script>x</script>"\nstages: [{id: s, name: S, touchpoints: [\n  {id: a, name: "a | `b` <img src=x onerror=y> @team \\e[2J\\e]0;t\\a\\u202E\\n::error::forged"}]}]\n' >"$d/h2.yaml"
"$JMAP" diff "$d/h1.yaml" "$d/h2.yaml" -f md >"$d/h.md" 2>"$d/err"
if grep -q '[^\\]<' "$d/h.md" || grep -q '^<' "$d/h.md" || grep -q "$(printf '\033')" "$d/h.md" ||
   grep -q '^::error' "$d/h.md" || [ "$(grep -c '^| renamed' "$d/h.md")" != 1 ]; then
    fail "diff md escapes hostile text" "$(cat "$d/h.md")"
else pass "diff md escapes hostile text"; fi
"$JMAP" diff "$d/h1.yaml" "$d/h2.yaml" >"$d/h.txt" 2>"$d/err"
if grep -q "$(printf '\033')" "$d/h.txt" || grep -q '^::error' "$d/h.txt" ||
   grep -q "$(printf '\342\200\256')" "$d/h.txt" || ! grep -qF '\e[2J\e]0;t\u{7}\u{202E}\n::error::forged' "$d/h.txt"; then
    fail "diff text escapes terminal controls" "$(cat -v "$d/h.txt")"
else pass "diff text escapes terminal controls"; fi
"$JMAP" diff "$d/h1.yaml" "$d/h2.yaml" -f json >"$d/h.json" 2>"$d/err"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "\x1b" in d["touchpoints"][0]["name_after"]' "$d/h.json" 2>"$d/err" &&
    pass "diff json keeps hostile text as data" || fail "diff json keeps hostile text as data" "$(head -c 300 "$d/err")"
# A hostile file name is escaped in messages and output.
nl=$(printf 'a\033[2Jb.yaml')
cp "$d/h1.yaml" "$d/$nl"
(cd "$d" && "$J" diff "$nl" h2.yaml) >"$d/out" 2>"$d/err"
grep -q "$(printf '\033')" "$d/out" && fail "diff escapes a file name" "$(cat -v "$d/out")" || pass "diff escapes a file name"

# ---- the JSON form against docs/diff.schema.json (every section filled once)
printf 'jmap: 1\ntitle: A\npersonas: [{id: ana, name: Ana}, {id: bo, name: Bo}]\nstages:\n  - {id: x, name: X, kpis: [{name: K, value: 1, target: 2}, {name: L, value: soon}], touchpoints: [{id: a, name: A, emotion: {ana: 2, bo: 2}, pains: [{id: p, text: P, severity: low}], opportunities: [{id: o, text: O}]}]}\n  - {id: y, name: Y}\n  - {id: z, name: Z, touchpoints: [{id: b, name: B, emotion: 5}]}\n' >"$d/k1.yaml"
printf 'jmap: 1\ntitle: B\npersonas: [{id: ana, name: Anna}, {id: cy, name: Cy}]\nstages:\n  - {id: z, name: Zed, touchpoints: [{id: b, name: B, emotion: 1}]}\n  - {id: x, name: X, kpis: [{name: K, value: 3, target: 2, better: lower}, {name: M, value: 1}], touchpoints: [{id: a, name: A2, emotion: {ana: 4}, pains: [{id: p, text: P, severity: high}, {id: q, text: Q}], opportunities: [{id: o, text: O, status: done}, {id: o2, text: O2}]}]}\n' >"$d/k2.yaml"
"$JMAP" diff "$d/k1.yaml" "$d/k2.yaml" -f json >"$d/k.json" 2>"$d/err"
"$JMAP" diff "$d/k1.yaml" "$d/k1.yaml" -f json >"$d/same.json" 2>>"$d/err"
"$JMAP" diff "$d/h1.yaml" "$d/h1.yaml" -f json >/dev/null 2>>"$d/err"
printf 'jmap: 1\ntitle: T2\nstages: [{id: s, name: S, touchpoints: [{id: a, name: A}]}]\n' >"$d/h3.yaml"
"$JMAP" diff "$d/h1.yaml" "$d/h3.yaml" -f json >"$d/other.json" 2>>"$d/err"
python3 - "$d/k.json" <<'PY' && pass "diff json fills every section" || fail "diff json fills every section" "see $d/k.json"
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("personas", "stages", "touchpoints", "emotions", "pains", "opportunities", "kpis", "findings"):
    assert d[k], k
PY
if python3 -c 'import jsonschema' 2>/dev/null; then
    for j in tests/golden/diff/*.json "$d/k.json" "$d/same.json" "$d/other.json" "$d/h.json"; do
        python3 -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open("docs/diff.schema.json")))' \
            "$j" 2>"$d/err" && pass "diff schema $(basename "$j")" || fail "diff schema $(basename "$j")" "$(tail -n 3 "$d/err")"
    done
elif [ -n "${CI:-}" ]; then fail "diff schema" "python3-jsonschema is not installed"
else echo "SKIP diff schema (python3-jsonschema not installed)"; fi

# ---- --safe
mkdir -p "$d/safe"
(cd "$d/safe" && "$J" diff --safe ../h1.yaml ../h2.yaml) >/dev/null 2>"$d/err"
rc=$?
[ $rc -eq 3 ] && grep -q "leads outside the working folder" "$d/err" && pass "diff --safe refuses outside files" ||
    fail "diff --safe refuses outside files" "exit $rc: $(cat "$d/err")"

finish
