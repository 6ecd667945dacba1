#!/usr/bin/python3
"""impacket's hNetrConnectionEnum, hNetrSessionEnum and hNetrFileEnum, timed the way netconn
is: the reference client of benchmarks/compare.sh. Run with Debian's interpreter
(/usr/bin/python3), which sees python3-impacket.

    impacket_bench.py HOST:PORT SHARE                     # one call, then exit (time the process)
    impacket_bench.py HOST:PORT SHARE --warm  --runs 300  # one connection, N calls timed in-process
    impacket_bench.py HOST:PORT SHARE --cold  --runs 40   # N x (connect, bind, call, disconnect)
    impacket_bench.py HOST:PORT SHARE --probe             # a cold and a warm call, in time windows
    impacket_bench.py HOST:PORT SHARE --call sessions ... # NetrSessionEnum instead (or files)

The account comes from the environment, never from the command line: NETCONN_DOMAIN,
NETCONN_USER and NETCONN_PASSWORD. The call (--call) is one of MS-SRVS's enumerations on
\\PIPE\\srvsvc over SMB (impacket's SMBConnection picks the dialect), each in one request
(impacket's helpers ask for every entry at once, PreferedMaximumLength 0xFFFFFFFF):
`connections` (the default), NetrConnectionEnum at level 1 on SHARE, as
`rpcclient -c 'netconnenum 1 SHARE'` and netconn make it; `sessions`,
`hNetrSessionEnum(dce, NULL, NULL, 1)` (rpcclient's `netsessenum`); `files`,
`hNetrFileEnum(dce, NULL, NULL, 3)` (`netfileenum 3`); SHARE is then unused. Sessions at level 1
and files at level 3 are the levels Samba serves. Timed modes print one JSON object:
milliseconds per call (median, p10, p90, min, max, every sample) and the entries of the last
reply. --probe prints, like io.github.netconn.benchmarks.Probe, one line per
window of a packet capture: `window NAME FROM_US TO_US entries=N pages=1` (microseconds
since the epoch), for a cold call (connect, bind, call, disconnect) and for a second call
on an open connection.
"""
import argparse
import json
import os
import statistics
import sys
import time

from impacket.dcerpc.v5 import srvs, transport
from impacket.dcerpc.v5.dtypes import NULL


def connect(host, port):
    rpc = transport.SMBTransport(host, dstport=port, filename=r'\srvsvc',
                                 username=os.environ['NETCONN_USER'],
                                 password=os.environ['NETCONN_PASSWORD'],
                                 domain=os.environ.get('NETCONN_DOMAIN', ''))
    dce = rpc.get_dce_rpc()
    dce.connect()
    dce.bind(srvs.MSRPC_UUID_SRVS)
    return dce


def connections(dce, share):
    reply = srvs.hNetrConnectionEnum(dce, share + '\x00', 1)
    return reply['InfoStruct']['ConnectInfo']['Level1']['EntriesRead']


def sessions(dce, share):
    reply = srvs.hNetrSessionEnum(dce, NULL, NULL, 1)
    return reply['InfoStruct']['SessionInfo']['Level1']['EntriesRead']


def files(dce, share):
    reply = srvs.hNetrFileEnum(dce, NULL, NULL, 3)
    return reply['InfoStruct']['FileInfo']['Level3']['EntriesRead']


CALLS = {'connections': connections, 'sessions': sessions, 'files': files}


def cold(host, port, share, call):
    dce = connect(host, port)
    try:
        return call(dce, share)
    finally:
        dce.disconnect()


def percentile(sorted_ms, q):
    """Nearest-rank percentile, as JMH and hyperfine's medians are read here."""
    if not sorted_ms:
        return None
    rank = max(0, min(len(sorted_ms) - 1, int(round(q / 100.0 * (len(sorted_ms) - 1)))))
    return sorted_ms[rank]


def timed(fn, runs, warmup):
    for _ in range(warmup):
        fn()
    samples = []
    entries = None
    for _ in range(runs):
        t0 = time.perf_counter_ns()
        entries = fn()
        samples.append((time.perf_counter_ns() - t0) / 1e6)
    s = sorted(samples)
    return {'n': len(s), 'median_ms': statistics.median(s), 'p10_ms': percentile(s, 10),
            'p90_ms': percentile(s, 90), 'min_ms': s[0], 'max_ms': s[-1], 'entries': entries,
            'samples_ms': samples}


def now_us():
    return time.time_ns() // 1000


def probe(host, port, share, call):
    quiet = 0.4                               # seconds after a call, for late packets
    start = now_us()
    entries = cold(host, port, share, call)
    time.sleep(quiet)
    print('window cold %d %d entries=%d pages=1' % (start - 1000, now_us(), entries))
    dce = connect(host, port)
    try:
        call(dce, share)
        time.sleep(quiet)
        start = now_us()
        entries = call(dce, share)
        time.sleep(quiet)
        print('window warm %d %d entries=%d pages=1' % (start - 1000, now_us(), entries))
    finally:
        dce.disconnect()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('server', help='HOST:PORT')
    parser.add_argument('share')
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument('--warm', action='store_true', help='one connection, --runs calls timed')
    mode.add_argument('--cold', action='store_true', help='--runs x (connect, bind, call, disconnect) timed')
    mode.add_argument('--probe', action='store_true', help='a cold and a warm call in time windows')
    parser.add_argument('--call', choices=sorted(CALLS), default='connections',
                        help='the enumeration (default connections)')
    parser.add_argument('--runs', type=int, default=200)
    parser.add_argument('--warmup', type=int, default=20)
    args = parser.parse_args()
    host, _, port = args.server.rpartition(':')
    port = int(port)
    for name in ('NETCONN_USER', 'NETCONN_PASSWORD'):
        if name not in os.environ:
            parser.error('%s is not set (the account comes from the environment)' % name)

    call = CALLS[args.call]
    if args.warm:
        dce = connect(host, port)
        try:
            result = timed(lambda: call(dce, args.share), args.runs, args.warmup)
        finally:
            dce.disconnect()
    elif args.cold:
        result = timed(lambda: cold(host, port, args.share, call), args.runs, args.warmup)
    elif args.probe:
        probe(host, port, args.share, call)
        return 0
    else:
        print('%d entries' % cold(host, port, args.share, call))
        return 0
    json.dump(result, sys.stdout)
    print()
    return 0


if __name__ == '__main__':
    sys.exit(main())
