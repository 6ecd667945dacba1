package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.netconn.testkit.FuzzSeeds;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
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
        SrvsvcPipe.Reply reply = new SrvsvcPipe.Reply(CALL, LIMIT);
        byte[] pdu = new byte[MAX_FRAGMENT];
        int at = 0;
        try {
            while (at + 2 <= input.length && !reply.complete()) {
                int length = Math.min(MAX_FRAGMENT, (input[at] & 0xFF) | (input[at + 1] & 0xFF) << 8);
                length = Math.min(length, input.length - at - 2);
                System.arraycopy(input, at + 2, pdu, 0, length);
                at += 2 + length;
                reply.add(pdu, length);
            }
            if (reply.complete()) {
                byte[] stub = reply.stub();
                assertTrue(stub.length <= input.length, stub.length + " stub bytes from " + input.length + " input bytes");
            }
        } catch (SrvsvcPipe.ReplyRefused refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isEmpty());
        }
    }

    /** A reply stub as response PDUs of {@code room} stub bytes at most, in this test's input format. */
    static byte[] fragmented(byte[] stub, int room) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off == 0 || off < stub.length; off += room) {
            int n = Math.min(room, stub.length - off);
            int flags = (off == 0 ? 1 : 0) | (off + n >= stub.length ? 2 : 0);
            int length = SrvsvcPipe.HEADER + n;
            byte[] header = {5, 0, 2, (byte) flags, 0x10, 0, 0, 0, (byte) length, (byte) (length >> 8), 0, 0,
                CALL, 0, 0, 0, (byte) (stub.length - off), (byte) (stub.length - off >> 8), 0, 0, 0, 0, 0, 0};
            out.write(length);
            out.write(length >> 8);
            out.writeBytes(header);
            out.write(stub, off, n);
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
            byte[] input = fragmented(v.stub(), 100);
            SrvsvcPipe.Reply reply = new SrvsvcPipe.Reply(CALL, LIMIT);
            for (int at = 0; at < input.length; ) {
                int length = (input[at] & 0xFF) | (input[at + 1] & 0xFF) << 8;
                byte[] pdu = new byte[MAX_FRAGMENT];
                System.arraycopy(input, at + 2, pdu, 0, length);
                reply.add(pdu, length);
                at += 2 + length;
            }
            assertTrue(reply.complete(), v.name());
            assertArrayEquals(v.stub(), reply.stub(), v.name());
        }
    }
}
