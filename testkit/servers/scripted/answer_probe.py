#!/usr/bin/python3
"""Prints the scripted server's answer (srvsvc.rules.answer) to a list of calls, one canonical line each.

    answer_probe.py SCENARIO.json CALLS.json

CALLS.json holds a list of {"caller", "level", "qualifier", "prefMaxLen", "resume"} (qualifier
and resume may be null). The testkit compares the lines with what its Java reference
(io.github.netconn.testkit.Scenario#answer) says for the same calls, so the two
implementations of SCENARIO.md's rules cannot drift apart. The line format:

    status=N total=N resume=N|null entries=null|[id,type,opens,users,seconds,"user"|null,"netname"|null;...]

with strings as JSON string literals, every character outside printable ASCII as \\uXXXX
(UTF-16 units, lower-case hex).
"""

import json
import sys

from srvsvc.rules import answer
from srvsvc.scenario import load_scenario


def text(value):
    if value is None:
        return 'null'
    out = []
    for unit in _utf16_units(value):
        ch = chr(unit)
        if ch in '"\\':
            out.append('\\' + ch)
        elif 0x20 <= unit <= 0x7E:
            out.append(ch)
        else:
            out.append('\\u%04x' % unit)
    return '"' + ''.join(out) + '"'


def _utf16_units(value):
    data = value.encode('utf-16-le', 'surrogatepass')
    return [int.from_bytes(data[i:i + 2], 'little') for i in range(0, len(data), 2)]


def line(reply):
    if reply.entries is None:
        entries = 'null'
    else:
        entries = '[' + ';'.join('%d,%d,%d,%d,%d,%s,%s' % (e.id, e.type, e.opens, e.users, e.seconds,
                                                        text(e.user), text(e.netname))
                                 for e in reply.entries) + ']'
    resume = 'null' if reply.resume is None else str(reply.resume)
    return 'status=%d total=%d resume=%s entries=%s' % (reply.status, reply.total, resume, entries)


def main():
    scenario = load_scenario(sys.argv[1])
    with open(sys.argv[2], encoding='utf-8') as f:
        calls = json.load(f)
    for call in calls:
        print(line(answer(scenario, call['caller'], call['level'], call['qualifier'],
                          call['prefMaxLen'], call['resume'])))


if __name__ == '__main__':
    main()
