"""SCENARIO.md, rule by rule, against srvsvc_server.py through impacket's client (see
servertest.py); plus the scenario file's handling and malformed calls.

    /usr/bin/python3 -m unittest discover -s testkit/servers/scripted -v
"""

import sys
import time
import unittest

from impacket.dcerpc.v5 import rpcrt, transport
from impacket.dcerpc.v5.dtypes import NULL

from servertest import (ADMIN, ERROR_ACCESS_DENIED, ERROR_INVALID_LEVEL, ERROR_INVALID_PARAMETER,
                        ERROR_MORE_DATA, NERR_BUF_TOO_SMALL, NERR_CLIENT_NAME_NOT_FOUND,
                        NERR_NET_NAME_NOT_FOUND, NERR_SUCCESS, USER, TwoPipesTestCase, all_pages,
                        bind_pdu, conn, enum, enum_raw_level, level1_request_stub, request_pdu)


class ScenarioRulesTest(TwoPipesTestCase):
    PORT = 14460

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
        connection.writeFile(tid, fid, bind_pdu(max_recv_frag=4280))
        connection.readFile(tid, fid, 0, 65536)
        request = request_pdu(8, level1_request_stub('DATA'), call_id=2)

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


if __name__ == '__main__':
    unittest.main()
