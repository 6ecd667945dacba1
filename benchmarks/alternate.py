#!/usr/bin/env python3
"""Times whole commands in turns (A, B, C, A, B, C, ...), N rounds, and prints each one's
median and quartiles in milliseconds. Taking the commands in turns spreads a shared
machine's drift over all of them, where hyperfine times one command's runs in a block (in
one compare.sh run a slow spell of the machine fell on netconn's block alone).

    benchmarks/alternate.py 21 './netconn -u ... SERVER DATA' 'python3 benchmarks/impacket_bench.py SERVER DATA'
    benchmarks/alternate.py 30 --warmup 3 --export-json whole.json -n rpcclient 'rpcclient ...' -n impacket '...'

--warmup N runs N rounds first that are not counted; -n NAME names the command after it;
--export-json FILE writes the times as hyperfine's --export-json does (results, each with
its command's name and its times in seconds). A command that fails stops the run. Output of
the commands is discarded.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time


def run(command):
    start = time.perf_counter()
    done = subprocess.run(command, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit('failed (exit code %d): %s' % (done.returncode, command))
    return took


def parse(argv):
    parser = argparse.ArgumentParser(description='Times whole commands in turns.')
    parser.add_argument('rounds', type=int)
    parser.add_argument('--warmup', type=int, default=0)
    parser.add_argument('--export-json')
    options, rest = parser.parse_known_args(argv)
    commands, name = [], None
    for arg in rest:
        if arg == '-n':
            name = ''
        elif name == '':
            name = arg
        else:
            commands.append((name or arg, arg))
            name = None
    if not commands or name is not None or options.rounds < 2:
        parser.error('give two or more rounds and at least one command (-n NAME before a command names it)')
    return options, commands


def main(argv):
    options, commands = parse(argv)
    for _ in range(options.warmup):
        for _, c in commands:
            run(c)
    times = {c: [] for _, c in commands}
    for _ in range(options.rounds):
        for _, c in commands:
            times[c].append(run(c))
    for name, c in commands:
        ms = [t * 1000 for t in times[c]]
        q1, _, q3 = statistics.quantiles(ms, n=4)
        print('%7.1f ms median (quartiles %.0f-%.0f, n=%d)  %s' % (statistics.median(ms), q1, q3, len(ms), name))
    if options.export_json:
        with open(options.export_json, 'w') as f:
            json.dump({'results': [{'command': name, 'times': times[c]} for name, c in commands]}, f, indent=1)


if __name__ == '__main__':
    main(sys.argv[1:])
