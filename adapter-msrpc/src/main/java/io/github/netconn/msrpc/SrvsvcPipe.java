package io.github.netconn.msrpc;

import java.io.IOException;
import java.net.MalformedURLException;
import java.util.Arrays;
import org.codelibs.jcifs.smb.CIFSContext;
import org.codelibs.jcifs.smb.dcerpc.DcerpcException;
import org.codelibs.jcifs.smb.dcerpc.DcerpcMessage;
import org.codelibs.jcifs.smb.dcerpc.DcerpcPipeHandle;
import org.codelibs.jcifs.smb.dcerpc.ndr.NdrBuffer;

/**
 * One open, bound {@code \PIPE\srvsvc} on a server, through jcifs's DCE/RPC. jcifs binds
 * the pipe; the calls are sent and their replies joined here ({@link #sendrecv}), because
 * jcifs's own reassembly grows its buffer one fragment at a time (quadratic in the reply's
 * size), does not say where the stub ends, and does not bound how much it gathers.
 * {@link Reply} checks every fragment, joins the stubs into a buffer that doubles, and
 * refuses a reply past {@code maxReplyBytes}, so that the decoder gets the exact stub and a
 * hostile server cannot make it allocate without bound. One call at a time: the
 * enumerator gives each thread its own pipe.
 */
final class SrvsvcPipe extends DcerpcPipeHandle {

    /** MS-SRVS srvsvc interface 4b324fc8-1670-01d3-1278-5a47bf6ee188 v3.0 (jcifs knows it as "srvsvc"). */
    private static final String ENDPOINT = "[\\PIPE\\srvsvc]";

    /** jcifs's fixed max_xmit and max_recv, which it offers in the bind. */
    private static final int MAX_FRAGMENT = 4280;
    /** The common header plus alloc_hint, context id and opnum (request) or cancel count (response). */
    static final int HEADER = 24;
    private static final int PTYPE_RESPONSE = 2;
    private static final int PTYPE_FAULT = 3;
    private static final int PFC_FIRST_FRAG = 0x01;
    private static final int PFC_LAST_FRAG = 0x02;

    private final int maxReplyBytes;
    private boolean bound;
    private int fragments;

    SrvsvcPipe(String hostAndPort, CIFSContext context, int maxReplyBytes) throws MalformedURLException, DcerpcException {
        super("ncacn_np:" + hostAndPort + ENDPOINT, context, false);
        this.maxReplyBytes = maxReplyBytes;
    }

    /** Sends one {@code NetrConnectionEnum} request stub and returns the reply stub. */
    byte[] call(byte[] request) throws IOException {
        if (!bound) {
            bind();
            bound = true;
        }
        Call call = new Call(request);
        sendrecv(call);
        return call.reply;
    }

    int fragmentsOfLastReply() {
        return fragments;
    }

    /** jcifs's for the bind; for a call, one request fragment out and the reply's fragments joined by {@link Reply}. */
    @Override
    public void sendrecv(DcerpcMessage message) throws DcerpcException, IOException {
        if (!(message instanceof Call call)) {
            super.sendrecv(message);
            return;
        }
        if (HEADER + call.request.length > MAX_FRAGMENT) {
            // Qualifier.MAX_LENGTH and DNS names keep a request well inside one fragment.
            throw new IllegalArgumentException("a request stub of " + call.request.length + " bytes does not fit one fragment");
        }
        byte[] out = new byte[MAX_FRAGMENT];
        encodeMessage(call, out);
        byte[] pdu = new byte[MAX_FRAGMENT];
        Reply reply = new Reply(call.callId(), maxReplyBytes);
        int first = doSendReceiveFragment(out, 0, call.pduLength(), pdu);
        if (first == 0) {
            // What jcifs returns when the connection broke under the transceive (seen with a
            // reset mid-reply): a transport failure, so a pooled pipe is retried once.
            throw new IOException("the pipe answered the call with no data");
        }
        reply.add(pdu, first);
        while (!reply.complete()) {
            reply.add(pdu, doReceiveFragment(pdu));
        }
        fragments = reply.fragments();
        call.reply = reply.stub();
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
            int id = u16(pdu, 12) | u16(pdu, 14) << 16;
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
                int status = fragLength >= HEADER + 4 ? u16(pdu, HEADER) | u16(pdu, HEADER + 2) << 16 : 0;
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

        private static int u16(byte[] b, int at) {
            return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
        }
    }

    /** A reply this side refuses to take in; surfaces as a protocol violation. */
    static final class ReplyRefused extends IOException {
        private static final long serialVersionUID = 1L;

        ReplyRefused(String message) {
            super(message);
        }
    }

    /** The jcifs message for opnum 8: encodes our request stub; {@link #sendrecv} reads the reply. */
    private static final class Call extends DcerpcMessage {
        private final byte[] request;
        private byte[] reply;

        Call(byte[] request) {
            this.request = request;
            this.ptype = 0; // request
        }

        @Override
        public int getOpnum() {
            return NetrConnectionEnum.OPNUM;
        }

        /** Set by jcifs's {@code encodeMessage}. */
        int callId() {
            return call_id;
        }

        /** The encoded request PDU's length, set by jcifs's {@code encodeMessage}. */
        int pduLength() {
            return length;
        }

        @Override
        public void encode_in(NdrBuffer buf) {
            buf.writeOctetArray(request, 0, request.length);
        }

        @Override
        public void decode_out(NdrBuffer buf) {
            throw new IllegalStateException("SrvsvcPipe.sendrecv reads the reply");
        }
    }
}
