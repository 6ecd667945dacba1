#!/usr/bin/env bash
# Where a fresh `netconn` command spends its time, phase by phase: runs the
# launcher RUNS times against SERVER with -Xlog:class+load (uptime stamps) and prints, as
# medians, when the first class of each phase was loaded, the phases' lengths, and where the
# classes came from (the launcher's CDS archive or AOT cache, the JDK's image, the jar).
#
#   NETCONN_USER=netadmin NETCONN_DOMAIN=NETCONN NETCONN_PASSWORD=... \
#     benchmarks/startup-phases.sh 127.0.0.1:PORT [SHARE]        (JAVA_HOME picks the Java)
#
# The servers can be benchmarks' `Servers` (as compare.sh starts them). The first runs train
# the launcher's archive or cache; they are not counted (WARMUP, 3). A class's load time
# marks when the code that needs it first ran, so a phase ends where the next one's first
# class appears. Loopback only; the password comes from the environment.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
server=${1:?usage: startup-phases.sh HOST:PORT [SHARE]}
share=${2:-DATA}
RUNS=${RUNS:-9}
WARMUP=${WARMUP:-3}
: "${NETCONN_USER:?}" "${NETCONN_PASSWORD:?}"
export NETCONN_PASSWORD
work=$(mktemp -d /tmp/netconn-phases.XXXXXX)
trap 'rm -rf "$work"' EXIT

run() {
  "$here/../netconn" -u "${NETCONN_DOMAIN:+$NETCONN_DOMAIN\\}$NETCONN_USER" --password-env NETCONN_PASSWORD \
    "$server" "$share" > /dev/null
}
for _ in $(seq 1 "$WARMUP"); do run; done
for i in $(seq 1 "$RUNS"); do
  NETCONN_JAVA_OPTS="-Xlog:class+load:file=$work/$i.log:uptime" run
done

python3 - "$work" "$RUNS" <<'EOF'
import re, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
# (phase that starts here, the first class whose loading marks it)
markers = [
    ('JVM start to java.lang.Object', None),
    ('JVM boot, opening the jar, to main', 'java.lang.Object'),
    ('arguments and logon options', 'io.github.netconn.cli.Netconn'),
    ('logging and the adapter set-up', 'org.slf4j.'),
    ('smbj set-up (client, connection, event bus), TCP connect', 'com.hierynomus.smbj.SMBClient'),
    ('NEGOTIATE and its reply', 'com.hierynomus.mssmb2.messages.SMB2NegotiateRequest'),
    ('NTLM, SESSION_SETUP, TREE_CONNECT, CREATE', 'com.hierynomus.ntlm.messages.NtlmNegotiate'),
    ('bind and the call', 'io.github.netconn.msrpc.Bind'),
    ('output, close, logoff, exit', 'io.github.netconn.cli.Cells'),
]
times = {m: [] for _, m in markers if m}
ends, sources = [], {}
for i in range(1, runs + 1):
    lines = open('%s/%d.log' % (work, i)).read().splitlines()
    for _, m in markers:
        if m:
            t = next((float(l[1:l.index('s]')]) for l in lines if l.split()[1].startswith(m)), None)
            times[m].append(t)
    ends.append(float(lines[-1][1:lines[-1].index('s]')]))
    for l in lines:
        src = l.split('source: ', 1)[1] if 'source: ' in l else '?'
        src = 'the jar' if src.startswith(('file:', 'jar:')) else 'the JDK image (jrt)' if src.startswith('jrt:') \
            else 'the archive or cache' if src == 'shared objects file' else 'generated at run time'
        sources[src] = sources.get(src, 0) + 1
med = {m: statistics.median(v) * 1000 for m, v in times.items() if None not in v}
end = statistics.median(ends) * 1000
print('| phase | starts at (ms, median of %d) | takes (ms) |' % runs)
print('|---|---|---|')
starts = [0.0] + [med.get(m) for _, m in markers[1:]] + [end]
for (name, _), a, b in zip(markers, starts, starts[1:]):
    print('| %s | %s | %s |' % (name, '%.0f' % a if a is not None else '?',
                                 '%.0f' % (b - a) if a is not None and b is not None else '?'))
print('| (last class loaded) | %.0f | |' % end)
print()
print('classes per run, by where they came from: ' + ', '.join(
    '%s %d' % (k, v // runs) for k, v in sorted(sources.items(), key=lambda kv: -kv[1])))
EOF
