#!/bin/sh
# Builds the seed corpora of the fuzz harnesses from the files the test suite
# already has: OUTDIR/corpus-load and OUTDIR/corpus-pipeline get every journey
# (examples, golden and hostile inputs, survey journeys, regressions),
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
         tests/regress/*.yaml; do
    [ -f "$f" ] || continue
    seed "$out/corpus-load" "$f"
    seed "$out/corpus-pipeline" "$f"
done
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
