#!/usr/bin/python3
"""Prints the scripted server's answer (srvsvc.rules) to a list of calls, one canonical line each.

    answer_probe.py SCENARIO.json CALLS.json

CALLS.json holds a list of calls. A NetrConnectionEnum call is {"caller", "level",
"qualifier", "prefMaxLen", "resume"}; a NetrSessionEnum call has "op": "sessions", "client"
and "user" instead of "qualifier"; a NetrFileEnum call "op": "files", "basePath" and "user".
Strings and resume may be null. The testkit compares the lines with what its Java reference
(io.github.netconn.testkit.Scenario#answer, #answerSessions, #answerFiles) says for the same
calls, so the two implementations of SCENARIO.md's rules cannot drift apart; wire_probe.py
prints the same lines from the server's replies on the wire. The line format:

    status=N total=N resume=N|null entries=null|[FIELDS;FIELDS;...]

where FIELDS is, for a connection, id,type,opens,users,seconds,"user"|null,"netname"|null; for a
session or an open file, the fields its level's structure carries, in the structure's order
(SESSION_INFO_n, FILE_INFO_n), DWORDs as numbers and strings as below. Strings are JSON string
literals, every character outside printable ASCII as \\uXXXX (UTF-16 units, lower-case hex), or
null for NULL.
"""

import json
import sys

from srvsvc.ndr import FILE_INFO, SESSION_INFO
from srvsvc.rules import answer, answer_files, answer_sessions
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


def line(reply, fields=None):
    """The canonical line; fields(entry) lists an entry's values, a connection's seven by default."""
    if fields is None:
        fields = _connection_fields
    if reply.entries is None:
        entries = 'null'
    else:
        entries = '[' + ';'.join(','.join(text(v) if isinstance(v, str) or v is None else '%d' % v
                                          for v in fields(e))
                                 for e in reply.entries) + ']'
    resume = 'null' if reply.resume is None else str(reply.resume)
    return 'status=%d total=%d resume=%s entries=%s' % (reply.status, reply.total, resume, entries)


def _connection_fields(e):
    return e.id, e.type, e.opens, e.users, e.seconds, e.user, e.netname


def level_fields(info, level):
    """An entry's values as the level's structure carries them (info: ndr.SESSION_INFO, FILE_INFO)."""
    names = [name for _, name in info.get(level, [])]
    return lambda e: [getattr(e, name) for name in names]


def answer_line(scenario, call):
    op = call.get('op', 'connections')
    if op == 'sessions':
        return line(answer_sessions(scenario, call['caller'], call['level'], call['client'], call['user'],
                                    call['prefMaxLen'], call['resume']), level_fields(SESSION_INFO, call['level']))
    if op == 'files':
        return line(answer_files(scenario, call['caller'], call['level'], call['basePath'], call['user'],
                                 call['prefMaxLen'], call['resume']), level_fields(FILE_INFO, call['level']))
    return line(answer(scenario, call['caller'], call['level'], call['qualifier'], call['prefMaxLen'],
                       call['resume']))


def main():
    scenario = load_scenario(sys.argv[1])
    with open(sys.argv[2], encoding='utf-8') as f:
        calls = json.load(f)
    for call in calls:
        print(answer_line(scenario, call))


if __name__ == '__main__':
    main()
