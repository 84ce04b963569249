#!/bin/sh
# Builds the fuzz harnesses against a libjmap compiled with the same
# sanitizers (libFuzzer + ASan + UBSan, clang), builds the seed corpora, then
# runs each harness SECONDS seconds and prints its executions and coverage.
# Usage: sh fuzz/run.sh [SECONDS] [HARNESS...]   (default 60; load pipeline csv theme)
# Called by `make fuzz FUZZ_SECONDS=N`. A crash leaves crash-*/leak-*/timeout-*
# /oom-* files in build/fuzz/artifacts and makes this script exit 1.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-60}
[ $# -gt 0 ] && shift
harnesses=${*:-load pipeline csv theme}
out=build/fuzz
make=${MAKE:-make}
pkgs="yaml-0.1 cairo pangocairo pangoft2 fontconfig glib-2.0 gio-2.0 harfbuzz-subset libzip libpng zlib"
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"

$make --no-print-directory BUILD=$out CC=clang \
    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $san" $out/libjmap.a
for h in $harnesses; do
    # shellcheck disable=SC2046
    clang -std=c11 -Wall -Wextra -Werror -Wmissing-prototypes -O1 -g \
        -fsanitize=fuzzer $san -Iinclude -Isrc $(pkg-config --cflags $pkgs) \
        "fuzz/fuzz_$h.c" $out/libjmap.a $(pkg-config --libs $pkgs) -lm -o "$out/fuzz_$h"
done
sh fuzz/build-corpus.sh $out >/dev/null
mkdir -p $out/artifacts

status=0
summary=""
for h in $harnesses; do
    log=$out/fuzz_$h.log
    echo "fuzz_$h: running ${seconds}s"
    # Leaks inside fontconfig's one-time caches are not ours (tests/lsan.supp);
    # fuzz/fonts.conf leaves out the fonts cairo leaks on when it embeds them.
    if FONTCONFIG_FILE=$PWD/fuzz/fonts.conf \
       LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0 \
       UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
       "$out/fuzz_$h" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
           -rss_limit_mb=2048 -dict=fuzz/yaml.dict -print_final_stats=1 \
           -artifact_prefix=$out/artifacts/"$h"- "$out/corpus-$h" >"$log" 2>&1; then
        result=ok
    else
        result="FAILED (see $log)"
        status=1
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    cov=$(printf '%s\n' "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(printf '%s\n' "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    corp=$(printf '%s\n' "$last" | sed -n 's/.*corp: \([0-9]*\).*/\1/p')
    line="fuzz_$h: ${execs:-?} executions, cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?}: $result"
    summary="$summary$line
"
done
echo
printf '%s' "$summary"
exit $status
