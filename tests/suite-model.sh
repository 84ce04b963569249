#!/bin/sh
# The JSON model round-trips every key of the format: each property the
# journey schema names appears in the model of tests/golden/model-full.yaml
# or of tests/golden/model-blueprint.yaml (the service-blueprint keys), and
# every model jmap writes is valid JSON.
. tests/lib.sh
d="$JMAP_TEST_TMP/model"
mkdir -p "$d"
"$JMAP" build tests/golden/model-full.yaml -f json -o "$d/full.json" || fail "model-full builds" "exit $?"
"$JMAP" build tests/golden/model-blueprint.yaml -f json -o "$d/blueprint.json" || fail "model-blueprint builds" "exit $?"
python3 - docs/schema/journey.schema.json "$d/full.json" "$d/blueprint.json" <<'PY' >"$d/keys.out" 2>&1
import json, sys
schema = json.load(open(sys.argv[1]))
models = [json.load(open(f)) for f in sys.argv[2:]]
wanted = set()
def walk_schema(node):
    if isinstance(node, dict):
        for k, v in node.get("properties", {}).items():
            wanted.add(k)
        for v in node.values():
            walk_schema(v)
    elif isinstance(node, list):
        for v in node:
            walk_schema(v)
walk_schema(schema)
seen = set()
def walk_model(node):
    if isinstance(node, dict):
        for k, v in node.items():
            seen.add(k)
            walk_model(v)
    elif isinstance(node, list):
        for v in node:
            walk_model(v)
for model in models:
    walk_model(model)
for k in sorted(wanted):
    print(("PASS" if k in seen else "FAIL") + " key " + k + " round-trips")
PY
cat "$d/keys.out"
grep -q '^FAIL' "$d/keys.out" && T_FAILED=1
[ "$(grep -c '^PASS' "$d/keys.out")" -ge 60 ] && pass "schema names at least 60 keys" || fail "schema keys" "$(grep -c '^PASS' "$d/keys.out")"
for y in examples/*.yaml tests/golden/model-*.yaml; do
    "$JMAP" build "$y" -f json -o - 2>/dev/null | python3 -c 'import json,sys; json.load(sys.stdin)' &&
        pass "valid JSON model of $y" || fail "valid JSON model of $y" "json.load failed"
done
finish
