"""quirks.bind: a refused DCE/RPC bind (srvsvc/dcerpc.py), seen PDU by PDU through impacket's
client (see servertest.py).

    /usr/bin/python3 -m unittest discover -s testkit/servers/scripted -v
"""

import struct
import unittest

from impacket.dcerpc.v5 import rpcrt, srvs, transport

from servertest import (ADMIN, ServerTestCase, bind_pdu, close_quietly, conn, enum, pdu_frag_len,
                        level1_request_stub, pdu_call_id, record_reads, request_pdu)


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
        self.addCleanup(close_quietly, rpc.get_smb_connection())
        sent, send = [], rpc.send

        def recording_send(data, *args, **kwargs):
            sent.append(data)
            return send(data, *args, **kwargs)
        rpc.send = recording_send
        return dce, sent, record_reads(dce)

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
                         (5, 0, 3, 0x10, len(reply), 0, pdu_call_id(bind)))
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
        dce.get_rpc_transport().send(request_pdu(8, level1_request_stub('DATA'), call_id=7))
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
            self.assertEqual((reply[2], len(reply), pdu_call_id(reply)), (rpcrt.MSRPC_BINDACK, 68, pdu_call_id(sent[-1])))
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
        connection.writeFile(tid, fid, bind_pdu(max_recv_frag=4280, call_id=1))
        self.assertEqual(connection.readFile(tid, fid, 0, 65536)[2], rpcrt.MSRPC_BINDACK)
        alter = bytearray(bind_pdu(max_recv_frag=4280, call_id=2))
        alter[2] = rpcrt.MSRPC_ALTERCTX
        connection.writeFile(tid, fid, bytes(alter))
        fault = connection.readFile(tid, fid, 0, 65536)
        self.assertEqual((fault[2], fault[3], pdu_frag_len(fault), pdu_call_id(fault)), (rpcrt.MSRPC_FAULT, 0x23, 32, 2))
        self.assertEqual(struct.unpack_from('<I', fault, 24)[0], NCA_S_PROTO_ERROR)

    def test_an_invalid_bind_value_is_accepted_at_bind_and_faults_the_call(self):
        self.use(connections=[conn(1)], quirks={'bind': 'refuse'})
        dce = self.pipe()
        with self.assertRaisesRegex(rpcrt.DCERPCException, 'nca_s_fault_unspec'):
            enum(dce, 'DATA', 0)
        self.assertIn('quirks.bind must be one of "accept", "nak", "abstractSyntax", "transferSyntax"',
                      self.server.log())


if __name__ == '__main__':
    unittest.main()
