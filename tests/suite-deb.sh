#!/bin/sh
# The Debian package (make deb): it holds what `make install` installs, its
# dependencies are real packages, it installs with dpkg into a clean folder
# tree, and the jmap it installs runs from there: --version, a build, the
# installed schema in the modeline of `jmap init`. As root, apt accepts it.
. tests/lib.sh
d="$JMAP_TEST_TMP/deb"
rm -rf "$d"; mkdir -p "$d"
case "${BUILD:-build}" in
    *asan*) pass "deb: built by the plain run (not under sanitizers)"; finish ;;
esac

if make --no-print-directory deb >"$d/make.log" 2>&1; then
    pass "make deb"
else
    fail "make deb" "$(tail -n 5 "$d/make.log")"; finish
fi
deb=$(ls build/jmap_*_*.deb 2>/dev/null | head -n 1)
[ -f "$deb" ] && pass "the package is build/jmap_VERSION_ARCH.deb" || { fail "package file" "none"; finish; }

dpkg-deb -I "$deb" >"$d/info" 2>&1 && pass "dpkg-deb reads the control file" || fail "dpkg-deb -I" "$(head -c 300 "$d/info")"
version=$("$JMAP" --version | awk '{print $2}')
grep -q "^ Version: $version\$" "$d/info" && pass "package version is jmap's ($version)" ||
    fail "package version" "$(grep Version "$d/info")"
deps=$(sed -n 's/^ Depends: //p' "$d/info")
for p in libyaml-0-2 libcairo2 libpango-1.0-0 libglib2.0-0 libsoup-3.0-0; do
    case "$deps" in *"$p "*) pass "depends on $p" ;; *) fail "depends on $p" "$deps" ;; esac
done
# every dependency named is a package this system knows
bad=""
for p in $(echo "$deps" | tr ',' '\n' | sed 's/(.*//; s/|.*//' | tr -d ' '); do
    apt-cache show "$p" >/dev/null 2>&1 || dpkg-query -W "$p" >/dev/null 2>&1 || bad="$bad $p"
done
[ -z "$bad" ] && pass "every dependency is a Debian package" || fail "every dependency is a Debian package" "$bad"

dpkg-deb -c "$deb" | awk '{print $6}' >"$d/files"
for f in ./usr/bin/jmap ./usr/bin/jmap-serve ./usr/share/jmap/journey.schema.json ./usr/share/man/man1/jmap.1.gz \
    ./usr/share/bash-completion/completions/jmap ./usr/share/zsh/site-functions/_jmap \
    ./usr/share/doc/jmap/copyright ./usr/share/locale/fr/LC_MESSAGES/jmap.mo; do
    grep -qx "$f" "$d/files" && pass "package holds $f" || fail "package holds $f" "missing"
done

# a clean folder tree with a dpkg database of its own
root="$d/root"
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
: >"$root/var/lib/dpkg/status"
if dpkg --root="$root" --force-not-root --force-depends --force-bad-path --log=/dev/null \
    -i "$deb" >"$d/dpkg.log" 2>&1; then
    pass "dpkg installs it into a clean folder tree"
else
    fail "dpkg installs it into a clean folder tree" "$(tail -n 3 "$d/dpkg.log")"; finish
fi
dpkg --root="$root" -s jmap 2>/dev/null | grep -q '^Status: install ok installed' &&
    pass "dpkg records it as installed" || fail "dpkg records it as installed" "status"
j="$(cd "$root" && pwd -P)/usr/bin/jmap"
"$j" --version >"$d/v" 2>&1 && grep -q "^jmap $version" "$d/v" && pass "installed jmap --version" ||
    fail "installed jmap --version" "$(cat "$d/v")"
if "$j" build -q examples/minimal.yaml -o "$d/m.pdf" 2>"$d/b.err" && head -c 5 "$d/m.pdf" | grep -q '%PDF-'; then
    pass "installed jmap builds a map"
else
    fail "installed jmap builds a map" "$(head -c 300 "$d/b.err")"
fi
LANGUAGE=fr LANG=C.UTF-8 LC_ALL= "$j" check examples/minimal.yaml --nope >"$d/fr.out" 2>&1
if grep -q "Essayez" "$d/fr.out"; then pass "installed jmap speaks French"
else fail "installed jmap speaks French" "$(head -n 2 "$d/fr.out")"; fi
out=$(mktemp -d)
(cd "$out" && "$j" init j.yaml 2>/dev/null)
schema=$(head -n 1 "$out/j.yaml" | sed 's/.*\$schema=//')
[ -f "$schema" ] && case "$schema" in "$(cd "$root" && pwd -P)"/usr/share/jmap/journey.schema.json) true ;; *) false ;; esac &&
    pass "installed jmap init points at the installed schema" ||
    fail "installed jmap init points at the installed schema" "$schema"
rm -rf "$out"

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    if apt-get install -s "./$deb" >"$d/apt.log" 2>&1 && grep -q '^Inst jmap\|^Conf jmap\|jmap is already' "$d/apt.log"; then
        pass "apt install ./jmap_*.deb resolves (simulated)"
    else
        fail "apt install ./jmap_*.deb resolves (simulated)" "$(tail -n 3 "$d/apt.log")"
    fi
fi
finish
