#!/bin/sh
# Files from an untrusted journey or pull request: what jmap reads and
# writes. Inputs (journey, --theme, --data) must be regular files, read
# within the size limit. Every hostile case is bounded (5 s, 300 MB).
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
finish
