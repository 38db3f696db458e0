#!/bin/sh
# Installs what edu-migrate needs on Debian/Ubuntu, and only what is missing (idempotent):
# libpq-dev libncurses-dev postgresql postgresql-contrib tmux pkg-config man-db binutils, via apt-get
# (with sudo when not root). Checks that a Swift 6 toolchain is on PATH.
# Usage: Assets/setup.sh [--quiet]    (--quiet prints only what it changes and errors)
set -eu

quiet=0
[ "${1:-}" = "--quiet" ] && quiet=1
say() { [ "$quiet" = 1 ] || echo "setup: $*"; }

# man-db and binutils (strip, readelf): Assets/release.sh and its test (`man -l` renders the page).
packages="libpq-dev libncurses-dev postgresql postgresql-contrib tmux pkg-config man-db binutils"
missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -n "$missing" ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "setup: apt-get not found. Install these with your package manager:$missing" >&2
        exit 1
    fi
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || { echo "setup: not root and no sudo; run as root:  apt-get install$missing" >&2; exit 1; }
        sudo="sudo"
    fi
    echo "setup: installing:$missing"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
    echo "setup: installed:$missing"
else
    say "system packages already installed: $packages"
fi

if ! command -v swift >/dev/null 2>&1; then
    cat >&2 <<'MSG'
setup: `swift` is not on PATH. edu-migrate needs a Swift 6 toolchain:
  curl -O "https://download.swift.org/swiftly/linux/swiftly-$(uname -m).tar.gz"
  tar zxf "swiftly-$(uname -m).tar.gz" && ./swiftly init --quiet-shell-followup
  . "${SWIFTLY_HOME_DIR:-$HOME/.local/share/swiftly}/env.sh"
(see https://www.swift.org/install/linux/), then run this script again.
MSG
    exit 1
fi
say "swift: $(swift --version 2>/dev/null | head -n 1)"
say "ready"
