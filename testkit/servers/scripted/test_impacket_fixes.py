"""The five impacket defects srvsvc/impacket_fixes.py fixes, one test (or two) each, through
impacket's client and raw PDUs (see servertest.py).

    /usr/bin/python3 -m unittest discover -s testkit/servers/scripted -v
"""

import struct
import threading
import time
import unittest
from unittest import mock

from impacket import ntlm, smb
from impacket.dcerpc.v5 import rpcrt, srvs, transport
from impacket.nt_errors import STATUS_BUFFER_OVERFLOW, STATUS_LOGON_FAILURE
from impacket.smb3structs import FSCTL_PIPE_TRANSCEIVE, SMB2_0_IOCTL_IS_FSCTL, SMB2Read_Response
from impacket.smbconnection import SessionError

from servertest import (ADMIN, NERR_SUCCESS, ServerTestCase, USER, bind_pdu, close_quietly, conn,
                        enum, pdu_frag_len, level1_request_stub, record_reads, request_pdu,
                        response_header)


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
        fragments = record_reads(dce)
        self.assertEqual(enum(dce, 'DATA', 1).entries, expected)
        self.assertFragmentsWellFormed(fragments, 4280)

    def test_2_large_reply_with_small_max_recv_frag(self):
        expected = self.many()
        dce = _open_pipe_binding_with_max_recv_frag(self.PORT, 1500)
        self.addCleanup(close_quietly, dce.get_rpc_transport().get_smb_connection())
        fragments = record_reads(dce)
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
            ptype, flags, frag_len, auth_len, call_id, alloc_hint = response_header(fragment)
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
        smb_connection.writeFile(tid, fid, bind_pdu(max_recv_frag=4280))
        smb_connection.writeFile(tid, fid, request_pdu(8, level1_request_stub('DATA'), call_id=2))
        time.sleep(0.3)
        bind_ack = smb_connection.readFile(tid, fid, 0, 65536)
        self.assertEqual((bind_ack[2], pdu_frag_len(bind_ack)), (rpcrt.MSRPC_BINDACK, len(bind_ack)))
        stub, flags = b'', 0
        while not flags & rpcrt.PFC_LAST_FRAG:
            pdu = smb_connection.readFile(tid, fid, 0, 65536)
            ptype, flags, frag_len, _, call_id, _ = response_header(pdu)
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
        bind_ack = transceive(bind_pdu(max_recv_frag=4280))
        self.assertEqual((bind_ack[2], pdu_frag_len(bind_ack)), (rpcrt.MSRPC_BINDACK, len(bind_ack)))
        first = transceive(request_pdu(8, level1_request_stub('DATA'), call_id=2))
        self.assertEqual(response_header(first)[:3], (rpcrt.MSRPC_RESPONSE, rpcrt.PFC_FIRST_FRAG, 4280))
        stub, pdu = first[24:], first
        while not pdu[3] & rpcrt.PFC_LAST_FRAG:
            pdu = smb_connection.readFile(tid, fid, 0, 4280)
            self.assertEqual(pdu_frag_len(pdu), len(pdu))
            stub += pdu[24:]
        self.assertEqual(struct.unpack_from('<I', stub, 12)[0], expected_entries)   # EntriesRead

    def test_3_a_short_read_gets_buffer_overflow_and_the_rest_follows(self):
        self.many(3)
        smb_connection, tid, fid = self.raw_pipe()
        smb_connection.writeFile(tid, fid, bind_pdu(max_recv_frag=4280))
        with self.assertRaises(SessionError) as raised:
            smb_connection.readFile(tid, fid, 0, 16)
        self.assertEqual(raised.exception.getErrorCode(), STATUS_BUFFER_OVERFLOW)
        start = SMB2Read_Response(raised.exception.getErrorPacket()['Data'])['Buffer']
        self.assertEqual((len(start), start[2]), (16, rpcrt.MSRPC_BINDACK))
        rest = smb_connection.readFile(tid, fid, 0, 65536)
        self.assertEqual(16 + len(rest), pdu_frag_len(start))
        # The next PDU starts cleanly.
        smb_connection.writeFile(tid, fid, request_pdu(8, level1_request_stub('DATA'), call_id=2))
        reply = smb_connection.readFile(tid, fid, 0, 65536)
        self.assertEqual(response_header(reply)[:3], (rpcrt.MSRPC_RESPONSE, 3, len(reply)))

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


if __name__ == '__main__':
    unittest.main()
