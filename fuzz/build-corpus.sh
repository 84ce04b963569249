#!/bin/sh
# Builds the seed corpora of the fuzz harnesses from the files the test suite
# already has: OUTDIR/corpus-load and OUTDIR/corpus-pipeline get every journey
# (examples, golden and hostile inputs, survey journeys, regressions, and
# fuzz/seeds: links and image paths; the pipeline's also PNG headers),
# OUTDIR/corpus-csv every survey CSV, OUTDIR/corpus-theme every theme kit and
# journey with a theme. Corpora are not committed; a fuzzer run
# adds its finds to them, and seeds already there are kept.
# Usage: sh fuzz/build-corpus.sh [OUTDIR]   (default build/fuzz)
set -eu
cd "$(dirname "$0")/.."
out=${1:-build/fuzz}
mkdir -p "$out/corpus-load" "$out/corpus-pipeline" "$out/corpus-csv" "$out/corpus-theme"

# Seeds are named after their origin so a corpus listing says where each came from.
seed() { # seed DIR FILE
    name=$(printf '%s' "$2" | tr '/' '_')
    [ -f "$1/$name" ] || cp "$2" "$1/$name"
}

for f in examples/*.yaml tests/golden/*.yaml tests/hostile/* tests/survey/*.yaml \
         tests/regress/*.yaml fuzz/seeds/*; do
    [ -f "$f" ] || continue
    seed "$out/corpus-load" "$f"
    seed "$out/corpus-pipeline" "$f"
done
# PNG headers (signature and IHDR) for the pipeline harness's header check:
# 1 x 1, 8192 x 4096 (the limit), 20000 x 20000.
png_head() { # FILE WIDTH-BYTES HEIGHT-BYTES (octal escapes)
    [ -f "$1" ] || printf "\211PNG\r\n\032\n\000\000\000\015IHDR$2$3\010\002\000\000\000\000\000\000\000" >"$1"
}
png_head "$out/corpus-pipeline/png-head-1x1" '\000\000\000\001' '\000\000\000\001'
png_head "$out/corpus-pipeline/png-head-8192x4096" '\000\000\040\000' '\000\000\020\000'
png_head "$out/corpus-pipeline/png-head-20000x20000" '\000\000\116\040' '\000\000\116\040'
for f in tests/survey/*.csv tests/regress/*.csv; do
    [ -f "$f" ] || continue
    seed "$out/corpus-csv" "$f"
done
for f in examples/kits/*.yaml $(grep -l '^theme:' examples/*.yaml tests/golden/*.yaml tests/schema-bad/*.yaml); do
    [ -f "$f" ] || continue
    seed "$out/corpus-theme" "$f"
done
for c in load pipeline csv theme; do
    echo "corpus-$c: $(ls "$out/corpus-$c" | wc -l) files"
done
