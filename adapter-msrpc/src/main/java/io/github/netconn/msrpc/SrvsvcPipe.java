package io.github.netconn.msrpc;

import static io.github.netconn.msrpc.LittleEndian.u16;
import static io.github.netconn.msrpc.LittleEndian.u32;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;

/**
 * One open, bound {@code \PIPE\srvsvc} on a server, over either SMB library
 * ({@link SmbLayer.Pipe}): the DCE/RPC of netconn, written once for both. It binds with
 * {@link Bind}, sends each call as one request fragment (C706 12.6.4.9), and joins the reply's
 * fragments with {@link Reply}, which checks every fragment, joins the stubs into a buffer that
 * doubles, and refuses a reply past {@code maxReplyBytes}, so that the decoder gets the exact
 * stub and a hostile server cannot make it allocate without bound. One call at a time: the
 * enumerator gives each thread its own pipe.
 */
final class SrvsvcPipe implements AutoCloseable {

    /** The largest fragment offered in the bind, both ways (what Windows and jcifs offer). */
    static final int MAX_FRAGMENT = 4280;
    /** The common header plus alloc_hint, context id and opnum (request) or cancel count (response). */
    static final int HEADER = 24;
    private static final int PTYPE_REQUEST = 0;
    private static final int PTYPE_RESPONSE = 2;
    private static final int PTYPE_FAULT = 3;
    private static final int PFC_FIRST_FRAG = 0x01;
    private static final int PFC_LAST_FRAG = 0x02;

    private final SmbLayer.Pipe pipe;
    private final int maxReplyBytes;
    private final byte[] pdu = new byte[MAX_FRAGMENT];
    private int nextCallId = 1;
    private int serverMaxFragment;
    private int fragments;
    /** When the call in progress must end, as a {@link System#nanoTime}. */
    private long end;

    SrvsvcPipe(SmbLayer.Pipe pipe, int maxReplyBytes) {
        this.pipe = pipe;
        this.maxReplyBytes = maxReplyBytes;
    }

    /**
     * Sends one request stub of call {@code opnum} and returns the reply stub; past
     * {@code end} (a {@link System#nanoTime}) no further fragment is waited for.
     */
    byte[] call(int opnum, byte[] request, long end) throws IOException {
        this.end = end;
        if (serverMaxFragment == 0) {
            int callId = nextCallId++;
            byte[] bind = Bind.request(callId, MAX_FRAGMENT);
            serverMaxFragment = Bind.accept(pdu, transact(bind, bind.length), callId);
        }
        int callId = nextCallId++;
        int length = HEADER + request.length;
        if (length > Math.min(MAX_FRAGMENT, serverMaxFragment)) {
            // Qualifier.MAX_LENGTH and DNS names keep a request well inside one fragment of 4,280 bytes.
            throw new ReplyRefused("a request of " + length + " bytes does not fit the " + serverMaxFragment
                    + "-byte fragments the server accepts");
        }
        byte[] out = request(callId, opnum, request);
        Reply reply = new Reply(callId, maxReplyBytes);
        reply.add(pdu, transact(out, length));
        while (!reply.complete()) {
            reply.add(pdu, read(0));
        }
        fragments = reply.fragments();
        return reply.stub();
    }

    /** The request PDU (C706 12.6.4.9) of call {@code callId}: one fragment, context 0, {@code opnum}, the stub. */
    static byte[] request(int callId, int opnum, byte[] stub) {
        int length = HEADER + stub.length;
        byte[] out = new byte[length];
        header(out, PTYPE_REQUEST, length, callId);                 // common header, C706 12.6.3.1
        u32(out, 16, stub.length);                                  // alloc_hint: u_int32
        u16(out, 20, 0);                                            // p_cont_id: p_context_id_t
        u16(out, 22, opnum);                                        // opnum: u_int16
        System.arraycopy(stub, 0, out, HEADER, stub.length);        // stub
        return out;
    }

    int fragmentsOfLastReply() {
        return fragments;
    }

    @Override
    public void close() {
        pipe.close();
    }

    /** The first PDU of the answer to {@code out}, whole, in {@link #pdu}. */
    private int transact(byte[] out, int length) throws IOException {
        int n = pipe.transact(out, length, pdu);
        if (n <= 0) {
            // What jcifs returns when the connection broke under the transceive (seen with a
            // reset mid-reply): a transport failure, so a pooled pipe is retried once.
            throw new IOException("the pipe answered the call with no data");
        }
        return read(n);
    }

    /** Reads until {@link #pdu} holds one whole PDU, {@code have} bytes of which are there already. */
    private int read(int have) throws IOException {
        while (have < 10 || have < u16(pdu, 8)) {
            if (have >= 10 && u16(pdu, 8) > pdu.length) {
                throw new ReplyRefused("a fragment of " + u16(pdu, 8) + " bytes, larger than the " + pdu.length
                        + " bytes offered in the bind");
            }
            if (System.nanoTime() - end > 0) {
                throw new InterruptedIOException("the call's time ran out in the middle of its reply");
            }
            int n = pipe.read(pdu, have, pdu.length - have);
            if (n <= 0) {
                throw new IOException("the pipe ended in the middle of a PDU");
            }
            have += n;
        }
        return have;
    }

    /** Writes the 16-byte common header (C706 12.6.3.1) of a single-fragment PDU, little-endian NDR. */
    static void header(byte[] b, int ptype, int fragLength, int callId) {
        b[0] = 5;                                                   // rpc_vers: u_int8
        b[1] = 0;                                                   // rpc_vers_minor: u_int8
        b[2] = (byte) ptype;                                        // PTYPE: u_int8
        b[3] = PFC_FIRST_FRAG | PFC_LAST_FRAG;                      // pfc_flags: u_int8
        b[4] = 0x10;                                                // packed_drep: little-endian, ASCII, IEEE
        u16(b, 8, fragLength);                                      // frag_length: u_int16
        u16(b, 10, 0);                                              // auth_length: u_int16
        u32(b, 12, callId);                                         // call_id: u_int32
    }

    /**
     * Checks the common header of a single-fragment answer: version 5.0, little-endian, the
     * length, the call id, both fragment flags. Returns the PDU type.
     */
    static int commonHeader(byte[] pdu, int length, int callId, String what) throws ReplyRefused {
        if (length < 16) {
            throw new ReplyRefused("an answer to the " + what + " of " + length + " bytes");
        }
        if (pdu[0] != 5 || pdu[1] != 0) {
            throw new ReplyRefused("an answer to the " + what + " of DCE/RPC version " + pdu[0] + "." + pdu[1]
                    + ", not 5.0");
        }
        if ((pdu[4] & 0xF0) != 0x10) {
            throw new ReplyRefused(String.format("an answer to the %s in data representation 0x%02x, not little-endian",
                    what, pdu[4] & 0xFF));
        }
        if (u16(pdu, 8) != length) {
            throw new ReplyRefused("an answer to the " + what + " says it has " + u16(pdu, 8) + " bytes but has " + length);
        }
        if (u32(pdu, 12) != callId) {
            throw new ReplyRefused("an answer of call " + Integer.toUnsignedString(u32(pdu, 12)) + " to the " + what
                    + " of call " + callId);
        }
        if ((pdu[3] & (PFC_FIRST_FRAG | PFC_LAST_FRAG)) != (PFC_FIRST_FRAG | PFC_LAST_FRAG)) {
            throw new ReplyRefused("an answer to the " + what + " in more than one fragment");
        }
        return pdu[2] & 0xFF;
    }

    /**
     * The stub of one reply, joined from its response PDUs (C706 12.6.4.10) and checked as
     * they come: DCE/RPC 5.0, little-endian NDR, the call's id, the first and last fragment
     * flags, a length that matches, no fault. It allocates at most twice what the fragments
     * carried, and never more than the limit.
     */
    static final class Reply {
        private final int callId;
        private final int maxBytes;
        private byte[] stub = new byte[4096];
        private int length;
        private int fragments;
        private boolean last;

        Reply(int callId, int maxBytes) {
            this.callId = callId;
            this.maxBytes = maxBytes;
        }

        void add(byte[] pdu, int pduLength) throws ReplyRefused {
            if (last) {
                throw new ReplyRefused("a reply fragment after the last one");
            }
            if (pduLength < HEADER) {
                throw new ReplyRefused("a reply fragment of " + pduLength + " bytes is shorter than its " + HEADER
                        + "-byte header");
            }
            if (pdu[0] != 5 || pdu[1] != 0) {
                throw new ReplyRefused("a reply fragment of DCE/RPC version " + pdu[0] + "." + pdu[1] + ", not 5.0");
            }
            if ((pdu[4] & 0xF0) != 0x10) {
                throw new ReplyRefused(String.format("a reply fragment in data representation 0x%02x, not little-endian",
                        pdu[4] & 0xFF));
            }
            int ptype = pdu[2];
            int flags = pdu[3];
            int fragLength = u16(pdu, 8);
            int authLength = u16(pdu, 10);
            int id = u32(pdu, 12);
            if (fragLength != pduLength) {
                throw new ReplyRefused("a reply fragment says it has " + fragLength + " bytes but has " + pduLength);
            }
            if (id != callId) {
                throw new ReplyRefused("a reply fragment of call " + Integer.toUnsignedString(id) + " during call "
                        + Integer.toUnsignedString(callId));
            }
            if (((flags & PFC_FIRST_FRAG) != 0) != (fragments == 0)) {
                throw new ReplyRefused(fragments == 0 ? "the reply's first fragment is not marked first"
                        : "fragment " + (fragments + 1) + " of the reply is marked first");
            }
            if (ptype == PTYPE_FAULT) {
                int status = fragLength >= HEADER + 4 ? u32(pdu, HEADER) : 0;
                throw new ReplyRefused("DCE/RPC fault " + Failures.faultName(status));
            }
            if (ptype != PTYPE_RESPONSE) {
                throw new ReplyRefused("a PDU of type " + ptype + " where a response was due");
            }
            int stubLength = fragLength - HEADER - (authLength == 0 ? 0 : authLength + 8);
            if (stubLength < 0) {
                throw new ReplyRefused("a reply fragment of " + fragLength + " bytes cannot hold its "
                        + authLength + "-byte verifier");
            }
            if (stubLength == 0 && (flags & PFC_LAST_FRAG) == 0) {
                throw new ReplyRefused("fragment " + (fragments + 1) + " of the reply carries no data and is not the last");
            }
            if ((long) length + stubLength > maxBytes) {
                throw new ReplyRefused("the reply exceeds " + maxBytes + " bytes after " + fragments
                        + " fragments; ask for smaller pages");
            }
            if (length + stubLength > stub.length) {
                stub = Arrays.copyOf(stub, (int) Math.min(maxBytes, Math.max(length + stubLength, 2L * stub.length)));
            }
            System.arraycopy(pdu, HEADER, stub, length, stubLength);
            length += stubLength;
            fragments++;
            last = (flags & PFC_LAST_FRAG) != 0;
        }

        boolean complete() {
            return last;
        }

        int fragments() {
            return fragments;
        }

        byte[] stub() {
            return Arrays.copyOf(stub, length);
        }
    }

    /** A reply this side refuses to take in; surfaces as a protocol violation. */
    static final class ReplyRefused extends IOException {
        private static final long serialVersionUID = 1L;

        ReplyRefused(String message) {
            super(message);
        }
    }
}
