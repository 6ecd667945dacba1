package io.github.netconn.msrpc;

import static io.github.netconn.msrpc.LittleEndian.u16;
import static io.github.netconn.msrpc.LittleEndian.u32;

import java.util.Arrays;

/**
 * The connection-oriented DCE/RPC bind of {@code \PIPE\srvsvc} to the srvsvc interface
 * (C706 12.6.4.3 {@code bind}, 12.6.4.4 {@code bind_ack}, 12.6.4.5 {@code bind_nak}; MS-RPCE
 * 2.2.2): one presentation context, srvsvc 3.0 over NDR 2.0, no authentication (the SMB
 * session under the pipe carries it). The answer is checked strictly: a bind_nak, a rejected
 * context or a transfer syntax other than NDR 2.0 is a {@link SrvsvcPipe.ReplyRefused}
 * that names the reason.
 */
final class Bind {

    /** srvsvc, MS-SRVS 1.9: 4b324fc8-1670-01d3-1278-5a47bf6ee188, version 3.0, as an NDR GUID (little-endian fields). */
    private static final byte[] SRVSVC = {
            (byte) 0xc8, 0x4f, 0x32, 0x4b, 0x70, 0x16, (byte) 0xd3, 0x01,
            0x12, 0x78, 0x5a, 0x47, (byte) 0xbf, 0x6e, (byte) 0xe1, (byte) 0x88};
    /** NDR 2.0, C706 14.1: 8a885d04-1ceb-11c9-9fe8-08002b104860, version 2. */
    private static final byte[] NDR20 = {
            0x04, 0x5d, (byte) 0x88, (byte) 0x8a, (byte) 0xeb, 0x1c, (byte) 0xc9, 0x11,
            (byte) 0x9f, (byte) 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60};

    static final int PTYPE_BIND = 11;
    static final int PTYPE_BIND_ACK = 12;
    static final int PTYPE_BIND_NAK = 13;
    private static final int LENGTH = 72;

    private Bind() {
    }

    /** The bind PDU, offering to send and receive fragments of {@code maxFragment} bytes. */
    static byte[] request(int callId, int maxFragment) {
        byte[] b = new byte[LENGTH];
        SrvsvcPipe.header(b, PTYPE_BIND, LENGTH, callId);           // common header, C706 12.6.3.1
        u16(b, 16, maxFragment);                                    // max_xmit_frag: u_int16
        u16(b, 18, maxFragment);                                    // max_recv_frag: u_int16
        u32(b, 20, 0);                                              // assoc_group_id: u_int32 (a new group)
        b[24] = 1;                                                  // p_context_elem.n_context_elem: u_int8
        // b[25..27]: reserved, reserved2
        u16(b, 28, 0);                                              // p_cont_elem[0].p_cont_id: u_int16
        b[30] = 1;                                                  // p_cont_elem[0].n_transfer_syn: u_int8
        // b[31]: reserved
        System.arraycopy(SRVSVC, 0, b, 32, 16);                     // abstract_syntax.if_uuid
        u16(b, 48, 3);                                              // abstract_syntax.if_version: major 3
        u16(b, 50, 0);                                              //                             minor 0
        System.arraycopy(NDR20, 0, b, 52, 16);                      // transfer_syntaxes[0].if_uuid
        u32(b, 68, 2);                                              // transfer_syntaxes[0].if_version: 2
        return b;
    }

    /**
     * Checks the server's answer to the bind with {@code callId}; returns the largest fragment
     * the server accepts (its max_recv_frag).
     */
    static int accept(byte[] pdu, int length, int callId) throws SrvsvcPipe.ReplyRefused {
        int ptype = SrvsvcPipe.commonHeader(pdu, length, callId, "bind");
        if (ptype == PTYPE_BIND_NAK) {
            int reason = length >= 18 ? u16(pdu, 16) : -1;   // provider_reject_reason: u_int16
            throw new SrvsvcPipe.ReplyRefused("the server refused the bind to srvsvc 3.0: bind_nak, reason "
                    + rejectReason(reason));
        }
        if (ptype != PTYPE_BIND_ACK) {
            throw new SrvsvcPipe.ReplyRefused("a PDU of type " + ptype + " where a bind_ack was due");
        }
        if (length < 26) {
            throw new SrvsvcPipe.ReplyRefused("a bind_ack of " + length + " bytes is too short");
        }
        int maxRecv = u16(pdu, 18);                      // max_recv_frag: u_int16
        int secAddrLength = u16(pdu, 24);                // sec_addr.length: u_int16
        int results = (26 + secAddrLength + 3) & ~3;                // p_result_list, 4-byte aligned after port_spec
        if (results + 4 + 24 > length) {
            throw new SrvsvcPipe.ReplyRefused("a bind_ack of " + length + " bytes cannot hold its secondary address of "
                    + secAddrLength + " bytes and one result");
        }
        int count = pdu[results] & 0xFF;                            // p_result_list.n_results: u_int8
        if (count != 1 || results + 4 + 24 * count != length) {
            throw new SrvsvcPipe.ReplyRefused("a bind_ack with " + count + " results in " + length
                    + " bytes, to a bind of one context");
        }
        int result = u16(pdu, results + 4);              // p_results[0].result: p_cont_def_result_t
        int reason = u16(pdu, results + 6);              // p_results[0].reason: p_provider_reason_t
        if (result != 0) {
            throw new SrvsvcPipe.ReplyRefused("the server refused the bind to srvsvc 3.0: "
                    + (result == 1 ? "user_rejection" : result == 2 ? "provider_rejection" : "result " + result)
                    + ", reason " + providerReason(reason));
        }
        if (!Arrays.equals(pdu, results + 8, results + 24, NDR20, 0, 16)
                || u32(pdu, results + 24) != 2) {          // p_results[0].transfer_syntax
            throw new SrvsvcPipe.ReplyRefused("the server accepted the bind with a transfer syntax other than NDR 2.0");
        }
        if (maxRecv < SrvsvcPipe.HEADER + 1) {
            throw new SrvsvcPipe.ReplyRefused("the server accepts fragments of " + maxRecv + " bytes at most");
        }
        return maxRecv;
    }

    /** C706 p_reject_reason_t, the reason of a bind_nak. */
    private static String rejectReason(int reason) {
        String[] names = {"reason_not_specified", "temporary_congestion", "local_limit_exceeded",
            "called_paddr_unknown", "protocol_version_not_supported", "default_context_not_supported",
            "user_data_not_readable", "no_psap_available"};
        return reason + (reason >= 0 && reason < names.length ? " (" + names[reason] + ")" : "");
    }

    /** C706 p_provider_reason_t, the reason of a rejected presentation context. */
    private static String providerReason(int reason) {
        String[] names = {"reason_not_specified", "abstract_syntax_not_supported",
            "proposed_transfer_syntaxes_not_supported", "local_limit_exceeded"};
        return reason + (reason < names.length ? " (" + names[reason] + ")" : "");
    }
}
