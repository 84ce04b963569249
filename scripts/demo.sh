#!/bin/sh
# Checks every example and renders it to PDF, SVG, PNG, HTML and JSON under
# demo-out/, to NAME-analysis.pdf (the map, then its analysis page), to
# NAME-a3.pdf and NAME-slide.pdf (laid out for an A3 sheet and a 16:9 slide),
# then refreshes the gallery pictures in docs/gallery/ (1x PNGs, and the HTML
# page's when Chromium is installed).
set -eu
JMAP=${1:-build/jmap}
out=demo-out
mkdir -p "$out" docs/gallery
status=0
for y in examples/*.yaml; do
    n=$(basename "$y" .yaml)
    if ! "$JMAP" check "$y"; then
        status=1
        continue
    fi
    for f in pdf svg png html; do
        "$JMAP" build "$y" -o "$out/$n.$f" || status=1
    done
    "$JMAP" build "$y" -f json -o "$out/$n.json" || status=1
    # the map followed by its analysis page
    "$JMAP" build -q "$y" --report-page -o "$out/$n-analysis.pdf" || status=1
    "$JMAP" build -q "$y" --scale 1 -o "docs/gallery/$n.png" || status=1
    # on an A3 sheet and on a slide (PDF for print, PNG for the gallery)
    "$JMAP" build -q "$y" --page a3 -o "$out/$n-a3.pdf" || status=1
    "$JMAP" build -q "$y" --page slide -o "$out/$n-slide.pdf" || status=1
    if "$JMAP" build -q "$y" -f json -o - | grep -q '"frontstage": \['; then
        # a service blueprint doubles the lanes: it is printed on A2 (on A3
        # or a slide it continues on further sheets)
        "$JMAP" build -q "$y" --page a2 -o "$out/$n-a2.pdf" || status=1
        "$JMAP" build -q "$y" --page a2 --scale 0.75 -o "docs/gallery/$n-a2.png" || status=1
    else
        "$JMAP" build -q "$y" --page a3 --scale 1 -o "docs/gallery/$n-a3.png" || status=1
        "$JMAP" build -q "$y" --page slide --scale 1 -o "docs/gallery/$n-slide.png" || status=1
    fi
    echo "rendered $out/$n.pdf $out/$n.svg $out/$n.png $out/$n.html $out/$n-analysis.pdf $out/$n-a3.pdf $out/$n-slide.pdf"
    # survey responses beside a journey drive its curve
    if [ -f "examples/$n.csv" ]; then
        "$JMAP" build "$y" --data "examples/$n.csv" -o "$out/$n-survey.png" || status=1
        "$JMAP" build -q "$y" --data "examples/$n.csv" --scale 1 -o "docs/gallery/$n-survey.png" || status=1
        echo "rendered $out/$n-survey.png (with examples/$n.csv)"
    fi
    # an earlier survey wave beside it: drawn faint under the latest
    if [ -f "examples/$n.csv" ] && [ -f "examples/$n-t3.csv" ]; then
        "$JMAP" build -q "$y" --data "T3=examples/$n-t3.csv" --data "T4=examples/$n.csv" \
            --scale 1 -o "docs/gallery/$n-waves.png" || status=1
        echo "rendered docs/gallery/$n-waves.png (waves T3 and T4)"
    fi
done
# a journey drawn over its older version (jmap build --compare, docs/diff.md)
c="$out/compare"
rm -rf "$c"; mkdir -p "$c"; cp -r examples/img "$c/img"
cp tests/golden/diff/voyage-before.yaml tests/golden/diff/voyage-after.yaml "$c/"
"$JMAP" build -q "$c/voyage-after.yaml" --compare "$c/voyage-before.yaml" --scale 1 \
    -o docs/gallery/voyage-compare.png || status=1
"$JMAP" build -q "$c/voyage-after.yaml" --compare "$c/voyage-before.yaml" -o "$out/voyage-compare.pdf" || status=1
echo "rendered docs/gallery/voyage-compare.png (--compare)"
sh scripts/html-shots.sh "$JMAP" || status=1
if [ $status -eq 0 ]; then
    echo "demo: every example rendered; open $out/*.png, $out/*.pdf or $out/*.html"
fi
exit $status
