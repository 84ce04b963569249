#!/bin/sh
# Theme kits (--theme): a brand kit overrides the journey's colours, font and
# logo; its mistakes point at the kit's own lines.
. tests/lib.sh
d="$JMAP_TEST_TMP/theme"
rm -rf "$d"; mkdir -p "$d"
j=examples/saas-onboarding.yaml
kit=examples/kits/verdant.yaml

"$JMAP" build "$j" -f scene -o "$d/plain.scene"
expect_exit "a kit applies" 0 "$JMAP" build "$j" --theme "$kit" -f scene -o "$d/kit.scene"
grep -q "stage-header .*fill=#14532D" "$d/kit.scene" && pass "kit primary colours the stage headers" || fail "kit primary" "$(grep -m1 stage-header "$d/kit.scene")"
grep -q "stage-header .*fill=#14532D" "$d/plain.scene" && fail "journey keeps its own colours" "kit colour without kit" || pass "journey keeps its own colours without the kit"
grep -q "^image logo" "$d/kit.scene" && pass "kit logo is drawn" || fail "kit logo is drawn" "no logo item"
expect_exit "a kit renders to PNG" 0 "$JMAP" build "$j" --theme "$kit" -o "$d/kit.png"
"$JMAP" build "$j" --theme "$kit" -f json -o - | grep -q '"primary": "#14532d"' && pass "kit shows in the JSON model" || fail "kit in JSON" "no primary"

# a theme font fontconfig does not have: a warning names the font used instead
printf 'jmap: 1\ntitle: T\ntheme: {font: Marianne Nowhere}\nstages:\n  - name: A\n    touchpoints: [{name: B}]\n' >"$d/font.yaml"
expect_exit "a missing theme font still renders" 0 "$JMAP" build "$d/font.yaml" -o "$d/font.png"
grep -q "warning: font 'Marianne Nowhere' is not installed; the map uses [A-Za-z]" "$JMAP_TEST_TMP/err" &&
    pass "a missing theme font is a warning naming the fallback" || fail "a missing theme font is a warning naming the fallback" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "a missing theme font, -q" 0 "$JMAP" build -q "$d/font.yaml" -o "$d/font.png"
[ -s "$JMAP_TEST_TMP/err" ] && fail "-q silences the font warning" "$(cat "$JMAP_TEST_TMP/err")" || pass "-q silences the font warning"
printf 'jmap: 1\ntitle: T\ntheme: {font: DejaVu Sans}\nstages:\n  - name: A\n    touchpoints: [{name: B}]\n' >"$d/font2.yaml"
expect_exit "an installed theme font" 0 "$JMAP" build "$d/font2.yaml" -o "$d/font2.png"
grep -q "not installed" "$JMAP_TEST_TMP/err" && fail "an installed theme font gives no warning" "$(cat "$JMAP_TEST_TMP/err")" ||
    pass "an installed theme font gives no warning"
"$JMAP" build "$d/font.yaml" -f scene -o "$d/font.scene" 2>"$d/font.err"
[ -s "$d/font.err" ] && fail "the scene dump does not look at fonts" "$(cat "$d/font.err")" || pass "the scene dump does not look at fonts"

printf '# brand kit\ntheme:\n  primary: "#1f3a5f"\n  negative: "#c6282"\n' >"$d/bad.yaml"
expect_exit "bad colour in a kit is invalid" 1 "$JMAP" build "$j" --theme "$d/bad.yaml" -o "$d/x.svg"
grep -q "^$d/bad.yaml:4:13: error: " "$JMAP_TEST_TMP/err" && pass "bad colour points at the kit's line" || fail "bad colour points at the kit's line" "$(cat "$JMAP_TEST_TMP/err")"
grep -q ' 4 |   negative: "#c6282"' "$JMAP_TEST_TMP/err" && pass "the kit's source line is quoted" || fail "kit source line" "$(cat "$JMAP_TEST_TMP/err")"
[ ! -e "$d/x.svg" ] && pass "no map written for a bad kit" || fail "no map for a bad kit" "x.svg exists"

printf 'theme:\n  primery: "#123456"\n' >"$d/typo.yaml"
expect_exit "unknown key in a kit" 1 "$JMAP" build "$j" --theme "$d/typo.yaml" -o "$d/x.svg"
grep -q "typo.yaml:2:3: error: .*did you mean 'primary'" "$JMAP_TEST_TMP/err" && pass "kit typo suggests" || fail "kit typo suggests" "$(cat "$JMAP_TEST_TMP/err")"

printf 'colours:\n  primary: "#123456"\n' >"$d/notheme.yaml"
expect_exit "a kit without theme:" 1 "$JMAP" build "$j" --theme "$d/notheme.yaml" -o "$d/x.svg"
printf 'theme:\n  logo: ../../../../etc/passwd\n' >"$d/escape.yaml"
expect_exit "kit logo outside its folder" 1 "$JMAP" build "$j" --theme "$d/escape.yaml" -o "$d/x.svg"
grep -q "must stay inside the theme kit's folder" "$JMAP_TEST_TMP/err" && pass "kit logo confined to its folder" || fail "kit logo confined" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "missing kit is an I/O error" 3 "$JMAP" build "$j" --theme "$d/none.yaml" -o "$d/x.svg"
finish
