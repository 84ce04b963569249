#!/bin/sh
# Command-line behaviour: exit codes, help, formats, standard streams,
# atomic output, refusing to overwrite the input, list.
. tests/lib.sh
d="$JMAP_TEST_TMP/cli"
rm -rf "$d"; mkdir -p "$d"

cat >"$d/ok.yaml" <<'Y'
jmap: 1
title: Achat d'un billet d'avion
personas:
  - {name: Claire Martin, channels: [web]}
  - {name: Marc Durand}
stages:
  - name: Recherche
    touchpoints:
      - {name: Comparateur, channel: web, emotion: 3}
  - name: Réservation
    touchpoints:
      - name: Paiement
        channel: web
        emotion: 2
        pains: [Frais cachés au dernier moment]
  - name: Voyage
    touchpoints:
      - {name: Embarquement, channel: store, emotion: 4, personas: [marc-durand]}
Y
printf 'jmap: 1\ntitle: Broken\nstages:\n  - name: A\n    touchpoints:\n      - {name: T, chanel: web}\n' >"$d/bad.yaml"

expect_exit "--help exits 0" 0 "$JMAP" --help
grep -q 'Usage: jmap' "$JMAP_TEST_TMP/out" && pass "--help prints usage" || fail "--help prints usage" "no usage text"
expect_exit "--version exits 0" 0 "$JMAP" --version
grep -q '^jmap [0-9]' "$JMAP_TEST_TMP/out" && pass "--version prints version" || fail "--version prints version" "$(cat "$JMAP_TEST_TMP/out")"
for c in build check list report init; do
    expect_exit "$c --help exits 0" 0 "$JMAP" $c --help
done
expect_exit "no command is a usage error" 2 "$JMAP"
expect_exit "unknown command is a usage error" 2 "$JMAP" biuld x.yaml
grep -q "did you mean 'build'" "$JMAP_TEST_TMP/err" && pass "unknown command suggests" || fail "unknown command suggests" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "unknown option is a usage error" 2 "$JMAP" build --frobnicate "$d/ok.yaml"
expect_exit "check without file is a usage error" 2 "$JMAP" check
expect_exit "missing file is an I/O error" 3 "$JMAP" check "$d/nope.yaml"
expect_exit "directory is an I/O error" 3 "$JMAP" check "$d"
expect_exit "valid journey checks" 0 "$JMAP" check "$d/ok.yaml"
[ ! -s "$JMAP_TEST_TMP/err" ] && [ ! -s "$JMAP_TEST_TMP/out" ] && pass "check is silent on success" || fail "check is silent on success" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "invalid journey exits 1" 1 "$JMAP" check "$d/bad.yaml"
grep -q "bad.yaml:6:19: error: unknown key 'chanel'" "$JMAP_TEST_TMP/err" && pass "diagnostic has file:line:col" || fail "diagnostic has file:line:col" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "check several files: worst status" 1 "$JMAP" check "$d/ok.yaml" "$d/bad.yaml"
expect_exit "unreadable outranks invalid" 3 "$JMAP" check "$d/bad.yaml" "$d/nope.yaml"
expect_exit "check from stdin" 0 sh -c "\"$JMAP\" check - <\"$d/ok.yaml\""
expect_exit "invalid from stdin" 1 sh -c "\"$JMAP\" check - <\"$d/bad.yaml\""
grep -q "^<stdin>:6:19: error" "$JMAP_TEST_TMP/err" && pass "stdin named <stdin>" || fail "stdin named <stdin>" "$(cat "$JMAP_TEST_TMP/err")"

# JSON model
expect_exit "build json to stdout" 0 "$JMAP" build "$d/ok.yaml" -f json -o -
grep -q '"id": "reservation"' "$JMAP_TEST_TMP/out" && pass "json has derived ids" || fail "json has derived ids" "no reservation id"
expect_exit "json by extension" 0 "$JMAP" build "$d/ok.yaml" -o "$d/model.json"
head -c 1 "$d/model.json" | grep -q '{' && pass "json file written" || fail "json file written" "no json"
expect_exit "stdin to stdout" 0 sh -c "\"$JMAP\" build - -f json <\"$d/ok.yaml\""
expect_exit "unknown format" 2 "$JMAP" build "$d/ok.yaml" -f gif -o "$d/x.gif"
expect_exit "unknown extension" 2 "$JMAP" build "$d/ok.yaml" -o "$d/x.gif"
expect_exit "bad page size" 2 "$JMAP" build "$d/ok.yaml" --page a5 -o "$d/x.pdf"
expect_exit "bad lane" 2 "$JMAP" build "$d/ok.yaml" --lanes touchpoint,emotions -o "$d/x.pdf"
grep -q "did you mean 'touchpoints'" "$JMAP_TEST_TMP/err" && pass "bad lane suggests" || fail "bad lane suggests" "$(cat "$JMAP_TEST_TMP/err")"
expect_exit "unknown persona" 1 "$JMAP" build "$d/ok.yaml" -p claire-martn -o "$d/x.json"
grep -q "did you mean 'claire-martin'" "$JMAP_TEST_TMP/err" && pass "unknown persona suggests" || fail "unknown persona suggests" "$(cat "$JMAP_TEST_TMP/err")"

# -o naming the input is refused, and the input is untouched
cp "$d/ok.yaml" "$d/self.yaml"
expect_exit "-o naming the input is refused" 2 "$JMAP" build "$d/self.yaml" -f json -o "$d/self.yaml"
cmp -s "$d/ok.yaml" "$d/self.yaml" && pass "input untouched" || fail "input untouched" "input was modified"

# atomicity: a failed build leaves the previous output and no stray file
echo "previous map" >"$d/keep.json"
expect_exit "failed build exits 1" 1 "$JMAP" build "$d/bad.yaml" -o "$d/keep.json"
[ "$(cat "$d/keep.json")" = "previous map" ] && pass "failed build keeps previous output" || fail "failed build keeps previous output" "overwritten"
[ -z "$(ls -A "$d" | grep '^\.')" ] && pass "no stray temporary files" || fail "no stray temporary files" "$(ls -A "$d")"
expect_exit "unwritable target is an I/O error" 3 "$JMAP" build "$d/ok.yaml" -o "$d/no/such/dir/m.json"
grep -q "cannot write" "$JMAP_TEST_TMP/err" && pass "unwritable target message" || fail "unwritable target message" "$(cat "$JMAP_TEST_TMP/err")"

# list
expect_exit "list personas" 0 "$JMAP" list personas "$d/ok.yaml"
[ "$(cat "$JMAP_TEST_TMP/out")" = "$(printf 'claire-martin\nmarc-durand')" ] && pass "list personas ids" || fail "list personas ids" "$(cat "$JMAP_TEST_TMP/out")"
expect_exit "list stages --names" 0 "$JMAP" list stages --names "$d/ok.yaml"
printf 'recherche\tRecherche\nreservation\tRéservation\nvoyage\tVoyage\n' >"$d/want"
cmp -s "$d/want" "$JMAP_TEST_TMP/out" && pass "list stages names" || fail "list stages names" "$(cat "$JMAP_TEST_TMP/out")"
expect_exit "list touchpoints" 0 "$JMAP" list touchpoints "$d/ok.yaml"
[ "$(wc -l <"$JMAP_TEST_TMP/out")" -eq 3 ] && pass "list touchpoints count" || fail "list touchpoints count" "$(cat "$JMAP_TEST_TMP/out")"
expect_exit "list channels" 0 "$JMAP" list channels "$d/ok.yaml"
[ "$(cat "$JMAP_TEST_TMP/out")" = "$(printf 'web\nstore')" ] && pass "list channels used" || fail "list channels used" "$(cat "$JMAP_TEST_TMP/out")"
expect_exit "list unknown kind" 2 "$JMAP" list persona "$d/ok.yaml"
expect_exit "list invalid journey" 1 "$JMAP" list stages "$d/bad.yaml"
finish
