#!/bin/sh
# Builds the Debian package of jmap from a staged install (make deb):
#   mkdeb.sh ROOT VERSION OUTDIR
# ROOT holds usr/bin/jmap and the rest of `make install PREFIX=/usr`. The
# dependencies are the packages that own the shared libraries the binary
# loads (at least the version installed here), plus the fonts maps are set
# in. dpkg-deb clamps file times to SOURCE_DATE_EPOCH when it is set.
# DEB_MAINTAINER: the Maintainer field (set it when publishing the package).
set -eu
root=$1; version=$2; outdir=$3
arch=$(dpkg --print-architecture)
bin="$root/usr/bin/jmap"
[ -x "$bin" ] || { echo "mkdeb: no $bin" >&2; exit 1; }

# the package of each library the binary links directly (its NEEDED
# entries), at least the upstream version installed here: "libyaml-0-2 (>= 0.2.5)"
# (of jmap and of jmap-serve, which `jmap serve` runs)
deps=$(for b in "$root"/usr/bin/*; do
    for so in $(objdump -p "$b" | awk '$1 == "NEEDED" { print $2 }'); do echo "$b $so"; done
done | while read -r b so; do
    lib=$(ldd "$b" | awk -v so="$so" '$1 == so && $2 == "=>" { print $3 }')
    [ -n "$lib" ] || continue
    real=$(readlink -f "$lib")
    pkg=""
    for p in "$lib" "$real" "/usr$lib" "/usr$real" "${lib#/usr}" "${real#/usr}"; do
        pkg=$(dpkg-query -S "$p" 2>/dev/null | head -n 1 | cut -d: -f1) && [ -n "$pkg" ] && break
    done
    [ -n "$pkg" ] || continue
    ver=$(dpkg-query -W -f='${Version}' "$pkg")
    echo "$pkg (>= ${ver%-*})"
done | sort -u | paste -sd, - | sed 's/,/, /g')
[ -n "$deps" ] || { echo "mkdeb: could not tell the binary's dependencies" >&2; exit 1; }

# what Debian's policy asks of every package: a compressed manual page and
# the copyright file
gzip -9nf "$root/usr/share/man/man1/jmap.1"
mkdir -p "$root/usr/share/doc/jmap"
{
    echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    echo "Upstream-Name: jmap"
    echo
    echo "Files: *"
    echo "License: MIT"
    sed 's/^$/./; s/^/ /' "$(dirname "$0")/../LICENSE"
} >"$root/usr/share/doc/jmap/copyright"
size=$(du -sk "$root/usr" | cut -f1)
mkdir -p "$root/DEBIAN"
cat >"$root/DEBIAN/control" <<CONTROL
Package: jmap
Version: $version
Architecture: $arch
Maintainer: ${DEB_MAINTAINER:-jmap developers <jmap@localhost>}
Installed-Size: $size
Depends: $deps, fonts-noto-core | fonts-dejavu-core
Recommends: fonts-noto-cjk, fonts-noto-color-emoji
Section: graphics
Priority: optional
Description: journey-map compiler: customer journeys in YAML to maps
 jmap checks a customer journey written in YAML (personas, stages,
 touchpoints, emotions, pains, opportunities, KPIs) like a compiler and
 renders it as a swimlane journey map with an emotion curve: PDF, SVG, PNG,
 an interactive HTML page or a PowerPoint deck. It also analyses the
 journey (sharp drops, unaddressed pains, channel gaps, quick wins).
CONTROL
(cd "$root" && find usr -type f | LC_ALL=C sort | xargs md5sum) >"$root/DEBIAN/md5sums"
chmod 644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
mkdir -p "$outdir"
out="$outdir/jmap_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
echo "$out"
