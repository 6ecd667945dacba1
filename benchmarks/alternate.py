#!/usr/bin/env python3
"""Times whole commands in turns (A, B, C, A, B, C, ...), N rounds, and prints each one's
median and quartiles in milliseconds. Taking the commands in turns spreads a shared
machine's drift over all of them, where hyperfine times one command's runs in a block.

    benchmarks/alternate.py 21 './netconn -u ... SERVER DATA' 'python3 benchmarks/impacket_bench.py SERVER DATA'

A command that fails stops the run. Output of the commands is discarded.
"""
import statistics
import subprocess
import sys
import time


def main(rounds, commands):
    times = {c: [] for c in commands}
    for _ in range(rounds):
        for c in commands:
            start = time.perf_counter()
            done = subprocess.run(c, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            took = (time.perf_counter() - start) * 1000
            if done.returncode != 0:
                sys.exit('failed (exit code %d): %s' % (done.returncode, c))
            times[c].append(took)
    for c in commands:
        q1, _, q3 = statistics.quantiles(times[c], n=4)
        print('%7.1f ms median (quartiles %.0f-%.0f, n=%d)  %s' % (statistics.median(times[c]), q1, q3, rounds, c))


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit('usage: alternate.py ROUNDS COMMAND...')
    main(int(sys.argv[1]), sys.argv[2:])
