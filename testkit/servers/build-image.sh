#!/usr/bin/env bash
# Build the test-server image with no image registry.
#
#   testkit/servers/build-image.sh        (as root; Docker must be up: scripts/docker-up.sh)
#
# Result: netconn-testkit/servers:<hash> and netconn-testkit/servers:latest (same image),
# labelled netconn.inputs=<hash>. The Java fixtures use :latest; a test may compare the
# label with its own hash of the inputs to detect a stale image.
#
# <hash> = first 12 hex digits of the sha256 of a manifest of the inputs: one line
# "<sha256 hex of the file>  <path relative to testkit/servers>\n" per file, sorted by
# path (byte order), for Dockerfile, .dockerignore, build-image.sh and every file under
# samba/ and scripted/ except __pycache__/, *.pyc and tests/ directories (the same files
# .dockerignore lets into the build context). If that tag exists, nothing is built.
#
# Steps:
#  1. base image netconn-testkit/debian-base:bookworm-<p> (skipped if present; REBUILD_BASE=1
#     forces), where <p> is the first 8 hex digits of the sha256 of the package list, so
#     that a new list makes a new base and leaves older bases (and the images built on
#     them) alone: debootstrap --variant=minbase --include=<the Dockerfile's PACKAGES>
#     (plus python3-cffi-backend: debootstrap does not resolve the virtual package
#     python3-cffi-backend-api-* that python3-cryptography needs) from the
#     Debian mirror in /etc/apt/sources.list.d/debian.sources (or DEBIAN_MIRROR), strip
#     docs/man/locales/apt caches, `docker import`.
#  2. docker build --network host --build-arg BASE=<that base> -f Dockerfile testkit/servers.
#     The same Dockerfile builds FROM debian:bookworm-slim where a registry is reachable
#     (it installs PACKAGES only when one of them is missing).
#
# Environment: DEBIAN_MIRROR, DEBIAN_SUITE (bookworm), REBUILD_BASE=1, BASE_IMAGE
# (use another base and skip step 1), IMAGE_REPO (netconn-testkit/servers).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=${IMAGE_REPO:-netconn-testkit/servers}
suite=${DEBIAN_SUITE:-bookworm}
# The Dockerfile's package list is the one source of it; debootstrap wants commas.
packages=$(sed -n 's/^ARG PACKAGES="\(.*\)"$/\1/p' "$here/Dockerfile")
[ -n "$packages" ] || { echo "build-image: no ARG PACKAGES=\"...\" line in $here/Dockerfile" >&2; exit 1; }
include="$(echo "$packages" | tr -s ' ' ','),python3-cffi-backend"
base=${BASE_IMAGE:-netconn-testkit/debian-base:$suite-$(printf '%s' "$include" | sha256sum | cut -c1-8)}

t_start=$(date +%s.%N)
t_last=$t_start
say() { echo "build-image: $*" >&2; }
lap() {  # lap <what>: print the time since the previous lap
  local now; now=$(date +%s.%N)
  say "$(awk -v w="$1" -v a="$t_start" -v b="$t_last" -v n="$now" 'BEGIN{printf "%-20s %6.1f s (total %6.1f s)", w, n-b, n-a}')"
  t_last=$now
}

command -v docker >/dev/null || { say "docker not found (run scripts/docker-up.sh)"; exit 1; }
docker info >/dev/null 2>&1 || { say "Docker daemon not reachable (run scripts/docker-up.sh)"; exit 1; }

# ---- input hash -------------------------------------------------------------------
mkdir -p "$here/scripted"   # written elsewhere; COPY needs it to exist
input_files() {
  cd "$here"
  {
    for f in Dockerfile .dockerignore build-image.sh; do [ -f "$f" ] && echo "$f"; done
    find samba scripted \
      \( -name __pycache__ -o -name tests \) -prune -o \
      -type f ! -name '*.pyc' -print
  } | LC_ALL=C sort
}
manifest() {
  cd "$here"
  input_files | while IFS= read -r f; do
    printf '%s  %s\n' "$(sha256sum < "$f" | cut -d' ' -f1)" "$f"
  done
}
hash=$(manifest | sha256sum | cut -c1-12)
image="$repo:$hash"
say "inputs: $(input_files | wc -l) files, hash $hash"

# One build at a time (parallel test runs would debootstrap twice).
exec 8>/tmp/netconn-build-image.lock
flock 8

if docker image inspect "$image" >/dev/null 2>&1; then
  docker tag "$image" "$repo:latest"
  say "cached: $image already exists (tagged $repo:latest too)"
  lap "done (cached)"
  echo "image: $image"
  exit 0
fi

# ---- 1. base image ----------------------------------------------------------------
mirror_from_sources() {
  local m=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    m=$(awk 'BEGIN{IGNORECASE=1} /^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$m" ] && [ -f /etc/apt/sources.list ]; then
    m=$(awk '$1=="deb" && $0 !~ /security/ {for(i=2;i<=NF;i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list)
  fi
  echo "${m:-http://deb.debian.org/debian}"
}

build_base() {
  [ "$(id -u)" -eq 0 ] || { say "debootstrap needs root"; exit 1; }
  if ! command -v debootstrap >/dev/null; then
    say "installing Debian's debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  fi
  local mirror rootfs
  mirror=${DEBIAN_MIRROR:-$(mirror_from_sources)}
  rootfs=$(mktemp -d /tmp/netconn-rootfs.XXXXXX)
  trap 'rm -rf --one-file-system "$rootfs"' EXIT
  say "debootstrap $suite from $mirror into $rootfs"
  say "packages: $include"
  if ! debootstrap --variant=minbase --include="$include" \
        "$suite" "$rootfs" "$mirror" > "$rootfs.log" 2>&1; then
    tail -n 30 "$rootfs.log" >&2
    [ -f "$rootfs/debootstrap/debootstrap.log" ] && tail -n 30 "$rootfs/debootstrap/debootstrap.log" >&2
    say "debootstrap failed (log: $rootfs.log)"
    exit 1
  fi
  rm -f "$rootfs.log"
  lap "debootstrap"

  # Slim it like debian:*-slim: no docs, man pages, locales; no apt caches or lists.
  # libicu (samba-libs links it) and python3 (impacket) stay; so does perl-base (dpkg).
  cat > "$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
CFG
  cat > "$rootfs/etc/apt/apt.conf.d/docker-clean" <<'CFG'
APT::Install-Recommends "false";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };
CFG
  find "$rootfs/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete 2>/dev/null || true
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} + 2>/dev/null || true
  rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/lintian/* \
         "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
         "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/debconf/*-old \
         "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* "$rootfs"/debootstrap
  # debootstrap leaves the host's name and resolver; Docker provides both.
  : > "$rootfs/etc/resolv.conf"
  echo localhost > "$rootfs/etc/hostname"
  say "rootfs size: $(du -sh --one-file-system "$rootfs" | cut -f1)"
  lap "strip"

  tar --numeric-owner -C "$rootfs" -c . \
    | docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["/bin/bash"]' \
        --message "debootstrap --variant=minbase --include=$include $suite $mirror" \
        - "$base" >/dev/null
  rm -rf --one-file-system "$rootfs"
  trap - EXIT
  lap "docker import"
}

if [ -n "${BASE_IMAGE:-}" ]; then
  say "base: $base (given)"
elif [ "${REBUILD_BASE:-0}" != 1 ] && docker image inspect "$base" >/dev/null 2>&1; then
  say "base: $base (cached)"
else
  build_base
fi

# ---- 2. the image -----------------------------------------------------------------
# The 28.x CLI without buildx uses the classic builder (fine against dockerd 20.10).
DOCKER_BUILDKIT=0 docker build --network host --force-rm \
  --build-arg "BASE=$base" \
  --label "netconn.inputs=$hash" \
  -t "$image" -t "$repo:latest" \
  -f "$here/Dockerfile" "$here" >&2
lap "docker build"

# Drop the tags of earlier builds (their layers go when nothing else uses them).
docker image ls --format '{{.Repository}}:{{.Tag}}' "$repo" \
  | grep -vxF -e "$image" -e "$repo:latest" \
  | while IFS= read -r old; do docker rmi "$old" >/dev/null 2>&1 && say "removed old $old"; done || true

say "size: $(docker image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"
echo "image: $image"
