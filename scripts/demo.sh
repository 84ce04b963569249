#!/bin/sh
# Checks every example and renders it to PDF, SVG and PNG under demo-out/.
set -eu
JMAP=${1:-build/jmap}
out=demo-out
mkdir -p "$out"
status=0
for y in examples/*.yaml; do
    n=$(basename "$y" .yaml)
    if ! "$JMAP" check "$y"; then
        status=1
        continue
    fi
    for f in pdf svg png; do
        if "$JMAP" build "$y" -o "$out/$n.$f"; then :; else status=1; fi
    done
    "$JMAP" build "$y" -f json -o "$out/$n.json"
    echo "rendered $out/$n.pdf  $out/$n.svg  $out/$n.png"
done
exit $status
