"""What the scripted server's tests share: the server in a subprocess, a test case class that
starts one per class, and a client made of impacket's SMB, DCE/RPC and srvs NDR code (an
implementation independent of the server's hand-written NDR), plus raw PDUs for what impacket
cannot send.

Each test class starts its own server on a port of 14460-14469 and rewrites its scenario file
per test (the server re-reads it on every call)."""

import json
import os
import select
import socket
import struct
import subprocess
import sys
import tempfile
import unittest

from impacket import smb
from impacket.dcerpc.v5 import rpcrt, srvs, transport
from impacket.dcerpc.v5.dtypes import NULL
from impacket.smbconnection import SMBConnection

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'srvsvc_server.py')
ADMIN = ('netadmin', 'Adm1n-Pass!')
USER = ('netuser', 'Us3r-Pass!')
MAX = 0xFFFFFFFF

NERR_SUCCESS, ERROR_ACCESS_DENIED, ERROR_INVALID_PARAMETER = 0, 5, 87
ERROR_INVALID_LEVEL, ERROR_MORE_DATA, NERR_BUF_TOO_SMALL = 124, 234, 2123
NERR_NET_NAME_NOT_FOUND, NERR_CLIENT_NAME_NOT_FOUND, NERR_USER_NOT_FOUND = 2310, 2312, 2221
OPNUM_FILE_ENUM, OPNUM_SESSION_ENUM = 9, 12


# ---------------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------------

class ScriptedServer:
    """srvsvc_server.py in a subprocess, with a scenario file the test rewrites."""

    def __init__(self, port, users=None):
        if port_in_use(port):
            raise RuntimeError('port %d is already in use: a leftover server?' % port)
        self.port = port
        self._dir = tempfile.TemporaryDirectory(prefix='srvsvc-test-')
        self.scenario_path = os.path.join(self._dir.name, 'scenario.json')
        self.log_path = os.path.join(self._dir.name, 'server.log')
        self.write({})
        args = [sys.executable, SERVER, '--port', str(port), '--scenario', self.scenario_path, '-v']
        for name, password in users or []:
            args += ['--user', '%s:%s' % (name, password)]
        self._log = open(self.log_path, 'wb')
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self._log)
        self.ready_line = self._read_ready_line()

    def _read_ready_line(self):
        readable, _, _ = select.select([self.process.stdout], [], [], 10)
        line = self.process.stdout.readline().decode() if readable else ''
        if not line.startswith('READY'):
            self.stop()
            raise RuntimeError('server did not get ready: %r; log:\n%s' % (line, self.log()))
        return line.strip()

    def write(self, scenario):
        temporary = self.scenario_path + '.tmp'
        with open(temporary, 'w', encoding='utf-8') as f:
            json.dump(scenario, f)
        os.replace(temporary, self.scenario_path)   # atomic: a call never reads half a file

    def log(self):
        with open(self.log_path, encoding='utf-8', errors='replace') as f:
            return f.read()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(5)
        self.process.stdout.close()
        self._log.close()
        self._dir.cleanup()


class ServerTestCase(unittest.TestCase):
    """Starts one server per test class; closes the SMB connections its tests open."""
    PORT = None

    @classmethod
    def setUpClass(cls):
        cls.server = ScriptedServer(cls.PORT)
        cls.addClassCleanup(cls.server.stop)

    def use(self, **scenario):
        self.server.write(scenario)

    def pipe(self, credentials=ADMIN, **options):
        dce = open_pipe(self.PORT, credentials, **options)
        self.addCleanup(close_quietly, dce.get_rpc_transport().get_smb_connection())
        return dce

    def smb(self, **options):
        connection = SMBConnection('127.0.0.1', '127.0.0.1', sess_port=self.PORT, timeout=10, **options)
        self.addCleanup(close_quietly, connection)
        return connection

    def raw_pipe(self):
        """An SMB2 open of srvsvc, for PDUs written and read by hand."""
        connection = self.smb()
        connection.login(*ADMIN)
        tid = connection.connectTree('IPC$')
        return connection, tid, connection.openFile(tid, 'srvsvc')


class TwoPipesTestCase(ServerTestCase):
    """A server per test class and, for all its tests, a pipe bound as each user: admin, user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = open_pipe(cls.PORT, ADMIN)
        cls.user = open_pipe(cls.PORT, USER)
        for dce in (cls.admin, cls.user):
            cls.addClassCleanup(close_quietly, dce.get_rpc_transport().get_smb_connection())

    def assertFailed(self, page, status, resume=0):
        """Rule 9: a failed call has TotalEntries 0, a NULL array and the resume handle unchanged."""
        self.assertEqual((page.status, page.total, page.entries, page.entries_read, page.resume),
                         (status, 0, None, 0, resume))


def close_quietly(connection):
    try:
        connection.close()
    except Exception:
        pass                   # already closed, or the server is gone


def port_in_use(port):
    with socket.socket() as s:
        return s.connect_ex(('127.0.0.1', port)) == 0


def conn(id, share='DATA', computer='WS01', user='alice', type=0, opens=1, users=1, seconds=60):
    return {'id': id, 'type': type, 'opens': opens, 'users': users, 'seconds': seconds,
            'user': user, 'computer': computer, 'share': share}


def sess(computer='WS01', user='alice', opens=1, seconds=60, idle=5, flags=0, client_type='Windows 10',
         transport='\\Device\\NetbiosSmb'):
    return {'computer': computer, 'user': user, 'opens': opens, 'seconds': seconds, 'idleSeconds': idle,
            'flags': flags, 'clientType': client_type, 'transport': transport}


def open_file(id, path='C:\\data\\a.txt', user='alice', permissions=3, locks=0):
    return {'id': id, 'permissions': permissions, 'locks': locks, 'path': path, 'user': user}


def open_pipe(port, credentials=ADMIN, smb_connection=None, dialect=None):
    """A bound DCE/RPC handle on \\PIPE\\srvsvc, over a new SMB connection or a given one."""
    rpc = transport.DCERPCTransportFactory(r'ncacn_np:127.0.0.1[\pipe\srvsvc]')
    rpc.set_dport(port)
    if smb_connection is not None:
        rpc.set_smb_connection(smb_connection)
    else:
        rpc.set_credentials(*credentials)
        rpc.preferred_dialect(dialect)
    dce = rpc.get_dce_rpc()
    dce.connect()
    dce.bind(srvs.MSRPC_UUID_SRVS)
    return dce


class Page:
    """A NetrConnectionEnum reply decoded by impacket, with NULL pointers kept apart."""

    def __init__(self, response):
        self.status = response['ErrorCode']
        self.total = response['TotalEntries']
        self.level = response['InfoStruct']['Level']
        self.resume = None if _is_null(response.fields['ResumeHandle']) else response['ResumeHandle']
        container = response['InfoStruct']['ConnectInfo']['Level%d' % self.level]
        self.entries_read = container['EntriesRead']
        if _is_null(container.fields['Buffer']):
            self.entries = None
        elif self.level == 0:
            self.entries = [e['coni0_id'] for e in container['Buffer']]
        else:
            self.entries = [(e['coni1_id'], e['coni1_type'], e['coni1_num_opens'], e['coni1_num_users'],
                             e['coni1_time'], _string(e, 'coni1_username'), _string(e, 'coni1_netname'))
                            for e in container['Buffer']]

    def ids(self):
        return [e if self.level == 0 else e[0] for e in self.entries or []]


def _is_null(pointer):
    return pointer.fields['ReferentID'] == 0


def _string(entry, field):
    if _is_null(entry.fields[field]):
        return None
    text = entry[field]
    assert text.endswith('\0'), 'string without its NUL: %r' % text
    return text[:-1]


def enum(dce, qualifier, level, resume=0, preferred_max=MAX):
    """One NetrConnectionEnum call; None for qualifier or resume sends a NULL pointer."""
    request = srvs.NetrConnectionEnum()
    request['ServerName'] = NULL
    request['Qualifier'] = NULL if qualifier is None else qualifier + '\0'
    request['InfoStruct']['Level'] = level
    request['InfoStruct']['ConnectInfo']['tag'] = level
    request['PreferedMaximumLength'] = preferred_max
    request['ResumeHandle'] = NULL if resume is None else resume
    return Page(dce.request(request, checkError=False))   # checkError=False: 234 is no error


def enum_raw_level(dce, qualifier, level, resume=5):
    """A call at a level impacket cannot encode, in Samba's encoding: no union arm after the
    discriminant. Returns (Level, discriminant, TotalEntries, ResumeHandle, status)."""
    units = (qualifier + '\0').encode('utf-16-le')
    n = len(units) // 2
    stub = struct.pack('<5I', 0, 0x20000, n, 0, n) + units + b'\0' * (-len(units) % 4)
    stub += struct.pack('<II', level, level)              # Level, union discriminant, no arm
    stub += struct.pack('<III', MAX, 0x20004, resume)     # PreferedMaximumLength, ResumeHandle
    dce.call(8, stub)
    return _raw_level_reply(dce.recv())


def enum_raw_level_unfiltered(dce, opnum, level, resume=5):
    """enum_raw_level for NetrFileEnum (9) or NetrSessionEnum (12), with NULL filters."""
    stub = struct.pack('<3I', 0, 0, 0)                    # ServerName, two filters: NULL
    stub += struct.pack('<II', level, level)              # Level, union discriminant, no arm
    stub += struct.pack('<III', MAX, 0x20004, resume)     # PreferedMaximumLength, ResumeHandle
    dce.call(opnum, stub)
    return _raw_level_reply(dce.recv())


def _raw_level_reply(reply):
    level_out, tag, total, pointer = struct.unpack_from('<4I', reply)
    if pointer:
        resume_out, status = struct.unpack_from('<II', reply, 16)
        expected_length = 24
    else:
        resume_out, (status,) = None, struct.unpack_from('<I', reply, 16)
        expected_length = 20
    assert len(reply) == expected_length, reply.hex()
    return level_out, tag, total, resume_out, status


# Each level's fields as impacket's srvs structures name them, in the structure's order.
_SESSION_1 = ['cname', 'username', 'num_opens', 'time', 'idle_time', 'user_flags']
SESSION_FIELDS = {0: ['cname'], 1: _SESSION_1, 2: _SESSION_1 + ['cltype_name'],
                  10: ['cname', 'username', 'time', 'idle_time'],
                  502: _SESSION_1 + ['cltype_name', 'transport']}
FILE_FIELDS = {2: ['id'], 3: ['id', 'permissions', 'num_locks', 'path_name', 'username']}
_STRING_FIELDS = {'cname', 'username', 'cltype_name', 'transport', 'path_name'}


class InfoPage:
    """A NetrSessionEnum or NetrFileEnum reply decoded by impacket: entries as tuples of the
    level's fields in the structure's order (None for a NULL string), None for a NULL array."""

    def __init__(self, response, union, prefix, names):
        self.status = response['ErrorCode']
        self.total = response['TotalEntries']
        self.level = response['InfoStruct']['Level']
        self.resume = None if _is_null(response.fields['ResumeHandle']) else response['ResumeHandle']
        container = response['InfoStruct'][union]['Level%d' % self.level]
        self.entries_read = container['EntriesRead']
        if _is_null(container.fields['Buffer']):
            self.entries = None
        else:
            self.entries = [tuple(_string(e, prefix + n) if n in _STRING_FIELDS else e[prefix + n] for n in names)
                            for e in container['Buffer']]


def _wstr(value):
    return NULL if value is None else value + '\0'


def sessions(dce, client, user, level, resume=0, preferred_max=MAX):
    """One NetrSessionEnum call with impacket's structures; None sends a NULL pointer."""
    request = srvs.NetrSessionEnum()
    request['ClientName'] = _wstr(client)
    request['UserName'] = _wstr(user)
    return _info_enum(dce, request, 'SessionInfo', level, resume, preferred_max,
                      'sesi%d_' % level, SESSION_FIELDS[level])


def files(dce, base_path, user, level, resume=0, preferred_max=MAX):
    """One NetrFileEnum call with impacket's structures; None sends a NULL pointer."""
    request = srvs.NetrFileEnum()
    request['BasePath'] = _wstr(base_path)
    request['UserName'] = _wstr(user)
    return _info_enum(dce, request, 'FileInfo', level, resume, preferred_max, 'fi%d_' % level, FILE_FIELDS[level])


def _info_enum(dce, request, union, level, resume, preferred_max, prefix, names):
    request['ServerName'] = NULL
    request['InfoStruct']['Level'] = level
    request['InfoStruct'][union]['tag'] = level
    request['InfoStruct'][union]['Level%d' % level]['Buffer'] = NULL
    request['PreferedMaximumLength'] = preferred_max
    request['ResumeHandle'] = NULL if resume is None else resume
    return InfoPage(dce.request(request, checkError=False), union, prefix, names)   # 234 is no error


def all_info_pages(call, preferred_max):
    """Every page of call(resume, preferred_max), following the resume handles."""
    pages, resume = [], 0
    while True:
        page = call(resume, preferred_max)
        pages.append(page)
        if page.status != ERROR_MORE_DATA:
            return pages
        resume = page.resume
        if len(pages) > 10_000:
            raise AssertionError('no end to the pages')


def all_pages(dce, qualifier, level, preferred_max):
    pages, resume = [], 0
    while True:
        page = enum(dce, qualifier, level, resume, preferred_max)
        pages.append(page)
        if page.status != ERROR_MORE_DATA:
            return pages
        resume = page.resume
        if len(pages) > 100_000:
            raise AssertionError('no end to the pages')


def record_reads(dce):
    """Records every read impacket's DCE/RPC layer makes from its SMB transport."""
    rpc = dce.get_rpc_transport()
    reads, read = [], rpc.recv

    def recording_recv(*args, **kwargs):
        data = read(*args, **kwargs)
        reads.append(data)
        return data
    rpc.recv = recording_recv
    return reads


def pdu_frag_len(pdu):
    return struct.unpack_from('<H', pdu, 8)[0]


def response_header(pdu):
    """(type, flags, frag_len, auth_len, call_id, alloc_hint)"""
    _, _, ptype, flags, _, frag_len, auth_len, call_id, alloc_hint = struct.unpack_from('<BBBBIHHII', pdu)
    return ptype, flags, frag_len, auth_len, call_id, alloc_hint


def bind_pdu(max_recv_frag, call_id=1):
    context = struct.pack('<HBx', 0, 1) + srvs.MSRPC_UUID_SRVS + \
        rpcrt.uuidtup_to_bin(('8a885d04-1ceb-11c9-9fe8-08002b104860', '2.0'))
    body = struct.pack('<HHIB3x', 4280, max_recv_frag, 0, 1) + context
    return struct.pack('<BBBBIHHI', 5, 0, rpcrt.MSRPC_BIND, 3, 0x10, 16 + len(body), 0, call_id) + body


def request_pdu(opnum, stub, call_id):
    header = struct.pack('<BBBBIHHIIHH', 5, 0, rpcrt.MSRPC_REQUEST, 3, 0x10, 24 + len(stub), 0, call_id,
                         len(stub), 0, opnum)
    return header + stub


def level1_request_stub(qualifier):
    request = srvs.NetrConnectionEnum()
    request['ServerName'] = NULL
    request['Qualifier'] = qualifier + '\0'
    request['InfoStruct']['Level'] = 1
    request['InfoStruct']['ConnectInfo']['tag'] = 1
    request['PreferedMaximumLength'] = MAX
    request['ResumeHandle'] = 0
    return request.getData()


def pdu_call_id(pdu):
    return struct.unpack_from('<I', pdu, 12)[0]
