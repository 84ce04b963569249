#!/bin/sh
# jmap init: every template in every locale is a valid, renderable journey
# with the stated number of stages; an existing file is never overwritten;
# bad template or locale names are usage errors. Also checks the shell
# completion scripts parse.
. tests/lib.sh
d="$JMAP_TEST_TMP/init"
rm -rf "$d"; mkdir -p "$d"

for spec in b2b:5:2 saas:8:2 cyclic:5:2 blueprint:3:1; do
    t=${spec%%:*}; n=${spec#*:}; np=${n#*:}; n=${n%%:*}
    for l in en fr; do
        f="$d/$t-$l.yaml"
        expect_exit "init $t $l" 0 "$JMAP" init --template "$t" --locale "$l" "$f"
        if "$JMAP" check "$f" >"$d/check.out" 2>&1 && [ ! -s "$d/check.out" ]; then
            pass "init $t $l passes check silently"
        else
            fail "init $t $l passes check silently" "$(head -c 400 "$d/check.out")"
        fi
        got=$("$JMAP" list stages "$f" 2>/dev/null | wc -l | tr -d ' ')
        [ "$got" = "$n" ] && pass "init $t $l has $n stages" || fail "init $t $l has $n stages" "got $got"
        [ "$("$JMAP" list personas "$f" 2>/dev/null | wc -l | tr -d ' ')" = "$np" ] &&
            pass "init $t $l has $np personas" || fail "init $t $l has $np personas" "persona count"
        head -n 1 "$f" | grep -q '^# yaml-language-server: \$schema=' &&
            pass "init $t $l starts with the schema modeline" ||
            fail "init $t $l starts with the schema modeline" "$(head -n 1 "$f")"
        grep -q "^locale: $l" "$f" && pass "init $t $l sets locale" || fail "init $t $l sets locale" "no locale: $l"
        if "$JMAP" build "$f" -o "$d/$t-$l.svg" >"$d/build.out" 2>&1; then
            [ -s "$d/$t-$l.svg" ] && pass "init $t $l renders" || fail "init $t $l renders" "empty SVG"
        elif grep -qi 'not available\|not implemented' "$d/build.out"; then
            pass "init $t $l renders (renderer not available: skipped)"
        else
            fail "init $t $l renders" "$(head -c 400 "$d/build.out")"
        fi
    done
done

grep -q '^type: cyclic' "$d/cyclic-en.yaml" && pass "cyclic template is cyclic" || fail "cyclic template is cyclic" "no type: cyclic"
# The blueprint starter shows every service-blueprint key, in both languages.
for l in en fr; do
    missing=""
    for k in frontstage backstage support systems lane_values handoff_to fail_point wait state \
             drop_off next data_asked insight insights phases lanes; do
        grep -q "^ *-\{0,1\} *$k:" "$d/blueprint-$l.yaml" || missing="$missing $k"
    done
    [ -z "$missing" ] && pass "blueprint $l template uses every blueprint key" ||
        fail "blueprint $l template uses every blueprint key" "missing:$missing"
    "$JMAP" build "$d/blueprint-$l.yaml" -f json -o - 2>/dev/null |
        python3 -c 'import json,sys; m=json.load(sys.stdin); t=[x for s in m["stages"] for x in s["touchpoints"]]
assert {x.get("state","current") for x in t} == {"current","new","changed","retired"}
assert m["custom_lanes"] and len(m["phases"]) > 3 and m["insights"]
assert any(h.get("lane") for x in t for h in x.get("handoff_to",[]))' 2>"$d/bp.err" &&
        pass "blueprint $l template: states, lanes, phases, hand-offs in the model" ||
        fail "blueprint $l template: states, lanes, phases, hand-offs in the model" "$(tail -n 2 "$d/bp.err")"
done
expect_exit "unknown template lists blueprint" 2 "$JMAP" init --template nope
grep -q "templates: b2b, saas, cyclic, blueprint" "$JMAP_TEST_TMP/err" && pass "unknown template lists blueprint" ||
    fail "unknown template lists blueprint" "$(cat "$JMAP_TEST_TMP/err")"
grep -q "blueprint" completions/jmap.bash && grep -q "blueprint" completions/_jmap &&
    pass "completions know the blueprint template" || fail "completions know the blueprint template" "missing"

# The modeline points where every colleague finds the schema: inside jmap's
# own work tree a path relative to the file, elsewhere the installed schema's
# path, never the build folder's.
case "$JMAP" in /*) J=$JMAP ;; *) J=$PWD/$JMAP ;; esac
mkdir -p "$d/sub/deeper"
(cd "$d/sub/deeper" && "$J" init in-tree.yaml 2>/dev/null)
line=$(head -n 1 "$d/sub/deeper/in-tree.yaml")
rel=${line#*\$schema=}
case "$rel" in
    /*) fail "init in the source tree writes a relative schema path" "$line" ;;
    *) [ -f "$d/sub/deeper/$rel" ] && pass "init in the source tree writes a relative schema path" ||
        fail "init in the source tree writes a relative schema path" "$line (no such file)" ;;
esac
out=$(mktemp -d)
(cd "$out" && "$J" init outside.yaml 2>/dev/null)
line=$(head -n 1 "$out/outside.yaml")
case "$line" in
    *'$schema=/'*share/jmap/journey.schema.json) pass "init outside the tree writes the installed schema path" ;;
    *) fail "init outside the tree writes the installed schema path" "$line" ;;
esac
case "$line" in *"$PWD"*) fail "init never writes the build tree's path" "$line" ;;
    *) pass "init never writes the build tree's path" ;; esac
rm -rf "$out"
"$JMAP" init --schema none - 2>/dev/null | head -n 1 | grep -q 'yaml-language-server' &&
    fail "init --schema none drops the modeline" "modeline kept" ||
    pass "init --schema none drops the modeline"
"$JMAP" init --schema https://example.org/journey.schema.json - 2>/dev/null | head -n 1 |
    grep -qx '# yaml-language-server: $schema=https://example.org/journey.schema.json' &&
    pass "init --schema REF writes REF" || fail "init --schema REF writes REF" "modeline"
expect_exit "init --schema with a line break is refused" 2 "$JMAP" init --schema "$(printf 'a\nb')" -

# default template and locale, standard output
expect_exit "init to stdout" 0 "$JMAP" init
# (the modeline's relative path depends on where the file goes)
same_body() { [ "$(tail -n +2 "$1")" = "$(tail -n +2 "$2")" ]; }
same_body "$JMAP_TEST_TMP/out" "$d/b2b-en.yaml" && pass "default is b2b, en" || fail "default is b2b, en" "stdout differs from b2b en"
expect_exit "init - to stdout" 0 "$JMAP" init -
same_body "$JMAP_TEST_TMP/out" "$d/b2b-en.yaml" && pass "init - writes stdout" || fail "init - writes stdout" "differs"
"$JMAP" init --template saas --locale fr | "$JMAP" check - && pass "init | check -" || fail "init | check -" "pipe failed"

# never overwrite
echo "keep me" >"$d/existing.yaml"
expect_exit "init refuses to overwrite" 3 "$JMAP" init "$d/existing.yaml"
[ "$(cat "$d/existing.yaml")" = "keep me" ] && pass "existing file untouched" || fail "existing file untouched" "content changed"
grep -q 'already exists' "$JMAP_TEST_TMP/err" && pass "overwrite message" || fail "overwrite message" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "init refuses a second time" 3 "$JMAP" init --template saas "$d/saas-en.yaml"
ln -s "$d/nowhere.yaml" "$d/dangling.yaml"
expect_exit "init refuses a dangling symlink" 3 "$JMAP" init "$d/dangling.yaml"
[ ! -e "$d/nowhere.yaml" ] && pass "symlink target not created" || fail "symlink target not created" "created"
ls -a "$d" | grep -q '^\.existing' && fail "no temporary left" "$(ls -a "$d")" || pass "no temporary left"
expect_exit "init into a missing folder" 3 "$JMAP" init "$d/no/such/dir/j.yaml"

# usage errors
expect_exit "unknown template" 2 "$JMAP" init --template sass
grep -q "did you mean 'saas'" "$JMAP_TEST_TMP/err" && pass "unknown template suggests" || fail "unknown template suggests" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "unknown locale" 2 "$JMAP" init --locale de
expect_exit "two files" 2 "$JMAP" init "$d/a.yaml" "$d/b.yaml"
[ ! -e "$d/a.yaml" ] && pass "nothing written on usage error" || fail "nothing written on usage error" "a.yaml exists"

# completion scripts are valid shell
bash -n completions/jmap.bash 2>"$d/bash.err" && pass "bash completion parses" || fail "bash completion parses" "$(cat "$d/bash.err")"
# zsh comes with scripts/install-deps.sh
zsh -n completions/_jmap 2>"$d/zsh.err" && pass "zsh completion parses" || fail "zsh completion parses" "$(cat "$d/zsh.err")"
finish
