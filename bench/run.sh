#!/bin/sh
# make bench: median wall time and peak memory of jmap build against the
# start-up floor (a minimal pangocairo program writing a one-paragraph PDF).
# Timings on a shared machine are noisy: every ratio and difference below is
# the median over pairs of runs taken side by side (bench/measure.c).
set -eu
JMAP=${1:-build/jmap}
B=${BENCH_DIR:-build/bench} # BENCH_DIR: a folder of its own when several run at once
mkdir -p "$B"
CFLAGS_PC=$(pkg-config --cflags pangocairo)
LIBS_PC=$(pkg-config --libs pangocairo)
${CC:-cc} -O2 -o "$B/floor" bench/floor.c $CFLAGS_PC $LIBS_PC
${CC:-cc} -O2 -o "$B/measure" bench/measure.c
sh bench/gen-journey.sh 240 4 >"$B/j240.yaml"
sh bench/gen-journey.sh 2400 4 >"$B/j2400.yaml"
N=${BENCH_RUNS:-11}

set -- $("$B/measure" "$N" "$B/floor" "$B/floor.pdf")
floor_ms=$1; floor_mb=$2
printf '%-38s %9s %9s %8s\n' "case" "median ms" "peak MB" "x floor"
printf '%-38s %9s %9s %8s\n' "floor (pangocairo one-paragraph PDF)" "$floor_ms" "$floor_mb" "1.00"

# Each row runs the floor and the case alternately: the load of a shared
# machine drifts during the run, and a ratio of two timings taken far apart
# would measure the drift. The ratio is the median of the N pairs' ratios.
row() { # name, target ratio, target MB (or -), command...
    name=$1; tr=$2; tm=$3; shift 3
    set -- $("$B/measure" "$N" "$@" --against "$B/floor" "$B/floor.pdf")
    near_floor=$3
    ratio=$4
    verdict=ok
    awk -v r="$ratio" -v t="$tr" 'BEGIN { exit !(r > t) }' && verdict="OVER (target ${tr}x)"
    if [ "$tm" != "-" ]; then
        awk -v m="$2" -v t="$tm" 'BEGIN { exit !(m > t) }' && verdict="$verdict; OVER ${tm} MB"
    fi
    printf '%-38s %9s %9s %8s  %s (floor %s)\n' "$name" "$1" "$2" "$ratio" "$verdict" "$near_floor"
}

for y in examples/*.yaml; do
    n=$(basename "$y" .yaml)
    # a service blueprint draws twice the lanes of a journey map (16 here),
    # and its cost is the text it shapes and compresses
    case $n in blueprint-*) t=2.5 ;; *) t=2 ;; esac
    row "example $n (pdf)" $t - "$JMAP" build -q "$y" -o "$B/$n.pdf"
done
# laid out for a sheet: the layout runs a few times to find the largest text
row "example mutuelle-b2b on A3 (pdf)" 3 - "$JMAP" build -q examples/mutuelle-b2b.yaml --page a3 -o "$B/mutuelle-a3.pdf"
row "240 touchpoints, 4 personas (pdf)" 12 40 "$JMAP" build -q "$B/j240.yaml" -o "$B/j240.pdf"
row "240 touchpoints, 4 personas (svg)" 12 40 "$JMAP" build -q "$B/j240.yaml" -o "$B/j240.svg"
# Other formats against the PDF of the same map: the two builds run
# alternately and the ratio is the median of the pairs' (as for the floor).
# One line a format and map:
#   vs_pdf NAME TARGET INPUT EXT [ARGS...]
# builds INPUT to EXT and to PDF, ARGS given to both; prints the format's
# time and peak, the ratio to the PDF, and both files' sizes.
vs_pdf() {
    name=$1; tr=$2; in=$3; ext=$4; shift 4
    out="$B/vs-$(basename "$in" .yaml)"
    set -- $("$B/measure" "$N" "$JMAP" build -q "$in" -o "$out.$ext" "$@" \
        --against "$JMAP" build -q "$in" -o "$out.pdf" "$@")
    verdict=ok
    awk -v r="$4" -v t="$tr" 'BEGIN { exit !(r > t) }' && verdict="OVER"
    kb=$(($(wc -c <"$out.$ext") / 1024)); pdf_kb=$(($(wc -c <"$out.pdf") / 1024))
    printf '%-38s %9s %9s %8s  %s (target %sx the pdf: %s ms; %s KB vs %s KB)\n' \
        "$name" "$1" "$2" "$4" "$verdict" "$tr" "$3" "$kb" "$pdf_kb"
}
printf '%-38s %9s %9s %8s\n' "" "" "" "x pdf"
vs_pdf "example voyage-affaires (png vs pdf)" 2 examples/voyage-affaires.yaml png
vs_pdf "240 touchpoints (png vs pdf)" 2 "$B/j240.yaml" png
vs_pdf "example voyage-affaires (svg vs pdf)" 2 examples/voyage-affaires.yaml svg
vs_pdf "example voyage-affaires (html vs pdf)" 3 examples/voyage-affaires.yaml html
vs_pdf "example voyage-affaires (pptx vs pdf)" 2 examples/voyage-affaires.yaml pptx
vs_pdf "240 touchpoints (pptx vs pdf)" 2 "$B/j240.yaml" pptx
# the SVG of a map of this size holds its text as text, within 120 KB
svg_kb=$(($(wc -c <"$B/vs-voyage-affaires.svg") / 1024))
awk -v k="$svg_kb" 'BEGIN { printf "voyage-affaires SVG: %d KB (target <= 120 KB) %s\n", k, (k <= 120 ? "ok" : "OVER") }'

set -- $("$B/measure" 3 "$JMAP" build -q "$B/j2400.yaml" -o "$B/j2400.svg" \
    --against "$JMAP" build -q "$B/j240.yaml" -o "$B/j240.svg")
printf '%-38s %9s %9s\n' "2400 touchpoints (svg)" "$1" "$2"
awk -v r="$4" 'BEGIN { printf "scaling 2400 vs 240 touchpoints: %.1fx (target <= 12x) %s\n", r, (r <= 12 ? "ok" : "OVER") }'
# PDF: a map wider than a PDF page is split into pages, each drawing only
# what lies on it, so the cost stays linear in touchpoints; the same on A3
# sheets (an overview, then pages of a few stages at 6 pt).
set -- $("$B/measure" 3 "$JMAP" build -q "$B/j2400.yaml" -o "$B/j2400.pdf" \
    --against "$JMAP" build -q "$B/j240.yaml" -o "$B/j240.pdf")
printf '%-38s %9s %9s\n' "2400 touchpoints (pdf)" "$1" "$2"
awk -v r="$4" 'BEGIN { printf "scaling 2400 vs 240 touchpoints (pdf): %.1fx (target <= 11x) %s\n", r, (r <= 11 ? "ok" : "OVER") }'
set -- $("$B/measure" 3 "$JMAP" build -q "$B/j2400.yaml" --page a3 -o "$B/j2400-a3.pdf" \
    --against "$JMAP" build -q "$B/j240.yaml" --page a3 -o "$B/j240-a3.pdf")
printf '%-38s %9s %9s\n' "2400 touchpoints (pdf, A3 sheets)" "$1" "$2"
awk -v r="$4" 'BEGIN { printf "scaling 2400 vs 240 touchpoints (pdf, A3): %.1fx (target <= 11x) %s\n", r, (r <= 11 ? "ok" : "OVER") }'

# N personas in one call: a PDF book has an overview page plus one page per
# persona, all from one process. The cost of each extra page (a whole map,
# fonts already loaded) is (t4 - t1) / 3 between books of 1 and 4 personas.
sh bench/gen-journey.sh 24 1 >"$B/p1.yaml"
sh bench/gen-journey.sh 24 4 >"$B/p4.yaml"
# (books of 1 and 4 personas run alternately; the median difference of a
# pair, over the 3 extra pages)
set -- $("$B/measure" "$N" "$JMAP" build -q "$B/p4.yaml" --each-persona -o "$B/p4.pdf" \
    --against "$JMAP" build -q "$B/p1.yaml" --each-persona -o "$B/p1.pdf")
printf '%-38s %9s\n' "24 touchpoints, 1 persona (book)" "$3"
printf '%-38s %9s\n' "24 touchpoints, 4 personas (book)" "$1"
awk -v d="$5" 'BEGIN { r = d / 3; printf "N personas in one call: %.1f ms per extra page (target <= 10 ms) %s\n", r, (r <= 10 ? "ok" : "OVER") }'
ex=examples/voyage-affaires.yaml
set -- $("$B/measure" "$N" "$JMAP" build -q "$ex" --each-persona -o "$B/va-book.pdf" \
    --against "$JMAP" build -q "$ex" -o "$B/va.pdf")
awk -v d="$5" 'BEGIN { r = d / 2; printf "voyage-affaires book (3 pages) vs one map: %.1f ms per extra page (target <= 10 ms) %s\n", r, (r <= 10 ? "ok" : "OVER") }'
# The analysis page (--report-page): the analysis and one more page.
set -- $("$B/measure" "$N" "$JMAP" build -q "$ex" --report-page -o "$B/va-analysis.pdf" \
    --against "$JMAP" build -q "$ex" -o "$B/va.pdf")
awk -v d="$5" 'BEGIN { printf "voyage-affaires with its analysis page vs one map: %.1f ms more (target <= 10 ms) %s\n", d, (d <= 10 ? "ok" : "OVER") }'

# Hostile inputs are refused fast and small (targets: under 1 s and 100 MB).
hostile_row() { # name, file
    set -- "$1" $(MEASURE_EXPECT=1 "$B/measure" 3 "$JMAP" check "$2" 2>/dev/null)
    verdict=ok
    awk -v t="$2" -v m="$3" 'BEGIN { exit !(t >= 1000 || m >= 100) }' && verdict="OVER (1000 ms / 100 MB)"
    printf '%-38s %9s %9s %8s  %s\n' "$1" "$2" "$3" "-" "$verdict"
}
sh bench/gen-laughs.sh >"$B/laughs.yaml"
head -c 100000 /dev/zero | tr '\000' '[' >"$B/deep.yaml"
hostile_row "alias bomb (10^21 nodes) refused" "$B/laughs.yaml"
hostile_row "100,000-deep nesting refused" "$B/deep.yaml"

# Many journeys in one run (jmap build FILE... -o DIR/): one process, the
# fonts loaded once per worker thread, against one process per journey as a
# script would run them. Target: at least 4x the throughput.
mkdir -p "$B/many" "$B/many-out"
rm -f "$B/many/"*.yaml
i=1
while [ $i -le 200 ]; do
    sh bench/gen-journey.sh 8 1 | sed "s/^title: .*/title: Journey $i/" >"$B/many/j$i.yaml"
    i=$((i + 1))
done
cat >"$B/many.sh" <<SH
for f in "$B"/many/*.yaml; do "$JMAP" build -q "\$f" -o "$B/many-out/\$(basename "\$f" .yaml).pdf" || exit 1; done
SH
set -- $("$B/measure" 3 "$JMAP" build -q "$B"/many/*.yaml -o "$B/many-out/" \
    --against sh "$B/many.sh")
printf '%-38s %9s %9s\n' "200 journeys, one process" "$1" "$2"
printf '%-38s %9s\n' "200 journeys, a process each" "$3"
awk -v r="$4" 'BEGIN { t = 1 / r; printf "200 journeys in one run: %.1fx the throughput of a process each (target >= 4x) %s\n", t, (t >= 4 ? "ok" : "UNDER") }'

# --watch: a rebuild after a save, in the process that keeps its fonts
# loaded, against a cold run of the same map. Target: at most 30 %.
wd="$B/watch"; rm -rf "$wd"; mkdir -p "$wd"
cp -r examples/img "$wd/img"; cp examples/voyage-affaires.yaml "$wd/j.yaml"
case "$JMAP" in /*) WJ=$JMAP ;; *) WJ=$PWD/$JMAP ;; esac
(cd "$wd" && JMAP_WATCH_MAX_BUILDS=8 timeout 120 "$WJ" build --watch j.yaml -o j.pdf 2>log) &
wpid=$!
k=0
while [ $k -lt 7 ]; do
    sleep 0.5
    echo "# save $k" >>"$wd/j.yaml"
    k=$((k + 1))
done
wait $wpid || true
warm=$(sed -n 's/^jmap: built in \([0-9.]*\) ms.*/\1/p' "$wd/log" | tail -n +2 | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }')
set -- $("$B/measure" "$N" "$JMAP" build -q "$wd/j.yaml" -o "$wd/cold.pdf")
printf '%-38s %9s\n' "voyage-affaires, cold run" "$1"
printf '%-38s %9s\n' "voyage-affaires, rebuild in --watch" "$warm"
awk -v w="$warm" -v c="$1" 'BEGIN { r = c > 0 ? w / c : 1; printf "watch rebuild vs cold run: %.0f %% (target <= 30 %%) %s\n", 100 * r, (w > 0 && r <= 0.30 ? "ok" : "OVER") }'
