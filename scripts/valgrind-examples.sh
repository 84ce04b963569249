#!/bin/sh
# Runs jmap under valgrind (memcheck) over every example: check, build to
# PDF, SVG, PNG and PPTX, the JSON report and, when it has personas, the PDF
# book with the analysis page; then the PDF and the deck of the every-key
# journey of the golden tests, with its analysis page. Any memory error or definite leak fails the
# run (exit 1); "still reachable" memory of the font stack's caches is not a
# leak, and tests/valgrind.supp names the few allocations fontconfig, Pango,
# GLib and cairo lose on their own that valgrind would otherwise report.
# Usage: sh scripts/valgrind-examples.sh [JMAP]   (called by `make valgrind`)
set -u
cd "$(dirname "$0")/.."
jmap=${1:-build/jmap}
case $jmap in /*) ;; *) jmap=$PWD/$jmap ;; esac
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind-examples: valgrind is not installed (make deps)" >&2
    exit 1
fi
out=${TMPDIR:-/tmp}/jmap-valgrind.$$
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT INT TERM

failed=0
runs=0
# vg NAME ARGS... : jmap ARGS under memcheck; exit 0 or 1 of jmap is fine
# (a warning-free example exits 0), 99 is valgrind's report of an error.
vg() {
    _n=$1; shift
    runs=$((runs + 1))
    valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
        --show-leak-kinds=definite --num-callers=40 --track-origins=yes \
        --suppressions=tests/valgrind.supp --log-file="$out/vg.log" \
        "$jmap" "$@" >"$out/stdout" 2>"$out/stderr"
    _rc=$?
    if [ "$_rc" -eq 0 ] && [ ! -s "$out/vg.log" ]; then
        echo "PASS valgrind $_n"
    else
        failed=$((failed + 1))
        echo "FAIL valgrind $_n: exit $_rc"
        cat "$out/vg.log" "$out/stderr" | head -n 80
    fi
}

for f in examples/*.yaml; do
    name=$(basename "$f" .yaml)
    vg "check $name" check "$f"
    for ext in pdf svg png pptx; do
        vg "build $name.$ext" build "$f" -o "$out/$name.$ext"
    done
    vg "report $name" report -f json "$f"
    # A book: several pages, an outline, named destinations, the analysis page.
    if [ -n "$("$jmap" list personas "$f" 2>/dev/null)" ]; then
        vg "book $name" build "$f" --each-persona --report-page -o "$out/$name-book.pdf"
    fi
done
# Every key of the format, a linked touchpoint, photos and CJK text, which
# needs a fallback font that is embedded as a CID-keyed CFF subset.
vg "build model-full.pdf" build tests/golden/model-full.yaml --report-page -o "$out/model-full.pdf"
vg "build model-full.pptx" build tests/golden/model-full.yaml --each-persona --report-page -o "$out/model-full.pptx"
echo "valgrind: $runs runs, $failed failed"
[ "$failed" -eq 0 ]
