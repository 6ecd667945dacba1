"""SCENARIO.md's rules 10-18 (NetrSessionEnum, opnum 12, and NetrFileEnum, opnum 9) against
srvsvc_server.py through impacket's client (see servertest.py), and the requests' decoding.

    /usr/bin/python3 -m unittest discover -s testkit/servers/scripted -p test_sessions_files.py -v
"""

import struct
import time
import unittest

from impacket.dcerpc.v5 import srvs
from impacket.dcerpc.v5.dtypes import NULL

from servertest import (ERROR_ACCESS_DENIED, ERROR_INVALID_LEVEL, ERROR_INVALID_PARAMETER, ERROR_MORE_DATA, MAX,
                        NERR_BUF_TOO_SMALL, NERR_CLIENT_NAME_NOT_FOUND, NERR_SUCCESS, NERR_USER_NOT_FOUND,
                        OPNUM_FILE_ENUM, OPNUM_SESSION_ENUM, TwoPipesTestCase, all_info_pages,
                        enum_raw_level_unfiltered, files, open_file, sess, sessions)
from srvsvc.ndr import BadStubData, decode_file_request, decode_session_request

SMILE = '\U0001F600'


class SessionsAndFilesTest(TwoPipesTestCase):
    PORT = 14464

    # ------------------------------------------------------------------ the replies' encoding

    def test_every_session_level_carries_its_fields_in_order(self):
        self.use(sessions=[sess('WS01', 'alice', 2, 60, 5, 0, 'Windows 10', '\\Device\\NetbiosSmb'),
                           sess(None, None, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, None, None),
                           sess('\u00e9t\u00e9 ' + SMILE, '\u4e2d\u6587', 1, 2, 3, 1, '', SMILE)])
        expected = {
            0: [('WS01',), (None,), ('\u00e9t\u00e9 ' + SMILE,)],
            1: [('WS01', 'alice', 2, 60, 5, 0), (None, None, MAX, MAX, MAX, MAX),
                ('\u00e9t\u00e9 ' + SMILE, '\u4e2d\u6587', 1, 2, 3, 1)],
            2: [('WS01', 'alice', 2, 60, 5, 0, 'Windows 10'), (None, None, MAX, MAX, MAX, MAX, None),
                ('\u00e9t\u00e9 ' + SMILE, '\u4e2d\u6587', 1, 2, 3, 1, '')],
            10: [('WS01', 'alice', 60, 5), (None, None, MAX, MAX), ('\u00e9t\u00e9 ' + SMILE, '\u4e2d\u6587', 2, 3)],
            502: [('WS01', 'alice', 2, 60, 5, 0, 'Windows 10', '\\Device\\NetbiosSmb'),
                  (None, None, MAX, MAX, MAX, MAX, None, None),
                  ('\u00e9t\u00e9 ' + SMILE, '\u4e2d\u6587', 1, 2, 3, 1, '', SMILE)],
        }
        for level, entries in expected.items():
            page = sessions(self.admin, None, None, level)
            self.assertEqual((page.status, page.level, page.entries, page.entries_read, page.total, page.resume),
                             (NERR_SUCCESS, level, entries, 3, 3, 0), 'level %d' % level)

    def test_both_file_levels_carry_their_fields_in_order(self):
        self.use(files=[open_file(7, 'C:\\data\\a.txt', 'alice', 3, 1),
                        open_file(MAX, None, None, MAX, MAX),
                        open_file(0, 'C:\\' + SMILE, '\u4e2d\u6587', 4, 0)])
        page = files(self.admin, None, None, 2)
        self.assertEqual((page.status, page.entries, page.entries_read, page.total), (0, [(7,), (MAX,), (0,)], 3, 3))
        page = files(self.admin, None, None, 3)
        self.assertEqual(page.entries, [(7, 3, 1, 'C:\\data\\a.txt', 'alice'), (MAX, MAX, MAX, None, None),
                                        (0, 4, 0, 'C:\\' + SMILE, '\u4e2d\u6587')])

    def test_no_entries_as_an_empty_array_or_a_null_pointer(self):
        self.use()
        for page in (sessions(self.admin, None, None, 10), files(self.admin, None, None, 3)):
            self.assertEqual((page.status, page.entries, page.entries_read, page.total), (0, [], 0, 0))
        self.use(quirks={'emptyArray': 'null'})
        for page in (sessions(self.admin, None, None, 1), files(self.admin, 'C:\\', 'nobody', 2)):
            self.assertEqual((page.status, page.entries, page.entries_read, page.total), (0, None, 0, 0))

    # ------------------------------------------------------------------ NetrSessionEnum

    def test_rule_10_levels(self):
        self.use(sessions=[sess()])
        for level in (3, 11, 501):
            self.assertEqual(enum_raw_level_unfiltered(self.admin, OPNUM_SESSION_ENUM, level),
                             (level, level, 0, 5, ERROR_INVALID_LEVEL))

    def test_rule_11_a_client_name_without_two_backslashes_is_87(self):
        self.use(sessions=[sess()], status=NERR_BUF_TOO_SMALL)   # rule 11 comes before rule 4 (rule 12)
        self.assertFailed(sessions(self.admin, 'WS01', None, 10), ERROR_INVALID_PARAMETER)
        self.assertFailed(sessions(self.admin, '\\WS01', None, 0, resume=None), ERROR_INVALID_PARAMETER, resume=None)
        self.assertFailed(sessions(self.admin, '\\\\WS01', None, 0), NERR_BUF_TOO_SMALL)
        self.use(sessions=[sess(), sess('WS02', 'bob')])
        # Empty strings are NULL (zero-length) strings: no filter, as impacket's own example sends them.
        self.assertEqual(len(sessions(self.admin, '', '', 0).entries), 2)

    def test_rule_12_denied_callers_status_and_no_progress(self):
        self.use(sessions=[sess()], deniedUsers=['NETUSER'])
        self.assertFailed(sessions(self.user, 'not a client name', None, 1, resume=3), ERROR_ACCESS_DENIED, resume=3)
        self.assertEqual(enum_raw_level_unfiltered(self.user, OPNUM_SESSION_ENUM, 3)[4], ERROR_ACCESS_DENIED)
        self.use(sessions=[sess()], quirks={'noProgress': True})
        page = sessions(self.admin, '\\\\nosuch', None, 1, resume=0, preferred_max=1)
        self.assertEqual((page.status, page.entries, page.total, page.resume), (ERROR_MORE_DATA, [], 0, 1))

    def test_rule_13_client_then_user_ignoring_case(self):
        self.use(sessions=[sess('WS01', 'alice'), sess('ws02', 'Bob'), sess('Ws02', 'ALICE'), sess(None, None)])
        self.assertEqual([e[:2] for e in sessions(self.admin, '\\\\WS02', None, 10).entries],
                         [('ws02', 'Bob'), ('Ws02', 'ALICE')])
        self.assertEqual([e[:2] for e in sessions(self.admin, None, 'Alice', 10).entries],
                         [('WS01', 'alice'), ('Ws02', 'ALICE')])
        self.assertEqual([e[:2] for e in sessions(self.admin, '\\\\ws02', 'alice', 10).entries], [('Ws02', 'ALICE')])
        self.assertFailed(sessions(self.admin, '\\\\WS03', None, 1, resume=2), NERR_CLIENT_NAME_NOT_FOUND, resume=2)
        self.assertFailed(sessions(self.admin, '\\\\', None, 0), NERR_CLIENT_NAME_NOT_FOUND)
        self.assertFailed(sessions(self.admin, '\\\\WS03', 'nobody', 0), NERR_CLIENT_NAME_NOT_FOUND)
        self.assertFailed(sessions(self.admin, None, 'carol', 502), NERR_USER_NOT_FOUND)
        self.assertFailed(sessions(self.admin, '\\\\WS01', 'bob', 2, resume=None), NERR_USER_NOT_FOUND, resume=None)

    def test_rule_14_pages_follow_each_levels_cost(self):
        # Level 10: 16 + (4 + 1) * 2 for 'WS00' + (3 + 1) * 2 for 'u00' = 34 bytes: two fit in 70.
        self.use(sessions=[sess('WS%02d' % i, 'u%02d' % i) for i in range(7)])
        pages = all_info_pages(lambda resume, size: sessions(self.admin, None, None, 10, resume, size), 70)
        self.assertEqual([len(p.entries) for p in pages], [2, 2, 2, 1])
        self.assertEqual([p.resume for p in pages], [2, 4, 6, 0])
        self.assertEqual([p.total for p in pages], [7, 5, 3, 1])
        self.assertEqual([e[0] for p in pages for e in p.entries], ['WS%02d' % i for i in range(7)])
        # Level 502: 32 + 10 + 8, 'Windows 10' (22 bytes) and the transport (38): 110 each.
        pages = all_info_pages(lambda resume, size: sessions(self.admin, None, None, 502, resume, size), 220)
        self.assertEqual([len(p.entries) for p in pages], [2, 2, 2, 1])
        pages = all_info_pages(lambda resume, size: sessions(self.admin, None, None, 502, resume, size), 219)
        self.assertEqual([len(p.entries) for p in pages], [1] * 7)

    # ------------------------------------------------------------------ NetrFileEnum

    def test_rule_15_levels(self):
        self.use(files=[open_file(1)])
        for level in (0, 1, 4, 502):
            self.assertEqual(enum_raw_level_unfiltered(self.admin, OPNUM_FILE_ENUM, level),
                             (level, level, 0, 5, ERROR_INVALID_LEVEL))

    def test_rule_16_denied_callers_and_status(self):
        self.use(files=[open_file(1)], deniedUsers=['netuser'], status=NERR_BUF_TOO_SMALL)
        self.assertFailed(files(self.user, None, None, 3, resume=6), ERROR_ACCESS_DENIED, resume=6)
        self.assertFailed(files(self.admin, 'no such path', 'nobody', 2), NERR_BUF_TOO_SMALL)

    def test_rule_17_base_path_prefix_and_user_no_match_is_success(self):
        self.use(files=[open_file(1, 'C:\\data\\report.txt', 'alice'), open_file(2, 'C:\\Data\\notes.txt', 'bob'),
                        open_file(3, 'D:\\other', 'ALICE'), open_file(4, None, None)])
        self.assertEqual(files(self.admin, 'c:\\DATA', None, 2).entries, [(1,), (2,)])
        self.assertEqual(files(self.admin, 'C:\\data\\report.txt', None, 2).entries, [(1,)])
        self.assertEqual(files(self.admin, None, 'Alice', 2).entries, [(1,), (3,)])
        self.assertEqual(files(self.admin, 'd:', 'alice', 3).entries, [(3, 3, 0, 'D:\\other', 'ALICE')])
        for base_path, user in (('E:\\', None), (None, 'carol'), ('C:\\data\\report.txt.bak', None)):
            page = files(self.admin, base_path, user, 3)
            self.assertEqual((page.status, page.entries, page.total, page.resume), (NERR_SUCCESS, [], 0, 0))

    def test_rule_18_pages_follow_each_levels_cost(self):
        # Level 3: 20, open_file's default path and its NUL in UTF-16, 12 for 'alice'.
        self.use(files=[open_file(i) for i in range(5)])
        cost = 20 + 2 * (len('C:\\data\\a.txt') + 1) + 12
        pages = all_info_pages(lambda resume, size: files(self.admin, None, None, 3, resume, size), 2 * cost)
        self.assertEqual([[e[0] for e in p.entries] for p in pages], [[0, 1], [2, 3], [4]])
        pages = all_info_pages(lambda resume, size: files(self.admin, None, None, 2, resume, size), 12)
        self.assertEqual([[e[0] for e in p.entries] for p in pages], [[0, 1, 2], [3, 4]])

    # ------------------------------------------------------------------ Samba's way (quirks.sambaSessionsFiles)

    SAMBA_SESSIONS = [sess('WS01', 'alice'), sess('ws02', 'Bob'), sess('Ws02', 'ALICE'), sess(None, None)]

    def test_samba_serves_sessions_at_levels_0_and_1_after_judging_the_caller(self):
        self.use(sessions=self.SAMBA_SESSIONS, deniedUsers=['NETUSER'], quirks={'sambaSessionsFiles': True})
        self.assertEqual(len(sessions(self.admin, None, None, 0).entries), 4)
        self.assertEqual(len(sessions(self.admin, None, None, 1).entries), 4)
        for level in (2, 10, 502):        # levels the union has an arm for: sent back with a NULL array
            self.assertFailed(sessions(self.admin, None, None, level, resume=4), ERROR_INVALID_LEVEL, resume=4)
            self.assertFailed(sessions(self.user, None, None, level, resume=4), ERROR_ACCESS_DENIED, resume=4)
        self.assertEqual(enum_raw_level_unfiltered(self.admin, OPNUM_SESSION_ENUM, 3)[4], ERROR_INVALID_LEVEL)
        self.assertEqual(enum_raw_level_unfiltered(self.user, OPNUM_SESSION_ENUM, 3)[4], ERROR_ACCESS_DENIED)

    def test_samba_ignores_both_session_filters_and_the_page_size(self):
        self.use(sessions=self.SAMBA_SESSIONS, quirks={'sambaSessionsFiles': True})
        every = [('WS01', 'alice'), ('ws02', 'Bob'), ('Ws02', 'ALICE'), (None, None)]
        for client, user in (('\\\\WS09', None), ('WS01', None), (None, 'carol'), ('\\\\WS01', 'bob'),
                             ('\\\\', 'nobody')):
            for preferred_max in (MAX, 1):
                page = sessions(self.admin, client, user, 1, preferred_max=preferred_max)
                self.assertEqual((page.status, [e[:2] for e in page.entries], page.total, page.resume),
                                 (NERR_SUCCESS, every, 4, 4), (client, user, preferred_max))

    def test_samba_takes_the_session_resume_handle_as_an_index(self):
        # resumeAtEnd and ignorePageSize play no part: the handle back is the count, or 0 past the end.
        self.use(sessions=self.SAMBA_SESSIONS, quirks={'sambaSessionsFiles': True, 'resumeAtEnd': 'zero'})
        page = sessions(self.admin, None, None, 0, resume=1, preferred_max=1)
        self.assertEqual((page.status, page.entries, page.total, page.resume),
                         (NERR_SUCCESS, [('ws02',), ('Ws02',), (None,)], 4, 4))
        page = sessions(self.admin, None, None, 1, resume=None)
        self.assertEqual((page.status, len(page.entries), page.total, page.resume), (NERR_SUCCESS, 4, 4, None))
        for past in (4, 9):
            page = sessions(self.admin, None, None, 1, resume=past)
            self.assertEqual((page.status, page.entries, page.total, page.resume), (NERR_SUCCESS, [], 4, 0))
        self.use(sessions=self.SAMBA_SESSIONS, quirks={'sambaSessionsFiles': True, 'emptyArray': 'null'})
        page = sessions(self.admin, None, None, 0, resume=4)
        self.assertEqual((page.status, page.entries, page.total, page.resume), (NERR_SUCCESS, None, 4, 0))

    def test_samba_serves_files_at_level_3_judged_before_the_caller(self):
        self.use(files=[open_file(1)], deniedUsers=['netuser'], quirks={'sambaSessionsFiles': True})
        self.assertEqual(files(self.admin, None, None, 3).entries, [(1, 3, 0, 'C:\\data\\a.txt', 'alice')])
        self.assertFailed(files(self.admin, None, None, 2, resume=6), ERROR_INVALID_LEVEL, resume=6)
        self.assertFailed(files(self.user, None, None, 2, resume=6), ERROR_INVALID_LEVEL, resume=6)
        self.assertFailed(files(self.user, None, None, 3, resume=6), ERROR_ACCESS_DENIED, resume=6)
        self.assertEqual(enum_raw_level_unfiltered(self.user, OPNUM_FILE_ENUM, 1)[4], ERROR_INVALID_LEVEL)

    def test_samba_honours_the_user_and_ignores_the_base_path_page_size_and_resume_handle(self):
        self.use(files=[open_file(1, 'C:\\data\\report.txt', 'alice'), open_file(2, 'C:\\Data\\notes.txt', 'bob'),
                        open_file(3, 'D:\\other', 'ALICE'), open_file(4, None, None)],
                 quirks={'sambaSessionsFiles': True})
        for resume in (0, 2, 1000, None):          # the handle comes back exactly as it was sent
            page = files(self.admin, 'Z:\\nowhere', None, 3, resume=resume, preferred_max=1)
            self.assertEqual((page.status, [e[0] for e in page.entries], page.total, page.resume),
                             (NERR_SUCCESS, [1, 2, 3, 4], 4, resume))
        page = files(self.admin, 'C:\\data', 'Alice', 3, resume=2, preferred_max=1)
        self.assertEqual((page.status, [e[0] for e in page.entries], page.total, page.resume),
                         (NERR_SUCCESS, [1, 3], 2, 2))
        page = files(self.admin, None, 'carol', 3)
        self.assertEqual((page.status, page.entries, page.total, page.resume), (NERR_SUCCESS, [], 0, 0))

    # ------------------------------------------------------------------ the quirks shared with connections

    def test_hostile_endless_pages_answer_every_call_with_a_fresh_handle(self):
        self.use(sessions=[sess(), sess('WS02')], files=[open_file(9)], quirks={'hostile': 'endlessPages'})
        for resume in (0, 1, 7):
            page = sessions(self.admin, None, None, 0, resume=resume)
            self.assertEqual((page.status, page.entries, page.resume), (ERROR_MORE_DATA, [('WS01',), ('WS02',)],
                                                                        resume + 1))
            page = files(self.admin, None, None, 2, resume=resume)
            self.assertEqual((page.status, page.entries, page.resume), (ERROR_MORE_DATA, [(9,)], resume + 1))
        self.use(sessions=[sess()], quirks={'hostile': 'freshHandles'})
        page = sessions(self.admin, '\\\\WS01', 'alice', 1, resume=4)
        self.assertEqual((page.status, page.entries, page.resume), (ERROR_MORE_DATA, [], 5))

    def test_delay_and_resume_at_end(self):
        self.use(sessions=[sess(), sess()], files=[open_file(1)],
                 quirks={'delayMillis': 300, 'resumeAtEnd': 'count'})
        started = time.monotonic()
        self.assertEqual(sessions(self.admin, None, None, 0).resume, 2)
        self.assertEqual(files(self.admin, None, None, 2).resume, 1)
        self.assertGreaterEqual(time.monotonic() - started, 0.6)


class RequestDecodingTest(unittest.TestCase):
    """The requests as impacket encodes them, also with a buffer of entries, which a client may send."""

    def test_session_request_with_entries_in_the_buffer(self):
        request = srvs.NetrSessionEnum()
        request['ServerName'] = 'SERVER\0'
        request['ClientName'] = '\\\\WS01\0'
        request['UserName'] = NULL
        request['InfoStruct']['Level'] = 502
        request['InfoStruct']['SessionInfo']['tag'] = 502
        entry = srvs.SESSION_INFO_502()
        for field in ('sesi502_cname', 'sesi502_cltype_name'):
            entry[field] = 'x' + SMILE + '\0'
        for field in ('sesi502_username', 'sesi502_transport'):
            entry[field] = NULL
        container = request['InfoStruct']['SessionInfo']['Level502']
        container['EntriesRead'] = 2
        container['Buffer'].append(entry)
        container['Buffer'].append(entry)
        request['PreferedMaximumLength'] = 1000
        request['ResumeHandle'] = 7
        decoded = decode_session_request(request.getData())
        self.assertEqual((decoded.client, decoded.user, decoded.level, decoded.preferred_max, decoded.resume),
                         ('\\\\WS01', None, 502, 1000, 7))

    def test_file_request_with_entries_in_the_buffer(self):
        request = srvs.NetrFileEnum()
        request['ServerName'] = NULL
        request['BasePath'] = 'C:\\data\0'
        request['UserName'] = 'alice\0'
        request['InfoStruct']['Level'] = 3
        request['InfoStruct']['FileInfo']['tag'] = 3
        entry = srvs.FILE_INFO_3()
        entry['fi3_path_name'] = 'C:\\a\0'
        entry['fi3_username'] = NULL
        request['InfoStruct']['FileInfo']['Level3']['EntriesRead'] = 1
        request['InfoStruct']['FileInfo']['Level3']['Buffer'].append(entry)
        request['PreferedMaximumLength'] = MAX
        request['ResumeHandle'] = NULL
        decoded = decode_file_request(request.getData())
        self.assertEqual((decoded.base_path, decoded.user, decoded.level, decoded.preferred_max, decoded.resume),
                         ('C:\\data', 'alice', 3, MAX, None))

    def test_malformed_requests_are_bad_stub_data(self):
        request = srvs.NetrFileEnum()
        request['ServerName'] = NULL
        request['BasePath'] = NULL
        request['UserName'] = NULL
        request['InfoStruct']['Level'] = 2
        request['InfoStruct']['FileInfo']['tag'] = 2
        request['PreferedMaximumLength'] = MAX
        request['ResumeHandle'] = 0
        stub = request.getData()
        self.assertEqual(decode_file_request(stub).level, 2)
        with self.assertRaisesRegex(BadStubData, 'after the last parameter'):
            decode_file_request(stub + b'\0\0\0\0')
        with self.assertRaisesRegex(BadStubData, 'early'):
            decode_file_request(stub[:-4])
        with self.assertRaisesRegex(BadStubData, 'discriminant'):
            decode_session_request(stub[:12] + b'\3\0\0\0' + stub[16:])
        # A conformance no stub of this length could hold.
        huge = stub[:20] + struct.pack('<4I', 0x20000, 1, 0x20004, 0x0FFFFFFF)
        with self.assertRaisesRegex(BadStubData, 'cannot fit'):
            decode_file_request(huge)


if __name__ == '__main__':
    unittest.main()
