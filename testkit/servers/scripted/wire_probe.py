#!/usr/bin/python3
"""Calls a running scripted server over SMB with impacket's own client and prints each reply as
answer_probe.py prints the rules' answer: the end-to-end check that the server's NetrSessionEnum
and NetrFileEnum replies, decoded by an independent NDR implementation (impacket's srvs
structures), say what the testkit's Java reference says.

    wire_probe.py PORT CALLS.json

CALLS.json holds a list of NetrSessionEnum and NetrFileEnum calls in answer_probe.py's format, at
levels impacket can encode (its unions have no arm for any other level). Each caller logs on once
with the server's default password for it (netadmin, netuser). A reply whose EntriesRead differs
from the entries it holds prints as a line of its own that matches nothing.
"""

import json
import sys

from answer_probe import line
from servertest import ADMIN, USER, close_quietly, files, open_pipe, sessions
from srvsvc.rules import Reply

PASSWORDS = dict([ADMIN, USER])


def call_line(dce, call):
    if call['op'] == 'sessions':
        page = sessions(dce, call['client'], call['user'], call['level'], call['resume'], call['prefMaxLen'])
    elif call['op'] == 'files':
        page = files(dce, call['basePath'], call['user'], call['level'], call['resume'], call['prefMaxLen'])
    else:
        raise ValueError('wire_probe.py makes sessions and files calls only, not %r' % call)
    if page.entries_read != len(page.entries or []):
        return 'EntriesRead %d with %d entries' % (page.entries_read, len(page.entries or []))
    return line(Reply(page.status, page.entries, page.total, page.resume), fields=lambda e: e)


def main():
    port = int(sys.argv[1])
    with open(sys.argv[2], encoding='utf-8') as f:
        calls = json.load(f)
    pipes = {}
    try:
        for call in calls:
            caller = call['caller']
            if caller not in pipes:
                pipes[caller] = open_pipe(port, (caller, PASSWORDS[caller]))
            print(call_line(pipes[caller], call))
    finally:
        for dce in pipes.values():
            close_quietly(dce.get_rpc_transport().get_smb_connection())


if __name__ == '__main__':
    main()
