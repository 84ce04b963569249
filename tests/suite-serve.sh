#!/bin/sh
# jmap serve: the preview page, its map and diagnostics, a reload event on
# every save (an invalid save keeps the last good map), and the Kroki-style
# render requests with their limits. Loopback only; every wait is bounded;
# the server is stopped at the end (and by timeout in any case).
. tests/lib.sh
d="$JMAP_TEST_TMP/serve"
rm -rf "$d"; mkdir -p "$d"
case "$JMAP" in /*) J=$JMAP ;; *) J=$PWD/$JMAP ;; esac
command -v curl >/dev/null || { fail "curl" "not installed"; finish; }
cp examples/minimal.yaml "$d/j.yaml"
wait_for() {
    _t=$(($1 * 10)); shift
    while [ $_t -gt 0 ]; do
        "$@" 2>/dev/null && return 0
        sleep 0.1; _t=$((_t - 1))
    done
    return 1
}
(cd "$d" && JMAP_SERVE_REQUEST_SECONDS=2 exec timeout 90 "$J" serve --port 0 j.yaml 2>log) &
spid=$!
wait_for 20 grep -q 'jmap: serving j.yaml at http://127.0.0.1:' "$d/log" &&
    pass "serves on the loopback interface" || { fail "server start" "$(cat "$d/log")"; finish; }
url=$(sed -n 's/.* at \(http[^ ]*\) .*/\1/p' "$d/log")
wait_for 20 grep -q 'built in' "$d/log" || fail "first build" "$(cat "$d/log")"
get() { curl -s --max-time 10 "$@"; }

get "$url" >"$d/page.html"
grep -q "<title>Achat d'un billet d'avion — jmap</title>" "$d/page.html" && pass "the page is titled after the journey" ||
    fail "page title" "$(head -c 300 "$d/page.html")"
grep -q "new EventSource('/events')" "$d/page.html" && pass "the page listens for builds" || fail "page script" "no EventSource"
grep -q "Content-Security-Policy" "$d/page.html" && pass "the page has a content security policy" || fail "page CSP" "none"
code=$(get -o "$d/map1.svg" -w '%{http_code} %{content_type}' "${url}map.svg")
[ "$code" = "200 image/svg+xml" ] && grep -q '<svg' "$d/map1.svg" && pass "/map.svg is the map" || fail "/map.svg" "$code"

# a save: the open page hears of it, the map changes
get -N "${url}events" >"$d/events" &
epid=$!
sleep 0.5
sed 's/^title: .*/title: Second title/' "$d/j.yaml" >"$d/t" && cat "$d/t" >"$d/j.yaml"
wait_for 20 grep -q '"version": 2, "ok": true' "$d/events" && pass "a save sends a build event" ||
    fail "build event" "$(cat "$d/events")"
get -o "$d/map2.svg" "${url}map.svg"
cmp -s "$d/map1.svg" "$d/map2.svg" && fail "the map is rebuilt" "same bytes" || pass "the map is rebuilt"

# an invalid save: diagnostics, the last good map stays
printf 'stages: [\n' >>"$d/j.yaml"
wait_for 20 grep -q '"version": 3, "ok": false' "$d/events" && pass "an invalid save sends a failed build" ||
    fail "failed build event" "$(cat "$d/events")"
get "${url}diagnostics" | grep -q '^j.yaml:[0-9]*:[0-9]*: error:' && pass "/diagnostics shows file:line:col" ||
    fail "/diagnostics" "$(get "${url}diagnostics")"
get -o "$d/map3.svg" "${url}map.svg"
cmp -s "$d/map2.svg" "$d/map3.svg" && pass "the last good map is kept" || fail "last good map" "changed"
kill $epid 2>/dev/null

# Kroki-style requests
code=$(get -o "$d/k1.svg" -w '%{http_code}' -X POST --data-binary @examples/minimal.yaml "${url}jmap/svg")
[ "$code" = 200 ] && grep -q '<svg' "$d/k1.svg" && pass "POST /jmap/svg renders the body" || fail "POST /jmap/svg" "$code"
enc=$(python3 -c "import zlib,base64; print(base64.urlsafe_b64encode(zlib.compress(open('examples/minimal.yaml','rb').read(),9)).decode().rstrip('='))")
code=$(get -o "$d/k2.svg" -w '%{http_code}' "${url}jmap/svg/$enc")
[ "$code" = 200 ] && cmp -s "$d/k1.svg" "$d/k2.svg" && pass "GET /jmap/svg/<deflate+base64url> renders the same" ||
    fail "GET /jmap/svg/ENCODED" "$code"
code=$(get -o "$d/k.png" -w '%{http_code}' -X POST --data-binary @examples/minimal.yaml "${url}jmap/png")
[ "$code" = 200 ] && [ "$(head -c 4 "$d/k.png" | od -An -c | tr -d ' ')" = '211PNG' ] && pass "POST /jmap/png" || fail "POST /jmap/png" "$code"
printf 'jmap: 1\ntitle: X\nstages:\n  - name: A\n    touchpoints:\n      - {name: T, emotion: 9}\n' >"$d/bad.yaml"
code=$(get -o "$d/bad.txt" -w '%{http_code}' -X POST --data-binary @"$d/bad.yaml" "${url}jmap/svg")
[ "$code" = 400 ] && grep -q '^<request>:6:28: error: emotion 9 is outside the scale' "$d/bad.txt" &&
    pass "an invalid request journey gets the CLI's diagnostics (400)" || fail "invalid request" "$code $(cat "$d/bad.txt")"
# hostile requests
head -c 600000 /dev/zero | tr '\000' a >"$d/big"
code=$(get -o /dev/null -w '%{http_code}' -X POST --data-binary @"$d/big" "${url}jmap/svg")
[ "$code" = 413 ] && pass "a body over 512 KiB is refused (413)" || fail "large body" "$code"
bomb=$(python3 -c "import zlib,base64; print(base64.urlsafe_b64encode(zlib.compress(b'a'*20000000,9)).decode())")
code=$(get -o /dev/null -w '%{http_code}' "${url}jmap/svg/$bomb")
[ "$code" = 400 ] && pass "a deflate bomb is refused" || fail "deflate bomb" "$code"
code=$(get -o /dev/null -w '%{http_code}' "${url}jmap/svg/not*base64")
[ "$code" = 400 ] && pass "a path that is not base64url+deflate is refused" || fail "bad encoding" "$code"
printf 'jmap: 1\ntitle: X\ntheme: {logo: /etc/passwd}\nstages:\n  - name: A\n    touchpoints:\n      - {name: T, emotion: 3}\n' >"$d/files.yaml"
code=$(get -o "$d/files.txt" -w '%{http_code}' -X POST --data-binary @"$d/files.yaml" "${url}jmap/svg")
[ "$code" = 400 ] && grep -q "image path must stay inside" "$d/files.txt" && ! grep -q 'root:' "$d/files.txt" &&
    pass "a request naming a file outside is refused, unread" || fail "request outside file" "$code $(cat "$d/files.txt")"
printf 'jmap: 1\ntitle: X\npersonas:\n  - {name: P, photo: j.yaml}\nstages:\n  - name: A\n    touchpoints:\n      - {name: T, emotion: 3, image: img/none.png}\n' >"$d/rel.yaml"
code=$(get -o "$d/rel.svg" -w '%{http_code}' -X POST --data-binary @"$d/rel.yaml" "${url}jmap/svg")
[ "$code" = 200 ] && ! grep -q 'Achat' "$d/rel.svg" && pass "a request's images are not read (drawn without them)" ||
    fail "request images" "$code"
code=$(get -o /dev/null -w '%{http_code}' -X DELETE "${url}")
[ "$code" = 405 ] && pass "other methods are refused" || fail "DELETE" "$code"
# a client that never finishes its request is cut off
python3 - "$url" <<'PY' >"$d/slow" 2>&1
import socket, sys, time, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
s = socket.create_connection((u.hostname, u.port), timeout=15)
s.sendall(b"POST /jmap/svg HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\njmap")
t = time.time()
try:
    data = s.recv(100)
    print("closed after %.1f s" % (time.time() - t))
except socket.timeout:
    print("still open")
PY
grep -q '^closed after' "$d/slow" && pass "a slow request is closed" || fail "slow request" "$(cat "$d/slow")"
kill "$spid" 2>/dev/null
wait_for 20 sh -c "! kill -0 $spid" && pass "the server stops on SIGTERM" || fail "server stop" "still running"
# jmap runs jmap-serve for it: without it beside jmap, a clear error
mkdir -p "$d/alone" && cp "$J" "$d/alone/jmap"
expect_exit "serve without jmap-serve beside jmap" 3 "$d/alone/jmap" serve examples/minimal.yaml
grep -q "serve: cannot run .*jmap-serve" "$JMAP_TEST_TMP/err" && pass "says what is missing" ||
    fail "says what is missing" "$(cat "$JMAP_TEST_TMP/err")"
ldd "$J" 2>/dev/null | grep -q libsoup && fail "jmap itself does not load libsoup" "linked" ||
    pass "jmap itself does not load libsoup"
expect_exit "serve needs a journey file" 2 "$JMAP" serve
expect_exit "serve --port out of range" 2 "$JMAP" serve --port 70000 examples/minimal.yaml
finish
