#!/usr/bin/python3
"""The table of benchmarks/compare.sh, from the raw results it leaves in one directory.

    compare_report.py RESULTS_DIR > RESULTS_DIR/report.md

Reads, per server (samba, scripted): JMH's JSON of CallBenchmark (jmh-calls.json),
impacket_bench.py's JSON (impacket-warm-S.json, impacket-cold-S.json), alternate.py's JSON (hyperfine's format)
(whole-S.json), the packet captures (*.pcap, counted with smb2_count.py) with the probes'
windows (*.out), and, if present, JMH's JSON of DecodeBenchmark (jmh-decode.json) and
machine.txt. Prints Markdown: the table, the SMB requests by command, the cold calls'
timelines, and each target with its verdict. Then the same, shorter, for sessions and files
where their results are there (jmh-calls-sessions-files.json, impacket-warm-S-CALL.json,
impacket-cold-S-CALL.json, whole-calls-S.json, netconn-probe[-jcifs]-CALL-S, impacket-probe-CALL-S
and rpcclient-CALL-S captures).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import smb2_count  # noqa: E402

SERVERS = ('samba', 'scripted')
DECODE_TARGET = 2_000_000
# The calls beside connections: (title, DCE/RPC opnum, impacket's call, rpcclient's command).
OTHER_CALLS = {
    'sessions': ('Sessions: NetrSessionEnum at level 1', 12, '`hNetrSessionEnum(dce, NULL, NULL, 1)`',
                 "`rpcclient -c 'netsessenum'` (level 1)"),
    'files': ('Open files: NetrFileEnum at level 3', 9, '`hNetrFileEnum(dce, NULL, NULL, 3)`',
              "`rpcclient -c 'netfileenum 3'`"),
}
OPNUM_CONNECTIONS = 8


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return None


def percentile(sorted_values, q):
    if not sorted_values:
        return None
    rank = max(0, min(len(sorted_values) - 1, int(round(q / 100.0 * (len(sorted_values) - 1)))))
    return sorted_values[rank]


def stats(samples_ms):
    s = sorted(samples_ms)
    return {'median': percentile(s, 50), 'p10': percentile(s, 10), 'p90': percentile(s, 90), 'n': len(s)}


def from_histogram(histogram):
    """Percentiles of JMH SampleTime's raw histogram (forks x iterations x [value, count])."""
    pairs = sorted((v, c) for fork in histogram for iteration in fork for v, c in iteration)
    total = sum(c for _, c in pairs)

    def at(q):
        rank = max(0, min(total - 1, int(round(q / 100.0 * (total - 1)))))
        seen = 0
        for v, c in pairs:
            seen += c
            if seen > rank:
                return v
        return pairs[-1][0]
    return {'median': at(50), 'p10': at(10), 'p90': at(90), 'n': total}


# CallBenchmark's (library, encryption) parameters -> the prefix of the rows' keys.
VARIANTS = {('SMBJ', 'IF_SERVER_REQUIRES'): 'netconn', ('JCIFS', 'IF_SERVER_REQUIRES'): 'netconn jcifs',
            ('SMBJ', 'OFF'): 'netconn unencrypted', ('JCIFS', 'OFF'): 'netconn jcifs unencrypted'}


def jmh_calls(*results):
    """{(row key, server): stats}, e.g. ('netconn jcifs warm', 'samba'), or ('sessions netconn warm', 'samba')
    for a call other than connections; no library parameter means smbj, no call parameter connections."""
    out = {}
    for b in (b for r in results for b in (r or ())):
        name = b['benchmark'].rsplit('.', 1)[1]
        params = b['params']
        variant = VARIANTS[(params.get('library', 'SMBJ'), params.get('encryption', 'IF_SERVER_REQUIRES'))]
        call = params.get('call', 'connections')
        prefix = '' if call == 'connections' else call + ' '
        out[('%s%s %s' % (prefix, variant, name), params['server'])] = \
            from_histogram(b['primaryMetric']['rawDataHistogram'])
    return out


def whole_process(results):
    out = {}
    for r in (results or {}).get('results', ()):
        out[r['command']] = stats([t * 1000 for t in r['times']])
    return out


def fmt(s):
    if not s:
        return 'n/a'
    return '%s (%s–%s), n=%d' % (num(s['median']), num(s['p10']), num(s['p90']), s['n'])


def num(ms):
    return '%.2f' % ms if ms < 10 else '%.1f' % ms if ms < 100 else '%.0f' % ms


def windows(path):
    found = {}
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 4 and parts[0] == 'window':
                    extra = dict(p.split('=', 1) for p in parts[4:] if '=' in p)
                    found[parts[1]] = (int(parts[2]), int(parts[3]), extra)
    except FileNotFoundError:
        pass
    return found


WHOLE = object()


def counted(results_dir, name, port, window=WHOLE):
    """The requests in a capture: all of them, or those in a window (None: no such window)."""
    pcap = os.path.join(results_dir, name + '.pcap')
    if not os.path.exists(pcap) or port is None or window is None:
        return None
    if window is WHOLE:
        return smb2_count.count(pcap, port)
    return smb2_count.count(pcap, port, window[0], window[1])


def msgs(c):
    if not c:
        return 'n/a'
    parts = []
    if c['smb1']:
        parts.append('%d SMB1' % c['smb1'])
    if c['encrypted']:
        parts.append('%d encrypted' % c['encrypted'])
    detail = ' + '.join(['%d SMB2' % c['requests']] + parts) if parts else 'SMB2'
    warning = ' ⚠ capture incomplete' if c.get('incomplete') else ''
    return '%d (%s)%s' % (c['messages'], detail, warning)


def verdict(ok):
    return 'MET' if ok else 'NOT MET'


def one_request_per_page(s, who, w, opnum, what=''):
    """The verdict line on a warm call's requests: one IOCTL (plus a READ per further fragment), carrying
    the call's opnum where the capture can see it; None without a capture."""
    if not w:
        return None
    if w['encrypted'] and not w['requests']:
        # Encrypted: the commands cannot be seen, only that one message went.
        return ('- %s, exactly one request per page for a warm call%s (%s): %d encrypted message(s) for 1 page: **%s**'
                % (s, what, who, w['encrypted'], verdict(w['messages'] == 1)))
    transceive = w['by_command'].get('IOCTL', 0)
    reads = w['by_command'].get('READ', 0)
    ok = transceive == 1 and w['requests'] == transceive + reads
    seen = ''
    if w.get('opnums') is not None:
        ok = ok and w['opnums'] == {str(opnum): 1}
        seen = ', opnum %s' % ('+'.join(sorted(w['opnums'])) or 'none seen')
    return ('- %s, exactly one request per page for a warm call%s (%s): %d request(s) for 1 page (%d IOCTL, %d READ '
            'for extra fragments%s): **%s**' % (s, what, who, w['requests'], transceive, reads, seen, verdict(ok)))


def paged(s, p, pages, opnum, what=''):
    """The verdict line on a paged warm enumeration: one IOCTL per page (plus READs), each with the call's opnum."""
    transceive = p['by_command'].get('IOCTL', 0)
    reads = p['by_command'].get('READ', 0)
    ok = transceive == pages and p['requests'] == transceive + reads
    if p.get('opnums') is not None:
        ok = ok and p['opnums'] == {str(opnum): pages}
    return ('- %s, paged warm enumeration%s: %d pages, %d requests (%d IOCTL, %d READ): **%s**'
            % (s, what, pages, p['requests'], transceive, reads, verdict(ok)))


def other_call(results_dir, ports, calls, call):
    """Sessions or files: their table, requests by command and targets, on the servers that have results."""
    title, opnum, impacket_call, rpcclient_call = OTHER_CALLS[call]
    path = lambda name: os.path.join(results_dir, name)  # noqa: E731
    found = {}
    for s in SERVERS:
        port = ports.get(s)
        probe = windows(path('netconn-probe-%s-%s.out' % (call, s)))
        jprobe = windows(path('netconn-probe-jcifs-%s-%s.out' % (call, s)))
        iprobe = windows(path('impacket-probe-%s-%s.out' % (call, s)))
        imp_warm = load(path('impacket-warm-%s-%s.json' % (s, call)))
        imp_cold = load(path('impacket-cold-%s-%s.json' % (s, call)))
        times = {key: calls.get(('%s %s' % (call, key), s)) for key in
                 ('netconn cold', 'netconn warm', 'netconn jcifs cold', 'netconn jcifs warm')}
        times['impacket cold'] = stats(imp_cold['samples_ms']) if imp_cold else None
        times['impacket warm'] = stats(imp_warm['samples_ms']) if imp_warm else None
        times['rpcclient'] = whole_process(load(path('whole-calls-%s.json' % s))).get('rpcclient-' + call)
        c = {
            'netconn cold': counted(results_dir, 'netconn-probe-%s-%s' % (call, s), port, probe.get('cold')),
            'netconn warm': counted(results_dir, 'netconn-probe-%s-%s' % (call, s), port, probe.get('warm')),
            'netconn warm-paged': counted(results_dir, 'netconn-probe-%s-%s' % (call, s), port,
                                          probe.get('warm-paged')),
            'netconn jcifs cold': counted(results_dir, 'netconn-probe-jcifs-%s-%s' % (call, s), port,
                                          jprobe.get('cold-warmed')),
            'netconn jcifs warm': counted(results_dir, 'netconn-probe-jcifs-%s-%s' % (call, s), port,
                                          jprobe.get('warm')),
            'netconn jcifs warm-paged': counted(results_dir, 'netconn-probe-jcifs-%s-%s' % (call, s), port,
                                                jprobe.get('warm-paged')),
            'impacket cold': counted(results_dir, 'impacket-probe-%s-%s' % (call, s), port, iprobe.get('cold')),
            'impacket warm': counted(results_dir, 'impacket-probe-%s-%s' % (call, s), port, iprobe.get('warm')),
            'rpcclient': counted(results_dir, 'rpcclient-%s-%s' % (call, s), port),
        }
        if any(times.values()) or any(c.values()):
            entries = probe.get('warm', (0, 0, {}))[2].get('entries') or (imp_warm or {}).get('entries')
            pages = {k: int(w[2].get('pages', 0)) for k, w in (('netconn warm-paged', probe.get('warm-paged')),
                                                                ('netconn jcifs warm-paged', jprobe.get('warm-paged')))
                     if w}
            found[s] = (times, c, entries, pages)
    if not found:
        return
    print('## %s' % title)
    print()
    print('Entries listed in a warm call: %s.' % ', '.join('%s %s' % (s, found[s][2] or '?') for s in found))
    print()
    labels = [
        ('netconn cold', 'netconn on smbj, cold call in-process (JMH SampleTime)'),
        ('netconn warm', 'netconn on smbj, warm call in-process (JMH SampleTime)'),
        ('netconn jcifs cold', 'netconn on jcifs, cold call in-process (JMH)'),
        ('netconn jcifs warm', 'netconn on jcifs, warm call in-process (JMH)'),
        ('impacket cold', 'impacket %s, cold call in-process (connect, bind, call, disconnect)' % impacket_call),
        ('impacket warm', 'impacket %s, warm call in-process (reused connection)' % impacket_call),
        ('rpcclient', '%s, whole process (in turns)' % rpcclient_call),
    ]
    print('| client and call | %s |' % ' | '.join('%s: ms, median (p10–p90), n | %s: SMB messages sent' % (s, s)
                                                  for s in found))
    print('|---|%s' % ('---|---|' * len(found)))
    for key, label in labels:
        cells = []
        for s in found:
            cells.append(fmt(found[s][0].get(key)))
            cells.append(msgs(found[s][1].get(key)))
        print('| %s | %s |' % (label, ' | '.join(cells)))
    print()
    print('| server | call | requests by command | DCE/RPC requests by opnum |')
    print('|---|---|---|---|')
    for s in found:
        for key, cnt in found[s][1].items():
            if cnt:
                detail = ', '.join('%s %d' % kv for kv in sorted(cnt['by_command'].items()))
                extra = ''.join('; %s %d' % (what, cnt[what]) for what in ('smb1', 'encrypted') if cnt[what])
                if key in found[s][3]:
                    extra += '; pages %d' % found[s][3][key]
                ops = ', '.join('%s: %d' % kv for kv in sorted(cnt['opnums'].items())) or '-'
                print('| %s | %s | %s%s | %s |' % (s, key, detail or '-', extra, ops))
    print()
    print('### Targets: %s' % call)
    print()
    for s in found:
        t, c, _, pages = found[s]
        for layer, who in (('netconn', 'smbj'), ('netconn jcifs', 'jcifs')):
            a, b = t.get(layer + ' warm'), t.get('impacket warm')
            if a and b:
                print('- %s, %s: warm call no slower than impacket\'s warm call (%s): netconn %s ms vs impacket %s ms '
                      '(%.2fx): **%s**' % (s, call, who, num(a['median']), num(b['median']),
                                          a['median'] / b['median'], verdict(a['median'] <= b['median'])))
        for layer, who in (('netconn', 'smbj'), ('netconn jcifs', 'jcifs')):
            line = one_request_per_page(s, who, c.get(layer + ' warm'), opnum, ' of ' + call)
            if line:
                print(line)
            p = c.get(layer + ' warm-paged')
            if p:
                print(paged(s, p, pages[layer + ' warm-paged'], opnum, ' of %s (%s)' % (call, who)))
        a, r = t.get('netconn cold'), t.get('rpcclient')
        if a and r:
            print('- %s, %s: cold in-process call no slower than rpcclient\'s whole process: netconn %s ms vs '
                  'rpcclient %s ms: **%s**' % (s, call, num(a['median']), num(r['median']),
                                               verdict(a['median'] <= r['median'])))
        n, r = c.get('netconn cold'), c.get('rpcclient')
        if n and r:
            print('- %s, %s: no more SMB2 requests than rpcclient for a cold call: netconn %d SMB2 (+%d SMB1, '
                  '%d encrypted) vs rpcclient %d SMB2 (+%d SMB1, %d encrypted), %d vs %d messages: **%s**'
                  % (s, call, n['requests'], n['smb1'], n['encrypted'], r['requests'], r['smb1'], r['encrypted'],
                     n['messages'], r['messages'], verdict(n['messages'] <= r['messages'])))
    print()


def main(results_dir):
    ports = {}
    for line in open(os.path.join(results_dir, 'servers.txt')):
        kind, server = line.split()
        ports[kind] = int(server.rsplit(':', 1)[1])
    calls = jmh_calls(load(os.path.join(results_dir, 'jmh-calls.json')),
                      load(os.path.join(results_dir, 'jmh-calls-unencrypted.json')),
                      load(os.path.join(results_dir, 'jmh-calls-sessions-files.json')))
    rows = []        # (label, {server: (time stats, count)})
    counts = {}
    for s in SERVERS:
        port = ports.get(s)
        probe = windows(os.path.join(results_dir, 'netconn-probe-%s.out' % s))
        iprobe = windows(os.path.join(results_dir, 'impacket-probe-%s.out' % s))
        whole = whole_process(load(os.path.join(results_dir, 'whole-%s.json' % s)))
        jprobe = windows(os.path.join(results_dir, 'netconn-probe-jcifs-%s.out' % s))
        uprobe = windows(os.path.join(results_dir, 'netconn-probe-unencrypted-%s.out' % s))
        counts[s] = {
            'netconn jcifs cold': counted(results_dir, 'netconn-probe-jcifs-' + s, port, jprobe.get('cold-warmed')),
            'netconn jcifs warm': counted(results_dir, 'netconn-probe-jcifs-' + s, port, jprobe.get('warm')),
            'netconn jcifs warm-paged': counted(results_dir, 'netconn-probe-jcifs-' + s, port, jprobe.get('warm-paged')),
            'netconn unencrypted cold': counted(results_dir, 'netconn-probe-unencrypted-' + s, port,
                                                uprobe.get('cold-warmed')),
            'netconn unencrypted warm': counted(results_dir, 'netconn-probe-unencrypted-' + s, port, uprobe.get('warm')),
            'netconn cold': counted(results_dir, 'netconn-probe-' + s, port, probe.get('cold')),
            'netconn cold-warmed': counted(results_dir, 'netconn-probe-' + s, port, probe.get('cold-warmed')),
            'netconn warm': counted(results_dir, 'netconn-probe-' + s, port, probe.get('warm')),
            'netconn warm-paged': counted(results_dir, 'netconn-probe-' + s, port, probe.get('warm-paged')),
            'impacket cold': counted(results_dir, 'impacket-probe-' + s, port, iprobe.get('cold')),
            'impacket warm': counted(results_dir, 'impacket-probe-' + s, port, iprobe.get('warm')),
            'rpcclient': counted(results_dir, 'rpcclient-' + s, port),
            'impacket whole': counted(results_dir, 'impacket-' + s, port),
            'cli': counted(results_dir, 'cli-' + s, port),
            'fresh cold': counted(results_dir, 'netconn-probe-' + s, port, probe.get('cold')),
        }
        counts[s]['paged-pages'] = int(probe['warm-paged'][2].get('pages', 0)) if 'warm-paged' in probe else None
        imp_warm = load(os.path.join(results_dir, 'impacket-warm-%s.json' % s))
        imp_cold = load(os.path.join(results_dir, 'impacket-cold-%s.json' % s))
        times = {
            'netconn cold': calls.get(('netconn cold', s)),
            'netconn warm': calls.get(('netconn warm', s)),
            'netconn unencrypted cold': calls.get(('netconn unencrypted cold', s)),
            'netconn unencrypted warm': calls.get(('netconn unencrypted warm', s)),
            'netconn jcifs cold': calls.get(('netconn jcifs cold', s)),
            'netconn jcifs warm': calls.get(('netconn jcifs warm', s)),
            'impacket cold': stats(imp_cold['samples_ms']) if imp_cold else None,
            'impacket warm': stats(imp_warm['samples_ms']) if imp_warm else None,
            'rpcclient': whole.get('rpcclient'),
            'impacket whole': whole.get('impacket'),
            'cli': whole.get('netconn-cli'),
            'cli25': whole.get('netconn-cli-java25'),
            'deb': whole.get('netconn-deb'),
            'fresh cold': ({'median': int(probe['cold'][2]['took']) / 1000.0, 'p10': int(probe['cold'][2]['took']) / 1000.0,
                            'p90': int(probe['cold'][2]['took']) / 1000.0, 'n': 1}
                           if 'took' in probe.get('cold', (0, 0, {}))[2] else None),
        }
        for key, value in times.items():
            counts[s].setdefault('_times', {})[key] = value

    labels = [
        ('netconn cold', 'netconn on smbj, cold call in-process (JMH SampleTime; new enumerator: connect … call, close)'),
        ('netconn warm', 'netconn on smbj, warm call in-process (JMH SampleTime; reused enumerator)'),
        ('netconn unencrypted cold', 'netconn on smbj, encryption OFF, cold call in-process (JMH)'),
        ('netconn unencrypted warm', 'netconn on smbj, encryption OFF, warm call in-process (JMH)'),
        ('netconn jcifs cold', 'netconn on jcifs, cold call in-process (JMH)'),
        ('netconn jcifs warm', 'netconn on jcifs, warm call in-process (JMH)'),
        ('impacket cold', 'impacket `hNetrConnectionEnum`, cold call in-process (connect, bind, call, disconnect)'),
        ('impacket warm', 'impacket `hNetrConnectionEnum`, warm call in-process (reused connection)'),
        ('rpcclient', "`rpcclient -c 'netconnenum 1 DATA'`, whole process (in turns)"),
        ('impacket whole', '`impacket_bench.py` (one cold call), whole process (in turns)'),
        ('fresh cold', 'netconn on smbj, the first call of the library in a fresh JVM (`Probe`, one call, close included)'),
        ('cli', '`netconn` CLI, whole process (in turns), Java of JAVA_HOME or PATH'),
        ('cli25', '`netconn` CLI, whole process (in turns), Java 25 (its AOT cache)'),
        ('deb', '`netconn` from its Debian package (its jlinked runtime and the AOT cache made at packaging), whole process (in turns)'),
    ]
    print('| client and call | Samba: ms, median (p10–p90), n | Samba: SMB messages sent | '
          'scripted: ms, median (p10–p90), n | scripted: SMB messages sent |')
    print('|---|---|---|---|---|')
    for key, label in labels:
        cells = []
        for s in SERVERS:
            cells.append(fmt(counts[s]['_times'].get(key)))
            cells.append(msgs(counts[s].get(key)))
        print('| %s | %s |' % (label, ' | '.join(cells)))
    print()
    print('SMB messages: every SMB message the client sent in the call (SMB1 and encrypted messages '
          'included); SMB2 requests alone in brackets. Whole-process rows count the whole run.')
    print()

    decode = load(os.path.join(results_dir, 'jmh-decode.json'))
    decode_rows = {}
    if decode:
        print('| decoding (JMH Throughput, `-prof gc`) | entries/s | bytes allocated per entry |')
        print('|---|---|---|')
        for b in decode:
            name = b['benchmark'].rsplit('.', 1)[1]
            rate = b['primaryMetric']['score']
            err = b['primaryMetric']['scoreError']
            norm = b.get('secondaryMetrics', {}).get('gc.alloc.rate.norm', {}).get('score')
            decode_rows[name] = rate
            print('| %s | %.2f M ± %.2f M | %s |' % (name, rate / 1e6, err / 1e6, '%.0f' % norm if norm else 'n/a'))
        print()

    print('### SMB2 requests by command')
    print()
    print('| server | call | requests by command |')
    print('|---|---|---|')
    for s in SERVERS:
        for key in ('netconn cold', 'netconn cold-warmed', 'netconn warm', 'netconn warm-paged', 'netconn unencrypted cold',
                    'netconn unencrypted warm', 'netconn jcifs cold', 'netconn jcifs warm', 'netconn jcifs warm-paged',
                    'rpcclient', 'impacket cold',
                    'impacket warm', 'impacket whole', 'cli', 'fresh cold'):
            c = counts[s].get(key)
            if c:
                detail = ', '.join('%s %d' % kv for kv in sorted(c['by_command'].items()))
                extra = ''
                if c['smb1']:
                    extra += '; SMB1 %d' % c['smb1']
                if c['encrypted']:
                    extra += '; encrypted %d' % c['encrypted']
                if key == 'netconn warm-paged':
                    extra += '; pages %s' % counts[s]['paged-pages']
                print('| %s | %s | %s%s |' % (s, key, detail or '-', extra))
    print()

    print('### Targets')
    print()

    for s in SERVERS:
        t = counts[s]['_times']
        if t.get('netconn warm') and t.get('impacket warm'):
            a, b = t['netconn warm']['median'], t['impacket warm']['median']
            print('- %s, warm call no slower than impacket in-process warm: netconn %s ms vs impacket %s ms: **%s**'
                  % (s, num(a), num(b), verdict(a <= b)))
        if t.get('netconn cold') and t.get('rpcclient'):
            a, b = t['netconn cold']['median'], t['rpcclient']['median']
            print('- %s, cold in-process call no slower than rpcclient\'s whole process: netconn %s ms vs '
                  'rpcclient %s ms: **%s**' % (s, num(a), num(b), verdict(a <= b)))
        c, r = counts[s].get('netconn cold'), counts[s].get('rpcclient')
        if c and r:
            print('- %s, no more SMB2 requests than rpcclient for a cold call: netconn %d SMB2 (+%d SMB1) vs '
                  'rpcclient %d SMB2 (+%d SMB1): **%s** for SMB2 requests, **%s** counting every message'
                  % (s, c['requests'], c['smb1'], r['requests'], r['smb1'], verdict(c['requests'] <= r['requests']),
                     verdict(c['messages'] <= r['messages'])))
        for key, who in (('netconn warm', 'smbj'), ('netconn unencrypted warm', 'smbj, encryption OFF'),
                         ('netconn jcifs warm', 'jcifs')):
            line = one_request_per_page(s, who, counts[s].get(key), OPNUM_CONNECTIONS)
            if line:
                print(line)
        for layer, who in (('netconn jcifs', 'jcifs'), ('netconn unencrypted', 'smbj, encryption OFF')):
            for call in ('warm', 'cold'):
                a, b = t.get('%s %s' % (layer, call)), t.get('netconn %s' % call)
                if a and b:
                    print('- %s, %s call: %s %s ms vs smbj (encryption offered) %s ms: smbj / %s = %.2f'
                          % (s, call, who, num(a['median']), num(b['median']), who, b['median'] / a['median']))
        p = counts[s].get('netconn warm-paged')
        if p:
            print(paged(s, p, counts[s]['paged-pages'], OPNUM_CONNECTIONS))
        for key, java in (('cli', 'Java of JAVA_HOME or PATH'), ('cli25', 'Java 25')):
            if t.get(key) and t.get('impacket whole') and t.get('rpcclient'):
                a, i, r = t[key]['median'], t['impacket whole']['median'], t['rpcclient']['median']
                print('- %s, CLI whole process (%s) no slower than impacket\'s script (must): %s vs %s ms:'
                      ' **%s**; within 2x of rpcclient (goal): %s vs %s ms, %.2fx: **%s**'
                      % (s, java, num(a), num(i), verdict(a <= i), num(a), num(r), a / r, verdict(a <= 2 * r)))
        if not t.get('cli') and t.get('rpcclient'):
            print('- %s, CLI whole process: not measured (cli/target/netconn.jar was not there)' % s)
    for name, rate in sorted(decode_rows.items()):
        print('- decoding at least 2 million level-1 entries/s (%s): %.2f M/s: **%s**'
              % (name, rate / 1e6, verdict(rate >= DECODE_TARGET)))
    print()

    for call in OTHER_CALLS:
        other_call(results_dir, ports, calls, call)

    for s in SERVERS:
        for name, title, which in (('netconn-probe-' + s, 'netconn cold call, first in a fresh JVM', 'cold'),
                                   ('netconn-probe-' + s, 'netconn cold call, JVM warmed by 30 cold calls',
                                    'cold-warmed'),
                                   ('rpcclient-' + s, 'rpcclient', None)):
            pcap = os.path.join(results_dir, name + '.pcap')
            port = ports.get(s)
            if not os.path.exists(pcap):
                continue
            window = windows(os.path.join(results_dir, name + '.out')).get(which) if which else None
            if which and not window:
                continue
            print('<details><summary>Timeline: %s on %s (client-side send times; server time per request)</summary>'
                  % (title, s))
            print()
            print('```')
            sys.stdout.flush()
            if window:
                smb2_count.count(pcap, port, window[0], window[1], timeline=True)
            else:
                smb2_count.count(pcap, port, timeline=True)
            sys.stdout.flush()
            print('```')
            print('</details>')
            print()


if __name__ == '__main__':
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
