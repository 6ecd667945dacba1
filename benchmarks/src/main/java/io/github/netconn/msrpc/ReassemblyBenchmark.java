package io.github.netconn.msrpc;

import io.github.netconn.benchmarks.SyntheticReply;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.codelibs.jcifs.smb.CIFSContext;
import org.codelibs.jcifs.smb.CIFSException;
import org.codelibs.jcifs.smb.config.PropertyConfiguration;
import org.codelibs.jcifs.smb.context.BaseContext;
import org.codelibs.jcifs.smb.dcerpc.DcerpcHandle;
import org.codelibs.jcifs.smb.dcerpc.DcerpcMessage;
import org.codelibs.jcifs.smb.dcerpc.ndr.NdrBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Joining the DCE/RPC fragments of one reply, with no network: the 4,280-byte response PDUs
 * of a synthetic level-1 reply of {@link #entries} entries (96 stub bytes each), from memory.
 * {@link #jcifs} runs them through jcifs 3.0.2's own {@code sendrecv} (a {@link DcerpcHandle}
 * that replays them), which adapter-msrpc used until it joined them itself: that method grows
 * its buffer by exactly one fragment each time the 64 KiB first buffer is full, copying
 * everything received so far, quadratic in the reply's size. {@link #netconn} is
 * {@link SrvsvcPipe.Reply}, which every call takes now: each fragment checked, the stubs
 * joined into a buffer that doubles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReassemblyBenchmark {

    private static final int MAX_FRAGMENT = 4280;

    @Param({"1000", "10000", "30000"})
    public int entries;

    private CIFSContext context;
    private Replay handle;
    private List<byte[]> pdus;
    private int stubLength;

    @Setup
    public void fragment() throws IOException {
        byte[] stub = SyntheticReply.level1(entries);
        stubLength = stub.length;
        pdus = SyntheticReply.fragments(stub, MAX_FRAGMENT, 1);
        Properties p = new Properties();
        p.setProperty("jcifs.resolveOrder", "DNS");
        p.setProperty("jcifs.client.dfs.disabled", "true");
        context = new BaseContext(new PropertyConfiguration(p));
        handle = new Replay(context, pdus);
        byte[] joined = jcifs();
        if (!Arrays.equals(stub, joined) || !Arrays.equals(stub, netconn())) {
            throw new IllegalStateException("reassembly of " + pdus.size() + " fragments lost bytes");
        }
        System.out.printf("%n[setup] %d entries: %d stub bytes in %d fragments%n", entries, stubLength, pdus.size());
    }

    @TearDown
    public void close() throws CIFSException {
        context.close();
    }

    /** jcifs's {@code sendrecv}: the path adapter-msrpc's calls took before. */
    @Benchmark
    public byte[] jcifs() {
        Call call = new Call(stubLength);
        try {
            handle.replay();
            handle.sendrecv(call);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return call.stub;
    }

    /** {@link SrvsvcPipe.Reply}: each fragment read into one buffer, as {@code doReceiveFragment} does, and joined. */
    @Benchmark
    public byte[] netconn() throws IOException {
        SrvsvcPipe.Reply reply = new SrvsvcPipe.Reply(1, Integer.MAX_VALUE);
        byte[] fragment = new byte[MAX_FRAGMENT];
        for (byte[] pdu : pdus) {
            System.arraycopy(pdu, 0, fragment, 0, pdu.length);
            reply.add(fragment, pdu.length);
        }
        return reply.stub();
    }

    /** A pipe that answers every request with the same PDUs, from memory. */
    private static final class Replay extends DcerpcHandle {
        private final CIFSContext context;
        private final List<byte[]> pdus;
        private int next;

        Replay(CIFSContext context, List<byte[]> pdus) {
            super(context);
            this.context = context;
            this.pdus = pdus;
        }

        void replay() {
            next = 0;
        }

        /** Already bound, as a pooled pipe is. */
        @Override
        public void bind() {
        }

        @Override
        protected void doSendFragment(byte[] buf, int off, int length) {
        }

        @Override
        protected int doSendReceiveFragment(byte[] buf, int off, int length, byte[] inB) {
            return doReceiveFragment(inB);
        }

        @Override
        protected int doReceiveFragment(byte[] buf) {
            byte[] pdu = pdus.get(next++);
            System.arraycopy(pdu, 0, buf, 0, pdu.length);
            return pdu.length;
        }

        @Override
        public String getServer() {
            return "replay";
        }

        @Override
        public String getServerWithDfs() {
            return "replay";
        }

        @Override
        public CIFSContext getTransportContext() {
            return context;
        }

        @Override
        public byte[] getSessionKey() {
            return new byte[16];
        }
    }

    /** An opnum-8 request whose reply stub is copied out, as adapter-msrpc's SrvsvcPipe did. */
    private static final class Call extends DcerpcMessage {
        private final int stubLength;
        private byte[] stub;

        Call(int stubLength) {
            this.stubLength = stubLength;
            this.ptype = 0;
        }

        @Override
        public int getOpnum() {
            return 8;
        }

        @Override
        public void encode_in(NdrBuffer buf) {
            buf.writeOctetArray(new byte[64], 0, 64);
        }

        @Override
        public void decode_out(NdrBuffer buf) {
            stub = Arrays.copyOfRange(buf.buf, buf.getIndex(), buf.getIndex() + stubLength);
        }
    }
}
