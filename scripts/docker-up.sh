#!/usr/bin/env bash
# Make a Docker daemon available on this machine (idempotent).
#
# - If `docker info` already works: exit 0.
# - Else install docker.io from Debian if dockerd is missing (root only), and start
#   dockerd with no bridge and no iptables, so that containers can only use
#   `--network host` and no traffic leaves loopback through Docker.
#
# Client/daemon versions: Debian's dockerd is 20.10 (API 1.41); a newer docker CLI
# (e.g. /usr/local/bin/docker 28.x, API 1.50) may come first on PATH. The CLI
# negotiates the API version downwards by itself, so nothing is needed for it.
# docker-java (Testcontainers) does not negotiate: pin `api.version=1.41` in its
# docker-java.properties. Setting DOCKER_API_VERSION=1.41 is harmless for the CLI.
#
# Environment:
#   DOCKERD_LOG   log file of a dockerd started here (default /tmp/netconn-dockerd.log)
#   DOCKER_UP_TIMEOUT  seconds to wait for the daemon (default 60)
set -euo pipefail

log=${DOCKERD_LOG:-/tmp/netconn-dockerd.log}
timeout=${DOCKER_UP_TIMEOUT:-60}

say() { echo "docker-up: $*" >&2; }
docker_ok() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

if docker_ok; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  say "the Docker daemon is not reachable and this script is not running as root;"
  say "start it as root: sudo $0   (or give this user access to /var/run/docker.sock)"
  exit 1
fi

# Serialise concurrent callers (several test runs / helpers may start at once).
exec 9>/tmp/netconn-docker-up.lock
flock -w "$((timeout + 30))" 9 || { say "could not take /tmp/netconn-docker-up.lock"; exit 1; }
if docker_ok; then
  exit 0
fi

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  say "dockerd/docker not found: installing Debian's docker.io"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends docker.io
fi

# A daemon may be running but not answering yet (started by someone else just now).
pid=$(cat /var/run/docker.pid 2>/dev/null || true)
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
  say "dockerd is already running (pid $pid); waiting for it"
else
  # containerd/dockerd need the cgroup and runtime dirs; dockerd starts its own
  # containerd when none is running.
  say "starting dockerd (log: $log)"
  nohup dockerd --bridge=none --iptables=false --ip-masq=false >>"$log" 2>&1 </dev/null &
  disown || true
fi

for _ in $(seq 1 "$((timeout * 2))"); do
  if docker_ok; then
    say "docker is up ($(docker version --format 'client {{.Client.Version}}, server {{.Server.Version}} API {{.Server.APIVersion}}' 2>/dev/null || echo '?'))"
    exit 0
  fi
  sleep 0.5
done

say "docker did not answer within ${timeout}s"
if [ -f "$log" ]; then
  say "last lines of $log:"
  tail -n 40 "$log" >&2
fi
exit 1
