#!/usr/bin/python3
"""A scripted Windows-like MS-SRVS server: impacket's SMB server plus NetrConnectionEnum.

    srvsvc_server.py --port PORT --scenario FILE [--listen 127.0.0.1] [--user NAME:PASSWORD ...]

Serves SMB1 (NT LM 0.12) and SMB 2.0.2 with NTLM(v2) logons for the given users (default
netadmin:Adm1n-Pass! and netuser:Us3r-Pass!), and answers NetrConnectionEnum (opnum 8) on
\\PIPE\\srvsvc from the scenario file, following ../../SCENARIO.md rule by rule. The file is
re-read on every call; rewrite it atomically (write a temporary file, then os.replace), or a
call may read half a file and get a DCE/RPC fault. Every DCE/RPC bind reads it too, for
quirks.bind: a refused bind gets a bind_nak or a bind_ack rejecting its contexts, and a call
sent after it a fault. Prints "READY port=N" once listening and exits at once on SIGTERM or
SIGINT.

Run it with Debian's /usr/bin/python3, which sees python3-impacket (0.10.0).

impacket's server has five defects on this path; each is fixed here without touching the
package (subclasses and wrapped command handlers):
 1. Its DCE/RPC back end serves one pipe open at a time. Here every open of the pipe gets its
    own back-end connection and thread (ScenarioSRVSServer.run, _RpcPipeConnection).
 2. It fragments replies over ~4.2 KB wrongly (every fragment keeps the whole reply's
    frag_len). Here replies are split per the max_recv_frag the client bound with, each
    fragment with its own header, flags and alloc_hint (_RpcPipeConnection._respond).
 3. A pipe read returns whatever bytes the local socket holds, so PDUs merge or split. Here a
    read returns exactly one PDU; a read smaller than the PDU gets its start with
    STATUS_BUFFER_OVERFLOW and the rest on the next read, as a message-mode pipe does
    (_MessageModePipe, _reporting_partial_reads).
 4. A failed logon is answered with a session-setup body under an error status, which SMB2
    clients cannot parse (jcifs: ArrayIndexOutOfBoundsException), and the connection is left
    "authenticated". Here it gets a proper error response and stays unauthenticated
    (_failing_logons_cleanly).
 5. Its NTLM CHALLENGE_MESSAGE drops NTLMSSP_NEGOTIATE_SIGN, _SEAL and _ALWAYS_SIGN, which
    MS-NLMP 2.2.2.5 says the server MUST echo when the NEGOTIATE_MESSAGE asks for them, while
    it keeps NTLMSSP_NEGOTIATE_KEY_EXCH. smbj (0.14.0) does the key exchange only when the
    challenge has KEY_EXCH and SIGN, SEAL or ALWAYS_SIGN; otherwise it uses the KeyExchangeKey
    as session key but still sends KEY_EXCH and that key as EncryptedRandomSessionKey, which
    impacket RC4-decrypts with the KeyExchangeKey into another key: every signed reply failed
    smbj's check. Here the challenge echoes those flags, so smbj exchanges a key as jcifs and
    Windows clients do (_echoing_signing_flags).

Several users' sessions over one SMB2 connection (jcifs does this for contexts that share a
transport pool) are told apart by session id for deniedUsers; beyond that impacket keeps one
logon per connection (it signs and labels every reply with the last session's key and id),
and over SMB1 all sessions are one. An SMB connection handles one request at a time, so a
pipe read waiting for a delayed reply (quirks.delayMillis) holds up that connection's other
requests too.
"""

import argparse
import dataclasses
import json
import logging
import os
import signal
import socket
import struct
import sys
import threading
import time

from impacket import ntlm, smb, smbserver
from impacket import smb3structs as smb2
from impacket.nt_errors import (STATUS_BUFFER_OVERFLOW, STATUS_MORE_PROCESSING_REQUIRED,
                                STATUS_SUCCESS)
from impacket.uuid import uuidtup_to_bin

LOG = logging.getLogger('srvsvc_server')

DEFAULT_USERS = [('netadmin', 'Adm1n-Pass!'), ('netuser', 'Us3r-Pass!')]

# NET_API_STATUS values (MS-SRVS, MS-ERREF)
NERR_SUCCESS = 0
ERROR_ACCESS_DENIED = 5
ERROR_INVALID_PARAMETER = 87
ERROR_INVALID_LEVEL = 124
ERROR_MORE_DATA = 234
NERR_NET_NAME_NOT_FOUND = 2310
NERR_CLIENT_NAME_NOT_FOUND = 2312

MAX_PREFERRED_LENGTH = 0xFFFFFFFF
MAX_QUALIFIER_UNITS = 1023

# DCE/RPC connection-oriented PDUs (C706 chapter 12)
PDU_REQUEST, PDU_RESPONSE, PDU_FAULT = 0, 2, 3
PDU_BIND, PDU_BIND_ACK, PDU_BIND_NAK = 11, 12, 13
PDU_ALTER_CONTEXT, PDU_ALTER_CONTEXT_RESP = 14, 15
PDU_CO_CANCEL, PDU_ORPHANED = 18, 19
PFC_FIRST_FRAG, PFC_LAST_FRAG, PFC_DID_NOT_EXECUTE, PFC_OBJECT_UUID = 0x01, 0x02, 0x20, 0x80
COMMON_HEADER = struct.Struct('<BBBBIHHI')   # version, minor, type, flags, drep, frag_len, auth_len, call_id
CALL_HEADER_SIZE = 24                        # request/response: common header + alloc_hint, p_cont_id, 4 more
DREP_LITTLE_ENDIAN_ASCII_IEEE = 0x10
NDR20_SYNTAX = uuidtup_to_bin(('8a885d04-1ceb-11c9-9fe8-08002b104860', '2.0'))
NO_SYNTAX = b'\0' * 20
ACCEPTANCE, PROVIDER_REJECTION = 0, 2
ABSTRACT_SYNTAX_NOT_SUPPORTED, TRANSFER_SYNTAXES_NOT_SUPPORTED = 1, 2   # p_provider_reason_t
LOCAL_LIMIT_EXCEEDED = 2                                                  # p_reject_reason_t (bind_nak)
ASSOCIATION_GROUP = 0x53F0
PIPE_NAME = b'\\PIPE\\srvsvc'
# Below this a fragment could not carry stub data; above it the client's value is honoured.
MIN_XMIT_FRAG = CALL_HEADER_SIZE + 8
MAX_REQUEST_STUB = 1 << 20

# Fault statuses
NCA_S_OP_RNG_ERROR = 0x1C010002
NCA_S_UNKNOWN_IF = 0x1C010003
NCA_S_PROTO_ERROR = 0x1C01000B
NCA_S_FAULT_UNSPEC = 0x1C000012
RPC_X_BAD_STUB_DATA = 0x000006F7


# ---------------------------------------------------------------------------------------------
# The scenario (SCENARIO.md)
# ---------------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Connection:
    id: int
    type: int
    opens: int
    users: int
    seconds: int
    user: str | None
    computer: str | None
    share: str | None


@dataclasses.dataclass(frozen=True)
class Scenario:
    shares: list
    connections: list
    status: int | None
    denied_users: list
    ignore_page_size: bool
    resume_at_end: str
    empty_array: str
    no_progress: bool
    delay_millis: int
    bind: str = 'accept'
    hostile: str = 'none'


BIND_QUIRKS = ('accept', 'nak', 'abstractSyntax', 'transferSyntax')
HOSTILE_QUIRKS = ('none', 'endlessPages', 'freshHandles', 'emptyFragments', 'endlessFragments', 'trickle')
# quirks.hostile trickle: each pipe read returns one byte, after this pause.
TRICKLE_PAUSE = 0.1
# quirks.hostile endlessFragments: the server gives up after this much, far past any client's limit.
ENDLESS_FRAGMENTS_CAP = 256 * 1024 * 1024


_scenarios = {}                                    # path -> ((inode, mtime, ctime, size), Scenario)
_scenarios_lock = threading.Lock()


def load_scenario(path):
    """The scenario in the file at path, read again only when the file changed: a test replaces
    it by renaming a new file over it, and a scenario of 50,000 connections, read at every PDU,
    made the server the slowest part of a test."""
    st = os.stat(path)
    stamp = (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)
    with _scenarios_lock:
        cached = _scenarios.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    scenario = _read_scenario(path)
    with _scenarios_lock:
        _scenarios[path] = (stamp, scenario)
    return scenario


def _read_scenario(path):
    """Reads a scenario; unknown keys and wrong types are errors, so typos do not pass silently."""
    with open(path, encoding='utf-8') as f:
        doc = json.load(f)
    _check_keys(doc, {'shares', 'connections', 'status', 'deniedUsers', 'quirks'}, 'scenario')
    quirks = doc.get('quirks') or {}
    _check_keys(quirks, {'ignorePageSize', 'resumeAtEnd', 'emptyArray', 'noProgress', 'delayMillis',
                         'bind', 'hostile'}, 'quirks')
    connections = []
    for c in doc.get('connections') or []:
        _check_keys(c, {'id', 'type', 'opens', 'users', 'seconds', 'user', 'computer', 'share'},
                    'connection')
        connections.append(Connection(
            id=_uint32(c, 'id'), type=_uint32(c, 'type'), opens=_uint32(c, 'opens'),
            users=_uint32(c, 'users'), seconds=_uint32(c, 'seconds'),
            user=_string(c, 'user'), computer=_string(c, 'computer'), share=_string(c, 'share')))
    scenario = Scenario(
        shares=[_expect(s, str, 'shares[]') for s in doc.get('shares') or []],
        connections=connections,
        status=_uint32(doc, 'status', None),
        denied_users=[_expect(u, str, 'deniedUsers[]') for u in doc.get('deniedUsers') or []],
        ignore_page_size=_expect(quirks.get('ignorePageSize', False), bool, 'ignorePageSize'),
        resume_at_end=_expect(quirks.get('resumeAtEnd', 'zero'), str, 'resumeAtEnd'),
        empty_array=_expect(quirks.get('emptyArray', 'empty'), str, 'emptyArray'),
        no_progress=_expect(quirks.get('noProgress', False), bool, 'noProgress'),
        delay_millis=_uint32(quirks, 'delayMillis'),
        bind=_expect(quirks.get('bind', 'accept'), str, 'bind'),
        hostile=_expect(quirks.get('hostile', 'none'), str, 'hostile'))
    if scenario.resume_at_end not in ('zero', 'count'):
        raise ValueError('quirks.resumeAtEnd must be "zero" or "count"')
    if scenario.empty_array not in ('empty', 'null'):
        raise ValueError('quirks.emptyArray must be "empty" or "null"')
    if scenario.bind not in BIND_QUIRKS:
        raise ValueError('quirks.bind must be one of %s' % ', '.join('"%s"' % b for b in BIND_QUIRKS))
    if scenario.hostile not in HOSTILE_QUIRKS:
        raise ValueError('quirks.hostile must be one of %s' % ', '.join('"%s"' % h for h in HOSTILE_QUIRKS))
    return scenario


def _check_keys(obj, allowed, what):
    unknown = set(_expect(obj, dict, what)) - allowed
    if unknown:
        raise ValueError('unknown %s field(s): %s' % (what, ', '.join(sorted(unknown))))


def _expect(value, kind, what):
    # bool is an int in Python; a uint32 field must not accept true/false.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError('%s must be %s, not %r' % (what, kind.__name__, value))
    return value


def _uint32(obj, key, default=0):
    value = obj.get(key)
    if value is None:
        return default
    if not 0 <= _expect(value, int, key) <= 0xFFFFFFFF:
        raise ValueError('%s is not a uint32: %r' % (key, value))
    return value


def _string(obj, key):
    value = obj.get(key)
    return None if value is None else _expect(value, str, key)


# ---------------------------------------------------------------------------------------------
# The rules (SCENARIO.md "Rules, in the order a server applies them")
# ---------------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Entry:
    id: int
    type: int
    opens: int
    users: int
    seconds: int
    user: str | None
    netname: str | None


@dataclasses.dataclass(frozen=True)
class Reply:
    status: int
    entries: list | None       # None: the array is sent as a NULL pointer
    total: int
    resume: int | None         # None: no resume handle (NULL pointer)


def answer(scenario, caller, level, qualifier, preferred_max, resume):
    """Applies rules 1-9, except rule 1's delay, which the caller of this function sleeps.

    qualifier and resume are None for NULL pointers; caller is the SMB user of the pipe.
    """
    def failed(status):                                              # rule 9, second sentence
        return Reply(status, None, 0, resume)

    if any(_same_name(caller, denied) for denied in scenario.denied_users):
        return failed(ERROR_ACCESS_DENIED)                           # rule 1
    if level not in (0, 1):
        return failed(ERROR_INVALID_LEVEL)                           # rule 2
    if not qualifier or utf16_units(qualifier) > MAX_QUALIFIER_UNITS:
        return failed(ERROR_INVALID_PARAMETER)                       # rule 3
    if scenario.status is not None:
        # Shaped as a failure (rule 9) whatever the value, 0 and 234 included.
        return failed(scenario.status)                               # rule 4
    no_entries = None if scenario.empty_array == 'null' else []
    if scenario.no_progress:                                         # rule 5
        # A page with no entries, so emptyArray applies; SCENARIO.md leaves TotalEntries open: 0.
        return Reply(ERROR_MORE_DATA, no_entries, 0, None if resume is None else resume or 1)

    if qualifier.startswith('\\\\'):                                 # rule 6: a computer
        computer = qualifier[2:]
        matching = [c for c in scenario.connections
                    if c.computer is not None and _same_name(c.computer, computer)]
        if not matching:
            return failed(NERR_CLIENT_NAME_NOT_FOUND)
        entries = [_entry(c, netname=c.share) for c in matching]    # rule 7
    else:                                                            # rule 6: a share
        matching = [c for c in scenario.connections
                    if c.share is not None and _same_name(c.share, qualifier)]
        if not matching and not any(_same_name(s, qualifier) for s in scenario.shares):
            return failed(NERR_NET_NAME_NOT_FOUND)
        entries = [_entry(c, netname=c.computer) for c in matching]  # rule 7

    start = resume or 0                                              # rule 8
    remaining = entries[start:]
    if scenario.ignore_page_size or preferred_max == MAX_PREFERRED_LENGTH:
        page = remaining
    else:
        taken, used = 0, 0
        for entry in remaining:
            cost = entry_cost(level, entry)
            if taken and used + cost > preferred_max:
                break
            taken, used = taken + 1, used + cost
        page = remaining[:taken]
    if len(page) < len(remaining):
        status, next_resume = ERROR_MORE_DATA, start + len(page)
    else:
        status = NERR_SUCCESS
        next_resume = 0 if scenario.resume_at_end == 'zero' else len(entries)
    return Reply(status, page or no_entries, len(remaining),         # rule 9
                 None if resume is None else next_resume)


def entry_cost(level, entry):
    if level == 0:
        return 4
    return 28 + sum(2 * utf16_units(s) + 2 for s in (entry.user, entry.netname) if s is not None)


def utf16_units(text):
    # surrogatepass: lone surrogates (legal in JSON) count, and travel, as one unit each.
    return len(text.encode('utf-16-le', 'surrogatepass')) // 2


def _entry(c, netname):
    return Entry(c.id, c.type, c.opens, c.users, c.seconds, c.user, netname)


def _same_name(a, b):
    return _fold(a) == _fold(b)


def _fold(text):
    # Case-insensitive the way Java's String.equalsIgnoreCase is (the testkit's reference is
    # Java): per code point, lower(upper(c)) with single-character mappings, so "ß" does not
    # match "SS" but "İ" matches "i".
    def one(ch):
        upper = ch.upper()
        upper = upper if len(upper) == 1 else ch   # no one-character uppercase: left as is
        return upper.lower()[0]                    # only U+0130 lowers to two: i + U+0307
    return ''.join(map(one, text))


# ---------------------------------------------------------------------------------------------
# NDR for NetrConnectionEnum (MS-SRVS 3.1.4.1). Hand-written rather than impacket's srvs
# structures: exact control of NULL pointers, lone surrogates and referent ids, ~50x faster on
# large replies, and the tests decode with impacket's structures, an independent codec.
# ---------------------------------------------------------------------------------------------

class BadStubData(Exception):
    pass


@dataclasses.dataclass(frozen=True)
class ConnectionEnumRequest:
    qualifier: str | None
    level: int
    preferred_max: int
    resume: int | None


class _NdrReader:
    def __init__(self, data):
        self._data, self._pos = data, 0

    def u32(self):
        self._pos += -self._pos % 4
        return struct.unpack('<I', self.take(4))[0]

    def take(self, n):
        if n > len(self._data) - self._pos:
            raise BadStubData('stub ends %d bytes early' % (self._pos + n - len(self._data)))
        self._pos += n
        return self._data[self._pos - n:self._pos]

    def wstr(self):
        """A conformant varying string's characters, as UTF-16LE bytes."""
        max_count, offset, actual = self.u32(), self.u32(), self.u32()
        if offset != 0 or actual > max_count:
            raise BadStubData('bad string header (%d, %d, %d)' % (max_count, offset, actual))
        return self.take(2 * actual)

    def end(self):
        if self._pos != len(self._data):
            raise BadStubData('%d bytes after the last parameter' % (len(self._data) - self._pos))


def decode_request(stub):
    r = _NdrReader(stub)
    if r.u32():                                    # ServerName: [string,unique] wchar_t*
        r.wstr()                                   #   ignored, as by Windows
    qualifier = None
    if r.u32():                                    # Qualifier: [string,unique] WCHAR*
        qualifier = r.wstr().decode('utf-16-le', 'surrogatepass').split('\0', 1)[0]
    level = r.u32()                                # InfoStruct.Level: DWORD
    if r.u32() != level:                           # InfoStruct.ConnectInfo: switch_is(Level)
        raise BadStubData('union discriminant differs from Level')
    # Levels other than 0 and 1 have no union arm (Samba's IDL: "[default] ;").
    if level in (0, 1) and r.u32():                # LPCONNECT_INFO_n_CONTAINER
        r.u32()                                    #   EntriesRead: DWORD
        if r.u32():                                #   Buffer: CONNECTION_INFO_n*
            count = r.u32()                        #     conformance
            size = 4 if level == 0 else 28
            if count * size > len(stub):
                raise BadStubData('array of %d entries cannot fit' % count)
            pointers = []
            for _ in range(count):
                if level == 0:
                    r.u32()                        #     coni0_id
                else:
                    r.take(20)                     #     coni1_id .. coni1_time
                    pointers += [r.u32(), r.u32()] #     coni1_username, coni1_netname
            for pointer in pointers:
                if pointer:
                    r.wstr()
    preferred_max = r.u32()                        # PreferedMaximumLength: DWORD
    resume = r.u32() if r.u32() else None          # ResumeHandle: [unique] DWORD*
    r.end()
    return ConnectionEnumRequest(qualifier, level, preferred_max, resume)


class _NdrWriter:
    def __init__(self):
        self._parts, self._size = [], 0
        self._referent = 0x00020000                # referent ids counted up, as Windows does

    def u32(self, value):
        self._raw(b'\0' * (-self._size % 4) + struct.pack('<I', value))

    def pointer(self, present):
        if present:
            self._referent += 4
        self.u32(self._referent if present else 0)
        return present

    def wstr(self, text):
        units = text.encode('utf-16-le', 'surrogatepass') + b'\0\0'
        count = len(units) // 2
        self.u32(count)                            # max_count
        self.u32(0)                                # offset
        self.u32(count)                            # actual_count
        self._raw(units)

    def _raw(self, data):
        self._parts.append(data)
        self._size += len(data)

    def data(self):
        return b''.join(self._parts)


def encode_response(level, reply):
    w = _NdrWriter()
    w.u32(level)                                   # InfoStruct.Level: DWORD
    w.u32(level)                                   # union discriminant
    if level in (0, 1):
        w.pointer(True)                            # LPCONNECT_INFO_n_CONTAINER
        entries = reply.entries or []
        w.u32(len(entries))                        #   EntriesRead: DWORD
        if w.pointer(reply.entries is not None):   #   Buffer: CONNECTION_INFO_n*
            w.u32(len(entries))                    #     conformance
            for e in entries:
                w.u32(e.id)                        #     coni0_id / coni1_id
                if level == 1:
                    w.u32(e.type)                  #     coni1_type
                    w.u32(e.opens)                 #     coni1_num_opens
                    w.u32(e.users)                 #     coni1_num_users
                    w.u32(e.seconds)               #     coni1_time
                    w.pointer(e.user is not None)  #     coni1_username: [string] wchar_t*
                    w.pointer(e.netname is not None)  # coni1_netname: [string] wchar_t*
            if level == 1:                         #     the strings, deferred, in element order
                for e in entries:
                    for text in (e.user, e.netname):
                        if text is not None:
                            w.wstr(text)
    w.u32(reply.total)                             # TotalEntries: DWORD
    if w.pointer(reply.resume is not None):        # ResumeHandle: [unique] DWORD*
        w.u32(reply.resume)
    w.u32(reply.status)                            # NET_API_STATUS
    return w.data()


# ---------------------------------------------------------------------------------------------
# The srvsvc back end: one DCE/RPC connection, in its own thread, per open of the pipe
# ---------------------------------------------------------------------------------------------

# The SMB user whose pipe the current back-end thread serves (one thread per pipe open).
_pipe_caller = threading.local()


class ScenarioSRVSServer(smbserver.SRVSServer):
    """impacket's srvsvc back end plus opnum 8, serving every pipe open concurrently (fix 1)."""

    def __init__(self, scenario_path):
        super().__init__()                         # binds 127.0.0.1:<any>, registers 15, 16, 21
        self.daemon = True
        self._scenario_path = scenario_path
        self.srvsvcCallBacks[8] = self.NetrConnectionEnum
        self._hostile_pages = {}                   # quirks.hostile: the page sent for ever, encoded once
        self._sock.listen(64)                      # now, so no pipe open can beat the thread

    def run(self):
        # DCERPCServer.run serves one accepted connection until it closes; this one does not wait.
        while True:
            sock, _ = self._sock.accept()
            _send_at_once(sock)
            threading.Thread(target=_RpcPipeConnection(sock, self._listenUUIDS, self._scenario_path).serve,
                             name='srvsvc-pipe', daemon=True).start()

    def NetrConnectionEnum(self, stub):
        request = decode_request(stub)
        scenario = load_scenario(self._scenario_path)
        if scenario.delay_millis:
            time.sleep(scenario.delay_millis / 1000)
        reply = answer(scenario, _pipe_caller.name, request.level, request.qualifier,
                       request.preferred_max, request.resume)
        if scenario.hostile in ('endlessPages', 'freshHandles') and reply.status in (NERR_SUCCESS, ERROR_MORE_DATA):
            # A hostile server (SCENARIO.md): more data, and a handle never sent before, for ever. The
            # page is encoded once per scenario and query, then only its resume handle changes: the
            # stub ends with *ResumeHandle and the status, a u32 each.
            key = (id(scenario), scenario.hostile, request.level, request.qualifier)
            page = self._hostile_pages.get(key)
            if page is None:
                full = answer(scenario, _pipe_caller.name, request.level, request.qualifier, MAX_PREFERRED_LENGTH, 0)
                entries = full.entries if scenario.hostile == 'endlessPages' else []
                page = encode_response(request.level, Reply(ERROR_MORE_DATA, entries, len(entries or []), 1))
                self._hostile_pages = {key: page}            # one scenario at a time: keep one page
            stub = bytearray(page)
            struct.pack_into('<I', stub, len(stub) - 8, ((request.resume or 0) + 1) & 0xFFFFFFFF)
            return bytes(stub)
        LOG.info('NetrConnectionEnum(%r, level %d, max %d, resume %s) by %r: status %d, %s entries',
                 request.qualifier, request.level, request.preferred_max, request.resume,
                 _pipe_caller.name, reply.status, 'NULL' if reply.entries is None else len(reply.entries))
        return encode_response(request.level, reply)


class _RpcPipeConnection:
    """The DCE/RPC connection-oriented protocol over one pipe open's byte stream.

    The SMB side first sends the session's user name (see _adopting_pipe_opens), then the
    client's PDUs as written to the pipe.

    Every bind reads the scenario for quirks.bind (SCENARIO.md); a bind it refuses leaves the
    association refused, and until a later bind is accepted, every request and alter_context
    gets a fault nca_s_proto_error (flagged did-not-execute), never an answer.
    """

    def __init__(self, sock, interfaces, scenario_path):
        self._sock = sock
        self._interfaces = interfaces              # abstract syntax (uuid, version) -> {'CallBacks': ...}
        self._scenario_path = scenario_path
        self._contexts = {}                        # presentation context id -> callbacks
        self._max_xmit_frag = 4280                 # until a bind says otherwise
        self._call = None                          # a request arriving in fragments
        self._refused = False                      # the last bind was refused by quirks.bind

    def serve(self):
        try:
            (length,) = struct.unpack('<H', _read_exactly(self._sock, 2))
            _pipe_caller.name = _read_exactly(self._sock, length).decode('utf-8')
            while (pdu := _read_pdu(self._sock)) is not None:
                self._handle(pdu)
        except (OSError, EOFError, struct.error, ValueError) as e:
            LOG.warning('srvsvc pipe dropped: %r', e)
        finally:
            self._sock.close()

    def _handle(self, pdu):
        _, _, ptype, flags, drep, _, auth_len, call_id = COMMON_HEADER.unpack_from(pdu)
        if drep & 0xFFFF != DREP_LITTLE_ENDIAN_ASCII_IEEE or auth_len:
            self._fault(call_id, 0, NCA_S_PROTO_ERROR)          # big-endian NDR or auth: not here
        elif ptype in (PDU_BIND, PDU_ALTER_CONTEXT):
            self._bind(pdu, ptype, call_id)
        elif ptype == PDU_REQUEST:
            self._request(pdu, flags, call_id)
        elif ptype not in (PDU_CO_CANCEL, PDU_ORPHANED):         # calls run to completion anyway
            self._fault(call_id, 0, NCA_S_PROTO_ERROR)

    def _bind(self, pdu, ptype, call_id):
        quirk = 'accept'
        if ptype == PDU_BIND:
            quirk = self._bind_quirk()
            self._refused = quirk != 'accept'
            if self._refused:
                self._contexts.clear()
                self._call = None
        elif self._refused:                        # alter_context: no association to alter
            self._fault(call_id, 0, NCA_S_PROTO_ERROR, did_not_execute=True)
            return
        if quirk == 'nak':
            self._bind_nak(call_id)
            return
        refusal = {'abstractSyntax': ABSTRACT_SYNTAX_NOT_SUPPORTED,
                   'transferSyntax': TRANSFER_SYNTAXES_NOT_SUPPORTED}.get(quirk)
        max_xmit, max_recv, assoc_group, n_contexts = struct.unpack_from('<HHIB', pdu, 16)
        results, offset = [], 28
        for _ in range(n_contexts):
            context_id, n_syntaxes = struct.unpack_from('<HB', pdu, offset)
            abstract = pdu[offset + 4:offset + 24]
            transfers = [pdu[offset + 24 + 20 * i:offset + 44 + 20 * i] for i in range(n_syntaxes)]
            offset += 24 + 20 * n_syntaxes
            interface = self._interfaces.get(abstract)
            if refusal is not None:                # quirks.bind: every context, whatever it offers
                results.append((PROVIDER_REJECTION, refusal, NO_SYNTAX))
            elif interface is None:
                results.append((PROVIDER_REJECTION, ABSTRACT_SYNTAX_NOT_SUPPORTED, NO_SYNTAX))
            elif NDR20_SYNTAX not in transfers:
                results.append((PROVIDER_REJECTION, TRANSFER_SYNTAXES_NOT_SUPPORTED, NO_SYNTAX))
            else:
                self._contexts[context_id] = interface['CallBacks']
                results.append((ACCEPTANCE, 0, NDR20_SYNTAX))
        if refusal is not None:
            LOG.info('bind refused by quirks.bind: bind_ack, provider_rejection, reason %d', refusal)
        if ptype == PDU_BIND:
            # The client's max_recv_frag bounds every fragment we send it (fix 2).
            self._max_xmit_frag = max(max_recv, MIN_XMIT_FRAG)
            secondary = PIPE_NAME + b'\0'
            reply_type = PDU_BIND_ACK
        else:
            secondary = b''
            reply_type = PDU_ALTER_CONTEXT_RESP
        body = struct.pack('<HHIH', self._max_xmit_frag, max_xmit, assoc_group or ASSOCIATION_GROUP,
                           len(secondary)) + secondary
        body += b'\0' * (-(16 + len(body)) % 4)
        body += struct.pack('<B3x', len(results))
        body += b''.join(struct.pack('<HH', result, reason) + syntax for result, reason, syntax in results)
        self._send(reply_type, PFC_FIRST_FRAG | PFC_LAST_FRAG, call_id, body)

    def _bind_quirk(self):
        try:
            return load_scenario(self._scenario_path).bind
        except Exception as e:  # noqa: BLE001 - any unreadable scenario: accept; the call then faults
            # The call that follows reads the file again and gets its fault there, as without the quirk.
            LOG.warning('bind: cannot read the scenario (%s); the bind is accepted', e)
            return 'accept'

    def _hostile_quirk(self):
        try:
            return load_scenario(self._scenario_path).hostile
        except Exception:  # noqa: BLE001 - an unreadable scenario: the call has faulted already
            return 'none'

    def _bind_nak(self, call_id):
        """C706 12.6.4.4 rpcconn_bind_nak_hdr_t, one pad byte making it 20 bytes (see SCENARIO.md)."""
        LOG.info('bind refused by quirks.bind: bind_nak, reason %d', LOCAL_LIMIT_EXCEEDED)
        body = struct.pack('<H', LOCAL_LIMIT_EXCEEDED)  # provider_reject_reason: local_limit_exceeded
        body += struct.pack('<B', 0)                    # versions.n_protocols: none listed
        body += b'\0'                                   # pad to a 4-byte multiple
        self._send(PDU_BIND_NAK, PFC_FIRST_FRAG | PFC_LAST_FRAG, call_id, body)

    def _request(self, pdu, flags, call_id):
        context_id, opnum = struct.unpack_from('<HH', pdu, 20)
        stub = pdu[CALL_HEADER_SIZE + (16 if flags & PFC_OBJECT_UUID else 0):]
        if flags & PFC_FIRST_FRAG:
            self._call = (call_id, context_id, opnum, [stub])
        elif self._call is not None and self._call[0] == call_id:
            self._call[3].append(stub)
        else:
            self._fault(call_id, context_id, NCA_S_PROTO_ERROR)
            return
        if sum(map(len, self._call[3])) > MAX_REQUEST_STUB:
            self._call = None
            self._fault(call_id, context_id, NCA_S_PROTO_ERROR)
            return
        if flags & PFC_LAST_FRAG:
            _, context_id, opnum, chunks = self._call
            self._call = None
            self._dispatch(call_id, context_id, opnum, b''.join(chunks))

    def _dispatch(self, call_id, context_id, opnum, stub):
        callbacks = self._contexts.get(context_id)
        if self._refused:                          # a client that ignored the refused bind
            self._fault(call_id, context_id, NCA_S_PROTO_ERROR, did_not_execute=True)
        elif callbacks is None:
            self._fault(call_id, context_id, NCA_S_UNKNOWN_IF, did_not_execute=True)
        elif opnum not in callbacks:
            self._fault(call_id, context_id, NCA_S_OP_RNG_ERROR, did_not_execute=True)
        else:
            try:
                result = callbacks[opnum](stub)
            except BadStubData as e:
                LOG.warning('opnum %d: bad stub data: %s', opnum, e)
                self._fault(call_id, context_id, RPC_X_BAD_STUB_DATA)
            except Exception:
                LOG.exception('opnum %d failed', opnum)          # e.g. an invalid scenario file
                self._fault(call_id, context_id, NCA_S_FAULT_UNSPEC)
            else:
                self._respond(call_id, context_id, result.getData() if hasattr(result, 'getData') else result)

    def _respond(self, call_id, context_id, stub):
        """Sends the reply in as many fragments as the client's max_recv_frag requires (fix 2)."""
        # Stub chunks are kept 8-byte aligned (NDR's largest alignment) except in the last one.
        chunk_size = (self._max_xmit_frag - CALL_HEADER_SIZE) & ~7
        hostile = self._hostile_quirk()
        if hostile == 'emptyFragments':            # fragments that carry nothing, ahead of the reply
            for i in range(3):
                self._send(PDU_RESPONSE, PFC_FIRST_FRAG if i == 0 else 0, call_id,
                           struct.pack('<IHBB', len(stub), context_id, 0, 0))
        if hostile == 'endlessFragments':          # the reply's data again and again, never the last
            sent = 0
            while sent < ENDLESS_FRAGMENTS_CAP:     # a cap only so that the server itself stops in the end
                chunk = stub[:chunk_size] or b'\0' * 8
                self._send(PDU_RESPONSE, PFC_FIRST_FRAG if sent == 0 else 0, call_id,
                           struct.pack('<IHBB', len(stub), context_id, 0, 0) + chunk)
                sent += len(chunk)
            return
        offset = 0
        while True:
            chunk = stub[offset:offset + chunk_size]
            flags = PFC_FIRST_FRAG if offset == 0 and hostile != 'emptyFragments' else 0
            if offset + len(chunk) >= len(stub):
                flags |= PFC_LAST_FRAG
            alloc_hint = len(stub) - offset                  # stub bytes from this fragment on
            self._send(PDU_RESPONSE, flags, call_id,
                       struct.pack('<IHBB', alloc_hint, context_id, 0, 0) + chunk)
            offset += len(chunk)
            if flags & PFC_LAST_FRAG:
                return

    def _fault(self, call_id, context_id, status, did_not_execute=False):
        flags = PFC_FIRST_FRAG | PFC_LAST_FRAG | (PFC_DID_NOT_EXECUTE if did_not_execute else 0)
        self._send(PDU_FAULT, flags, call_id, struct.pack('<IHBBI4x', 0, context_id, 0, 0, status))

    def _send(self, ptype, flags, call_id, body):
        header = COMMON_HEADER.pack(5, 0, ptype, flags, DREP_LITTLE_ENDIAN_ASCII_IEEE,
                                    16 + len(body), 0, call_id)
        self._sock.sendall(header + body)        # one PDU per sendall; the SMB side reads PDUs


def _send_at_once(sock):
    # Without this, a fragment sent right after another waits for the delayed ACK (40 ms).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _read_exactly(sock, n):
    data = b''
    while len(data) < n:
        more = sock.recv(n - len(data))
        if not more:
            raise EOFError('connection closed %d bytes into a %d-byte read' % (len(data), n))
        data += more
    return data


def _read_pdu(sock):
    """One whole PDU from a byte stream, or None at a clean end of stream."""
    first = sock.recv(1)
    if not first:
        return None
    header = first + _read_exactly(sock, 15)
    frag_len = COMMON_HEADER.unpack(header)[5]
    if frag_len < 16:
        raise ValueError('frag_len %d is shorter than the header' % frag_len)
    return header + _read_exactly(sock, frag_len - 16)


# ---------------------------------------------------------------------------------------------
# The SMB side: message-mode pipe reads (fix 3), clean logon failures (fix 4)
# ---------------------------------------------------------------------------------------------

# Set by _MessageModePipe.recv when a read left part of a PDU behind, so the read command's
# handler, running in the same SMB connection thread, can answer STATUS_BUFFER_OVERFLOW.
_read_state = threading.local()


class _MessageModePipe:
    """Stands in for the local socket impacket keeps per pipe open: same calls, but recv
    returns one PDU at a time, as a message-mode named pipe does (fix 3)."""

    def __init__(self, sock):
        self._sock = sock
        self._unread = b''                          # rest of a PDU a short read left behind

    def send(self, data):
        self._sock.sendall(data)
        return len(data)

    sendall = send

    def recv(self, size):
        if not self._unread:
            pdu = _read_pdu(self._sock)             # waits for the back end's next PDU
            if pdu is None:
                raise BrokenPipeError('the srvsvc back end closed the pipe')
            self._unread = pdu
            self._trickle = _hostile_now() == 'trickle'
        if getattr(self, '_trickle', False):        # quirks.hostile: one byte a read, slowly
            time.sleep(TRICKLE_PAUSE)
            size = 1
        data, self._unread = self._unread[:size], self._unread[size:]
        _read_state.partial = bool(self._unread)
        return data

    def close(self):
        self._sock.close()


# The scenario file of this process's server (build_server), for the SMB side's quirks.
_scenario_path = None


def _hostile_now():
    try:
        return load_scenario(_scenario_path).hostile if _scenario_path else 'none'
    except Exception:  # noqa: BLE001 - an unreadable scenario: the call faults on it anyway
        return 'none'


def _adopting_pipe_opens(create):
    """Wraps a CREATE handler: a pipe it opened gets the user of the request's session sent to
    the back end first, and is then read in message mode."""
    def handler(connId, smbServer, *args):
        result = create(connId, smbServer, *args)
        conn = smbServer.getConnectionData(connId)
        for opened in conn['OpenedFiles'].values():
            sock = opened.get('Socket')
            if isinstance(sock, socket.socket):
                user = conn.get('SessionUsers', {}).get(_session_id(args[-1]), '').encode('utf-8')
                sock.sendall(struct.pack('<H', len(user)) + user)
                opened['Socket'] = _MessageModePipe(sock)
        return result
    return handler


def _remembering_session_users(session_setup):
    """Wraps a SESSION_SETUP handler: remembers the user of each session. impacket keeps only
    the connection's last logon, and jcifs runs the sessions of several users (contexts sharing
    a transport pool) over one connection."""
    def handler(connId, smbServer, *args):
        responses, packets, status = session_setup(connId, smbServer, *args)
        conn = smbServer.getConnectionData(connId, checkStatus=False)
        users = conn.setdefault('SessionUsers', {})
        if status == STATUS_SUCCESS and 'AUTHENTICATE_MESSAGE' in conn:
            users[conn['Uid']] = conn['AUTHENTICATE_MESSAGE']['user_name'].decode('utf-16-le')
        return responses, packets, status
    return handler


def _session_id(request):
    # SMB1 has Uid, which impacket sets to 10 for every session: there the last logon wins.
    return request['SessionID'] if 'SessionID' in request.fields else request['Uid']


def _reporting_partial_reads(read):
    """Wraps a command that may read a pipe: a read shorter than the PDU succeeds with
    STATUS_BUFFER_OVERFLOW, the rest following on the next read (fix 3)."""
    def handler(*args):
        _read_state.partial = False
        responses, packets, status = read(*args)
        if status == STATUS_SUCCESS and _read_state.partial:
            status = STATUS_BUFFER_OVERFLOW
        return responses, packets, status
    return handler


def _failing_logons_cleanly(session_setup, error_response):
    """Wraps a SESSION_SETUP handler: a failed logon is answered with an error response (not a
    session-setup body under an error status) and leaves the connection unauthenticated (fix 4)."""
    def handler(connId, smbServer, *args):
        responses, packets, status = session_setup(connId, smbServer, *args)
        if status in (STATUS_SUCCESS, STATUS_MORE_PROCESSING_REQUIRED):
            return responses, packets, status
        conn = smbServer.getConnectionData(connId, checkStatus=False)
        conn['Authenticated'] = False              # impacket sets it whatever the outcome
        conn['SignatureEnabled'] = False           # and would sign with the failed logon's key
        return [error_response()], None, status
    return handler


# MS-NLMP 2.2.2.5: requested in the NEGOTIATE_MESSAGE, so they MUST be in the CHALLENGE_MESSAGE.
_ECHOED_FLAGS = ntlm.NTLMSSP_NEGOTIATE_SIGN | ntlm.NTLMSSP_NEGOTIATE_SEAL | ntlm.NTLMSSP_NEGOTIATE_ALWAYS_SIGN


def _echoing_signing_flags(session_setup):
    """Wraps a SESSION_SETUP handler: the NTLM challenge it answers carries the SIGN, SEAL and
    ALWAYS_SIGN flags the client's NEGOTIATE_MESSAGE asked for (fix 5). The flags are a fixed
    field of the challenge, so its bytes are rewritten in place in the security blob; the
    stored challenge, which the logon's key derivation reads, gets them too."""
    def handler(connId, smbServer, *args):
        conn = smbServer.getConnectionData(connId, checkStatus=False)
        before = conn.get('CHALLENGE_MESSAGE')
        responses, packets, status = session_setup(connId, smbServer, *args)
        conn = smbServer.getConnectionData(connId, checkStatus=False)
        challenge = conn.get('CHALLENGE_MESSAGE')
        if status != STATUS_MORE_PROCESSING_REQUIRED or challenge is None or challenge is before:
            return responses, packets, status
        missing = conn['NEGOTIATE_MESSAGE']['flags'] & _ECHOED_FLAGS & ~challenge['flags']
        if missing:
            old = challenge.getData()
            flags = challenge['flags']
            challenge['flags'] = flags | missing
            if not _replace_security_blob_part(responses[0], old, challenge.getData()):
                challenge['flags'] = flags             # not found: leave impacket's answer alone
        return responses, packets, status
    return handler


def _replace_security_blob_part(command, old, new):
    if 'Buffer' in command.fields:                 # SMB2 SESSION_SETUP response
        blob = command['Buffer']
    else:                                          # SMB1 SESSION_SETUP_ANDX, extended security
        blob = command['Data']['SecurityBlob']
    if old not in blob or len(old) != len(new):
        return False
    blob = blob.replace(old, new, 1)
    if 'Buffer' in command.fields:
        command['Buffer'] = blob
    else:
        command['Data']['SecurityBlob'] = blob
    return True


def _smb1_error_response():
    command = smb.SMBCommand(smb.SMB.SMB_COM_SESSION_SETUP_ANDX)
    command['Parameters'] = b''                    # WordCount 0, ByteCount 0: SMB1's error shape
    command['Data'] = b''
    return command


class _FixedSMBSERVER(smbserver.SMBSERVER):
    """impacket's SMB server with the pipe and logon handlers wrapped."""

    def __init__(self, server_address, handler_class=smbserver.SMBSERVERHandler, config_parser=None):
        if ':' in server_address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(server_address, handler_class, config_parser)
        smb1, smb2_ = smbserver.SMBCommands, smbserver.SMB2Commands
        self.hookSmb2Command(smb2.SMB2_CREATE, _adopting_pipe_opens(smb2_.smb2Create))
        self.hookSmbCommand(smb.SMB.SMB_COM_NT_CREATE_ANDX, _adopting_pipe_opens(smb1.smbComNtCreateAndX))
        self.hookSmb2Command(smb2.SMB2_READ, _reporting_partial_reads(smb2_.smb2Read))
        self.hookSmb2Command(smb2.SMB2_IOCTL, _reporting_partial_reads(smb2_.smb2Ioctl))
        self.hookSmbCommand(smb.SMB.SMB_COM_READ_ANDX, _reporting_partial_reads(smb1.smbComReadAndX))
        self.hookSmbCommand(smb.SMB.SMB_COM_READ, _reporting_partial_reads(smb1.smbComRead))
        self.hookSmbCommand(smb.SMB.SMB_COM_TRANSACTION, _reporting_partial_reads(smb1.smbTransaction))
        self.hookSmb2Command(smb2.SMB2_SESSION_SETUP, _remembering_session_users(
            _failing_logons_cleanly(_echoing_signing_flags(smb2_.smb2SessionSetup), smb2.SMB2Error)))
        self.hookSmbCommand(smb.SMB.SMB_COM_SESSION_SETUP_ANDX, _remembering_session_users(
            _failing_logons_cleanly(_echoing_signing_flags(smb1.smbComSessionSetupAndX),
                                    _smb1_error_response)))

    def get_request(self):
        sock, address = super().get_request()
        _send_at_once(sock)
        return sock, address


def build_server(address, port, scenario_path, users):
    """A SimpleSMBServer, listening, with our SMBSERVER and SRVSServer in place of impacket's."""
    global _scenario_path
    _scenario_path = scenario_path
    originals = smbserver.SMBSERVER, smbserver.SRVSServer
    # SimpleSMBServer's constructor creates both by their module-level names.
    smbserver.SMBSERVER = _FixedSMBSERVER
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
    parser.add_argument('-v', '--verbose', action='store_true', help='log every NetrConnectionEnum call')
    args = parser.parse_args(argv)

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING,
                        format='%(asctime)s %(name)s %(levelname)s %(message)s')
    # Only our calls: impacket's INFO lines include each logon's crackable NTLM response.
    LOG.setLevel(logging.INFO if args.verbose else logging.WARNING)
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


if __name__ == '__main__':
    main()
