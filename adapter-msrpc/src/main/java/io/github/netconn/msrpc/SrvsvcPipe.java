package io.github.netconn.msrpc;

import io.github.netconn.api.ProtocolViolationException;
import java.io.IOException;
import java.net.MalformedURLException;
import org.codelibs.jcifs.smb.CIFSContext;
import org.codelibs.jcifs.smb.dcerpc.DcerpcException;
import org.codelibs.jcifs.smb.dcerpc.DcerpcMessage;
import org.codelibs.jcifs.smb.dcerpc.DcerpcPipeHandle;
import org.codelibs.jcifs.smb.dcerpc.ndr.NdrBuffer;

/**
 * One open, bound {@code \PIPE\srvsvc} on a server, through jcifs's DCE/RPC. jcifs
 * reassembles the fragments of a reply but does not say where the stub ends, nor bound how
 * much it gathers: this handle counts the stub bytes of every fragment it receives for a
 * call and refuses a reply past {@link #maxReplyBytes}, so that the decoder gets the exact
 * stub and a hostile server cannot make it allocate without bound. One call at a time:
 * jcifs's {@code sendrecv} is not thread-safe, so the enumerator gives each thread its own pipe.
 */
final class SrvsvcPipe extends DcerpcPipeHandle {

    /** MS-SRVS srvsvc interface 4b324fc8-1670-01d3-1278-5a47bf6ee188 v3.0 (jcifs knows it as "srvsvc"). */
    private static final String ENDPOINT = "[\\PIPE\\srvsvc]";

    private static final int HEADER = 24;
    private static final int PTYPE_RESPONSE = 2;

    private final int maxReplyBytes;
    private boolean bound;
    private boolean counting;
    private long stubBytes;
    private int fragments;

    SrvsvcPipe(String hostAndPort, CIFSContext context, int maxReplyBytes) throws MalformedURLException, DcerpcException {
        super("ncacn_np:" + hostAndPort + ENDPOINT, context, false);
        this.maxReplyBytes = maxReplyBytes;
    }

    /** Sends one {@code NetrConnectionEnum} request stub and returns the reply stub. */
    byte[] call(byte[] request) throws IOException, ProtocolViolationException {
        if (!bound) {
            bind();
            bound = true;
        }
        Call call = new Call(request);
        stubBytes = 0;
        fragments = 0;
        counting = true;
        try {
            sendrecv(call);
        } finally {
            counting = false;
        }
        if (call.failure != null) {
            throw call.failure;
        }
        return call.reply;
    }

    int fragmentsOfLastReply() {
        return fragments;
    }

    @Override
    protected int doSendReceiveFragment(byte[] buf, int off, int length, byte[] inB) throws IOException {
        return counted(inB, super.doSendReceiveFragment(buf, off, length, inB));
    }

    @Override
    protected int doReceiveFragment(byte[] buf) throws IOException {
        return counted(buf, super.doReceiveFragment(buf));
    }

    private int counted(byte[] fragment, int length) throws IOException {
        if (counting && length >= HEADER && fragment[2] == PTYPE_RESPONSE) {
            int fragLength = (fragment[8] & 0xFF) | (fragment[9] & 0xFF) << 8;
            int authLength = (fragment[10] & 0xFF) | (fragment[11] & 0xFF) << 8;
            int stub = fragLength - HEADER - (authLength == 0 ? 0 : authLength + 8);
            if (stub < 0) {
                throw new ReplyRefused("a response fragment of " + fragLength + " bytes is shorter than its header");
            }
            stubBytes += stub;
            fragments++;
            if (stubBytes > maxReplyBytes) {
                throw new ReplyRefused("the reply exceeds " + maxReplyBytes + " bytes after " + fragments
                        + " fragments; ask for smaller pages");
            }
        }
        return length;
    }

    /** A reply this side refuses to take in; surfaces as a protocol violation. */
    static final class ReplyRefused extends IOException {
        private static final long serialVersionUID = 1L;

        ReplyRefused(String message) {
            super(message);
        }
    }

    /** The jcifs message for opnum 8: our stub out, the exact reply stub back. */
    private final class Call extends DcerpcMessage {
        private final byte[] request;
        private byte[] reply;
        private ProtocolViolationException failure;

        Call(byte[] request) {
            this.request = request;
            this.ptype = 0; // request
        }

        @Override
        public int getOpnum() {
            return NetrConnectionEnum.OPNUM;
        }

        @Override
        public void encode_in(NdrBuffer buf) {
            buf.writeOctetArray(request, 0, request.length);
        }

        @Override
        public void decode_out(NdrBuffer buf) {
            int from = buf.getIndex();
            if (stubBytes > buf.buf.length - from) {
                failure = new ProtocolViolationException("the reply's fragments carry " + stubBytes
                        + " stub bytes but only " + (buf.buf.length - from) + " were reassembled", null);
                return;
            }
            reply = new byte[(int) stubBytes];
            System.arraycopy(buf.buf, from, reply, 0, reply.length);
        }
    }
}
