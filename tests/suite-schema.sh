#!/bin/sh
# The JSON Schema (docs/schema/journey.schema.json) against real files:
# every example and every `jmap init` template validates; every file of
# tests/schema-bad/ is rejected by the schema AND by `jmap check`, so the
# schema and the loader agree. Needs python3 with yaml and jsonschema
# (Debian: python3-yaml, python3-jsonschema).
. tests/lib.sh
d="$JMAP_TEST_TMP/schema"
rm -rf "$d"; mkdir -p "$d"
schema=docs/schema/journey.schema.json

if ! python3 -c 'import yaml, jsonschema' 2>"$d/py.err"; then
    fail "python3 with yaml and jsonschema" "$(cat "$d/py.err"); run scripts/install-deps.sh"
    finish
fi

# validate.py SCHEMA FILE... : one line per file, "ok FILE" or "bad FILE: reason"
cat >"$d/validate.py" <<'PY'
import json, sys, yaml, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft7Validator.check_schema(schema)
v = jsonschema.Draft7Validator(schema)
for path in sys.argv[2:]:
    try:
        # dates and other YAML 1.1 types become text, as jmap reads them
        doc = json.loads(json.dumps(yaml.safe_load(open(path, encoding="utf-8")), default=str))
    except Exception as e:
        print("bad %s: YAML: %s" % (path, str(e).replace("\n", " ")))
        continue
    errs = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errs:
        e = errs[0]
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        print("bad %s: %s: %s" % (path, where, e.message[:200]))
    else:
        print("ok %s" % path)
PY

if python3 "$d/validate.py" "$schema" >/dev/null 2>"$d/schema.err"; then
    pass "schema is a valid draft-07 schema"
else
    fail "schema is a valid draft-07 schema" "$(tail -n 3 "$d/schema.err")"
fi

# good files: the examples, the init templates, and a French journey written
# with French values and channel names
for t in b2b saas cyclic blueprint; do
    for l in en fr; do
        "$JMAP" init --template "$t" --locale "$l" >"$d/init-$t-$l.yaml" 2>/dev/null ||
            fail "init $t $l" "jmap init failed"
    done
done
good=""
for f in examples/*.yaml "$d"/init-*.yaml tests/golden/model-fr-values.yaml tests/golden/model-blueprint.yaml; do
    [ -f "$f" ] && good="$good $f"
done
# shellcheck disable=SC2086
python3 "$d/validate.py" "$schema" $good >"$d/good.out" 2>&1
while read -r verdict rest; do
    f=${rest%%:*}
    case $verdict in
        ok) pass "schema accepts $f" ;;
        *) fail "schema accepts $f" "$rest" ;;
    esac
done <"$d/good.out"
[ -s "$d/good.out" ] || fail "schema accepts good files" "validator printed nothing: $(head -c 300 "$d/good.out")"

# bad files: rejected by the schema and by jmap check. Besides our own, the
# golden error files whose problem is one of shape (keys, enums, types).
bad=""
for f in tests/schema-bad/*.yaml tests/golden/err-bad-colour.yaml tests/golden/err-bad-enum.yaml \
         tests/golden/err-format-version.yaml tests/golden/err-missing-key.yaml \
         tests/golden/err-unknown-key.yaml tests/golden/err-wrong-structure.yaml \
         tests/golden/err-wrong-type.yaml tests/golden/err-analysis.yaml; do
    [ -f "$f" ] && bad="$bad $f"
done
# shellcheck disable=SC2086
python3 "$d/validate.py" "$schema" $bad >"$d/bad.out" 2>&1
while read -r verdict rest; do
    f=${rest%%:*}
    case $verdict in
        bad) pass "schema rejects $f" ;;
        *) fail "schema rejects $f" "accepted" ;;
    esac
done <"$d/bad.out"
for f in $bad; do
    expect_exit "jmap check rejects $f" 1 "$JMAP" check "$f"
done

# x-* keys are allowed everywhere the format allows them
cat >"$d/x-keys.yaml" <<'Y'
jmap: 1
title: x keys
x-top: {any: [thing]}
scale: {min: 1, max: 5, x-note: five points}
theme: {primary: "#123", x-brand: acme}
personas:
  - {id: p, name: P, x-crm: 42}
channels:
  - {id: box, icon: truck, x-sku: B1}
stages:
  - name: S
    x-stage: 1
    kpis: [{name: K, value: 1, x-source: ga}]
    touchpoints:
      - name: T
        x-ticket: T-1
        pains: [{text: Slow, x-votes: 3}]
        opportunities: [{text: Faster, x-epic: E-2}]
Y
python3 "$d/validate.py" "$schema" "$d/x-keys.yaml" | grep -q '^ok ' &&
    pass "schema allows x-* keys" || fail "schema allows x-* keys" "$(python3 "$d/validate.py" "$schema" "$d/x-keys.yaml")"
expect_exit "jmap check allows the same x-* keys" 0 "$JMAP" check "$d/x-keys.yaml"
finish
