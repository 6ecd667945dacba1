#!/usr/bin/python3
"""A Markdown table of a JMH JSON result (benchmarks/jmh.sh ... -rf json -rff FILE), medians first.

    jmh_summary.py FILE.json

SampleTime results: the median and p10–p90 of every sampled call, and the sample count.
Other modes: the median of the measurement iterations, their min–max, and JMH's own
score ± error. With -prof gc: gc.alloc.rate.norm (bytes per operation) too. On a shared
machine a median over iterations or samples says more than a mean.
"""
import json
import statistics
import sys


def percentiles(histogram):
    pairs = sorted((v, c) for fork in histogram for iteration in fork for v, c in iteration)
    total = sum(c for _, c in pairs)

    def at(q):
        rank = int(round(q / 100.0 * (total - 1)))
        seen = 0
        for v, c in pairs:
            seen += c
            if seen > rank:
                return v
        return pairs[-1][0]
    return at(50), at(10), at(90), total


def fmt(x):
    if x >= 1e5:
        return '{:,.0f}'.format(x)
    return '%.3g' % x if x < 100 else '%.0f' % x


def main(path):
    print('| benchmark | params | mode | median | spread | JMH score ± error | unit | B/op (gc.alloc.rate.norm) |')
    print('|---|---|---|---|---|---|---|---|')
    for b in json.load(open(path)):
        name = b['benchmark'].split('.')[-2] + '.' + b['benchmark'].split('.')[-1]
        params = ', '.join('%s=%s' % kv for kv in (b.get('params') or {}).items())
        pm = b['primaryMetric']
        unit = pm['scoreUnit']
        if b['mode'] == 'sample':
            median, p10, p90, n = percentiles(pm['rawDataHistogram'])
            spread = 'p10–p90 %s–%s, n=%d' % (fmt(p10), fmt(p90), n)
        else:
            values = [v for fork in pm['rawData'] for v in fork]
            median = statistics.median(values)
            spread = 'min–max %s–%s, %d iterations' % (fmt(min(values)), fmt(max(values)), len(values))
        norm = b.get('secondaryMetrics', {}).get('gc.alloc.rate.norm', {}).get('score')
        print('| %s | %s | %s | %s | %s | %s ± %s | %s | %s |' % (
            name, params, b['mode'], fmt(median), spread, fmt(pm['score']), fmt(pm['scoreError'])
            if pm['scoreError'] == pm['scoreError'] else 'n/a', unit, '{:,.0f}'.format(norm) if norm else ''))


if __name__ == '__main__':
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
