#!/usr/bin/env bash
# Sweep throughput: servers per second at --parallel 1, 8 and 32 for the
# netconn CLI's sweep beside `xargs -P N rpcclient -c 'netconnenum 1 DATA'`, over the same
# distinct loopback hosts in the same run. The hosts 127.6N.x.y all reach one Samba of the
# testkit listening on every address (Servers --every-address); every server is cold for
# both tools (rpcclient is a new process per server; netconn releases each server's session
# when its query is done). Prints one Markdown table; keeps the raw output.
#
#   benchmarks/sweep-throughput.sh        (as root on a machine of this kind, Docker up)
#
# Each row: the hosts of that N (HOSTS_1, HOSTS_8, HOSTS_32: 40, 160, 480 by default), first
# rpcclient, then netconn (./netconn --servers FILE --parallel N, whole process, JVM start
# included), timed with the shell's clock; a tool's rate counts only the servers that
# answered, and the failures are shown. The account reaches rpcclient through a mode-600
# authentication file (-A) and netconn through the environment (--password-env): no password
# on a command line or in the output. Builds benchmarks/target/benchmarks.jar and
# cli/target/netconn.jar if missing (BUILD=1 rebuilds; mvn package, nothing installed).
# Environment: PARALLELS ("1 8 32"), HOSTS_<N>, TIMEOUT (netconn --timeout, 10s), OUT, JAVA_HOME.
# Runs about 3 minutes on 2 cores. Traffic goes to 127.0.0.0/8 only.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"

PARALLELS=${PARALLELS:-"1 8 32"}
TIMEOUT=${TIMEOUT:-10s}
SHARE=DATA
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="$here/target/benchmarks.jar"
cli_jar="$repo/cli/target/netconn.jar"
out=${OUT:-$here/target/sweep-throughput/$(date +%Y%m%d-%H%M%S)}
say() { echo "sweep-throughput: $*" >&2; }

command -v rpcclient >/dev/null 2>&1 || { say "rpcclient is missing: apt-get install smbclient"; exit 1; }
docker info >/dev/null 2>&1 || { say "Docker is not up: scripts/docker-up.sh"; exit 1; }
docker image inspect netconn-testkit/servers:latest >/dev/null 2>&1 \
  || { say "the servers' image is missing: testkit/servers/build-image.sh"; exit 1; }
if [ ! -f "$jar" ] || [ "${BUILD:-0}" = 1 ]; then
  say "building $jar"
  mvn -B -q -ntp -pl benchmarks -am package -DskipTests >&2
fi
if [ ! -f "$cli_jar" ] || [ "${BUILD:-0}" = 1 ]; then
  say "building $cli_jar"
  mvn -B -q -ntp -pl cli -am package -DskipTests >&2
fi

mkdir -p "$out"
cp "$jar" "$out/benchmarks.jar"
jar="$out/benchmarks.jar"
private=$(mktemp -d /tmp/netconn-sweep.XXXXXX)
chmod 700 "$private"
auth="$private/auth"
servers_pid=""
servers_in=""
cleanup() {
  local rc=$?
  if [ -n "$servers_pid" ]; then
    if [ -n "$servers_in" ]; then eval "exec $servers_in>&-"; fi
    for _ in $(seq 1 100); do kill -0 "$servers_pid" 2>/dev/null || break; sleep 0.2; done
    kill -TERM "$servers_pid" 2>/dev/null || true
  fi
  rm -rf "$private"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git: $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet || echo ' (with uncommitted changes)')"
  echo "cpu: $(nproc) x $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
  echo "jdk: $("$java" -version 2>&1 | head -n 2 | tail -n 1)"
  echo "rpcclient: $(rpcclient --version 2>&1 | head -n 1) (Debian smbclient $(dpkg-query -W -f '${Version}' smbclient 2>/dev/null))"
  echo "server: $(docker run --rm --network none --entrypoint smbd netconn-testkit/servers:latest --version 2>/dev/null) in netconn-testkit/servers:latest, bind interfaces only = no"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/machine.txt"

export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CHECKS_DISABLE=true TESTCONTAINERS_HOST_OVERRIDE=localhost
say "starting Samba on every loopback address"
coproc SERVERS { exec "$java" -cp "$jar" io.github.netconn.benchmarks.Servers --hold 0 --scripted 0 --every-address --auth-file "$auth" 2>"$out/servers.log"; }
servers_pid=$SERVERS_PID
servers_in=${SERVERS[1]}
samba=""
while IFS= read -r -t 180 line <&"${SERVERS[0]}"; do
  case "$line" in
    ready) break ;;
    samba\ *) samba=${line#samba } ;;
  esac
done
[ -n "$samba" ] || { say "Samba did not start; $out/servers.log:"; cat "$out/servers.log" >&2; exit 1; }
port=${samba##*:}
say "Samba on port $port"
NETCONN_USER=$(sed -n 's/^username = //p' "$auth")
NETCONN_DOMAIN=$(sed -n 's/^domain = //p' "$auth")
NETCONN_PASSWORD=$(sed -n 's/^password = //p' "$auth")
export NETCONN_PASSWORD

# srvsvc starts on the first pipe open, and each JVM/rpcclient binary is read once: not inside a timing.
rpcclient -s /dev/null -A "$auth" -p "$port" -c "netconnenum 1 $SHARE" 127.0.0.1 >/dev/null
"$repo/netconn" -u "$NETCONN_DOMAIN\\$NETCONN_USER" --password-env NETCONN_PASSWORD "127.0.0.1:$port" "$SHARE" >/dev/null

now() { date +%s.%N; }
row=0
declare -a table
for n in $PARALLELS; do
  row=$((row + 1))
  var="HOSTS_$n"
  count=${!var:-$((n == 1 ? 40 : n == 8 ? 160 : n * 15))}
  hosts="$out/hosts-$n.txt"
  : > "$hosts"
  for ((i = 0; i < count; i++)); do
    echo "127.$((60 + row)).$((i / 250)).$((i % 250 + 1)):$port" >> "$hosts"
  done

  say "N=$n, $count hosts: rpcclient"
  t0=$(now)
  # rpcclient takes the port with -p and the host alone; xargs's exit code 123 means some failed.
  sed 's/:[0-9]*$//' "$hosts" | xargs -P "$n" -I{} sh -c \
    'if rpcclient -s /dev/null -A "$1" -p "$2" -c "netconnenum 1 $3" "$4" >"$5/rpc-$4.out" 2>&1; then echo ok; else echo failed; fi' \
    _ "$auth" "$port" "$SHARE" {} "$private" > "$out/rpcclient-$n.status" || true
  t1=$(now)
  rpc_ok=$(grep -c '^ok$' "$out/rpcclient-$n.status" || true)
  rpc_secs=$(echo "$t1 - $t0" | bc -l)

  say "N=$n, $count hosts: netconn"
  t0=$(now)
  "$repo/netconn" -u "$NETCONN_DOMAIN\\$NETCONN_USER" --password-env NETCONN_PASSWORD --timeout "$TIMEOUT" \
    --servers "$hosts" --parallel "$n" --no-progress "$SHARE" > "$out/netconn-$n.out" 2> "$out/netconn-$n.err" || true
  t1=$(now)
  nc_secs=$(echo "$t1 - $t0" | bc -l)
  nc_ok=$(grep -o '[0-9]* answered' "$out/netconn-$n.err" | tail -n 1 | cut -d' ' -f1)
  nc_ok=${nc_ok:-0}

  rpc_rate=$(echo "$rpc_ok / $rpc_secs" | bc -l)
  nc_rate=$(echo "$nc_ok / $nc_secs" | bc -l)
  ratio=$(echo "$nc_rate / $rpc_rate" | bc -l 2>/dev/null || echo 0)
  table+=("$(printf '| %s | %s | %.1f | %s/%s | %.1f | %s/%s | %.2f |' "$n" "$count" \
    "$rpc_rate" "$rpc_ok" "$count" "$nc_rate" "$nc_ok" "$count" "$ratio")")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$count" "$rpc_secs" "$rpc_ok" "$nc_secs" "$nc_ok" >> "$out/raw.tsv"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"

{
  echo '```'
  cat "$out/machine.txt"
  echo '```'
  echo
  echo "| N (parallel) | hosts | rpcclient servers/s | rpcclient answered | netconn servers/s | netconn answered | netconn / rpcclient |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${table[@]}"
} > "$out/report.md"
cat "$out/report.md"
say "raw results: $out"
