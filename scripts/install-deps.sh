#!/bin/sh
# Installs the Debian packages jmap needs to build, test and render
# (`build`: only to build and render).
# Idempotent: packages already present are skipped; apt-get runs only when something is missing.
set -eu

# What building jmap and rendering maps need (`install-deps.sh build`, used
# by the GitHub Action), then what the test suite needs on top of it.
BUILD_PKGS="pkg-config make gcc libyaml-dev libcairo2-dev libpango1.0-dev libglib2.0-dev libsoup-3.0-dev
libharfbuzz-dev fontconfig libzip-dev libpng-dev zlib1g-dev gettext
fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji fonts-dejavu-core"
TEST_PKGS="clang libcmocka-dev poppler-utils qpdf valgrind time libclang-rt-14-dev
python3-yaml python3-jsonschema libxml2-utils librsvg2-bin zsh curl unzip libreoffice-impress
chromium locales"

case "${1:-all}" in
    build) PKGS=$BUILD_PKGS ;;
    all) PKGS="$BUILD_PKGS $TEST_PKGS" ;;
    *) echo "usage: install-deps.sh [build|all]" >&2; exit 2 ;;
esac

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

# The French messages are tested under LANG=fr_FR.UTF-8: that locale must
# exist (tests/suite-i18n.sh). Generated once, as root.
french_locale() {
    [ "${1:-all}" = all ] || return 0
    locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$' && return 0
    S=""
    [ "$(id -u)" -ne 0 ] && S="sudo"
    $S sed -i 's/^# *fr_FR.UTF-8 UTF-8/fr_FR.UTF-8 UTF-8/' /etc/locale.gen
    grep -q '^fr_FR.UTF-8 UTF-8' /etc/locale.gen || echo 'fr_FR.UTF-8 UTF-8' | $S tee -a /etc/locale.gen >/dev/null
    $S locale-gen >/dev/null
}

if [ -z "$missing" ]; then
    french_locale "${1:-all}"
    echo "install-deps: all packages present"
    exit 0
fi

echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
french_locale "${1:-all}"
