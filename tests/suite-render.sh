#!/bin/sh
# Rendering: every example to PDF, SVG and PNG (valid files, byte-identical
# across two runs), the PDF text layer holds the journey's texts, and the
# scene dumps of tests/golden/scene-*.yaml match their .scene files (the dump
# is measured with the fake measurer, so it does not depend on fonts).
. tests/lib.sh
T="$JMAP_TEST_TMP/render"
mkdir -p "$T"

for ex in examples/*.yaml; do
    [ -f "$ex" ] || continue
    b=$(basename "$ex" .yaml)
    for fmt in pdf svg png; do
        n="render-$b-$fmt"
        if ! "$JMAP" build -q "$ex" -o "$T/$b.1.$fmt" 2>"$T/err" ||
           ! "$JMAP" build -q "$ex" -o "$T/$b.2.$fmt" 2>>"$T/err"; then
            fail "$n" "build failed: $(head -c 300 "$T/err")"
            continue
        fi
        case $fmt in
        pdf) head -c 5 "$T/$b.1.pdf" | grep -q '^%PDF-' || { fail "$n" "not a PDF"; continue; } ;;
        svg) head -c 200 "$T/$b.1.svg" | grep -q '<?xml' && grep -q '</svg>' "$T/$b.1.svg" ||
                 { fail "$n" "not SVG"; continue; }
             # xmllint comes with scripts/install-deps.sh (libxml2-utils)
             xmllint --noout "$T/$b.1.svg" 2>/dev/null || { fail "$n" "SVG is not well-formed XML"; continue; } ;;
        png) [ "$(head -c 8 "$T/$b.1.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] ||
                 { fail "$n" "no PNG signature"; continue; } ;;
        esac
        if cmp -s "$T/$b.1.$fmt" "$T/$b.2.$fmt"; then pass "$n"; else fail "$n" "two runs differ"; fi
    done
done

# The PDF text layer: every stage, touchpoint, pain and opportunity text.
J=tests/golden/scene-fr.yaml
if command -v pdftotext >/dev/null 2>&1 && "$JMAP" build -q "$J" -o "$T/fr.pdf" 2>/dev/null; then
    pdftotext -layout "$T/fr.pdf" - 2>/dev/null | tr -s ' \n' ' ' >"$T/fr.txt"
    missing=""
    for s in "Réflexion" "Souscription" "Suivi" "Comparateur" "Signature" \
             "Prix peu transparents" "Délais de remboursement" "Simulateur public" \
             "Compare les garanties" "exaspérée" "Back-office"; do
        grep -q "$s" "$T/fr.txt" || missing="$missing [$s]"
    done
    if [ -z "$missing" ]; then pass "render-pdf-text"; else fail "render-pdf-text" "missing:$missing"; fi
    # PDF metadata; no creation date unless asked for (reproducible output)
    if grep -aq '/Creator (jmap ' "$T/fr.pdf" && ! grep -aq '/CreationDate' "$T/fr.pdf"; then
        pass "render-pdf-metadata"
    else
        fail "render-pdf-metadata" "creator missing or creation date present"
    fi
else
    fail "render-pdf-text" "cannot build $J or pdftotext missing"
fi

# Emoji in a PDF are images of at least 300 ppi at the size they print
# (cairo alone embeds colour bitmap glyphs at 72 ppi).
if command -v pdfimages >/dev/null 2>&1 && fc-list 2>/dev/null | grep -q "Noto Color Emoji"; then
    cat >"$T/emoji.yaml" <<'EOF'
jmap: 1
title: Fête 🎉
stages:
  - name: Étape 🚀
    touchpoints:
      - {name: Gâteau 🎂, emotion: 4, feeling: ravie 😀}
EOF
    if "$JMAP" build -q "$T/emoji.yaml" -o "$T/emoji.pdf" 2>"$T/err"; then
        pdfimages -list "$T/emoji.pdf" 2>/dev/null | awk 'NR > 2 && $3 == "image"' >"$T/emoji.list"
        n=$(wc -l <"$T/emoji.list")
        low=$(awk '$13 < 300 || $14 < 300' "$T/emoji.list" | wc -l)
        if [ "$n" -ge 4 ] && [ "$low" -eq 0 ]; then
            pass "render-emoji-sharp"
        else
            fail "render-emoji-sharp" "$n images, $low under 300 ppi: $(head -c 300 "$T/emoji.list")"
        fi
    else
        fail "render-emoji-sharp" "$(head -c 300 "$T/err")"
    fi
fi

# Fixed pages and scaled PNG still render.
for page in a4 a3 letter tabloid; do
    if "$JMAP" build -q examples/minimal.yaml --page "$page" -o "$T/p-$page.pdf" 2>"$T/err" &&
       head -c 5 "$T/p-$page.pdf" | grep -q '^%PDF-'; then
        pass "render-page-$page"
    else
        fail "render-page-$page" "$(head -c 300 "$T/err")"
    fi
done

# Golden scene dumps.
for y in tests/golden/scene-*.yaml; do
    [ -f "$y" ] || continue
    n=$(basename "$y" .yaml)
    exp="${y%.yaml}.scene"
    if "$JMAP" build -q "$y" -f scene -o - >"$T/$n.scene" 2>"$T/err" && cmp -s "$exp" "$T/$n.scene"; then
        pass "golden-$n"
    else
        fail "golden-$n" "$(diff "$exp" "$T/$n.scene" 2>&1 | head -c 600)"
    fi
done

# Every example has its pictures in the gallery (make demo draws them) and a
# section of docs/gallery.md that shows them.
for ex in examples/*.yaml; do
    b=$(basename "$ex" .yaml)
    if [ -f "docs/gallery/$b.png" ] && grep -q "^\`examples/$b.yaml\`" docs/gallery.md &&
       grep -q "(gallery/$b.png)" docs/gallery.md; then
        pass "gallery-$b"
    else
        fail "gallery-$b" "docs/gallery/$b.png or its section in docs/gallery.md is missing (make demo)"
    fi
done
finish
