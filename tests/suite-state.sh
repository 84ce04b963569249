#!/bin/sh
# The to-be journey on the map: touchpoint states (new, changed, retired)
# and --state, the drop-off band, insights above the stages, declared
# phases in the bands, and --lanes with the journey's own lanes.
. tests/lib.sh
d="$JMAP_TEST_TMP/state"
rm -rf "$d"
mkdir -p "$d"
j=tests/state/future.yaml

expect_exit "state journey is valid" 0 "$JMAP" check "$j"
"$JMAP" build "$j" -f scene -o "$d/all.scene"
"$JMAP" build "$j" --state current -f scene -o "$d/current.scene"
"$JMAP" build "$j" --state future -f scene -o "$d/future.scene"
cards() { grep -c '^rect tp-card ' "$1"; }
names() { grep '^text tp-name ' "$1" | sed 's/.*"\(.*\)"$/\1/' | tr '\n' '|'; }

[ "$(cards "$d/all.scene")" -eq 4 ] && pass "every touchpoint drawn by default" ||
    fail "every touchpoint drawn by default" "$(cards "$d/all.scene") cards"
case "$(names "$d/current.scene")" in
*"en ligne"*) fail "--state current leaves out new touchpoints" "$(names "$d/current.scene")" ;;
*) [ "$(cards "$d/current.scene")" -eq 3 ] && pass "--state current leaves out new touchpoints" ||
       fail "--state current leaves out new touchpoints" "$(cards "$d/current.scene") cards" ;;
esac
case "$(names "$d/future.scene")" in
*"Relevé papier"*) fail "--state future leaves out retired touchpoints" "$(names "$d/future.scene")" ;;
*) [ "$(cards "$d/future.scene")" -eq 3 ] && pass "--state future leaves out retired touchpoints" ||
       fail "--state future leaves out retired touchpoints" "$(cards "$d/future.scene") cards" ;;
esac

# the marks: a dashed card for new, a triangle for changed, a struck name for retired
grep '^rect tp-card ' "$d/all.scene" | grep -q 'dashed' && pass "a new touchpoint has a dashed card" ||
    fail "a new touchpoint has a dashed card" "$(grep '^rect tp-card ' "$d/all.scene")"
grep -q '^rect tp-state-changed ' "$d/all.scene" && grep -q '^text tp-state-word .*"à modifier"' "$d/all.scene" && pass "a changed touchpoint is marked" ||
    fail "a changed touchpoint is marked" "no marker"
grep -q '^line tp-retired ' "$d/all.scene" && pass "a retired touchpoint is struck through" ||
    fail "a retired touchpoint is struck through" "no line"
if grep -qE '^(rect tp-state-changed|line tp-retired) ' "$d/current.scene" ||
    grep '^rect tp-card ' "$d/current.scene" | grep -q dashed; then
    fail "the as-is map has no state marks" "$(grep -E 'tp-state|tp-retired|dashed' "$d/current.scene" | head -3)"
else pass "the as-is map has no state marks"; fi
grep -q '^rect tp-state-changed ' "$d/future.scene" && grep '^rect tp-card ' "$d/future.scene" | grep -q dashed &&
    pass "the to-be map keeps the new and changed marks" ||
    fail "the to-be map keeps the new and changed marks" "marks missing"
for w in "point de contact à créer" "point de contact à modifier" "point de contact à retirer"; do
    grep -q "^text legend .*\"$w\"" "$d/all.scene" && pass "legend: $w" || fail "legend: $w" "missing"
done
grep -q '^text legend .*"point de contact à retirer"' "$d/future.scene" && fail "legend of the to-be map" "retired listed" ||
    pass "legend of the to-be map"

# drop-off: a band that narrows, an arrow and the share lost per touchpoint
[ "$(grep -c '^arrow drop-arrow ' "$d/all.scene")" -eq 2 ] && pass "an exit arrow per drop-off" ||
    fail "an exit arrow per drop-off" "$(grep -c '^arrow drop-arrow ' "$d/all.scene")"
nnbsp=$(printf '\342\200\257')
grep -q "^text drop-label .*\"−35${nnbsp}%\"" "$d/all.scene" && grep -q "^text drop-label .*\"−5${nnbsp}%\"" "$d/all.scene" &&
    pass "drop-off labels in French" || fail "drop-off labels in French" "$(grep drop-label "$d/all.scene")"
hs=$(grep '^rect drop-band ' "$d/all.scene" | awk '{print $6}' | tr '\n' ' ')
first=$(echo "$hs" | cut -d' ' -f1)
last=$(echo "$hs" | awk '{print $NF}')
awk -v a="$first" -v b="$last" 'BEGIN { exit !(b < a) }' && pass "the band narrows" || fail "the band narrows" "$hs"
grep -q '^text legend .*"clients perdus' "$d/all.scene" && pass "legend: drop-off" || fail "legend: drop-off" "missing"

# insights and phases
grep -q '^text insight .*"La moitié des départs' "$d/all.scene" && pass "journey insight drawn" ||
    fail "journey insight drawn" "missing"
grep -q '^text stage-insight-text .*"Le client ne voit pas' "$d/all.scene" && pass "stage insight drawn" ||
    fail "stage insight drawn" "missing"
grep -q '^text phase .*"UTILISATION"' "$d/all.scene" && grep -q '^text phase .*"SORTIE"' "$d/all.scene" &&
    pass "declared phases name their bands" || fail "declared phases name their bands" "$(grep '^text phase' "$d/all.scene")"
[ "$(grep -c '^rect phase-band ' "$d/all.scene")" -eq 2 ] && pass "one band per phase run" ||
    fail "one band per phase run" "$(grep -c '^rect phase-band ' "$d/all.scene")"
# insight above the stage header, phase band above the insight
ins_y=$(grep '^rect stage-insight ' "$d/all.scene" | head -1 | awk '{print $4}')
hdr_y=$(grep '^rect stage-header ' "$d/all.scene" | head -1 | awk '{print $4}')
awk -v a="$ins_y" -v b="$hdr_y" 'BEGIN { exit !(a < b) }' && pass "stage insight above its header" ||
    fail "stage insight above its header" "$ins_y vs $hdr_y"

# --state errors
expect_exit "--state bogus" 2 "$JMAP" build "$j" --state bogus -o "$d/x.pdf"
"$JMAP" build "$j" --state bogus -o "$d/x.pdf" 2>"$d/err" >/dev/null
grep -q "current or future" "$d/err" && pass "--state error names the choices" ||
    fail "--state error names the choices" "$(cat "$d/err")"
[ -e "$d/x.pdf" ] && fail "no output on a bad --state" "written" || pass "no output on a bad --state"

# --lanes and the journey's own lanes
cat > "$d/lanes.yaml" <<'YAML'
jmap: 1
title: Lanes
lanes:
  - touchpoints
  - {id: preuves, name: Preuves, icon: document}
  - emotions
stages:
  - name: A
    touchpoints:
      - {name: One, emotion: 3, lane_values: {preuves: Douze entretiens}}
YAML
expect_exit "--lanes with a lane of the journey" 0 "$JMAP" build "$d/lanes.yaml" --lanes preuves,touchpoints -f scene -o "$d/lanes.scene"
"$JMAP" build "$d/lanes.yaml" --lanes preuve -o "$d/l.pdf" 2>"$d/err" >/dev/null
[ $? -eq 2 ] && grep -q "did you mean 'preuves'" "$d/err" && pass "--lanes suggests the journey's lane" ||
    fail "--lanes suggests the journey's lane" "$(cat "$d/err")"
"$JMAP" build examples/minimal.yaml --lanes preuves -o "$d/m.pdf" 2>"$d/err" >/dev/null
[ $? -eq 2 ] && grep -q "frontstage, backstage, support, systems" "$d/err" &&
    pass "--lanes lists the lanes" || fail "--lanes lists the lanes" "$(cat "$d/err")"
expect_exit "--lanes frontstage is a lane" 0 "$JMAP" build examples/minimal.yaml --lanes touchpoints,frontstage -f scene -o "$d/f.scene"

# the HTML page: the state, the drop-off and the insight in the details
"$JMAP" build "$j" -o "$d/page.html"
grep -q 'class="jm-state jm-state-new">À créer<' "$d/page.html" &&
    grep -q 'class="jm-state jm-state-retired">À retirer<' "$d/page.html" &&
    pass "HTML details say the state" || fail "HTML details say the state" "missing"
grep -q "−35${nnbsp}% perdus ici" "$d/page.html" && pass "HTML details say the drop-off" ||
    fail "HTML details say the drop-off" "missing"
grep -q 'class="jm-insight"><strong>Enseignement' "$d/page.html" && pass "HTML stage insight" ||
    fail "HTML stage insight" "missing"
"$JMAP" build "$j" --state current -o "$d/current.html"
grep -q 'class="jm-state jm-state-new"' "$d/current.html" && fail "HTML as-is page" "new touchpoint listed" ||
    pass "HTML as-is page"

# --compare: a change under the card (its blueprint, its state) marks the card
cat > "$d/old.yaml" <<'YAML'
jmap: 1
title: Compare
stages:
  - name: A
    touchpoints:
      - {id: one, name: One, emotion: 3, backstage: Saisie manuelle}
      - {id: two, name: Two, emotion: 3}
YAML
sed -e 's/Saisie manuelle/Saisie automatique/' -e 's/name: Two, emotion: 3}/name: Two, emotion: 3, state: changed}/' \
    "$d/old.yaml" >"$d/new.yaml"
"$JMAP" build "$d/new.yaml" --compare "$d/old.yaml" -f scene -o "$d/cmp.scene"
[ "$(grep -c '^marker tp-changed ' "$d/cmp.scene")" -eq 2 ] &&
    pass "--compare sees a changed blueprint step and state" ||
    fail "--compare sees a changed blueprint step and state" "$(grep -c '^marker tp-changed ' "$d/cmp.scene") marks"

# jmap diff names a change of state and what changed under a card
"$JMAP" diff "$d/old.yaml" "$d/new.yaml" >"$d/diff.txt"
[ $? -eq 1 ] && grep -q 'state changed .*current → changed' "$d/diff.txt" &&
    grep -q 'blueprint changed .*backstage' "$d/diff.txt" && pass "diff: state and blueprint changes" ||
    fail "diff: state and blueprint changes" "$(cat "$d/diff.txt")"
"$JMAP" diff "$d/old.yaml" "$d/new.yaml" -f json | python3 -c '
import json, sys
d = json.load(sys.stdin)
k = {t["kind"]: t for t in d["touchpoints"]}
assert k["touchpoint-state"]["state_after"] == "changed", k
assert k["touchpoint-blueprint"]["parts"] == ["backstage"], k
assert d["counts"]["touchpoint-blueprint"] == 1
' && pass "diff JSON: state and parts" || fail "diff JSON: state and parts" "see above"

# jmap diff: the blueprint's findings appear and go (the older version lacks
# the high pain where a hand-off between owners ends)
python3 - examples/blueprint-mutuelle-sante.yaml "$d/bp-old.yaml" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
cut = s.index("        pains:\n          - text: Le récapitulatif ne montre pas")
open(sys.argv[2], "w", encoding="utf-8").write(s[:cut])
PY
"$JMAP" diff "$d/bp-old.yaml" examples/blueprint-mutuelle-sante.yaml -f json | python3 -c '
import json, sys
d = json.load(sys.stdin)
kinds = sorted(f["finding"]["kind"] for f in d["findings"] if f["kind"] == "finding-appeared")
assert "unsupported-pain" in kinds and "handoff-pain" in kinds, kinds
h = [f["finding"] for f in d["findings"] if f["finding"]["kind"] == "handoff-pain"][0]
assert h["subjects"] == ["changement", "maintien"], h
' && pass "diff: blueprint findings appear" || fail "diff: blueprint findings appear" "see above"
finish
