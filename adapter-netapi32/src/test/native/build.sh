#!/usr/bin/env bash
# Builds the native stand-in of Netapi32 (a test fixture, see README.md):
#   OUTDIR/libnetapi32standin.so   the library the JNA adapter's tests load on Linux
# Usage: build.sh OUTDIR. Skips it when up to date; writes it atomically.
set -euo pipefail

if [[ $# -ne 1 || -z $1 ]]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=$1

if ! command -v gcc >/dev/null 2>&1; then
    echo "build.sh: gcc not found. The Netapi32 stand-in (a test fixture for adapter-netapi32's" >&2
    echo "tests on Linux) is compiled with gcc: install it (Debian: apt-get install gcc) or skip" >&2
    echo "the tests (-DskipTests)." >&2
    exit 1
fi
mkdir -p "$out"

flags=(-std=c11 -O2 -Wall -Wextra -Werror -pthread)

# build OUTPUT SOURCES... -- COMMAND-LINE-ARGS...: compiles when OUTPUT is older than any
# source (or this script), into a temporary file renamed into place.
build() {
    local target=$1; shift
    local sources=()
    while [[ $1 != -- ]]; do sources+=("$1"); shift; done
    shift
    local stale=0 f
    [[ -e $target ]] || stale=1
    for f in "${sources[@]}" "$src/build.sh"; do
        [[ $stale -eq 1 || $f -nt $target ]] && stale=1
    done
    if [[ $stale -eq 0 ]]; then
        echo "build.sh: $target is up to date"
        return
    fi
    local tmp="$target.tmp.$$"
    trap 'rm -f "$tmp"' EXIT
    gcc "${flags[@]}" "$@" -o "$tmp"
    mv -f "$tmp" "$target"
    trap - EXIT
    echo "build.sh: built $target"
}

build "$out/libnetapi32standin.so" "$src/netapi32standin.c" "$src/netapi32standin.h" -- \
    -fPIC -shared -fvisibility=hidden "$src/netapi32standin.c"
