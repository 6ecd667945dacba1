"""Tests of srvsvc_server.py, driven through impacket's client: an SMB, DCE/RPC and NDR
implementation independent of the server's hand-written NDR.

    /usr/bin/python3 -m unittest discover -s testkit/servers/scripted -v

Each test class starts its own server in a subprocess on a port of 14460-14469 and rewrites
its scenario file per test (the server re-reads it on every call).
"""

import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from unittest import mock

from impacket import ntlm, smb
from impacket.dcerpc.v5 import rpcrt, srvs, transport
from impacket.dcerpc.v5.dtypes import NULL
from impacket.nt_errors import STATUS_BUFFER_OVERFLOW, STATUS_LOGON_FAILURE
from impacket.smb3structs import FSCTL_PIPE_TRANSCEIVE, SMB2_0_IOCTL_IS_FSCTL, SMB2Read_Response
from impacket.smbconnection import SessionError, SMBConnection

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'srvsvc_server.py')
ADMIN = ('netadmin', 'Adm1n-Pass!')
USER = ('netuser', 'Us3r-Pass!')
MAX = 0xFFFFFFFF

NERR_SUCCESS, ERROR_ACCESS_DENIED, ERROR_INVALID_PARAMETER = 0, 5, 87
ERROR_INVALID_LEVEL, ERROR_MORE_DATA, NERR_BUF_TOO_SMALL = 124, 234, 2123
NERR_NET_NAME_NOT_FOUND, NERR_CLIENT_NAME_NOT_FOUND = 2310, 2312


# ---------------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------------

class ScriptedServer:
    """srvsvc_server.py in a subprocess, with a scenario file the test rewrites."""

    def __init__(self, port, users=None):
        if _port_in_use(port):
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
        self.addCleanup(_close_quietly, dce.get_rpc_transport().get_smb_connection())
        return dce

    def smb(self, **options):
        connection = SMBConnection('127.0.0.1', '127.0.0.1', sess_port=self.PORT, timeout=10, **options)
        self.addCleanup(_close_quietly, connection)
        return connection

    def raw_pipe(self):
        """An SMB2 open of srvsvc, for PDUs written and read by hand."""
        connection = self.smb()
        connection.login(*ADMIN)
        tid = connection.connectTree('IPC$')
        return connection, tid, connection.openFile(tid, 'srvsvc')


def _close_quietly(connection):
    try:
        connection.close()
    except Exception:
        pass                   # already closed, or the server is gone


def _port_in_use(port):
    with socket.socket() as s:
        return s.connect_ex(('127.0.0.1', port)) == 0


def conn(id, share='DATA', computer='WS01', user='alice', type=0, opens=1, users=1, seconds=60):
    return {'id': id, 'type': type, 'opens': opens, 'users': users, 'seconds': seconds,
            'user': user, 'computer': computer, 'share': share}


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
    reply = dce.recv()
    level_out, tag, total, pointer = struct.unpack_from('<4I', reply)
    if pointer:
        resume_out, status = struct.unpack_from('<II', reply, 16)
        expected_length = 24
    else:
        resume_out, (status,) = None, struct.unpack_from('<I', reply, 16)
        expected_length = 20
    assert len(reply) == expected_length, reply.hex()
    return level_out, tag, total, resume_out, status


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


# ---------------------------------------------------------------------------------------------
# SCENARIO.md, rule by rule
# ---------------------------------------------------------------------------------------------

class ScenarioRulesTest(ServerTestCase):
    PORT = 14460

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = open_pipe(cls.PORT, ADMIN)
        cls.user = open_pipe(cls.PORT, USER)
        for dce in (cls.admin, cls.user):
            cls.addClassCleanup(_close_quietly, dce.get_rpc_transport().get_smb_connection())

    def assertFailed(self, page, status, resume=0):
        """Rule 9: a failed call has TotalEntries 0, a NULL array and the resume handle unchanged."""
        self.assertEqual((page.status, page.total, page.entries, page.entries_read, page.resume),
                         (status, 0, None, 0, resume))

    # Level 0 and 1 fields, rule 7
    def test_level0_returns_ids_in_scenario_order(self):
        self.use(connections=[conn(9), conn(3, share='OTHER'), conn(7), conn(0xFFFFFFFF)])
        page = enum(self.admin, 'DATA', 0)
        self.assertEqual((page.status, page.entries, page.total, page.resume), (0, [9, 7, 0xFFFFFFFF], 3, 0))

    def test_level1_fields_and_share_qualifier_netname_is_the_computer(self):
        self.use(connections=[
            conn(7, type=0x80000003, opens=2, users=3, seconds=0xFFFFFFFF, user='alice', computer='WS01'),
            conn(8, type=0x4000000 | 1, opens=0, users=0, seconds=0, user='bob', computer='WS02')])
        page = enum(self.admin, 'DATA', 1)
        self.assertEqual(page.entries, [(7, 0x80000003, 2, 3, 0xFFFFFFFF, 'alice', 'WS01'),
                                        (8, 0x4000001, 0, 0, 0, 'bob', 'WS02')])
        self.assertEqual((page.status, page.total, page.entries_read), (0, 2, 2))

    def test_computer_qualifier_matches_ignoring_case_and_netname_is_the_share(self):
        self.use(connections=[conn(1, share='DATA', computer='WS01'), conn(2, share='IPC$', computer='ws02'),
                              conn(3, share='Print', computer='Ws01')])
        page = enum(self.admin, r'\\ws01', 1)
        self.assertEqual([(e[0], e[6]) for e in page.entries], [(1, 'DATA'), (3, 'Print')])

    def test_share_qualifier_matches_ignoring_case(self):
        self.use(shares=['Data'],
                 connections=[conn(1, share='DATA'), conn(2, share='data'), conn(3, share='X')])
        self.assertEqual(enum(self.admin, 'dAtA', 0).entries, [1, 2])
        # As Java's equalsIgnoreCase (the testkit's reference): one-character case mappings.
        self.use(shares=['İNFO', 'STRASSE'])
        self.assertEqual(enum(self.admin, 'info', 0).status, NERR_SUCCESS)
        self.assertEqual(enum(self.admin, 'straße', 0).status, NERR_NET_NAME_NOT_FOUND)

    # Rule 6
    def test_unknown_share_is_2310_and_unknown_computer_is_2312(self):
        self.use(shares=['DATA'], connections=[conn(1, computer=None)])
        self.assertFailed(enum(self.admin, 'NOPE', 1, resume=3), NERR_NET_NAME_NOT_FOUND, resume=3)
        self.assertFailed(enum(self.admin, r'\\WS01', 0), NERR_CLIENT_NAME_NOT_FOUND)
        # A null computer never matches, not even an empty computer name.
        self.assertFailed(enum(self.admin, '\\\\', 1), NERR_CLIENT_NAME_NOT_FOUND)

    def test_known_share_without_connections_is_success_with_no_entries(self):
        self.use(shares=['EMPTY'], connections=[conn(1, share='DATA')])
        page = enum(self.admin, 'empty', 1)
        self.assertEqual((page.status, page.entries, page.total, page.resume), (0, [], 0, 0))

    def test_a_share_used_by_a_connection_exists_without_being_listed(self):
        self.use(shares=[], connections=[conn(4, share='HIDDEN')])
        self.assertEqual(enum(self.admin, 'hidden', 0).entries, [4])

    # Rule 2
    def test_levels_other_than_0_and_1_are_124(self):
        self.use(shares=['DATA'])
        for level in (2, 3, 502):
            self.assertEqual(enum_raw_level(self.admin, 'DATA', level),
                             (level, level, 0, 5, ERROR_INVALID_LEVEL))

    def test_level_is_checked_before_the_qualifier(self):
        self.use(shares=['DATA'])
        self.assertEqual(enum_raw_level(self.admin, '', 2)[4], ERROR_INVALID_LEVEL)

    # Rule 3
    def test_null_empty_and_too_long_qualifiers_are_87(self):
        self.use(shares=['DATA'], status=NERR_BUF_TOO_SMALL)   # rule 3 comes before rule 4
        self.assertFailed(enum(self.admin, None, 1, resume=2), ERROR_INVALID_PARAMETER, resume=2)
        self.assertFailed(enum(self.admin, '', 0), ERROR_INVALID_PARAMETER)
        self.assertFailed(enum(self.admin, 'S' * 1024, 1), ERROR_INVALID_PARAMETER)
        # 1,023 UTF-16 code units pass rule 3 (and reach rule 4); a non-BMP character is two.
        self.assertFailed(enum(self.admin, 'S' * 1023, 1), NERR_BUF_TOO_SMALL)
        self.assertFailed(enum(self.admin, 'S' * 1021 + '\U0001F600', 1), NERR_BUF_TOO_SMALL)
        self.assertFailed(enum(self.admin, 'S' * 1022 + '\U0001F600', 1), ERROR_INVALID_PARAMETER)

    # Rule 4
    def test_status_overrides_everything_after_rule_3(self):
        self.use(shares=['DATA'], connections=[conn(1)], status=NERR_BUF_TOO_SMALL,
                 quirks={'noProgress': True})
        self.assertFailed(enum(self.admin, 'DATA', 1, resume=7), NERR_BUF_TOO_SMALL, resume=7)
        self.assertFailed(enum(self.admin, 'NOPE', 0, resume=None), NERR_BUF_TOO_SMALL, resume=None)

    # Rule 1
    def test_denied_users_get_5_by_smb_user_name_ignoring_case(self):
        self.use(shares=['DATA'], connections=[conn(1)], deniedUsers=['NetUser'])
        self.assertFailed(enum(self.user, 'DATA', 1, resume=4), ERROR_ACCESS_DENIED, resume=4)
        self.assertEqual(enum(self.admin, 'DATA', 1).status, NERR_SUCCESS)
        # The caller check comes before every other rule.
        self.assertEqual(enum_raw_level(self.user, '', 2)[4], ERROR_ACCESS_DENIED)
        self.assertFailed(enum(self.user, None, 1), ERROR_ACCESS_DENIED)

    def test_denied_users_tells_apart_two_users_sessions_on_one_connection(self):
        # jcifs runs contexts that share a transport pool as sessions of one SMB connection.
        self.use(shares=['DATA'], deniedUsers=['netuser'])
        connection = self.smb()
        connection.login(*ADMIN)
        client = connection.getSMBServer()
        admin_session = client._Session['SessionID']
        connection.login(*USER)                        # a second session, same connection
        as_user = self.pipe(smb_connection=connection)
        client._Session['SessionID'] = admin_session   # the next open goes out in the first session
        as_admin = self.pipe(smb_connection=connection)
        self.assertEqual(enum(as_user, 'DATA', 0).status, ERROR_ACCESS_DENIED)
        self.assertEqual(enum(as_admin, 'DATA', 0).status, NERR_SUCCESS)

    def test_delay_comes_before_the_answer(self):
        self.use(shares=['DATA'], quirks={'delayMillis': 300}, deniedUsers=['netuser'])
        started = time.monotonic()
        self.assertEqual(enum(self.user, 'DATA', 0).status, ERROR_ACCESS_DENIED)
        self.assertGreaterEqual(time.monotonic() - started, 0.3)

    # Rule 5
    def test_no_progress_returns_more_data_without_entries_or_progress(self):
        self.use(shares=['DATA'], connections=[conn(1), conn(2)], quirks={'noProgress': True})
        for given, returned in ((0, 1), (1, 1), (5, 5), (None, None)):
            page = enum(self.admin, 'DATA', 1, resume=given, preferred_max=1)
            self.assertEqual((page.status, page.entries, page.resume), (ERROR_MORE_DATA, [], returned))
        self.use(shares=['DATA'], connections=[conn(1)], quirks={'noProgress': True, 'emptyArray': 'null'})
        self.assertEqual(enum(self.admin, 'DATA', 0).entries, None)

    # Rule 8
    def test_pages_follow_the_cost_rule_at_level_1(self):
        # 28 + (3 + 1) * 2 for 'u00' + (4 + 1) * 2 for 'ws00' = 46 bytes: two entries fit in 100.
        self.use(connections=[conn(i, user='u%02d' % i, computer='ws%02d' % i) for i in range(25)])
        pages = all_pages(self.admin, 'DATA', 1, preferred_max=100)
        self.assertEqual([len(p.entries) for p in pages], [2] * 12 + [1])
        self.assertEqual([p.status for p in pages], [ERROR_MORE_DATA] * 12 + [NERR_SUCCESS])
        self.assertEqual([p.resume for p in pages], list(range(2, 25, 2)) + [0])
        self.assertEqual([p.total for p in pages], list(range(25, 0, -2)))   # rule 9
        self.assertEqual([i for p in pages for i in p.ids()], list(range(25)))
        self.assertEqual(pages[0].entries[1], (1, 0, 1, 1, 60, 'u01', 'ws01'))

    def test_pages_at_level_0_and_an_exact_fit(self):
        self.use(connections=[conn(i) for i in range(7)])
        self.assertEqual([p.ids() for p in all_pages(self.admin, 'DATA', 0, preferred_max=12)],
                         [[0, 1, 2], [3, 4, 5], [6]])

    def test_a_page_always_holds_at_least_one_entry(self):
        self.use(connections=[conn(i, user='x' * 1000) for i in range(3)])
        for preferred_max in (0, 1, 2000):
            pages = all_pages(self.admin, 'DATA', 1, preferred_max)
            self.assertEqual([p.ids() for p in pages], [[0], [1], [2]])

    def test_null_strings_cost_nothing_and_are_not_counted(self):
        # 28 + 0 (NULL user) + (1 + 1) * 2 for 'W' = 32; three fit in 96, not four.
        self.use(connections=[conn(i, user=None, computer='W') for i in range(4)])
        self.assertEqual([len(p.entries) for p in all_pages(self.admin, 'DATA', 1, 96)], [3, 1])

    def test_resume_at_end_count_returns_the_index_after_the_last_entry(self):
        self.use(connections=[conn(i) for i in range(5)], quirks={'resumeAtEnd': 'count'})
        pages = all_pages(self.admin, 'DATA', 0, preferred_max=8)
        self.assertEqual([p.resume for p in pages], [2, 4, 5])
        self.assertEqual(enum(self.admin, 'DATA', 0).resume, 5)

    def test_resume_handle_is_the_index_of_the_next_matching_entry(self):
        self.use(connections=[conn(i, share='DATA' if i % 2 else 'OTHER') for i in range(10)])
        page = enum(self.admin, 'DATA', 0, resume=3)
        self.assertEqual((page.entries, page.total, page.resume), ([7, 9], 2, 0))
        past_the_end = enum(self.admin, 'DATA', 0, resume=99)
        self.assertEqual((past_the_end.status, past_the_end.entries, past_the_end.total), (0, [], 0))

    def test_null_resume_handle_in_gives_none_out(self):
        self.use(connections=[conn(i) for i in range(3)])
        first = enum(self.admin, 'DATA', 0, resume=None, preferred_max=4)
        self.assertEqual((first.status, first.entries, first.resume), (ERROR_MORE_DATA, [0], None))
        self.assertEqual(enum(self.admin, 'DATA', 0, resume=None).resume, None)

    def test_ignore_page_size_returns_everything(self):
        self.use(connections=[conn(i) for i in range(30)], quirks={'ignorePageSize': True})
        page = enum(self.admin, 'DATA', 1, preferred_max=1)
        self.assertEqual((page.status, page.ids(), page.resume), (0, list(range(30)), 0))

    def test_empty_array_null_sends_a_null_buffer(self):
        self.use(shares=['EMPTY'], connections=[conn(1)], quirks={'emptyArray': 'null'})
        page = enum(self.admin, 'EMPTY', 1)
        self.assertEqual((page.status, page.entries, page.entries_read), (0, None, 0))
        self.assertEqual(enum(self.admin, 'DATA', 0, resume=1).entries, None)   # past the end
        self.assertEqual(enum(self.admin, 'DATA', 0).entries, [1])

    # Strings
    def test_non_bmp_null_empty_and_1023_character_strings_round_trip(self):
        long_share, long_computer, long_user = 'S' * 1023, 'C' * 1022 + 'é', '\U0001F600' * 511 + 'u'
        self.use(connections=[
            conn(1, share='Ünïcødé\U0001F4C1', computer='PC-\U00010400', user='\U0001F600 smile'),
            conn(2, share='ünïcødé\U0001F4C1', computer=None, user=None),
            conn(3, share='ÜNÏCØDÉ\U0001F4C1', computer='', user=''),
            conn(4, share=long_share, computer=long_computer, user=long_user)])
        page = enum(self.admin, 'ünïcødé\U0001F4C1', 1)
        self.assertEqual([e[5:] for e in page.entries],
                         [('\U0001F600 smile', 'PC-\U00010400'), (None, None), ('', '')])
        self.assertEqual(enum(self.admin, '\\\\pc-\U00010428', 1).entries[0][6], 'Ünïcødé\U0001F4C1')
        self.assertEqual(enum(self.admin, long_share.lower(), 1).entries,
                         [(4, 0, 1, 1, 60, long_user, long_computer)])

    def test_scenario_with_json_escapes_and_raw_utf8(self):
        with open(self.server.scenario_path, 'w', encoding='utf-8') as f:
            f.write('{"connections": [{"id": 1, "share": "D", '
                    '"user": "\\ud83d\\ude00", "computer": "\U0001F601"}]}')
        self.assertEqual(enum(self.admin, 'D', 1).entries[0][5:], ('\U0001F600', '\U0001F601'))

    def test_ten_thousand_entries(self):
        self.use(connections=[conn(i, user='user%05d' % i, computer='WS%05d' % i) for i in range(10_000)])
        started = time.monotonic()
        page = enum(self.admin, 'DATA', 1)
        elapsed = time.monotonic() - started
        self.assertEqual((page.status, page.total, len(page.entries)), (0, 10_000, 10_000))
        self.assertEqual(page.entries[9_999], (9_999, 0, 1, 1, 60, 'user09999', 'WS09999'))
        self.assertEqual(enum(self.admin, 'DATA', 0).ids(), list(range(10_000)))
        pages = all_pages(self.admin, 'DATA', 1, preferred_max=64 * 1024)
        self.assertEqual([i for p in pages for i in p.ids()], list(range(10_000)))
        print('\n  10,000 level-1 entries in one call, impacket decoding included: %.2f s' % elapsed,
              file=sys.stderr)

    # The scenario file
    def test_scenario_is_reread_on_every_call(self):
        self.use(connections=[conn(1)])
        self.assertEqual(enum(self.admin, 'DATA', 0).entries, [1])
        self.use(connections=[conn(2), conn(3)])
        self.assertEqual(enum(self.admin, 'DATA', 0).entries, [2, 3])

    def test_an_invalid_scenario_gives_a_fault_and_a_log_line(self):
        self.use(connections=[{'id': 1, 'shrae': 'DATA'}])
        with self.assertRaisesRegex(rpcrt.DCERPCException, 'nca_s_fault_unspec'):
            enum(self.admin, 'DATA', 0)
        self.assertIn('unknown connection field(s): shrae', self.server.log())
        self.use(connections=[conn(1)])
        self.assertEqual(enum(self.admin, 'DATA', 0).entries, [1])   # the pipe is still usable

    # Malformed and unknown calls
    def test_truncated_stub_gives_bad_stub_data_fault(self):
        self.admin.call(8, b'\0\0\0\0\x00\x00\x02\x00')
        with self.assertRaisesRegex(rpcrt.DCERPCException, 'rpc_x_bad_stub_data'):
            self.admin.recv()

    def test_unknown_opnum_gives_op_range_fault(self):
        self.admin.call(99, b'')
        with self.assertRaisesRegex(rpcrt.DCERPCException, 'nca_s_op_rng_error'):
            self.admin.recv()

    def test_speed(self):
        """Prints how fast the server answers, measured with raw PDUs (no client-side NDR)."""
        connection, tid, fid = self.raw_pipe()
        connection.writeFile(tid, fid, _bind_pdu(max_recv_frag=4280))
        connection.readFile(tid, fid, 0, 65536)
        request = _request_pdu(8, _level1_request_stub('DATA'), call_id=2)

        def milliseconds_per_call(entries, calls):
            self.use(connections=[conn(i) for i in range(entries)])
            started = time.perf_counter()
            for _ in range(calls):
                connection.writeFile(tid, fid, request)
                while not connection.readFile(tid, fid, 0, 65536)[3] & rpcrt.PFC_LAST_FRAG:
                    pass
            return (time.perf_counter() - started) / calls * 1000
        timings = [(n, milliseconds_per_call(n, calls)) for n, calls in ((4, 50), (150, 20), (10_000, 3))]
        self.use(connections=[conn(i) for i in range(4)])
        started = time.perf_counter()
        enum(self.pipe(), 'DATA', 1)
        fresh = (time.perf_counter() - started) * 1000
        print('\n  level-1 call on a bound pipe, SMB2 round trips included: %s; with impacket\'s '
              'client, logon+open+bind+call %.0f ms'
              % (', '.join('%d entries %.1f ms' % t for t in timings), fresh), file=sys.stderr)
        self.assertLess(timings[0][1], 100)


# ---------------------------------------------------------------------------------------------
# The four impacket defects, one test (or two) each
# ---------------------------------------------------------------------------------------------

class ImpacketDefectsTest(ServerTestCase):
    PORT = 14461

    def many(self, n=300):
        # 300 level-1 entries of 88 bytes (28 + 32 for the user + 28 for the computer): 26 KB of stub.
        self.server.write({'connections': [conn(i, user='user%04d' % i, computer='WS%04d' % i)
                                           for i in range(n)]})
        return [(i, 0, 1, 1, 60, 'user%04d' % i, 'WS%04d' % i) for i in range(n)]

    # 1. one pipe connection at a time
    def test_1_two_pipe_handles_on_one_smb_connection_interleaved(self):
        expected = self.many(5)
        first = self.pipe()
        second = self.pipe(smb_connection=first.get_rpc_transport().get_smb_connection())
        for _ in range(3):
            self.assertEqual(enum(first, 'DATA', 1).entries, expected)
            self.assertEqual(enum(second, 'DATA', 0).ids(), list(range(5)))
            self.assertEqual(enum(first, 'DATA', 0, resume=2).ids(), [2, 3, 4])

    def test_1_two_clients_interleaved_and_in_parallel(self):
        self.many(5)
        admin, user = self.pipe(ADMIN), self.pipe(USER)
        for _ in range(3):
            self.assertEqual(enum(admin, 'DATA', 0, preferred_max=8).ids(), [0, 1])
            self.assertEqual(enum(user, 'DATA', 0, resume=4).ids(), [4])
        # Two calls that each wait 400 ms take about 400 ms together, not 800.
        self.server.write({'connections': [conn(1)], 'quirks': {'delayMillis': 400}})
        results = []
        threads = [threading.Thread(target=lambda d=d: results.append(enum(d, 'DATA', 0).ids()))
                   for d in (admin, user)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(10)
        self.assertEqual(results, [[1], [1]])
        self.assertLess(time.monotonic() - started, 0.75)

    # 2. wrong fragmentation of large replies
    def test_2_large_reply_with_default_max_recv_frag(self):
        expected = self.many()
        dce = self.pipe()
        fragments = _record_reads(dce)
        self.assertEqual(enum(dce, 'DATA', 1).entries, expected)
        self.assertFragmentsWellFormed(fragments, 4280)

    def test_2_large_reply_with_small_max_recv_frag(self):
        expected = self.many()
        dce = _open_pipe_binding_with_max_recv_frag(self.PORT, 1500)
        self.addCleanup(_close_quietly, dce.get_rpc_transport().get_smb_connection())
        fragments = _record_reads(dce)
        self.assertEqual(enum(dce, 'DATA', 1).entries, expected)
        self.assertFragmentsWellFormed(fragments, 1500)

    def test_2_request_in_fragments_is_reassembled(self):
        self.server.write({'connections': [conn(1, share='S' * 1023)]})
        dce = self.pipe()
        dce.set_max_fragment_size(100)
        self.assertEqual(enum(dce, 's' * 1023, 0).entries, [1])

    def assertFragmentsWellFormed(self, fragments, max_recv_frag):
        self.assertGreater(len(fragments), 2)
        stub_length = sum(len(f) - 24 for f in fragments)
        sent = 0
        for i, fragment in enumerate(fragments):
            ptype, flags, frag_len, auth_len, call_id, alloc_hint = _response_header(fragment)
            self.assertEqual((ptype, auth_len), (rpcrt.MSRPC_RESPONSE, 0))
            self.assertEqual(frag_len, len(fragment), 'one PDU per read')
            self.assertLessEqual(frag_len, max_recv_frag)
            first, last = i == 0, i == len(fragments) - 1
            self.assertEqual(flags & 3,
                             (rpcrt.PFC_FIRST_FRAG if first else 0) | (rpcrt.PFC_LAST_FRAG if last else 0))
            self.assertEqual(alloc_hint, stub_length - sent)
            if not last:   # as full as the limit allows, the stub chunk kept 8-byte aligned
                self.assertEqual(frag_len, 24 + ((max_recv_frag - 24) & ~7))
            sent += frag_len - 24

    # 3. pipe reads merge or split PDUs
    def test_3_each_read_returns_exactly_one_pdu(self):
        expected_stub_min = len(self.many()) * 28
        smb_connection, tid, fid = self.raw_pipe()
        # Bind and call before reading anything: the back end has every reply queued.
        smb_connection.writeFile(tid, fid, _bind_pdu(max_recv_frag=4280))
        smb_connection.writeFile(tid, fid, _request_pdu(8, _level1_request_stub('DATA'), call_id=2))
        time.sleep(0.3)
        bind_ack = smb_connection.readFile(tid, fid, 0, 65536)
        self.assertEqual((bind_ack[2], _frag_len(bind_ack)), (rpcrt.MSRPC_BINDACK, len(bind_ack)))
        stub, flags = b'', 0
        while not flags & rpcrt.PFC_LAST_FRAG:
            pdu = smb_connection.readFile(tid, fid, 0, 65536)
            ptype, flags, frag_len, _, call_id, _ = _response_header(pdu)
            self.assertEqual((ptype, frag_len, call_id), (rpcrt.MSRPC_RESPONSE, len(pdu), 2))
            stub += pdu[24:]
        self.assertGreater(len(stub), expected_stub_min)
        self.assertEqual(struct.unpack_from('<I', stub, len(stub) - 4)[0], NERR_SUCCESS)

    def test_3_transceive_returns_one_pdu_as_jcifs_uses_it(self):
        expected_entries = len(self.many())
        smb_connection, tid, fid = self.raw_pipe()
        smb3 = smb_connection.getSMBServer()

        def transceive(pdu):
            return smb3.ioctl(tid, fid, FSCTL_PIPE_TRANSCEIVE, SMB2_0_IOCTL_IS_FSCTL, pdu,
                              maxOutputResponse=4280)
        bind_ack = transceive(_bind_pdu(max_recv_frag=4280))
        self.assertEqual((bind_ack[2], _frag_len(bind_ack)), (rpcrt.MSRPC_BINDACK, len(bind_ack)))
        first = transceive(_request_pdu(8, _level1_request_stub('DATA'), call_id=2))
        self.assertEqual(_response_header(first)[:3], (rpcrt.MSRPC_RESPONSE, rpcrt.PFC_FIRST_FRAG, 4280))
        stub, pdu = first[24:], first
        while not pdu[3] & rpcrt.PFC_LAST_FRAG:
            pdu = smb_connection.readFile(tid, fid, 0, 4280)
            self.assertEqual(_frag_len(pdu), len(pdu))
            stub += pdu[24:]
        self.assertEqual(struct.unpack_from('<I', stub, 12)[0], expected_entries)   # EntriesRead

    def test_3_a_short_read_gets_buffer_overflow_and_the_rest_follows(self):
        self.many(3)
        smb_connection, tid, fid = self.raw_pipe()
        smb_connection.writeFile(tid, fid, _bind_pdu(max_recv_frag=4280))
        with self.assertRaises(SessionError) as raised:
            smb_connection.readFile(tid, fid, 0, 16)
        self.assertEqual(raised.exception.getErrorCode(), STATUS_BUFFER_OVERFLOW)
        start = SMB2Read_Response(raised.exception.getErrorPacket()['Data'])['Buffer']
        self.assertEqual((len(start), start[2]), (16, rpcrt.MSRPC_BINDACK))
        rest = smb_connection.readFile(tid, fid, 0, 65536)
        self.assertEqual(16 + len(rest), _frag_len(start))
        # The next PDU starts cleanly.
        smb_connection.writeFile(tid, fid, _request_pdu(8, _level1_request_stub('DATA'), call_id=2))
        reply = smb_connection.readFile(tid, fid, 0, 65536)
        self.assertEqual(_response_header(reply)[:3], (rpcrt.MSRPC_RESPONSE, 3, len(reply)))

    # 4. malformed reply to a wrong password over SMB2
    def test_4_wrong_password_over_smb2_is_a_proper_logon_failure(self):
        connection = self.smb()
        self.assertEqual(connection.getDialect(), 0x0202)
        for name, password in (('netadmin', 'wrong'), ('nobody', 'Adm1n-Pass!')):
            with self.assertRaises(SessionError) as raised:
                connection.login(name, password)
            self.assertEqual(raised.exception.getErrorCode(), STATUS_LOGON_FAILURE)
            body = raised.exception.getErrorPacket()['Data']
            # SMB2 ERROR response: StructureSize 9, ErrorContextCount 0, ByteCount 0, one byte.
            self.assertEqual(struct.unpack_from('<HBBI', body), (9, 0, 0, 0))
            self.assertEqual(len(body), 9)
            with self.assertRaises(SessionError):
                connection.connectTree('IPC$')            # a failed logon authorizes nothing
        connection.login(*ADMIN)                          # and the right password still works
        connection.connectTree('IPC$')

    def test_4_wrong_password_over_smb1_is_a_logon_failure(self):
        connection = self.smb(preferredDialect=smb.SMB_DIALECT)
        with self.assertRaises(SessionError) as raised:
            connection.login('netuser', 'wrong')
        self.assertEqual(raised.exception.getErrorCode(), STATUS_LOGON_FAILURE)
        # SMB1's error shape: WordCount 0 and ByteCount 0, no session-setup body.
        self.assertEqual(raised.exception.getErrorPacket()['Data'], [b'\0\0\0'])
        with self.assertRaises(SessionError):
            connection.connectTree('IPC$')

    # 5. signing flags dropped from the NTLM challenge
    def test_5_the_challenge_echoes_the_signing_flags_the_client_asked_for(self):
        echoed = ntlm.NTLMSSP_NEGOTIATE_SIGN | ntlm.NTLMSSP_NEGOTIATE_SEAL | ntlm.NTLMSSP_NEGOTIATE_ALWAYS_SIGN
        for dialect in (None, smb.SMB_DIALECT):
            with self.subTest(dialect=dialect):
                connection = self.smb(**({'preferredDialect': dialect} if dialect else {}))
                type1s, challenges = [], []
                type1, type3 = ntlm.getNTLMSSPType1, ntlm.getNTLMSSPType3

                def signing_type1(workstation='', domain='', signingRequired=False, **kwargs):
                    # As smbj and jcifs ask: SIGN, ALWAYS_SIGN and KEY_EXCH (impacket adds SEAL).
                    type1s.append(type1(workstation, domain, True, **kwargs))
                    return type1s[-1]

                def capturing_type3(negotiate, challenge, *args, **kwargs):
                    challenges.append(ntlm.NTLMAuthChallenge(challenge))
                    return type3(negotiate, challenge, *args, **kwargs)
                with mock.patch.object(ntlm, 'getNTLMSSPType1', signing_type1), \
                        mock.patch.object(ntlm, 'getNTLMSSPType3', capturing_type3):
                    connection.login(*ADMIN)
                self.assertEqual(type1s[0]['flags'] & echoed, echoed)
                flags = challenges[0]['flags']
                self.assertEqual(flags & echoed, echoed, 'challenge flags %08x' % flags)
                self.assertTrue(flags & ntlm.NTLMSSP_NEGOTIATE_KEY_EXCH)
                connection.connectTree('IPC$')            # the logon, with its key exchange, works

    def test_the_pipe_also_works_over_smb1(self):
        expected = self.many()
        dce = self.pipe(USER, dialect=smb.SMB_DIALECT)
        self.assertEqual(enum(dce, 'DATA', 1).entries, expected)


def _record_reads(dce):
    """Records every read impacket's DCE/RPC layer makes from its SMB transport."""
    rpc = dce.get_rpc_transport()
    reads, read = [], rpc.recv

    def recording_recv(*args, **kwargs):
        data = read(*args, **kwargs)
        reads.append(data)
        return data
    rpc.recv = recording_recv
    return reads


def _open_pipe_binding_with_max_recv_frag(port, max_recv_frag):
    """impacket always binds with max_recv_frag 4280; rewrite that field of its bind PDU."""
    rpc = transport.DCERPCTransportFactory(r'ncacn_np:127.0.0.1[\pipe\srvsvc]')
    rpc.set_dport(port)
    rpc.set_credentials(*ADMIN)
    send = rpc.send

    def patching_send(data, *args, **kwargs):
        if data[2] == rpcrt.MSRPC_BIND:
            data = data[:18] + struct.pack('<H', max_recv_frag) + data[20:]
        return send(data, *args, **kwargs)
    rpc.send = patching_send
    dce = rpc.get_dce_rpc()
    dce.connect()
    dce.bind(srvs.MSRPC_UUID_SRVS)
    return dce


def _frag_len(pdu):
    return struct.unpack_from('<H', pdu, 8)[0]


def _response_header(pdu):
    """(type, flags, frag_len, auth_len, call_id, alloc_hint)"""
    _, _, ptype, flags, _, frag_len, auth_len, call_id, alloc_hint = struct.unpack_from('<BBBBIHHII', pdu)
    return ptype, flags, frag_len, auth_len, call_id, alloc_hint


def _bind_pdu(max_recv_frag, call_id=1):
    context = struct.pack('<HBx', 0, 1) + srvs.MSRPC_UUID_SRVS + \
        rpcrt.uuidtup_to_bin(('8a885d04-1ceb-11c9-9fe8-08002b104860', '2.0'))
    body = struct.pack('<HHIB3x', 4280, max_recv_frag, 0, 1) + context
    return struct.pack('<BBBBIHHI', 5, 0, rpcrt.MSRPC_BIND, 3, 0x10, 16 + len(body), 0, call_id) + body


def _request_pdu(opnum, stub, call_id):
    header = struct.pack('<BBBBIHHIIHH', 5, 0, rpcrt.MSRPC_REQUEST, 3, 0x10, 24 + len(stub), 0, call_id,
                         len(stub), 0, opnum)
    return header + stub


def _level1_request_stub(qualifier):
    request = srvs.NetrConnectionEnum()
    request['ServerName'] = NULL
    request['Qualifier'] = qualifier + '\0'
    request['InfoStruct']['Level'] = 1
    request['InfoStruct']['ConnectInfo']['tag'] = 1
    request['PreferedMaximumLength'] = MAX
    request['ResumeHandle'] = 0
    return request.getData()


# ---------------------------------------------------------------------------------------------
# quirks.bind: a refused DCE/RPC bind
# ---------------------------------------------------------------------------------------------

NDR20 = rpcrt.uuidtup_to_bin(('8a885d04-1ceb-11c9-9fe8-08002b104860', '2.0'))
SECONDARY_ADDRESS = b'\\PIPE\\srvsvc\0'
NCA_S_PROTO_ERROR = 0x1C01000B


class BindQuirkTest(ServerTestCase):
    PORT = 14463

    def unbound(self):
        """A connected, unbound DCE/RPC handle on srvsvc, and lists of every PDU it sends and reads."""
        rpc = transport.DCERPCTransportFactory(r'ncacn_np:127.0.0.1[\pipe\srvsvc]')
        rpc.set_dport(self.PORT)
        rpc.set_credentials(*ADMIN)
        dce = rpc.get_dce_rpc()
        dce.connect()
        self.addCleanup(_close_quietly, rpc.get_smb_connection())
        sent, send = [], rpc.send

        def recording_send(data, *args, **kwargs):
            sent.append(data)
            return send(data, *args, **kwargs)
        rpc.send = recording_send
        return dce, sent, _record_reads(dce)

    def refused_bind(self, quirk, message):
        """Binds under quirks.bind = quirk; checks impacket's exact complaint; returns the reply."""
        self.use(connections=[conn(1)], quirks={'bind': quirk})
        dce, sent, reads = self.unbound()
        with self.assertRaises(rpcrt.DCERPCException) as raised:
            dce.bind(srvs.MSRPC_UUID_SRVS)
        self.assertEqual(str(raised.exception), message)
        self.assertEqual(len(reads), 1)
        bind, reply = sent[-1], reads[0]
        self.assertEqual(bind[2], rpcrt.MSRPC_BIND)
        # Common header: version 5.0, first+last fragment, little-endian, the bind's call id.
        version, minor, _, flags, drep, frag_len, auth_len, call_id = struct.unpack_from('<BBBBIHHI', reply)
        self.assertEqual((version, minor, flags, drep, frag_len, auth_len, call_id),
                         (5, 0, 3, 0x10, len(reply), 0, _call_id(bind)))
        return dce, sent, reads, reply

    def assertRejectingBindAck(self, reply, reason):
        self.assertEqual(reply[2], rpcrt.MSRPC_BINDACK)
        self.assertEqual(len(reply), 68)
        max_xmit, max_recv, assoc_group, sec_len = struct.unpack_from('<HHIH', reply, 16)
        self.assertEqual((max_xmit, max_recv, assoc_group, sec_len), (4280, 4280, 0x53F0, 13))
        self.assertEqual(reply[26:39], SECONDARY_ADDRESS)
        self.assertEqual(reply[39:40], b'\0')                                # pad to 4
        self.assertEqual(struct.unpack_from('<B3s', reply, 40), (1, b'\0\0\0'))   # n_results, reserved
        self.assertEqual(struct.unpack_from('<HH', reply, 44), (2, reason))  # provider_rejection, reason
        self.assertEqual(reply[48:68], b'\0' * 20)                          # transfer syntax zeroed

    def assertCallFaults(self, dce, sent, reads):
        """A client that ignores the refusal and calls anyway gets nca_s_proto_error, not an answer."""
        # By hand: after a refused bind impacket's dce.call sends nothing (no max_xmit_frag agreed).
        dce.get_rpc_transport().send(_request_pdu(8, _level1_request_stub('DATA'), call_id=7))
        with self.assertRaisesRegex(rpcrt.DCERPCException, r'^nca_s_proto_error$'):
            dce.recv()
        fault = reads[-1]
        self.assertEqual(struct.unpack_from('<BBBBIHHI', fault),
                         (5, 0, rpcrt.MSRPC_FAULT, 0x23, 0x10, 32, 0, 7))   # first+last+did_not_execute
        self.assertEqual(struct.unpack_from('<IHBBI', fault, 16), (0, 0, 0, 0, NCA_S_PROTO_ERROR))

    def test_nak_is_a_bind_nak_with_local_limit_exceeded_and_no_versions(self):
        # impacket reads bind_nak reasons with the context-result table: reason 2 is C706's
        # local_limit_exceeded, but impacket names it proposed_transfer_syntaxes_not_supported.
        dce, sent, reads, reply = self.refused_bind(
            'nak', 'Bind context rejected: proposed_transfer_syntaxes_not_supported')
        self.assertEqual(reply[2], rpcrt.MSRPC_BINDNAK)
        self.assertEqual(len(reply), 20)
        self.assertEqual(reply[16:], b'\x02\x00'   # provider_reject_reason 2: local_limit_exceeded
                                     b'\x00'       # n_protocols 0
                                     b'\x00')      # pad
        self.assertCallFaults(dce, sent, reads)

    def test_abstract_syntax_is_a_bind_ack_rejecting_the_context_with_reason_1(self):
        dce, sent, reads, reply = self.refused_bind(
            'abstractSyntax', 'Bind context 1 rejected: provider_rejection; abstract_syntax_not_supported '
                              "(this usually means the interface isn't listening on the given endpoint)")
        self.assertRejectingBindAck(reply, 1)
        self.assertCallFaults(dce, sent, reads)

    def test_transfer_syntax_is_a_bind_ack_rejecting_the_context_with_reason_2(self):
        dce, sent, reads, reply = self.refused_bind(
            'transferSyntax', 'Bind context 1 rejected: provider_rejection; proposed_transfer_syntaxes_not_supported')
        self.assertRejectingBindAck(reply, 2)
        self.assertCallFaults(dce, sent, reads)

    def test_accept_is_a_bind_ack_accepting_ndr(self):
        for quirks in ({'bind': 'accept'}, {}):
            self.use(connections=[conn(1)], quirks=quirks)
            dce, sent, reads = self.unbound()
            dce.bind(srvs.MSRPC_UUID_SRVS)
            reply = reads[0]
            self.assertEqual((reply[2], len(reply), _call_id(reply)), (rpcrt.MSRPC_BINDACK, 68, _call_id(sent[-1])))
            self.assertEqual(reply[26:39], SECONDARY_ADDRESS)
            self.assertEqual(struct.unpack_from('<BxxxHH', reply, 40), (1, 0, 0))  # acceptance
            self.assertEqual(reply[48:68], NDR20)
            self.assertEqual(enum(dce, 'DATA', 0).entries, [1])

    def test_every_bind_reads_the_scenario_and_bound_pipes_keep_working(self):
        self.use(connections=[conn(1)])
        bound = self.pipe()
        self.use(connections=[conn(1)], quirks={'bind': 'nak'})
        for _ in range(2):   # every bind, not the first one only
            with self.assertRaisesRegex(rpcrt.DCERPCException, 'Bind context rejected'):
                self.unbound()[0].bind(srvs.MSRPC_UUID_SRVS)
        self.assertEqual(enum(bound, 'DATA', 0).entries, [1])   # only binds are refused
        # The same handle binds again once the scenario allows it, and its calls are answered.
        dce, sent, reads = self.unbound()
        with self.assertRaises(rpcrt.DCERPCException):
            dce.bind(srvs.MSRPC_UUID_SRVS)
        self.use(connections=[conn(2)])
        dce.bind(srvs.MSRPC_UUID_SRVS)
        self.assertEqual(enum(dce, 'DATA', 0).entries, [2])
        # And is refused again, after which even its calls fault.
        self.use(connections=[conn(2)], quirks={'bind': 'transferSyntax'})
        with self.assertRaises(rpcrt.DCERPCException):
            dce.bind(srvs.MSRPC_UUID_SRVS)
        self.assertCallFaults(dce, sent, reads)

    def test_alter_context_after_a_refused_bind_faults(self):
        self.use(quirks={'bind': 'abstractSyntax'})
        connection, tid, fid = self.raw_pipe()
        connection.writeFile(tid, fid, _bind_pdu(max_recv_frag=4280, call_id=1))
        self.assertEqual(connection.readFile(tid, fid, 0, 65536)[2], rpcrt.MSRPC_BINDACK)
        alter = bytearray(_bind_pdu(max_recv_frag=4280, call_id=2))
        alter[2] = rpcrt.MSRPC_ALTERCTX
        connection.writeFile(tid, fid, bytes(alter))
        fault = connection.readFile(tid, fid, 0, 65536)
        self.assertEqual((fault[2], fault[3], _frag_len(fault), _call_id(fault)), (rpcrt.MSRPC_FAULT, 0x23, 32, 2))
        self.assertEqual(struct.unpack_from('<I', fault, 24)[0], NCA_S_PROTO_ERROR)

    def test_an_invalid_bind_value_is_accepted_at_bind_and_faults_the_call(self):
        self.use(connections=[conn(1)], quirks={'bind': 'refuse'})
        dce = self.pipe()
        with self.assertRaisesRegex(rpcrt.DCERPCException, 'nca_s_fault_unspec'):
            enum(dce, 'DATA', 0)
        self.assertIn('quirks.bind must be one of "accept", "nak", "abstractSyntax", "transferSyntax"',
                      self.server.log())


def _call_id(pdu):
    return struct.unpack_from('<I', pdu, 12)[0]


# ---------------------------------------------------------------------------------------------
# Command line and process life
# ---------------------------------------------------------------------------------------------

class LifecycleTest(ServerTestCase):
    """Starts a server per test, not per class."""
    PORT = 14462

    @classmethod
    def setUpClass(cls):
        pass

    def start(self, users=None):
        self.server = ScriptedServer(self.PORT, users)
        self.addCleanup(self.server.stop)

    def test_users_from_the_command_line_replace_the_defaults(self):
        self.start(users=[('Zoë', 'pässwörd:with colon')])
        self.use(connections=[conn(1)], deniedUsers=['zoë'])
        self.assertEqual(self.server.ready_line, 'READY port=%d' % self.PORT)
        dce = self.pipe(('Zoë', 'pässwörd:with colon'))
        self.assertEqual(enum(dce, 'DATA', 0).status, ERROR_ACCESS_DENIED)   # the session's user
        with self.assertRaises(SessionError):
            self.smb().login(*ADMIN)

    def test_sigterm_ends_the_server_promptly_even_while_a_call_waits(self):
        self.start()
        self.use(connections=[conn(1)], quirks={'delayMillis': 60_000})
        dce = self.pipe()
        waiting = threading.Thread(target=_swallowing(enum), args=(dce, 'DATA', 0), daemon=True)
        waiting.start()
        time.sleep(0.3)
        started = time.monotonic()
        self.server.process.send_signal(signal.SIGTERM)
        self.assertEqual(self.server.process.wait(5), 0)
        self.assertLess(time.monotonic() - started, 1.0)
        waiting.join(5)
        self.assertFalse(_port_in_use(self.PORT))


def _swallowing(function):
    def call(*args):
        try:
            function(*args)
        except Exception:
            pass               # the server went away mid-call, as intended
    return call


if __name__ == '__main__':
    unittest.main()
