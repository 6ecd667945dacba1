"""A scripted Windows-like MS-SRVS server: impacket's SMB server plus NetrConnectionEnum,
NetrSessionEnum and NetrFileEnum.

    srvsvc_server.py --port PORT --scenario FILE [--listen 127.0.0.1] [--user NAME:PASSWORD ...]

Serves SMB1 (NT LM 0.12) and SMB 2.0.2 with NTLM(v2) logons for the given users (default
netadmin:Adm1n-Pass! and netuser:Us3r-Pass!), and answers NetrConnectionEnum (opnum 8),
NetrFileEnum (opnum 9) and NetrSessionEnum (opnum 12) on \\PIPE\\srvsvc from the scenario file,
following ../../SCENARIO.md rule by rule. The file is
re-read on every call; rewrite it atomically (write a temporary file, then os.replace), or a
call may read half a file and get a DCE/RPC fault. Every DCE/RPC bind reads it too, for
quirks.bind: a refused bind gets a bind_nak or a bind_ack rejecting its contexts, and a call
sent after it a fault. Prints "READY port=N" once listening and exits at once on SIGTERM or
SIGINT.

Run it with Debian's /usr/bin/python3, which sees python3-impacket (0.10.0). impacket's
server has five defects on this path, each fixed here (impacket_fixes.py lists them).

Several users' sessions over one SMB2 connection (jcifs does this for contexts that share a
transport pool) are told apart by session id for deniedUsers; beyond that impacket keeps one
logon per connection (it signs and labels every reply with the last session's key and id),
and over SMB1 all sessions are one. An SMB connection handles one request at a time, so a
pipe read waiting for a delayed reply (quirks.delayMillis) holds up that connection's other
requests too.
"""

import argparse
import functools
import logging
import os
import signal
import struct
import sys
import threading
import time

from impacket import ntlm, smbserver

from .dcerpc import RpcPipeConnection, pipe_caller, send_at_once
from .impacket_fixes import FixedSMBSERVER
from .ndr import (decode_file_request, decode_request, decode_session_request, encode_file_response,
                  encode_response, encode_session_response)
from .rules import ERROR_MORE_DATA, MAX_PREFERRED_LENGTH, NERR_SUCCESS, Reply, answer, answer_files, answer_sessions
from .scenario import hostile_quirk, load_scenario

LOG = logging.getLogger(__name__)

DEFAULT_USERS = [('netadmin', 'Adm1n-Pass!'), ('netuser', 'Us3r-Pass!')]


class ScenarioSRVSServer(smbserver.SRVSServer):
    """impacket's srvsvc back end plus opnums 8, 9 and 12, serving every pipe open concurrently (fix 1)."""

    def __init__(self, scenario_path):
        super().__init__()                         # binds 127.0.0.1:<any>, registers 15, 16, 21
        self.daemon = True
        self._scenario_path = scenario_path
        self.srvsvcCallBacks[8] = self.NetrConnectionEnum
        self.srvsvcCallBacks[9] = self.NetrFileEnum
        self.srvsvcCallBacks[12] = self.NetrSessionEnum
        self._hostile_pages = {}                   # quirks.hostile: the page sent for ever, encoded once
        self._sock.listen(64)                      # now, so no pipe open can beat the thread

    def run(self):
        # DCERPCServer.run serves one accepted connection until it closes; this one does not wait.
        while True:
            sock, _ = self._sock.accept()
            send_at_once(sock)
            threading.Thread(target=RpcPipeConnection(sock, self._listenUUIDS, self._scenario_path).serve,
                             name='srvsvc-pipe', daemon=True).start()

    def NetrConnectionEnum(self, stub):
        request = decode_request(stub)
        return self._enumerate('NetrConnectionEnum', request, (request.qualifier,), answer, encode_response)

    def NetrSessionEnum(self, stub):
        request = decode_session_request(stub)
        return self._enumerate('NetrSessionEnum', request, (request.client, request.user), answer_sessions,
                               encode_session_response)

    def NetrFileEnum(self, stub):
        request = decode_file_request(stub)
        return self._enumerate('NetrFileEnum', request, (request.base_path, request.user), answer_files,
                               encode_file_response)

    def _enumerate(self, call, request, filters, rules, encode):
        """One call: rule 1's delay, then rules(scenario, caller, level, *filters, max, resume)."""
        scenario = load_scenario(self._scenario_path)
        if scenario.delay_millis:
            time.sleep(scenario.delay_millis / 1000)
        reply = rules(scenario, pipe_caller.name, request.level, *filters, request.preferred_max, request.resume)
        if scenario.hostile in ('endlessPages', 'freshHandles') and reply.status in (NERR_SUCCESS, ERROR_MORE_DATA):
            # A hostile server (SCENARIO.md): more data, and a handle never sent before, for ever. The
            # page is encoded once per scenario and query, then only its resume handle changes: the
            # stub ends with *ResumeHandle and the status, a u32 each.
            key = (id(scenario), scenario.hostile, call, request.level, filters)
            page = self._hostile_pages.get(key)
            if page is None:
                full = rules(scenario, pipe_caller.name, request.level, *filters, MAX_PREFERRED_LENGTH, 0)
                entries = full.entries if scenario.hostile == 'endlessPages' else []
                page = encode(request.level, Reply(ERROR_MORE_DATA, entries, len(entries or []), 1))
                self._hostile_pages = {key: page}            # one scenario at a time: keep one page
            stub = bytearray(page)
            struct.pack_into('<I', stub, len(stub) - 8, ((request.resume or 0) + 1) & 0xFFFFFFFF)
            return bytes(stub)
        LOG.info('%s(%s, level %d, max %d, resume %s) by %r: status %d, %s entries',
                 call, ', '.join(map(repr, filters)), request.level, request.preferred_max, request.resume,
                 pipe_caller.name, reply.status, 'NULL' if reply.entries is None else len(reply.entries))
        return encode(request.level, reply)


def build_server(address, port, scenario_path, users):
    """A SimpleSMBServer, listening, with our SMBSERVER and SRVSServer in place of impacket's."""
    originals = smbserver.SMBSERVER, smbserver.SRVSServer
    # SimpleSMBServer's constructor creates both by their module-level names.
    smbserver.SMBSERVER = functools.partial(FixedSMBSERVER,
                                            trickles=lambda: hostile_quirk(scenario_path) == 'trickle')
    smbserver.SRVSServer = lambda: ScenarioSRVSServer(scenario_path)
    try:
        server = smbserver.SimpleSMBServer(listenAddress=address, listenPort=port)
    finally:
        smbserver.SMBSERVER, smbserver.SRVSServer = originals
    server.setSMB2Support(True)
    for name, password in users:
        server.addCredential(name, 0, '', ntlm.compute_nthash(password).hex())  # NTLMv2 needs no LM hash
    return server


def _user(text):
    name, sep, password = text.partition(':')
    if not name or not sep:
        raise argparse.ArgumentTypeError('expected NAME:PASSWORD')
    return name, password


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--port', type=int, required=True)
    parser.add_argument('--scenario', required=True, help='scenario JSON file (SCENARIO.md)')
    parser.add_argument('--listen', default='127.0.0.1', help='address to bind (default 127.0.0.1)')
    parser.add_argument('--user', type=_user, action='append', metavar='NAME:PASSWORD',
                        help='a user that may log on (repeatable); default: %s'
                        % ', '.join('%s:%s' % u for u in DEFAULT_USERS))
    parser.add_argument('-v', '--verbose', action='store_true', help='log every enumeration call')
    args = parser.parse_args(argv)

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING,
                        format='%(asctime)s %(name)s %(levelname)s %(message)s')
    # Only our calls: impacket's INFO lines include each logon's crackable NTLM response.
    logging.getLogger(__package__).setLevel(logging.INFO if args.verbose else logging.WARNING)
    load_scenario(args.scenario)                   # fail now, not on the first call
    server = build_server(args.listen, args.port, args.scenario, args.user or DEFAULT_USERS)

    def stop(signum, frame):
        # server_close() can hang while a connection thread is blocked; nothing needs cleaning up.
        sys.stdout.flush()
        os._exit(0)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    print('READY port=%d' % args.port, flush=True)  # both listening sockets are open by now
    server.start()
