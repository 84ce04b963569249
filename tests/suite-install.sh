#!/bin/sh
# make install honours DESTDIR and PREFIX and lays out the binary, the man
# page, the JSON Schema and the shell completions; make uninstall removes them.
. tests/lib.sh
d="$JMAP_TEST_TMP/install"
rm -rf "$d"
if make --no-print-directory install DESTDIR="$d" PREFIX=/usr >"$JMAP_TEST_TMP/install.log" 2>&1; then
    pass "make install DESTDIR PREFIX"
else
    fail "make install DESTDIR PREFIX" "$(tail -5 "$JMAP_TEST_TMP/install.log")"
fi
for f in usr/bin/jmap usr/share/man/man1/jmap.1 usr/share/jmap/journey.schema.json \
         usr/share/bash-completion/completions/jmap usr/share/zsh/site-functions/_jmap \
         usr/share/locale/fr/LC_MESSAGES/jmap.mo; do
    [ -f "$d/$f" ] && pass "installed $f" || fail "installed $f" "missing"
done
[ -x "$d/usr/bin/jmap" ] && "$d/usr/bin/jmap" --version | grep -q '^jmap ' && pass "installed binary runs" || fail "installed binary runs" "no version"
# the installed binary finds its catalog beside it (BINDIR/../share/locale)
if [ -x "$d/usr/bin/jmap" ] && LANGUAGE=fr LANG=C.UTF-8 LC_ALL= "$d/usr/bin/jmap" frob 2>&1 | grep -q "commande inconnue"; then
    pass "installed binary speaks French"
else fail "installed binary speaks French" "$(LANGUAGE=fr LANG=C.UTF-8 LC_ALL= "$d/usr/bin/jmap" frob 2>&1 | head -n 1)"; fi
[ -z "$(find "$d" -path "$d/usr" -prune -o -print | grep -v "^$d\$")" ] && pass "nothing outside PREFIX" || fail "nothing outside PREFIX" "$(find "$d" -maxdepth 1)"
make --no-print-directory uninstall DESTDIR="$d" PREFIX=/usr >>"$JMAP_TEST_TMP/install.log" 2>&1
[ -z "$(find "$d" -type f)" ] && pass "make uninstall removes every file" || fail "make uninstall" "$(find "$d" -type f)"

# a user's CFLAGS replace the optimisation defaults only; CC is honoured
line=$(make --no-print-directory -n -B BUILD="$JMAP_TEST_TMP/flags" CC=my-cc CFLAGS=-O0 \
       "$JMAP_TEST_TMP/flags/src/arena.o" 2>/dev/null | grep 'arena.c')
case "$line" in
    my-cc*) pass "CC is honoured" ;;
    *) fail "CC is honoured" "$line" ;;
esac
echo "$line" | grep -q -- '-O0' && ! echo "$line" | grep -q -- '-O2' && pass "CFLAGS replace -O2 -g" || fail "CFLAGS replace -O2 -g" "$line"
echo "$line" | grep -q -- '-Werror' && echo "$line" | grep -q -- "$(pkg-config --cflags-only-I glib-2.0 | cut -d' ' -f1)" &&
    pass "warnings and pkg-config flags stay" || fail "warnings and pkg-config flags stay" "$line"
finish
