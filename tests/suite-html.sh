#!/bin/sh
# The HTML page (-f html): self-contained (no request of any kind, a strict
# Content-Security-Policy, one script allowed by its hash), well-formed with
# hostile texts, the same analysis as `jmap report -f md`, byte-identical on
# a rerun; then in a real browser (headless Chromium, each run bounded to
# 60 s): the persona toggle, the search, the details on focus, the arrow
# keys and Escape, a lane toggle and zoom work; nothing is requested, not
# even by a script the page runs; with JavaScript off the map, the details
# and the analysis are all there; printing gives the map on a landscape
# page and the analysis after it; hostile texts run nothing.
. tests/lib.sh
d="$JMAP_TEST_TMP/html"
rm -rf "$d"
mkdir -p "$d"
d=$(cd "$d" && pwd)

# ------------------------------------------------------------ static checks

for f in examples/*.yaml; do
    n=$(basename "$f" .yaml)
    if ! "$JMAP" build "$f" -o "$d/$n.html" -q 2>"$d/err"; then
        fail "html $n: built" "$(head -c 300 "$d/err")"
        continue
    fi
    if python3 tests/html_check.py static "$d/$n.html" >"$d/static" 2>&1; then
        pass "html $n: self-contained, well-formed, one script by its hash"
    else
        fail "html $n: self-contained, well-formed, one script by its hash" "$(head -c 400 "$d/static")"
    fi
    "$JMAP" report "$f" -f md >"$d/$n.md" 2>/dev/null
    if python3 tests/html_check.py report "$d/$n.html" "$d/$n.md" >"$d/rep" 2>&1; then
        pass "html $n: the analysis of jmap report -f md"
    else
        fail "html $n: the analysis of jmap report -f md" "$(head -c 400 "$d/rep")"
    fi
    # every touchpoint has its details
    want=$("$JMAP" list touchpoints "$f" | wc -l)
    got=$(grep -c '<article class="jm-tp"' "$d/$n.html")
    if [ "$want" -eq "$got" ]; then
        pass "html $n: details of each of the $want touchpoints"
    else
        fail "html $n: details of each touchpoint" "$got articles for $want touchpoints"
    fi
done

f=examples/voyage-affaires.yaml
"$JMAP" build "$f" -o "$d/again.html" -q
if cmp -s "$d/voyage-affaires.html" "$d/again.html"; then
    pass "html: byte-identical rerun"
else
    fail "html: byte-identical rerun" "the two pages differ"
fi

# one persona: its touchpoints and its analysis only, no persona toggles
"$JMAP" build "$f" -p thomas-leroy -o "$d/thomas.html" -q
"$JMAP" report "$f" -p thomas-leroy -f md >"$d/thomas.md"
if python3 tests/html_check.py report "$d/thomas.html" "$d/thomas.md" >"$d/rep" 2>&1 &&
    ! grep -q 'class="jm-persona"' "$d/thomas.html" &&
    ! grep -q 'Vol retour annul' "$d/thomas.html"; then
    pass "html -p: one persona's touchpoints and analysis"
else
    fail "html -p: one persona's touchpoints and analysis" "$(head -c 300 "$d/rep")"
fi

# sheets: several SVGs one after the other, their ids apart
"$JMAP" build "$f" --page a4 -o "$d/a4.html" -q
n_svg=$(grep -o '<svg' "$d/a4.html" | wc -l)
if [ "$n_svg" -gt 1 ] && python3 tests/html_check.py static "$d/a4.html" >"$d/static" 2>&1; then
    pass "html --page a4: $n_svg sheets, every id once"
else
    fail "html --page a4: several sheets, every id once" "$n_svg svg; $(head -c 300 "$d/static")"
fi

# --embed-fonts reaches the SVG: the fonts as data: URIs, still nothing to fetch
"$JMAP" build "$f" --embed-fonts -o "$d/fonts.html" -q
if grep -q "@font-face{font-family:'jms-f0';src:url(data:font/" "$d/fonts.html" &&
    python3 tests/html_check.py static "$d/fonts.html" >"$d/static" 2>&1; then
    pass "html --embed-fonts: the fonts in the page as data: URIs"
else
    fail "html --embed-fonts: the fonts in the page as data: URIs" "$(head -c 300 "$d/static")"
fi

# one page per persona
rm -f "$d"/ep-*.html
"$JMAP" build "$f" --each-persona -o "$d/ep-{persona}.html" -q
if [ -s "$d/ep-sofia-reyes.html" ] && [ -s "$d/ep-thomas-leroy.html" ] &&
    ! grep -q 'Validation des frais' "$d/ep-sofia-reyes.html"; then
    pass "html --each-persona: a page per persona, its touchpoints only"
else
    fail "html --each-persona: a page per persona" "$(ls "$d"/ep-* 2>&1)"
fi

# hostile texts: escaped everywhere, the page well-formed
h=tests/html/hostile.yaml
if "$JMAP" build "$h" -o "$d/hostile.html" -q 2>"$d/err"; then
    if python3 tests/html_check.py static "$d/hostile.html" >"$d/static" 2>&1; then
        pass "html hostile: self-contained and well-formed"
    else
        fail "html hostile: self-contained and well-formed" "$(head -c 400 "$d/static")"
    fi
    "$JMAP" report "$h" -f md >"$d/hostile.md" 2>/dev/null
    if python3 tests/html_check.py report "$d/hostile.html" "$d/hostile.md" >"$d/rep" 2>&1; then
        pass "html hostile: the analysis's texts intact"
    else
        fail "html hostile: the analysis's texts intact" "$(head -c 400 "$d/rep")"
    fi
    if grep -q '<script>document\|<img src=x\|<iframe\|<svg onload\|<b onmouse\|<link rel' "$d/hostile.html"; then
        fail "html hostile: no markup from the journey" "$(grep -o '<script>document.\{0,30\}\|<img src=x.\{0,30\}\|<iframe.\{0,30\}' "$d/hostile.html" | head -3)"
    elif LC_ALL=C grep -q "$(printf '[\001-\010\013\014\016-\037\177]')" "$d/hostile.html"; then
        fail "html hostile: no markup from the journey" "a control character in the page"
    else
        pass "html hostile: no markup from the journey, no control character"
    fi
else
    fail "html hostile: built" "$(head -c 300 "$d/err")"
fi
# a javascript: link never reaches a page: the loader refuses it
printf 'jmap: 1\ntitle: T\nstages:\n  - name: S\n    touchpoints:\n      - name: A\n        url: "javascript:alert(1)"\n' >"$d/js-url.yaml"
expect_exit "html: a javascript: link is refused" 1 "$JMAP" build "$d/js-url.yaml" -o "$d/js-url.html"
[ -e "$d/js-url.html" ] && fail "html: a refused journey writes no page" "js-url.html exists"

# xmllint's HTML parser (HTML 4) does not know HTML5's and SVG's elements;
# anything else it says is a fault
if command -v xmllint >/dev/null 2>&1; then
    for n in voyage-affaires hostile a4; do
        xmllint --html --noout "$d/$n.html" 2>&1 |
            grep 'parser error' |
            grep -v -i -E 'Tag (header|nav|main|section|article|footer|output|bdi|svg|g|path|rect|line|circle|ellipse|polygon|polyline|text|tspan|defs|clipPath|use|image|a|symbol|title|desc|linearGradient|stop|pattern|style|mask|filter|font-face|marker) invalid' \
                >"$d/xmllint" || true
        if [ -s "$d/xmllint" ]; then
            fail "html $n: xmllint --html" "$(head -c 300 "$d/xmllint")"
        else
            pass "html $n: xmllint --html finds nothing but HTML5 and SVG tags"
        fi
    done
elif [ -n "${CI:-}" ]; then
    fail "html: xmllint --html" "xmllint is not installed (libxml2-utils)"
else
    echo "SKIP html: xmllint --html (xmllint not installed)"
fi

# --------------------------------------------------------- in a browser

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    if [ -n "${CI:-}" ]; then
        fail "html: in a browser" "chromium is not installed (scripts/install-deps.sh)"
    else
        echo "SKIP html: in a browser (chromium not installed)"
    fi
    finish
fi

# Chromium's own traffic (updates, accounts, safe browsing) kept out as far
# as flags go; what remains is told apart from the page's in the log.
# Its profile lives in the test folder.
browse() {
    timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
        --user-data-dir="$d/profile" --disable-background-networking \
        --disable-component-update --disable-sync --disable-default-apps \
        --disable-extensions --disable-domain-reliability --no-default-browser-check \
        --disable-features=Translate,OptimizationHints,MediaRouter --metrics-recording-only \
        --no-pings --window-size=1600,1000 "$@" 2>>"$d/chromium.log"
}
# result KEY: a value the driving script wrote into the dumped DOM
result() {
    sed -n "s/^$1=//p" "$d/dom" | head -n 1
}
expect_result() {
    _name=$1; _key=$2; _want=$3
    _got=$(result "$_key")
    if [ "$_got" = "$_want" ]; then
        pass "$_name"
    else
        fail "$_name" "$_key=$_got, expected $_want$(sed -n 's/^error=/; error: /p' "$d/dom" | head -c 300)"
    fi
}

# 1. the network log sees a page's request (else its silence below means nothing)
printf '<!DOCTYPE html><html><head><title>c</title></head><body><img src="http://127.0.0.1:9/control.png"></body></html>\n' >"$d/control.html"
browse --log-net-log="$d/control.json" --dump-dom "file://$d/control.html" >/dev/null
if python3 tests/html_check.py netlog "$d/control.json" "file://$d/control.html" | grep -q 'control.png'; then
    pass "browser: the network log shows a page's request"
else
    fail "browser: the network log shows a page's request" "no control.png in $d/control.json"
fi

# 2. a reader at work, with the network log on
python3 tests/html_check.py drive "$d/voyage-affaires.html" "$d/drive.html" tests/html/drive.js \
    "persona=Thomas Leroy" "unmet=Vol retour annulé" "met=Demande d'approbation" \
    "search=annule" "found=Vol retour annulé" "tp=Modification par un agent" \
    "pain=40 minutes d'attente au téléphone" "evidence=Temps d'attente médian, mars 2026" \
    "lane=Pensées"
browse --log-net-log="$d/drive.json" --dump-dom "file://$d/drive.html" >"$d/dom"
expect_result "browser: the script runs (no-js becomes js)" js true
expect_result "browser: a persona toggle is pressed" persona_pressed true
expect_result "browser: and 'all' no longer" all_pressed false
expect_result "browser: the other persona's curves are hidden" other_curves_shown 0
expect_result "browser: and its points" other_points_shown 0
expect_result "browser: the persona's own curve stays" own_curves_shown 1
expect_result "browser: a touchpoint the persona does not meet fades" unmet_card_faded true
expect_result "browser: one it meets does not" met_card_faded false
expect_result "browser: 'all' shows every curve again" curves_shown_after_all "$(result curves)"
expect_result "browser: search finds a touchpoint by a word of its name, accents aside" search_results "Vol retour annulé"
expect_result "browser: search says how many match" search_count "1 point de contact correspond"
expect_result "browser: search fades the others" search_miss_faded true
expect_result "browser: but not the match" search_hit_faded false
expect_result "browser: the card is the touchpoint's focus target" anchor_role tp-card
expect_result "browser: named for assistive technology" anchor_label "Modification par un agent"
expect_result "browser: one tab stop in the map" tab_stops 1
expect_result "browser: focus shows the details" tip_shown true
expect_result "browser: the details hold its pain" tip_has_pain true
expect_result "browser: and the pain's evidence" tip_has_evidence true
expect_result "browser: the right arrow moves to the next touchpoint" right_moves_to "Vol retour annulé"
expect_result "browser: the details follow" tip_follows true
expect_result "browser: the left arrow comes back" left_back true
expect_result "browser: Escape closes the details" tip_after_escape hidden
expect_result "browser: hovering a touchpoint shows its details" hover_tip true
expect_result "browser: a lane toggle is released" lane_pressed false
expect_result "browser: the lane's items are hidden" lane_items_shown 0
expect_result "browser: and come back" lane_items_back "$(result lane_items)"
expect_result "browser: zoom in widens the map" zoom_in_wider true
expect_result "browser: fit width brings it back" fit_back true
expect_result "browser: the driving script ran to its end" probe_sent true
if python3 tests/html_check.py netlog "$d/drive.json" "file://$d/drive.html" >"$d/net" 2>&1; then
    pass "browser: no request, not even from a script the page runs"
else
    fail "browser: no request, not even from a script the page runs" "$(head -c 300 "$d/net")"
fi

# 3. JavaScript off: everything is still there. Chromium's --dump-dom
# needs scripting on, so here the page's own policy forbids its script, as
# a browser with JavaScript off would not run it (Chromium's own switch,
# --blink-settings=scriptEnabled=false, leaves --dump-dom with nothing).
python3 tests/html_check.py nojs "$d/voyage-affaires.html" "$d/nojs.html"
browse --dump-dom "file://$d/nojs.html" >"$d/nojs"
n_tp=$("$JMAP" list touchpoints "$f" | wc -l)
if grep -q '<html lang="fr" class="no-js">' "$d/nojs" && grep -q '<svg' "$d/nojs" &&
    grep -q 'id="jm-report"' "$d/nojs" && grep -q 'Aucune proposition de vol de remplacement' "$d/nojs" &&
    [ "$(grep -c '<article class="jm-tp"' "$d/nojs")" -eq "$n_tp" ]; then
    pass "browser without JavaScript: the map, each touchpoint's details and the analysis"
else
    fail "browser without JavaScript: the map, the details and the analysis" "missing in $d/nojs"
fi

# 4. hostile texts: nothing of theirs runs, nothing is fetched
browse --log-net-log="$d/hostile.json" --dump-dom "file://$d/hostile.html" >"$d/hdom"
title=$(sed -n 's:.*<title>\(.*\)</title>.*:\1:p' "$d/hdom" | head -n 1)
case "$title" in
*"&lt;/title&gt;&lt;script&gt;document.title='pwned'"*) pass "browser hostile: the title is the journey's text, escaped" ;;
*) fail "browser hostile: the title is the journey's text, escaped" "title: $title" ;;
esac
if python3 tests/html_check.py dom "$d/hdom" >"$d/domcheck" 2>&1; then
    pass "browser hostile: no element or handler from the journey"
else
    fail "browser hostile: no element or handler from the journey" "$(head -c 300 "$d/domcheck")"
fi
if grep -q '<html lang="en" class="js"' "$d/hdom"; then
    pass "browser hostile: the page's own script still runs"
else
    fail "browser hostile: the page's own script still runs" "no class js"
fi
if python3 tests/html_check.py netlog "$d/hostile.json" "file://$d/hostile.html" >"$d/net" 2>&1; then
    pass "browser hostile: no request"
else
    fail "browser hostile: no request" "$(head -c 300 "$d/net")"
fi

# 5. printed (the page as its script leaves it): the map on landscape
# pages, the analysis after it
browse --no-pdf-header-footer --print-to-pdf="$d/print.pdf" "file://$d/voyage-affaires.html" >/dev/null
if command -v pdfinfo >/dev/null 2>&1 && [ -s "$d/print.pdf" ]; then
    pages=$(pdfinfo "$d/print.pdf" | sed -n 's/^Pages: *//p')
    size=$(pdfinfo "$d/print.pdf" | sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\).*/\1 \2/p')
    first=$(pdftotext -f 1 -l 1 "$d/print.pdf" - 2>/dev/null)
    second=$(pdftotext -f 2 -l 2 "$d/print.pdf" - 2>/dev/null)
    if echo "$size" | awk '{exit !($1 > $2)}' && [ "${pages:-0}" -ge 2 ] &&
        echo "$first" | grep -q 'Vol retour' && ! echo "$first" | grep -q 'Rapport de parcours' &&
        echo "$second" | grep -q 'Rapport de parcours' && ! echo "$first$second" | grep -q 'Chercher un point'; then
        pass "browser print: the map on a landscape page, the analysis on the next, no controls"
    else
        fail "browser print: the map on a landscape page, the analysis on the next" "$pages pages of $size"
    fi
else
    fail "browser print" "no PDF (or no pdfinfo)"
fi

finish
