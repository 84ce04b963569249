#!/bin/sh
# PNG output (src/render/png.c): every file is a well-formed 8-bit RGB PNG
# (tests/png_info.py decodes it with Python's zlib, checksums and row
# lengths checked), its size in pixels is the map's size in points times
# --scale (or --dpi / 72), its pHYs chunk says that resolution, and the bytes
# do not change from one run to the next. That the pixels are exactly those
# cairo drew is tests/unit/test_png.c's job.
. tests/lib.sh
d="$JMAP_TEST_TMP/png"
rm -rf "$d"; mkdir -p "$d"
ex=examples/minimal.yaml

# the map's size in points, from its PDF (one page of the map's size)
"$JMAP" build -q "$ex" -o "$d/m.pdf" || fail "minimal PDF" "build failed"
set -- $(pdfinfo "$d/m.pdf" | awk '/^Page size:/ {print $3, $5}')
pw=${1:-0}; ph=${2:-0}

# png_check NAME FILE SCALE: decodes, size ceil(pt * scale), pHYs of scale * 72 ppi
png_check() {
    info=$(python3 tests/png_info.py "$2" 2>&1) || { fail "$1" "$info"; return; }
    set -- "$1" "$3" $info
    want=$(awk -v w="$pw" -v h="$ph" -v s="$2" 'function ceil(x) { return x == int(x) ? x : int(x) + 1 }
        BEGIN { printf "%d %d %d %d 1", ceil(w * s), ceil(h * s), int(s * 72 / 0.0254 + 0.5), int(s * 72 / 0.0254 + 0.5) }')
    got="$3 $4 $5 $6 $7"
    [ "$got" = "$want" ] && pass "$1 ($3x$4 px, $5 px/m)" || fail "$1" "got $got, expected $want ($8)"
}

"$JMAP" build -q "$ex" -o "$d/s2.png" && png_check "png default scale: 2 px a point" "$d/s2.png" 2
for s in 1 0.5 3.3; do
    "$JMAP" build -q "$ex" --scale "$s" -o "$d/s$s.png" && png_check "png --scale $s" "$d/s$s.png" "$s"
done
for dpi in 300 96; do
    "$JMAP" build -q "$ex" --dpi "$dpi" -o "$d/dpi$dpi.png" &&
        png_check "png --dpi $dpi" "$d/dpi$dpi.png" "$(awk -v d="$dpi" 'BEGIN { print d / 72 }')"
done
"$JMAP" build -q "$ex" --dpi 72 -o "$d/dpi72.png"
cmp -s "$d/dpi72.png" "$d/s1.png" && pass "png --dpi 72 is --scale 1" || fail "png --dpi 72 is --scale 1" "bytes differ"
"$JMAP" build -q "$ex" --dpi 300 -o "$d/dpi300b.png"
cmp -s "$d/dpi300.png" "$d/dpi300b.png" && pass "png --dpi 300 twice: same bytes" || fail "png --dpi 300 twice" "bytes differ"

# every example decodes; no time stamp or text chunk
ok=0; n=0; bad=""
for y in examples/*.yaml; do
    b=$(basename "$y" .yaml)
    n=$((n + 1))
    if "$JMAP" build -q "$y" -o "$d/ex-$b.png" 2>"$d/err" && info=$(python3 tests/png_info.py "$d/ex-$b.png"); then
        case $info in
        *" IHDR,pHYs,IDAT,IEND") ok=$((ok + 1)) ;;
        *) bad="$bad $b: $info;" ;;
        esac
    else
        bad="$bad $b: $(head -c 200 "$d/err") $info;"
    fi
done
[ "$ok" -eq "$n" ] && pass "png of every example decodes, chunks IHDR pHYs IDAT IEND ($n maps)" || fail "png of every example" "$bad"

# a map scaled down to fit 32,767 px: pHYs says the resolution it got
# (the map is about 29,000 pt wide: at --scale 0.5, half as many pixels)
sh bench/gen-journey.sh 240 1 >"$d/wide.yaml"
"$JMAP" build -q "$d/wide.yaml" -o "$d/wide.png" && "$JMAP" build -q "$d/wide.yaml" --scale 0.5 -o "$d/half.png"
info=$(python3 tests/png_info.py "$d/wide.png" "$d/half.png" 2>&1)
set -- $info
# pixels per metre of a map 2 x $7 points wide drawn $1 pixels wide
awk -v px="$1" -v ppm="$3" -v pt="$(($7 * 2))" 'BEGIN { want = px / pt * 72 / 0.0254; exit !(px == 32767 && ppm > want * 0.995 && ppm < want * 1.005) }' &&
    pass "png scaled down to 32767 px: pHYs of its scale ($3 px/m)" || fail "png scaled down: pHYs" "$info"
finish
