#!/bin/sh
# Pictures of the HTML page for the gallery (docs/gallery/), taken by
# headless Chromium: voyage-affaires with a touchpoint's details open, and
# with one persona chosen. Each state is set by tests/html/shot.js, run
# after the page's own script (tests/html_check.py drive).
set -eu
JMAP=${1:-build/jmap}
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    echo "html-shots: chromium is not installed; gallery pictures of the HTML page not refreshed"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
y=examples/voyage-affaires.yaml
"$JMAP" build -q "$y" -o "$tmp/page.html"
shot() {
    python3 tests/html_check.py drive "$tmp/page.html" "$tmp/shot.html" tests/html/shot.js "$@"
    timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --no-first-run --user-data-dir="$tmp/profile" --disable-background-networking \
        --window-size=1400,900 --screenshot="$tmp/shot.png" "file://$tmp/shot.html" 2>/dev/null
}
shot "focus=Modification par un agent"
mv "$tmp/shot.png" docs/gallery/voyage-affaires-html.png
shot "persona=Thomas Leroy"
mv "$tmp/shot.png" docs/gallery/voyage-affaires-html-persona.png
echo "html-shots: docs/gallery/voyage-affaires-html.png, docs/gallery/voyage-affaires-html-persona.png"
