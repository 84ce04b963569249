#!/bin/sh
# jmap build doc.md -o out.md: every ```jmap fence and every image of a
# journey file becomes a map beside out.md, the links are rewritten, a
# fence's source stays in a <details> block; diagnostics point into the
# document's lines; a failed document writes nothing.
. tests/lib.sh
d="$JMAP_TEST_TMP/markdown"
rm -rf "$d"; mkdir -p "$d/out" "$d/journeys"
cp examples/minimal.yaml "$d/journeys/minimal.yaml"
cat >"$d/doc.md" <<'MD'
# Research

The first journey, inline:

```jmap
jmap: 1
title: Achat d'un billet
locale: fr
stages:
  - name: Recherche
    touchpoints:
      - {name: Comparateur, channel: web, emotion: 3}
  - name: Voyage
    touchpoints:
      - {name: Embarquement, channel: store, emotion: 4}
```

The second, from its file: ![Minimal map](journeys/minimal.yaml)

A third, inline again:

~~~jmap
jmap: 1
title: Second fence
stages:
  - name: Discover
    touchpoints:
      - {name: Landing page, channel: web, emotion: 4}
~~~

Shown as code, not drawn: `![x](journeys/minimal.yaml)`

````markdown
```jmap
jmap: 1
```
````
MD
expect_exit "a document with three journeys (two fences) builds" 0 "$JMAP" build "$d/doc.md" -o "$d/out/doc.md"
for f in doc-1.svg doc-2.svg doc-3.svg doc.md; do
    [ -s "$d/out/$f" ] && pass "wrote out/$f" || fail "wrote out/$f" "$(ls "$d/out")"
done
[ "$(ls "$d/out" | wc -l)" -eq 4 ] && pass "nothing else written" || fail "nothing else written" "$(ls "$d/out")"
grep -qx "!\[Achat d'un billet\](doc-1.svg)" "$d/out/doc.md" && pass "the fence became a link to its map" ||
    fail "fence link" "$(cat "$d/out/doc.md")"
grep -q "The second, from its file: !\[Minimal map\](doc-2.svg)" "$d/out/doc.md" &&
    pass "the journey image points at its map" || fail "image link" "$(cat "$d/out/doc.md")"
grep -q '^<summary>Source du parcours</summary>$' "$d/out/doc.md" && grep -q '^```yaml$' "$d/out/doc.md" &&
    grep -q '^      - {name: Comparateur, channel: web, emotion: 3}$' "$d/out/doc.md" &&
    pass "the fence's source stays in a details block" || fail "details block" "$(cat "$d/out/doc.md")"
grep -q '`!\[x\](journeys/minimal.yaml)`' "$d/out/doc.md" && pass "code spans are left alone" || fail "code span" "changed"
grep -q '^```jmap$' "$d/out/doc.md" && pass "a fence inside another fence is left alone" || fail "nested fence" "changed"
grep -q 'Embarquement' "$d/out/doc-1.svg" && pass "the map of the fence is its journey" ||
    fail "the map of the fence is its journey" "no 'Embarquement' in doc-1.svg"
# a rebuild of the output changes nothing and draws nothing
expect_exit "the output document builds again" 0 "$JMAP" build -q "$d/out/doc.md" -o "$d/out/again.md"
cmp -s "$d/out/doc.md" "$d/out/again.md" && pass "the output holds no journey left to draw" || fail "rebuild" "differs"

# PNG maps
mkdir -p "$d/png"
expect_exit "-f png" 0 "$JMAP" build "$d/doc.md" -f png -o "$d/png/doc.md"
[ "$(head -c 4 "$d/png/doc-1.png" | od -An -c | tr -d ' ')" = '211PNG' ] && pass "PNG maps" || fail "PNG maps" "not PNG"
grep -q '(doc-2.png)' "$d/png/doc.md" && grep -qx '!\[Second fence\](doc-3.png)' "$d/png/doc.md" && pass "PNG links" || fail "PNG links" "$(cat "$d/png/doc.md")"

# errors point into the document; nothing is written
printf '# T\n\nIntro\n\n```jmap\njmap: 1\ntitle: X\nstages:\n  - name: A\n    touchpoints:\n      - {name: T, emotion: 9}\n```\n\n![x](nowhere.yaml)\n' >"$d/bad.md"
mkdir -p "$d/bad"
expect_exit "an invalid fence fails the document" 1 "$JMAP" build "$d/bad.md" -o "$d/bad/bad.md"
grep -q "bad.md:11:28: error: emotion 9 is outside the scale" "$JMAP_TEST_TMP/err" &&
    pass "a fence's diagnostic gives the document's line and column" || fail "fence diagnostic" "$(cat "$JMAP_TEST_TMP/err")"
grep -q "bad.md:14:6: error: no journey file 'nowhere.yaml'" "$JMAP_TEST_TMP/err" &&
    pass "a missing journey file is pointed at" || fail "missing file diagnostic" "$(cat "$JMAP_TEST_TMP/err")"
[ -z "$(ls "$d/bad")" ] && pass "a failed document writes nothing" || fail "a failed document writes nothing" "$(ls "$d/bad")"
echo "keep" >"$d/bad/bad.md"
"$JMAP" build "$d/bad.md" -o "$d/bad/bad.md" 2>/dev/null
[ "$(cat "$d/bad/bad.md")" = keep ] && pass "a failed document keeps the previous output" || fail "previous output kept" "replaced"

# usage
expect_exit "a document needs -o" 2 "$JMAP" build "$d/doc.md"
expect_exit "-o must be Markdown" 2 "$JMAP" build "$d/doc.md" -o "$d/out/x.pdf"
expect_exit "maps of a document are images" 2 "$JMAP" build "$d/doc.md" -f pdf -o "$d/out/y.md"
expect_exit "-o the document itself is refused" 2 "$JMAP" build "$d/doc.md" -o "$d/doc.md"
expect_exit "per-journey options are refused" 2 "$JMAP" build "$d/doc.md" -p x -o "$d/out/z.md"
# an unclosed fence runs to the end, with a warning
printf '```jmap\njmap: 1\ntitle: U\nstages:\n  - name: A\n    touchpoints:\n      - {name: T, emotion: 3}\n' >"$d/open.md"
expect_exit "an unclosed fence still builds" 0 "$JMAP" build "$d/open.md" -o "$d/out/open.md"
grep -q "open.md:1:1: warning: this \`\`\`jmap fence is not closed" "$JMAP_TEST_TMP/err" &&
    pass "an unclosed fence is pointed at" || fail "unclosed fence warning" "$(cat "$JMAP_TEST_TMP/err")"
finish
