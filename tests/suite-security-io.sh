#!/bin/sh
# Files from an untrusted journey or pull request: what jmap reads and
# writes. Inputs (journey, --theme, --data) must be regular files, read
# within the size limit, and with --safe inside the working folder. Every
# hostile case is bounded (5 s, 300 MB).
. tests/lib.sh
top=$(pwd)
JMAP=$(cd "$(dirname "$JMAP")" && pwd)/$(basename "$JMAP")
mkdir -p "$JMAP_TEST_TMP"
JMAP_TEST_TMP=$(cd "$JMAP_TEST_TMP" && pwd)
d="$JMAP_TEST_TMP/security-io"
rm -rf "$d"
mkdir -p "$d"
cp examples/minimal.yaml "$d/m.yaml"
cp examples/abonnement-cyclique.yaml examples/abonnement-cyclique.csv "$d/"
mkdir -p "$d/kit"
cp examples/kits/verdant.yaml examples/kits/verdant-logo.png "$d/kit/"
err() { cat "$JMAP_TEST_TMP/err"; }
# hidden files (temporaries, kept copies) in a folder
hidden() { ls -A "$1" | grep '^\.' ; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# ----------------------------------------- inputs that are not files (3)
n="$d/nonreg"
mkdir -p "$n/dir"
mkfifo "$n/fifo.yaml"
python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$n/sock.yaml" 2>/dev/null
for f in fifo.yaml sock.yaml; do
    [ -e "$n/$f" ] || continue
    bounded "check $f: refused" 3 "$JMAP" check "$n/$f"
    bounded "build $f: refused" 3 "$JMAP" build "$n/$f" -o "$n/x.svg"
    bounded "report $f: refused" 3 "$JMAP" report "$n/$f"
    bounded "list $f: refused" 3 "$JMAP" list personas "$n/$f"
done
bounded "check a FIFO: refused at once" 3 "$JMAP" check "$n/fifo.yaml"
grep -qF "cannot read '$n/fifo.yaml': it is a named pipe (FIFO), not a regular file" "$JMAP_TEST_TMP/err" &&
    pass "a FIFO is named in the error" || fail "a FIFO is named in the error" "$(err)"
bounded "--theme FIFO: refused" 3 "$JMAP" build "$d/m.yaml" --theme "$n/fifo.yaml" -o "$n/x.svg"
bounded "--data FIFO: refused" 3 "$JMAP" build "$d/abonnement-cyclique.yaml" --data "$n/fifo.yaml" -o "$n/x.svg"
bounded "--theme directory: refused" 3 "$JMAP" build "$d/m.yaml" --theme "$n/dir" -o "$n/x.svg"
bounded "--data character device: refused" 3 "$JMAP" build "$d/abonnement-cyclique.yaml" --data /dev/zero -o "$n/x.svg"
grep -qF "cannot read '/dev/zero': it is a character device, not a regular file" "$JMAP_TEST_TMP/err" &&
    pass "a device is named in the error" || fail "a device is named in the error" "$(err)"
ln -s fifo.yaml "$n/link-to-fifo.yaml"
bounded "a link to a FIFO: refused" 3 "$JMAP" check "$n/link-to-fifo.yaml"
[ ! -e "$n/x.svg" ] && pass "refused inputs write nothing" || fail "refused inputs write nothing" "x.svg exists"

# ------------------------------------------- endless inputs: /dev/zero (5)
z="$d/zero"
mkdir -p "$z"
ln -s /dev/zero "$z/zero.yaml"
ln -s /dev/zero "$z/zero.csv"
bounded "check /dev/zero" 3 "$JMAP" check /dev/zero
bounded "check a link to /dev/zero" 3 "$JMAP" check "$z/zero.yaml"
bounded "report a link to /dev/zero" 3 "$JMAP" report "$z/zero.yaml"
bounded "list a link to /dev/zero" 3 "$JMAP" list stages "$z/zero.yaml"
bounded "--theme /dev/zero" 3 "$JMAP" build "$d/m.yaml" --theme "$z/zero.yaml" -o "$z/x.svg"
bounded "--data /dev/zero" 3 "$JMAP" build "$d/abonnement-cyclique.yaml" --data "$z/zero.csv" -o "$z/x.svg"
bounded "--data /dev/urandom" 3 "$JMAP" build "$d/abonnement-cyclique.yaml" --data /dev/urandom -o "$z/x.svg"
# standard input is read up to the limit and one byte more, whatever it is
bounded "journey on stdin from /dev/zero" 1 sh -c 'exec "$0" check - </dev/zero' "$JMAP"
grep -q "<stdin>: error: file too large (8388609 bytes; the limit is 8388608 bytes)" "$JMAP_TEST_TMP/err" &&
    pass "stdin: read to the limit and one byte" || fail "stdin: read to the limit and one byte" "$(err)"
bounded "--theme on stdin from /dev/zero" 1 sh -c 'exec "$0" build "$1" --theme - -o "$2" </dev/zero' "$JMAP" "$d/m.yaml" "$z/x.svg"
bounded "--data on stdin from /dev/zero" 1 sh -c 'exec "$0" build "$1" --data - -o "$2" </dev/zero' "$JMAP" "$d/abonnement-cyclique.yaml" "$z/x.svg"
[ ! -e "$z/x.svg" ] && pass "endless inputs write nothing" || fail "endless inputs write nothing" "x.svg exists"

# --------------------------------------------------------------- --safe (7)
s="$d/safe"
mkdir -p "$s/outside" "$s/repo/sub" "$s/repo/img"
printf 'jmap: 1\ntitle: TOPSECRET-TITLE\nsecret-key: TOPSECRET-LINE\n' >"$s/outside/secret.yaml"
printf 'touchpoint,persona,score\nTOPSECRET-CSV,,3\n' >"$s/outside/secret.csv"
cp examples/img/logo-voyage.png "$s/outside/logo.png"
cp "$d/m.yaml" "$s/repo/ok.yaml"
cp "$d/abonnement-cyclique.yaml" "$d/abonnement-cyclique.csv" "$s/repo/"
cp "$d/kit/verdant.yaml" "$d/kit/verdant-logo.png" "$s/repo/"
ln -s ../outside/secret.yaml "$s/repo/j.yaml"
ln -s ../outside/secret.csv "$s/repo/survey.csv"
ln -s ../outside "$s/repo/linkdir"
ln -s "$s/repo/ok.yaml" "$s/outside/back.yaml"
ln -s ok.yaml "$s/repo/alias.yaml"
ln -s ../ok.yaml "$s/repo/sub/up.yaml"
printf 'jmap: 1\ntitle: T\ntheme: {logo: img/logo.png}\nstages: [{name: S}]\n' >"$s/repo/logo-link.yaml"
ln -s ../../outside/logo.png "$s/repo/img/logo.png"
cd "$s/repo" || exit 1
no_secret() { # NAME : stderr and stdout hold none of the secret's text
    if grep -q TOPSECRET "$JMAP_TEST_TMP/err" "$JMAP_TEST_TMP/out"; then fail "$1" "$(err)"; else pass "$1"; fi
}
bounded "without --safe: as before" 1 "$JMAP" check j.yaml
bounded "--safe: a link leaving the folder is refused" 3 "$JMAP" check --safe j.yaml
grep -qF "cannot read 'j.yaml': it leads outside the working folder, which --safe forbids" "$JMAP_TEST_TMP/err" &&
    pass "--safe: the refusal is explained" || fail "--safe: the refusal is explained" "$(err)"
no_secret "--safe: the secret is not quoted"
bounded "JMAP_SAFE=1 does the same" 3 env JMAP_SAFE=1 "$JMAP" check j.yaml
no_secret "JMAP_SAFE=1: the secret is not quoted"
bounded "JMAP_SAFE=0 is off" 1 env JMAP_SAFE=0 "$JMAP" check j.yaml
bounded "--safe: build refuses it" 3 "$JMAP" build --safe j.yaml -o x.svg
bounded "--safe: report refuses it" 3 "$JMAP" report --safe j.yaml
bounded "--safe: list refuses it" 3 "$JMAP" list --safe stages j.yaml
no_secret "--safe list: the secret is not quoted"
bounded "--safe: '..' leaving the folder" 3 "$JMAP" check --safe ../outside/secret.yaml
bounded "--safe: an absolute path outside" 3 "$JMAP" check --safe "$s/outside/secret.yaml"
bounded "--safe: a linked folder leading outside" 3 "$JMAP" check --safe linkdir/secret.yaml
bounded "--safe: a file inside, reached through a folder outside" 3 "$JMAP" check --safe linkdir/back.yaml
bounded "--safe: --data through a link outside" 3 "$JMAP" build --safe abonnement-cyclique.yaml --data survey.csv -o x.svg
no_secret "--safe --data: the secret is not quoted"
bounded "--safe: --theme through a link outside" 3 "$JMAP" build --safe ok.yaml --theme j.yaml -o x.svg
no_secret "--safe --theme: the secret is not quoted"
[ ! -e x.svg ] && pass "--safe refusals write nothing" || fail "--safe refusals write nothing" "x.svg exists"
bounded "--safe: files inside are read" 0 "$JMAP" check --safe ok.yaml ./ok.yaml sub/../ok.yaml "$s/repo/ok.yaml" alias.yaml sub/up.yaml
bounded "--safe: a build inside works" 0 "$JMAP" build --safe ok.yaml -f json -o x.json
bounded "--safe: --theme and --data inside" 0 "$JMAP" build --safe abonnement-cyclique.yaml --data abonnement-cyclique.csv --theme verdant.yaml -o x.svg
bounded "--safe: standard input is read" 0 sh -c 'exec "$0" check --safe - <ok.yaml' "$JMAP"
# images: the loader keeps them in the journey's folder, links included
bounded "--safe: an image linked outside is refused" 1 "$JMAP" build --safe logo-link.yaml -o x.svg
grep -q "logo-link.yaml:3:.*image path must stay inside the journey's folder" "$JMAP_TEST_TMP/err" &&
    pass "an image linked outside: explained at its line" || fail "an image linked outside: explained at its line" "$(err)"
cd "$top" || exit 1
finish
