#!/bin/sh
# Files from an untrusted journey or pull request: what jmap reads and
# writes. Inputs (journey, --theme, --data) must be regular files, read
# within the size limit, and with --safe inside the working folder; outputs
# never replace a device, a pipe or a socket, never go outside -o's folder
# with --each-persona, and leave no hidden temporary when a signal or a
# file-size limit stops the write. Every hostile case is bounded (5 s,
# 300 MB).
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

# ------------------------------------------------ {persona} in -o (1b)
p="$d/persona"
mkdir -p "$p/out/inner"
hostile_ids() { # ID (YAML scalar) : a journey whose first persona has that id
    printf 'jmap: 1\ntitle: T\npersonas:\n  - id: %s\n    name: A\n  - name: B\nstages:\n  - name: S\n    touchpoints: [{name: T, channel: web, emotion: 3}]\n' "$1"
}
hostile_ids '../../escaped-dotdot' >"$p/dotdot.yaml"
bounded "persona id ../../x: refused" 1 "$JMAP" build "$p/dotdot.yaml" --each-persona -o "$p/out/inner/{persona}.svg"
[ ! -e "$p/escaped-dotdot.svg" ] && [ ! -e "$d/escaped-dotdot.svg" ] && [ -z "$(ls -A "$p/out/inner")" ] &&
    pass "persona id ../../x: no file written" || fail "persona id ../../x: no file written" "$(ls -A "$p" "$p/out/inner")"
hostile_ids "$p/escaped-abs" >"$p/abs.yaml"
cd "$p/out/inner" || exit 1
bounded "persona id /abs/path: refused" 1 "$JMAP" build "$p/abs.yaml" --each-persona -o "{persona}.svg"
cd "$top" || exit 1
[ ! -e "$p/escaped-abs.svg" ] && [ -z "$(ls -A "$p/out/inner")" ] &&
    pass "persona id /abs/path: no file written" || fail "persona id /abs/path: no file written" "$(ls -A "$p" "$p/out/inner")"
hostile_ids '"tab\there"' >"$p/ctrl.yaml"
bounded "persona id with a control character: refused" 1 "$JMAP" build "$p/ctrl.yaml" --each-persona -o "$p/out/inner/{persona}.svg"
[ -z "$(ls -A "$p/out/inner")" ] && pass "control character: no file written" || fail "control character: no file written" "$(ls -A "$p/out/inner")"
if grep -q "$(printf '\t')" "$JMAP_TEST_TMP/err"; then fail "control character not echoed" "raw TAB in stderr"; else pass "control character not echoed"; fi
hostile_ids '".."' >"$p/dots.yaml"
bounded "persona id ..: refused" 1 "$JMAP" build "$p/dots.yaml" --each-persona -f svg -o "$p/out/inner/.{persona}"
[ -z "$(ls -A "$p/out/inner")" ] && pass "persona id ..: no file written" || fail "persona id ..: no file written" "$(ls -A "$p/out" "$p/out/inner")"
# {persona} may not pick the folder, even with a harmless id
hostile_ids 'inner' >"$p/folder.yaml"
bounded "{persona} in the folder of -o: usage error" 2 "$JMAP" build "$p/folder.yaml" --each-persona -o "$p/out/{persona}/map.svg"
grep -q "{persona} must be in the file name" "$JMAP_TEST_TMP/err" && pass "{persona} in the folder: explained" || fail "{persona} in the folder: explained" "$(err)"
[ -z "$(ls -A "$p/out/inner")" ] && pass "{persona} in the folder: no file written" || fail "{persona} in the folder: no file written" "$(ls -A "$p/out/inner")"
bounded "plain persona ids still build" 0 "$JMAP" build "$p/folder.yaml" --each-persona -o "$p/out/inner/map-{persona}.svg"
[ "$(ls -A "$p/out/inner" | tr '\n' ' ')" = "map-b.svg map-inner.svg " ] && pass "plain ids: one file each" || fail "plain ids: one file each" "$(ls -A "$p/out/inner")"

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

# ---------------------------------------------- outputs that are not files (8)
o="$d/out"
mkdir -p "$o"
printf 'previous\n' >"$o/secret.txt"
# A device node of our own: the test never writes to the system's /dev/null
if is_root && mknod "$o/null" c 1 3 2>/dev/null; then
    bounded "-o a character device: written in place" 0 "$JMAP" build "$d/m.yaml" -f svg -o "$o/null"
    [ -c "$o/null" ] && pass "-o a character device: still a device" || fail "-o a character device: still a device" "$(ls -l "$o/null")"
    bounded "-o a character device (JSON)" 0 "$JMAP" build "$d/m.yaml" -f json -o "$o/null"
    [ -c "$o/null" ] && pass "-o a character device (JSON): still a device" || fail "-o a character device (JSON): still a device" "$(ls -l "$o/null")"
    ln -s null "$o/link-null.svg"
    bounded "-o a link to a device: refused" 3 "$JMAP" build "$d/m.yaml" -o "$o/link-null.svg"
    [ -L "$o/link-null.svg" ] && [ -c "$o/null" ] && pass "-o a link to a device: link and device kept" ||
        fail "-o a link to a device: link and device kept" "$(ls -l "$o")"
    bounded "init onto a device: refused" 3 "$JMAP" init "$o/null"
    [ -c "$o/null" ] && pass "init onto a device: still a device" || fail "init onto a device: still a device" "$(ls -l "$o/null")"
    mknod "$o/blk.svg" b 7 0 2>/dev/null && {
        bounded "-o a block device: refused" 3 "$JMAP" build "$d/m.yaml" -o "$o/blk.svg"
        [ -b "$o/blk.svg" ] && pass "-o a block device: kept" || fail "-o a block device: kept" "$(ls -l "$o/blk.svg")"
    }
else
    pass "-o a character device (skipped: needs root to make a device node)"
fi
mkfifo "$o/fifo.svg"
bounded "-o a FIFO nobody reads: refused at once" 3 "$JMAP" build "$d/m.yaml" -o "$o/fifo.svg"
grep -q "it is a named pipe (FIFO) that no program is reading" "$JMAP_TEST_TMP/err" &&
    pass "-o a FIFO nobody reads: explained" || fail "-o a FIFO nobody reads: explained" "$(err)"
[ -p "$o/fifo.svg" ] && pass "-o a FIFO: still a FIFO" || fail "-o a FIFO: still a FIFO" "$(ls -l "$o/fifo.svg")"
# a reader holds the pipe open (read-write, so the open never waits)
exec 7<>"$o/fifo.svg"
cat "$o/fifo.svg" >"$o/got.json" 7>&- &
reader=$!
bounded "-o a FIFO with a reader: written in place" 0 "$JMAP" build "$d/m.yaml" -f json -o "$o/fifo.svg" 7>&-
exec 7>&-
wait $reader
grep -q '"title"' "$o/got.json" && pass "-o a FIFO with a reader: the reader gets the map" || fail "-o a FIFO with a reader: the reader gets the map" "$(head -c 100 "$o/got.json")"
[ -p "$o/fifo.svg" ] && pass "-o a FIFO with a reader: still a FIFO" || fail "-o a FIFO with a reader: still a FIFO" "$(ls -l "$o/fifo.svg")"
if python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$o/sock.svg" 2>/dev/null; then
    bounded "-o a socket: refused" 3 "$JMAP" build "$d/m.yaml" -o "$o/sock.svg"
    [ -S "$o/sock.svg" ] && pass "-o a socket: still a socket" || fail "-o a socket: still a socket" "$(ls -l "$o/sock.svg")"
fi
ln -s fifo.svg "$o/link-fifo.svg"
bounded "-o a link to a FIFO: refused" 3 "$JMAP" build "$d/m.yaml" -o "$o/link-fifo.svg"
[ -L "$o/link-fifo.svg" ] && pass "-o a link to a FIFO: link kept" || fail "-o a link to a FIFO: link kept" "$(ls -l "$o")"
# a link to a regular file is replaced by the map, never written through
ln -s secret.txt "$o/link.svg"
bounded "-o a link to a file: the link is replaced" 0 "$JMAP" build "$d/m.yaml" -o "$o/link.svg"
[ ! -L "$o/link.svg" ] && [ -f "$o/link.svg" ] && [ "$(cat "$o/secret.txt")" = previous ] &&
    pass "-o a link to a file: its target untouched" || fail "-o a link to a file: its target untouched" "$(ls -l "$o")"
# batches: every target must be a regular file or absent
b="$o/batch"
mkdir -p "$b"
echo previous >"$b/map-sofia-reyes.svg"
mkfifo "$b/map-thomas-leroy.svg"
bounded "batch onto a FIFO: refused" 3 "$JMAP" build examples/voyage-affaires.yaml --each-persona -o "$b/map-{persona}.svg"
[ -p "$b/map-thomas-leroy.svg" ] && [ "$(cat "$b/map-sofia-reyes.svg")" = previous ] && [ -z "$(hidden "$b")" ] &&
    pass "batch onto a FIFO: nothing changed, no temporary" || fail "batch onto a FIFO: nothing changed, no temporary" "$(ls -lA "$b")"
rm -f "$b/map-thomas-leroy.svg"
if is_root && mknod "$b/map-thomas-leroy.svg" c 1 3 2>/dev/null; then
    bounded "batch onto a device: refused" 3 "$JMAP" build examples/voyage-affaires.yaml --each-persona -o "$b/map-{persona}.svg"
    [ -c "$b/map-thomas-leroy.svg" ] && [ "$(cat "$b/map-sofia-reyes.svg")" = previous ] && [ -z "$(hidden "$b")" ] &&
        pass "batch onto a device: nothing changed, no temporary" || fail "batch onto a device: nothing changed, no temporary" "$(ls -lA "$b")"
fi
[ -z "$(hidden "$o")" ] && pass "outputs: no temporary left" || fail "outputs: no temporary left" "$(hidden "$o")"

# ------------------------------------------- signals and ulimit -f (9)
g="$d/sig"
mkdir -p "$g/one" "$g/batch" "$g/init"
echo previous >"$g/one/map.png"
# a file-size limit far below a PNG: write() fails with EFBIG, not SIGXFSZ
bounded "ulimit -f: an I/O error" 3 sh -c 'ulimit -f 8; exec "$0" build "$1" -o "$2"' "$JMAP" "$d/m.yaml" "$g/one/map.png"
grep -qF "cannot write '$g/one/map.png': File too large" "$JMAP_TEST_TMP/err" && pass "ulimit -f: explained" || fail "ulimit -f: explained" "$(err)"
[ "$(cat "$g/one/map.png")" = previous ] && [ -z "$(hidden "$g/one")" ] &&
    pass "ulimit -f: previous map kept, no temporary" || fail "ulimit -f: previous map kept, no temporary" "$(ls -lA "$g/one")"
echo previous >"$g/batch/map-sofia-reyes.svg"
bounded "ulimit -f, batch: an I/O error" 3 sh -c 'ulimit -f 8; exec "$0" build examples/voyage-affaires.yaml --each-persona -o "$1"' "$JMAP" "$g/batch/map-{persona}.svg"
[ "$(ls -A "$g/batch")" = map-sofia-reyes.svg ] && [ "$(cat "$g/batch/map-sofia-reyes.svg")" = previous ] &&
    pass "ulimit -f, batch: nothing changed, no temporary" || fail "ulimit -f, batch: nothing changed, no temporary" "$(ls -lA "$g/batch")"

# A signal while a file is written. To be deterministic, a preloaded
# library stops jmap (SIGSTOP) at a chosen call: the Nth fchmod of a
# temporary (just created, not yet written) or the Nth rename onto a target.
# The test then sends the signal and SIGCONT. With STOP_THREAD set, it first
# starts a thread that blocks no signal, so that the kernel hands the
# signal to that thread rather than to jmap's main thread, and once
# continued waits 0.3 s before going on.
cat >"$g/stop.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
static int hit(const char *fn, const char *path)
{
    static int n;
    const char *in = getenv("STOP_IN"), *m = getenv("STOP_MATCH"), *at = getenv("STOP_AT");
    if (!in || strcmp(in, fn) || !m || !path || !strstr(path, m))
        return 0;
    return ++n == (at ? atoi(at) : 1);
}
static void *idle(void *arg)
{
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    for (;;)
        pause();
    return arg;
}
static void stop(void)
{
    pthread_t t;
    const char *th = getenv("STOP_THREAD");
    if (th && *th)
        pthread_create(&t, NULL, idle, NULL);
    raise(SIGSTOP);
    /* once continued, give that thread time to take the signal */
    if (th && *th) {
        struct timespec ts = {0, 300000000};
        nanosleep(&ts, NULL);
    }
}
int fchmod(int fd, mode_t mode)
{
    int (*real)(int, mode_t) = (int (*)(int, mode_t))dlsym(RTLD_NEXT, "fchmod");
    char link[64], path[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t k = readlink(link, path, sizeof path - 1);
    if (k > 0) {
        path[k] = 0;
        if (hit("fchmod", path))
            stop();
    }
    return real(fd, mode);
}
int rename(const char *from, const char *to)
{
    int (*real)(const char *, const char *) = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    if (hit("rename", to))
        stop();
    return real(from, to);
}
C
if ! ${CC:-cc} -shared -fPIC -pthread -o "$g/stop.so" "$g/stop.c" -ldl 2>"$g/cc.err"; then
    pass "signals (skipped: cannot build the test library: $(head -c 200 "$g/cc.err"))"
    finish
fi
if ! env --default-signal=INT true 2>/dev/null || [ ! -r /proc/self/stat ]; then
    pass "signals (skipped: needs env --default-signal and /proc)"
    finish
fi
stop_thread=
# stop_then SIGNAL STOP_IN STOP_MATCH STOP_AT CMD... : runs CMD until the
# library stops it, sends SIGNAL and SIGCONT; sets rc to its exit status
# (124 when it never stopped in 5 s). SIGINT and SIGQUIT are set back to
# their default: a background job of a script starts with them ignored.
stop_then() {
    _sig=$1; _in=$2; _m=$3; _at=$4; shift 4
    env --default-signal=INT,QUIT LD_PRELOAD="$g/stop.so" STOP_THREAD="$stop_thread" STOP_IN="$_in" STOP_MATCH="$_m" STOP_AT="$_at" \
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" "$@" \
        >"$JMAP_TEST_TMP/out" 2>"$JMAP_TEST_TMP/err" &
    _pid=$!
    _i=0
    while [ $_i -lt 50 ]; do
        _st=$(sed 's/.*) //' "/proc/$_pid/stat" 2>/dev/null | cut -c1)
        [ "$_st" = T ] && break
        sleep 0.1
        _i=$((_i + 1))
    done
    if [ "$_st" != T ]; then
        kill -KILL $_pid 2>/dev/null
        wait $_pid
        rc=124
        return
    fi
    _stopped_hidden=$(hidden "$(dirname "$_m")" | wc -l)
    kill -"$_sig" $_pid
    kill -CONT $_pid
    wait $_pid
    rc=$?
}
for sig in TERM INT HUP; do
    case $sig in TERM) code=143 ;; INT) code=130 ;; HUP) code=129 ;; esac
    echo previous >"$g/one/map.svg"
    stop_then $sig fchmod "$g/one/.map.svg." 1 "$JMAP" build "$d/m.yaml" -o "$g/one/map.svg"
    [ "$rc" -eq "$code" ] && [ "$_stopped_hidden" -eq 1 ] && pass "SIG$sig while writing: dies of it (exit $code)" ||
        fail "SIG$sig while writing: dies of it (exit $code)" "exit $rc, $_stopped_hidden temporaries when stopped; $(err)"
    [ "$(cat "$g/one/map.svg")" = previous ] && [ -z "$(hidden "$g/one")" ] &&
        pass "SIG$sig while writing: temporary removed, previous map kept" ||
        fail "SIG$sig while writing: temporary removed, previous map kept" "$(ls -lA "$g/one")"
done
# a batch: the first map staged, the second being written
rm -rf "$g/batch"; mkdir -p "$g/batch"
echo previous >"$g/batch/map-sofia-reyes.svg"
stop_then TERM fchmod "$g/batch/.map-" 2 "$JMAP" build examples/voyage-affaires.yaml --each-persona -o "$g/batch/map-{persona}.svg"
[ "$rc" -eq 143 ] && [ "$_stopped_hidden" -eq 2 ] && pass "SIGTERM while a batch is written: dies of it" ||
    fail "SIGTERM while a batch is written: dies of it" "exit $rc, $_stopped_hidden temporaries when stopped; $(err)"
[ "$(ls -A "$g/batch")" = map-sofia-reyes.svg ] && [ "$(cat "$g/batch/map-sofia-reyes.svg")" = previous ] &&
    pass "SIGTERM while a batch is written: nothing changed, no temporary" ||
    fail "SIGTERM while a batch is written: nothing changed, no temporary" "$(ls -lA "$g/batch")"
# a batch landing: the signal waits until every map is in place and the
# kept copies of the previous maps are gone
stop_then TERM rename "$g/batch/map-" 2 "$JMAP" build examples/voyage-affaires.yaml --each-persona -o "$g/batch/map-{persona}.svg"
[ "$rc" -eq 143 ] && pass "SIGTERM while a batch lands: dies of it" || fail "SIGTERM while a batch lands: dies of it" "exit $rc; $(err)"
[ "$(ls -A "$g/batch" | tr '\n' ' ')" = "map-sofia-reyes.svg map-thomas-leroy.svg " ] &&
    head -c 5 "$g/batch/map-sofia-reyes.svg" | grep -q '<?xml' && head -c 5 "$g/batch/map-thomas-leroy.svg" | grep -q '<?xml' &&
    pass "SIGTERM while a batch lands: whole batch in place, no kept copy" ||
    fail "SIGTERM while a batch lands: whole batch in place, no kept copy" "$(ls -lA "$g/batch")"
# the same when the kernel hands the signal to another thread than the main one
echo previous >"$g/batch/map-sofia-reyes.svg"
rm -f "$g/batch/map-thomas-leroy.svg"
stop_thread=1
stop_then TERM rename "$g/batch/map-" 2 "$JMAP" build examples/voyage-affaires.yaml --each-persona -o "$g/batch/map-{persona}.svg"
[ "$rc" -eq 143 ] && [ "$(ls -A "$g/batch" | tr '\n' ' ')" = "map-sofia-reyes.svg map-thomas-leroy.svg " ] &&
    head -c 5 "$g/batch/map-sofia-reyes.svg" | grep -q '<?xml' && head -c 5 "$g/batch/map-thomas-leroy.svg" | grep -q '<?xml' &&
    pass "SIGTERM to another thread while a batch lands: whole batch in place" ||
    fail "SIGTERM to another thread while a batch lands: whole batch in place" "exit $rc; $(ls -lA "$g/batch")"
stop_then TERM fchmod "$g/one/.map.svg." 1 "$JMAP" build "$d/m.yaml" -o "$g/one/map.svg"
stop_thread=
[ "$rc" -eq 143 ] && [ "$(cat "$g/one/map.svg")" = previous ] && [ -z "$(hidden "$g/one")" ] &&
    pass "SIGTERM to another thread while writing: temporary removed" ||
    fail "SIGTERM to another thread while writing: temporary removed" "exit $rc; $(ls -lA "$g/one")"
# init writes through a temporary too
stop_then TERM fchmod "$g/init/.new.yaml." 1 "$JMAP" init "$g/init/new.yaml"
[ "$rc" -eq 143 ] && [ -z "$(ls -A "$g/init")" ] && pass "SIGTERM while init writes: nothing left" ||
    fail "SIGTERM while init writes: nothing left" "exit $rc; $(ls -lA "$g/init")"
finish
