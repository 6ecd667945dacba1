#!/usr/bin/env bash
# netconn side by side with Samba's rpcclient and impacket, in one run, against the same
# testkit servers on loopback. Prints one Markdown table and the verdict on each
# target; keeps every raw result.
#
#   benchmarks/compare.sh                 (as root on a fresh machine of this kind)
#
# What it does:
#  1. installs what is missing from Debian: smbclient (rpcclient), python3-impacket,
#     tcpdump; starts Docker and builds the servers' image (scripts/docker-up.sh,
#     testkit/servers/build-image.sh); builds benchmarks/target/benchmarks.jar if missing
#     (BUILD=1 rebuilds), and cli/target/netconn.jar if missing (skipped if that fails);
#  2. starts io.github.netconn.benchmarks.Servers: the testkit's Samba holding $HOLD real
#     connections to DATA, each a session with one file open, and the scripted server with as
#     many connections, sessions and open files in its scenario; it writes
#     the account to a mode-600 authentication file (rpcclient -A), from which the others
#     get it through the environment (NETCONN_USER/DOMAIN/PASSWORD): no password is ever on
#     a command line or in the output;
#  3. in-process: JMH CallBenchmark (netconn cold and warm, SampleTime) pointed at those
#     servers, on both SMB layers (library=SMBJ,JCIFS; jmh-calls.json) and on smbj with
#     encryption OFF against Samba (jmh-calls-unencrypted.json); impacket_bench.py --warm
#     and --cold. That is NetrConnectionEnum (level 1, DATA); then the same for NetrSessionEnum
#     (level 1) and NetrFileEnum (level 3), in shorter trials, on both layers
#     (jmh-calls-sessions-files.json; impacket-warm-S-CALL.json ...), on Samba, and on the
#     scripted server if it answers them (impacket's call is tried first);
#  4. whole process, the commands in turns (alternate.py; hyperfine's blocks let a shared
#     machine's slow spell fall on one command alone): rpcclient -c 'netconnenum 1 DATA', impacket_bench.py
#     (one cold call), the netconn launcher if cli/target/netconn.jar exists, and the packaged
#     command if dist/target holds its .deb (installed for the run, removed after); then, in
#     $CALL_RUNS rounds, rpcclient's 'netsessenum' (level 1; its first argument
#     is a client name, not the level) and 'netfileenum 3';
#  5. SMB requests on the wire: a tcpdump capture on lo, filtered on the server's port, of
#     one run of each client (Probe once per SMB layer, and on Samba once more on smbj with
#     encryption OFF); Probe and impacket_bench.py --probe put their cold and warm
#     calls in separate time windows; smb2_count.py counts the requests per window; the same
#     (smbj, jcifs, impacket, rpcclient) for sessions and files;
#  6. DecodeBenchmark with -prof gc (SKIP_DECODE=1 skips it);
#  7. compare_report.py writes the table and the targets to $OUT/report.md and prints it.
#
# The CLI runs twice: on the Java of JAVA_HOME (or PATH), and on Java 25 or newer (JAVA25, or
# the first under /usr/lib/jvm) if there is one; the uncounted warm-up rounds train the launcher's
# CDS archive and AOT cache first.
# Environment: RUNS (whole-process rounds, 30), HOLD (connections held, 4),
# IMPACKET_WARM_RUNS (500), IMPACKET_COLD_RUNS (100), JMH_OPTS (extra JMH options for the
# call benchmark, e.g. "-i 3"), CALLS (the calls beside connections, "sessions files"; empty
# for connections alone), CALL_JMH (their JMH options, instead of JMH_OPTS: "-wi 2 -w 1 -i 3
# -r 1"), CALL_RUNS (their rpcclient rounds, 10), CALL_WARM_RUNS (300), CALL_COLD_RUNS (50),
# SKIP_DECODE=1, BUILD=1, OUT (results directory, default benchmarks/target/compare/<time>),
# JAVA_HOME.
# Runs about 15 minutes on 2 cores (SKIP_DECODE=1: about 14; CALLS="": 11). Traffic goes to
# 127.0.0.1 only.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"

RUNS=${RUNS:-30}
HOLD=${HOLD:-4}
IMPACKET_WARM_RUNS=${IMPACKET_WARM_RUNS:-500}
IMPACKET_COLD_RUNS=${IMPACKET_COLD_RUNS:-100}
CALLS=${CALLS-sessions files}
CALL_JMH=${CALL_JMH:--wi 2 -w 1 -i 3 -r 1}
CALL_RUNS=${CALL_RUNS:-10}
CALL_WARM_RUNS=${CALL_WARM_RUNS:-300}
CALL_COLD_RUNS=${CALL_COLD_RUNS:-50}
SHARE=DATA
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
python=/usr/bin/python3                      # Debian's, which sees python3-impacket
jar="$here/target/benchmarks.jar"
cli_jar="$repo/cli/target/netconn.jar"
out=${OUT:-$here/target/compare/$(date +%Y%m%d-%H%M%S)}

say() { echo "compare: $*" >&2; }

# ---- 1. tools, Docker, image, jars ---------------------------------------------------
missing=()
command -v rpcclient >/dev/null 2>&1 || missing+=(smbclient)   # Debian 12 ships rpcclient in smbclient
{ [ -x "$python" ] && "$python" -c 'import impacket' 2>/dev/null; } || missing+=(python3-impacket)
command -v tcpdump >/dev/null 2>&1 || missing+=(tcpdump)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    say "missing: ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root"
    exit 1
  fi
  say "installing from Debian: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ "$(id -u)" -eq 0 ] || { say "tcpdump needs root to capture on lo: run as root"; exit 1; }

scripts/docker-up.sh >&2
testkit/servers/build-image.sh >/dev/null

if [ ! -f "$jar" ] || [ "${BUILD:-0}" = 1 ]; then
  say "building $jar (mvn -pl benchmarks -am package -DskipTests)"
  mvn -B -q -ntp -pl benchmarks -am package -DskipTests >&2
fi
if [ ! -f "$cli_jar" ]; then
  say "building the CLI (mvn -pl cli -am package -DskipTests); it is skipped if that fails"
  mvn -B -q -ntp -pl cli -am package -DskipTests >&2 || say "the CLI did not build: its row stays empty"
fi

mkdir -p "$out"
# Run from a copy: a rebuild of the module during the run cannot then pull classes from under it.
cp "$jar" "$out/benchmarks.jar"
jar="$out/benchmarks.jar"
private=$(mktemp -d /tmp/netconn-compare.XXXXXX)    # the authentication file; removed at exit
chmod 700 "$private"
auth="$private/auth"

servers_pid=""
servers_in=""
tcpdump_pid=""
cleanup() {
  local rc=$?
  if [ -n "$tcpdump_pid" ]; then kill -TERM "$tcpdump_pid" 2>/dev/null || true; fi
  if [ -n "$servers_pid" ]; then
    # Closing its standard input stops the servers; stop the JVM if it does not go.
    if [ -n "$servers_in" ]; then eval "exec $servers_in>&-"; fi
    for _ in $(seq 1 100); do kill -0 "$servers_pid" 2>/dev/null || break; sleep 0.2; done
    kill -TERM "$servers_pid" 2>/dev/null || true
  fi
  rm -rf "$private"
  if [ -n "${deb_installed:-}" ]; then apt-get remove -y netconn >/dev/null 2>&1 || true; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- machine ------------------------------------------------------------------------
# The CLI also on Java 25 or newer (its AOT cache), when one is there: JAVA25, else /usr/lib/jvm's.
java25=${JAVA25:-}
if [ -z "$java25" ]; then
  for home in /usr/lib/jvm/*; do
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || true)
    if [ -x "$home/bin/java" ] && [ "${v:-0}" -ge 25 ]; then java25=$home; break; fi
  done
fi
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git: $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$repo" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "cpu: $(nproc) x $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "jdk: $("$java" -version 2>&1 | head -n 2 | tail -n 1)"
  if [ -n "$java25" ]; then echo "jdk for the CLI's second row: $("$java25/bin/java" -version 2>&1 | head -n 2 | tail -n 1)"; fi
  echo "rpcclient: $(rpcclient --version 2>&1 | head -n 1) (Debian smbclient $(dpkg-query -W -f '${Version}' smbclient 2>/dev/null))"
  echo "impacket: $(dpkg-query -W -f '${Version}' python3-impacket 2>/dev/null) (Debian python3-impacket; $("$python" --version 2>&1))"
  echo "jcifs: $(unzip -p "$jar" META-INF/maven/org.codelibs/jcifs/pom.properties 2>/dev/null | sed -n 's/^version=//p')"
  echo "server: $(docker run --rm --network none --entrypoint smbd netconn-testkit/servers:latest --version 2>/dev/null) in netconn-testkit/servers:latest; scripted server on impacket $(docker run --rm --network none --entrypoint dpkg-query netconn-testkit/servers:latest -W -f '${Version}' python3-impacket 2>/dev/null)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/machine.txt"

# ---- 2. servers ---------------------------------------------------------------------
export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CHECKS_DISABLE=true TESTCONTAINERS_HOST_OVERRIDE=localhost
say "starting the servers (Samba holding $HOLD connections to $SHARE, the scripted server with as many)"
coproc SERVERS { exec "$java" -cp "$jar" io.github.netconn.benchmarks.Servers --hold "$HOLD" --auth-file "$auth" 2>"$out/servers.log"; }
servers_pid=$SERVERS_PID
servers_in=${SERVERS[1]}
: > "$out/servers.txt"
while IFS= read -r -t 180 line <&"${SERVERS[0]}"; do
  case "$line" in
    ready) break ;;
    samba\ *|scripted\ *) echo "$line" >> "$out/servers.txt" ;;
  esac
done
samba=$(awk '$1 == "samba" {print $2}' "$out/servers.txt")
scripted=$(awk '$1 == "scripted" {print $2}' "$out/servers.txt")
if [ -z "$samba" ] || [ -z "$scripted" ]; then
  say "the servers did not start; $out/servers.log:"
  cat "$out/servers.log" >&2
  exit 1
fi
say "Samba on $samba, scripted server on $scripted"

NETCONN_USER=$(sed -n 's/^username = //p' "$auth")
NETCONN_DOMAIN=$(sed -n 's/^domain = //p' "$auth")
NETCONN_PASSWORD=$(sed -n 's/^password = //p' "$auth")
export NETCONN_USER NETCONN_DOMAIN NETCONN_PASSWORD
declare -A port=([samba]="${samba##*:}" [scripted]="${scripted##*:}")
declare -A server=([samba]="$samba" [scripted]="$scripted")

declare -A rpcclient_call=([connections]="netconnenum 1 $SHARE" [sessions]="netsessenum" [files]="netfileenum 3")
rpcclient_cmd() {  # rpcclient_cmd PORT [CALL]: the command line (no password on it: -A file)
  echo "rpcclient -s /dev/null -A $auth -p $1 -c '${rpcclient_call[${2:-connections}]}' 127.0.0.1"
}
cli_cmd() {  # cli_cmd SERVER (SMB 2 allowed for the scripted server, which speaks 2.0.2 only; Samba still chooses 3.1.1)
  echo "'$repo/netconn' -u '$NETCONN_DOMAIN\\$NETCONN_USER' --password-env NETCONN_PASSWORD --min-dialect 2.0.2 $1 $SHARE"
}

# Samba starts its srvsvc service on the first pipe open: let that happen before any timing.
for s in samba scripted; do
  eval "$(rpcclient_cmd "${port[$s]}")" >/dev/null
done

# Sessions and files on Samba, and on the scripted server if it answers them (impacket's call
# succeeds: a scripted server of an older image may not serve opnums 12 and 9).
call_servers=()
for s in samba scripted; do
  serves=1
  for c in $CALLS; do
    timeout 60 "$python" "$here/impacket_bench.py" "${server[$s]}" "$SHARE" --call "$c" \
      > "$out/serves-$c-$s.txt" 2>&1 || serves=0
  done
  if [ "$serves" = 1 ]; then
    call_servers+=("$s")
  else
    say "$s does not answer every one of: $CALLS (see $out/serves-*-$s.txt); they are not measured there"
  fi
done
if [ -z "$CALLS" ]; then call_servers=(); fi

# ---- 3. in-process ------------------------------------------------------------------
say "netconn in-process: JMH CallBenchmark, smbj and jcifs on both servers, smbj unencrypted on Samba (about 3 min)"
read -r -a jmh_opts <<< "${JMH_OPTS:-}"
call_bench() {  # call_bench RESULT_NAME JMH_PARAMETERS...: one JMH run of CallBenchmark
  local name=$1
  shift
  "$java" -jar "$jar" 'io.github.netconn.benchmarks.CallBenchmark' "$@" \
    -jvmArgsAppend "-Dnetconn.bench.samba=$samba -Dnetconn.bench.scripted=$scripted" \
    ${jmh_opts[@]+"${jmh_opts[@]}"} -rf json -rff "$out/$name.json" > "$out/$name.log" 2>&1 \
    || { say "JMH failed; see $out/$name.log"; tail -n 30 "$out/$name.log" >&2; exit 1; }
}
# Both layers as callers get them (encryption IF_SERVER_REQUIRES, the default: smbj encrypts
# against Samba, jcifs cannot); then smbj with encryption OFF, for the cost of encryption
# (the scripted server speaks SMB 2.0.2 only, so nothing is encrypted there anyway).
call_bench jmh-calls -p call=connections -p library=SMBJ,JCIFS -p encryption=IF_SERVER_REQUIRES
call_bench jmh-calls-unencrypted -p call=connections -p library=SMBJ -p encryption=OFF -p server=samba
if [ ${#call_servers[@]} -gt 0 ]; then
  say "netconn in-process: sessions and files ($CALLS) on ${call_servers[*]}, both layers ($CALL_JMH)"
  read -r -a jmh_opts <<< "$CALL_JMH"      # instead of JMH_OPTS (JMH refuses an option twice)
  call_bench jmh-calls-sessions-files -p "call=$(echo $CALLS | tr ' ' ,)" -p library=SMBJ,JCIFS \
    -p encryption=IF_SERVER_REQUIRES -p "server=$(IFS=,; echo "${call_servers[*]}")"
fi

for s in samba scripted; do
  say "impacket in-process on $s: $IMPACKET_WARM_RUNS warm calls, $IMPACKET_COLD_RUNS cold calls"
  "$python" "$here/impacket_bench.py" "${server[$s]}" "$SHARE" --warm --runs "$IMPACKET_WARM_RUNS" --warmup 50 \
    > "$out/impacket-warm-$s.json"
  "$python" "$here/impacket_bench.py" "${server[$s]}" "$SHARE" --cold --runs "$IMPACKET_COLD_RUNS" --warmup 10 \
    > "$out/impacket-cold-$s.json"
done
for s in ${call_servers[@]+"${call_servers[@]}"}; do
  for c in $CALLS; do
    say "impacket in-process on $s, $c: $CALL_WARM_RUNS warm calls, $CALL_COLD_RUNS cold calls"
    "$python" "$here/impacket_bench.py" "${server[$s]}" "$SHARE" --call "$c" --warm --runs "$CALL_WARM_RUNS" \
      --warmup 30 > "$out/impacket-warm-$s-$c.json"
    "$python" "$here/impacket_bench.py" "${server[$s]}" "$SHARE" --call "$c" --cold --runs "$CALL_COLD_RUNS" \
      --warmup 5 > "$out/impacket-cold-$s-$c.json"
  done
done

# ---- 4. whole process ---------------------------------------------------------------
# The packaged command, if dist/ built its .deb (mvn package on Linux) and no netconn is installed:
# installed for the run, removed at the end.
deb_installed=
deb=$(ls "$repo"/dist/target/netconn_*.deb 2>/dev/null | head -n 1 || true)
if [ -n "$deb" ] && ! dpkg -s netconn >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$deb" >/dev/null 2>&1 && deb_installed=$deb
  [ -n "$deb_installed" ] && say "installed $deb for the whole-process rounds"
fi
for s in samba scripted; do
  say "whole process on $s: $RUNS rounds of the commands in turns"
  cmds=(-n rpcclient "$(rpcclient_cmd "${port[$s]}")"
        -n impacket "$python '$here/impacket_bench.py' ${server[$s]} $SHARE")
  if [ -f "$cli_jar" ]; then
    cmds+=(-n netconn-cli "$(cli_cmd "${server[$s]}")")
    if [ -n "$java25" ]; then
      cmds+=(-n netconn-cli-java25 "env JAVA_HOME=$java25 $(cli_cmd "${server[$s]}")")
    fi
  fi
  if [ -n "$deb_installed" ]; then
    cmds+=(-n netconn-deb "$(cli_cmd "${server[$s]}" | sed "s|^'$repo/netconn'|/usr/bin/netconn|")")
  fi
  "$python" "$here/alternate.py" "$RUNS" --warmup 3 --export-json "$out/whole-$s.json" "${cmds[@]}" \
    > "$out/whole-$s.log" 2>&1 || { say "a whole-process run failed; see $out/whole-$s.log"; tail -n 20 "$out/whole-$s.log" >&2; exit 1; }
done
for s in ${call_servers[@]+"${call_servers[@]}"}; do
  say "whole process on $s: $CALL_RUNS rounds of rpcclient's $CALLS in turns"
  cmds=()
  for c in $CALLS; do cmds+=(-n "rpcclient-$c" "$(rpcclient_cmd "${port[$s]}" "$c")"); done
  "$python" "$here/alternate.py" "$CALL_RUNS" --warmup 2 --export-json "$out/whole-calls-$s.json" "${cmds[@]}" \
    > "$out/whole-calls-$s.log" 2>&1 || { say "a whole-process run failed; see $out/whole-calls-$s.log"; exit 1; }
done

# ---- 5. SMB requests on the wire ----------------------------------------------------
capture() {  # capture NAME PORT COMMAND...: one run of COMMAND, its packets to/from PORT on lo
  local name=$1 p=$2
  shift 2
  # A 64 MiB buffer: the probes' bursts overflow the default 2 MiB on a busy machine.
  tcpdump -i lo --immediate-mode -B 65536 -U -s 0 -w "$out/$name.pcap" "tcp port $p" 2>"$out/$name.tcpdump.log" &
  tcpdump_pid=$!
  for _ in $(seq 1 50); do grep -q 'listening on' "$out/$name.tcpdump.log" 2>/dev/null && break; sleep 0.1; done
  "$@" > "$out/$name.out" 2>"$out/$name.err"
  sleep 0.5
  kill -TERM "$tcpdump_pid"
  wait "$tcpdump_pid" 2>/dev/null || true
  tcpdump_pid=""
}
for s in samba scripted; do
  say "captures on $s"
  paging=()
  if [ "$s" = scripted ]; then paging=(--page-bytes 64); fi   # Samba ignores the page size
  # One probe per SMB layer; on Samba also smbj unencrypted, whose requests the capture can name.
  probe() { "$java" -cp "$jar" io.github.netconn.benchmarks.Probe "${server[$s]}" ${paging[@]+"${paging[@]}"} "$@"; }
  capture "netconn-probe-$s" "${port[$s]}" probe --library SMBJ
  capture "netconn-probe-jcifs-$s" "${port[$s]}" probe --library JCIFS
  if [ "$s" = samba ]; then
    capture "netconn-probe-unencrypted-$s" "${port[$s]}" probe --library SMBJ --encryption OFF
  fi
  capture "rpcclient-$s" "${port[$s]}" bash -c "$(rpcclient_cmd "${port[$s]}")"
  capture "impacket-probe-$s" "${port[$s]}" "$python" "$here/impacket_bench.py" "${server[$s]}" "$SHARE" --probe
  capture "impacket-$s" "${port[$s]}" "$python" "$here/impacket_bench.py" "${server[$s]}" "$SHARE"
  if [ -f "$cli_jar" ]; then
    capture "cli-$s" "${port[$s]}" bash -c "$(cli_cmd "${server[$s]}")"
  fi
  case " ${call_servers[*]-} " in *" $s "*) ;; *) continue ;; esac
  for c in $CALLS; do
    say "captures on $s: $c"
    capture "netconn-probe-$c-$s" "${port[$s]}" probe --library SMBJ --call "$c"
    capture "netconn-probe-jcifs-$c-$s" "${port[$s]}" probe --library JCIFS --call "$c"
    capture "rpcclient-$c-$s" "${port[$s]}" bash -c "$(rpcclient_cmd "${port[$s]}" "$c")"
    capture "impacket-probe-$c-$s" "${port[$s]}" "$python" "$here/impacket_bench.py" "${server[$s]}" "$SHARE" \
      --call "$c" --probe
  done
done

# ---- 6. decoding --------------------------------------------------------------------
if [ "${SKIP_DECODE:-0}" != 1 ]; then
  say "decoding: JMH DecodeBenchmark -prof gc (about 45 s)"
  "$java" -jar "$jar" 'io.github.netconn.msrpc.DecodeBenchmark' -prof gc -rf json -rff "$out/jmh-decode.json" \
    > "$out/jmh-decode.log" 2>&1 || { say "JMH failed; see $out/jmh-decode.log"; exit 1; }
fi

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"

# ---- 7. report ----------------------------------------------------------------------
{
  echo "## netconn vs rpcclient vs impacket ($(date -u +%Y-%m-%d))"
  echo
  echo '```'
  cat "$out/machine.txt"
  echo '```'
  echo
  "$python" "$here/compare_report.py" "$out"
} > "$out/report.md"
cat "$out/report.md"
say "raw results and report: $out"
