package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.netconn.testkit.FuzzSeeds;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of {@link SrvsvcPipe.Reply}, which joins a call's response
 * fragments as the server sends them. An input is a run of fragments, each a two-byte
 * little-endian length and that many bytes (cut at 4,280, the largest fragment jcifs reads).
 * Every run ends in a joined stub, a {@link SrvsvcPipe.ReplyRefused}, or fragments still
 * due; anything else (a runtime exception, an OutOfMemoryError, a hang) is a finding. The
 * stub is never longer than the bytes that carried it, and what is allocated is bounded by them.
 *
 * <p>{@code mvn verify} runs {@link #fragments} once per seed in {@code
 * src/test/resources/io/github/netconn/msrpc/ReplyFragmentsFuzzTestInputs/fragments}: the golden
 * reply vectors cut into fragments, in {@code golden/} (written by {@link
 * #seedsAreTheGoldenVectorsInFragments}), and any finding kept as a regression input. Fuzzing
 * for longer: as for {@link NetrConnectionEnumFuzzTest}, with {@code -Dtest=ReplyFragmentsFuzzTest}.
 */
class ReplyFragmentsFuzzTest {

    private static final int CALL = 7;
    private static final int MAX_FRAGMENT = 4280;
    private static final int LIMIT = 64 * 1024;
    private static final Path SEEDS = Path.of("src/test/resources/io/github/netconn/msrpc",
            "ReplyFragmentsFuzzTestInputs", "fragments", "golden");

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    void fragments(byte[] input) {
        // The first run of a shape may load classes and link call sites (a message's string
        // concatenation): an excess is measured again before it counts.
        long limit = 256 * 1024 + 4L * input.length;
        long allocated = 0;
        for (int attempt = 0; attempt < 2; attempt++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            join(input);
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            if (allocated <= limit) {
                return;
            }
        }
        fail(input.length + " input bytes allocated " + allocated + " (limit " + limit + ")");
    }

    private static void join(byte[] input) {
        try {
            SrvsvcPipe.Reply reply = feed(input);
            if (reply.complete()) {
                byte[] stub = reply.stub();
                assertTrue(stub.length <= input.length, stub.length + " stub bytes from " + input.length + " input bytes");
            }
        } catch (SrvsvcPipe.ReplyRefused refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isEmpty());
        }
    }

    /** The fragments of {@code input}, in this test's format, added one by one until the reply is complete or the input ends. */
    private static SrvsvcPipe.Reply feed(byte[] input) throws SrvsvcPipe.ReplyRefused {
        SrvsvcPipe.Reply reply = new SrvsvcPipe.Reply(CALL, LIMIT);
        byte[] pdu = new byte[MAX_FRAGMENT];
        int at = 0;
        while (at + 2 <= input.length && !reply.complete()) {
            int length = Math.min(MAX_FRAGMENT, (input[at] & 0xFF) | (input[at + 1] & 0xFF) << 8);
            length = Math.min(length, input.length - at - 2);
            System.arraycopy(input, at + 2, pdu, 0, length);
            at += 2 + length;
            reply.add(pdu, length);
        }
        return reply;
    }

    /** A reply stub as response PDUs ({@link SrvsvcPipeReplyTest#pdu}) of {@code room} stub bytes at most, in this test's input format. */
    static byte[] fragmented(byte[] stub, int room) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off == 0 || off < stub.length; off += room) {
            int n = Math.min(room, stub.length - off);
            int flags = (off == 0 ? 1 : 0) | (off + n >= stub.length ? 2 : 0);
            int allocHint = stub.length - off;
            byte[] pdu = SrvsvcPipeReplyTest.pdu(flags, Arrays.copyOfRange(stub, off, off + n), p -> {
                p[16] = (byte) allocHint;
                p[17] = (byte) (allocHint >> 8);
            });
            out.write(pdu.length);
            out.write(pdu.length >> 8);
            out.writeBytes(pdu);
        }
        return out.toByteArray();
    }

    /** Each golden reply vector whole and in 100-byte fragments; the generated seeds must be the committed ones. */
    @Test
    void seedsAreTheGoldenVectorsInFragments() throws Exception {
        Map<String, byte[]> expected = new TreeMap<>();
        GoldenVectorsTest.replies().forEach(v -> {
            String name = v.name().replaceFirst("\\.ndr$", "");
            expected.put(name + "-whole", fragmented(v.stub(), MAX_FRAGMENT - SrvsvcPipe.HEADER));
            expected.put(name + "-100", fragmented(v.stub(), 100));
        });
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve(SEEDS);
        FuzzSeeds.assertCommitted(dir, expected, "fragment seeds");
    }

    /** The input format joins back to the stub it carries. */
    @Test
    void fragmentedGoldenVectorsJoinBack() throws Exception {
        for (GoldenVectorsTest.Vector v : GoldenVectorsTest.replies().toList()) {
            SrvsvcPipe.Reply reply = feed(fragmented(v.stub(), 100));
            assertTrue(reply.complete(), v.name());
            assertArrayEquals(v.stub(), reply.stub(), v.name());
        }
    }
}
