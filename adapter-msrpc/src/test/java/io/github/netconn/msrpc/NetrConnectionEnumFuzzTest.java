package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.testkit.FuzzSeeds;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the reply decoder with Jazzer. Every stub ends in a {@link
 * EnumReply<ConnectionInfo>} or a {@link ProtocolViolationException}; anything else (a runtime
 * exception, an OutOfMemoryError, a hang past the time-out) is a finding. What is decoded and what
 * is allocated are both bounded by the stub's length.
 *
 * <p>{@code mvn verify} runs {@link #reply} once per seed in {@code
 * src/test/resources/io/github/netconn/msrpc/NetrConnectionEnumFuzzTestInputs/reply}: the golden
 * reply vectors (in {@code golden/}, written from {@code vectors/reply-*.ndr} by {@link
 * #goldenSeedsAreTheGoldenReplyVectors}) and any finding kept as a regression input. Fuzzing for
 * longer is {@code JAZZER_FUZZ=1 mvn -pl adapter-msrpc -am verify -Dtest=NetrConnectionEnumFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=10m -DargLine=-Xmx256m}
 * (see Fuzzing in docs/testing.md).
 */
class NetrConnectionEnumFuzzTest {

    /** Where the golden seeds live in the source tree, below the directory Jazzer reads. */
    static final Path GOLDEN_SEEDS = Path.of("src/test/resources/io/github/netconn/msrpc",
            "NetrConnectionEnumFuzzTestInputs", "reply", "golden");

    /** Set to rewrite {@link #GOLDEN_SEEDS} from the .ndr files instead of checking them. */

    /** Header words around any array: Level, switch, container, EntriesRead, Buffer, max_count, TotalEntries, ResumeHandle, status. */
    private static final int FIXED_BYTES = 9 * 4;
    /** Allocation allowed per stub byte (records, lists, the strings' two copies) and in any case (an exception's stack trace). */
    private static final long ALLOCATION_PER_BYTE = 32;
    private static final long ALLOCATION_BASE = 256 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @FuzzTest(maxDuration = "2m")
    @Timeout(10) // per seed; when fuzzing, per input (libFuzzer -timeout), and the fuzz profile keeps JUnit off the whole run
    void reply(byte[] stub) {
        Object outcome = decodeMeasured(stub);
        if (outcome instanceof EnumReply<?> reply) {
            checkBounded(reply, stub.length);
        } else {
            ProtocolViolationException e = (ProtocolViolationException) outcome;
            assertTrue(e.getMessage().startsWith("malformed NetrConnectionEnum reply at stub offset "), e.getMessage());
        }
        // The same bytes inside a larger array, between filler: the decoder must stay within
        // [offset, offset + length) and count alignment from offset.
        byte[] framed = new byte[stub.length + 8];
        Arrays.fill(framed, (byte) 0xA5);
        System.arraycopy(stub, 0, framed, 3, stub.length);
        assertEquals(describe(outcome), describe(decode(framed, 3, stub.length)), "the same stub at offset 3");
    }

    /**
     * Decodes and checks the bytes allocated meanwhile on this thread. The first decoding of a shape
     * may load classes and link call sites, so an excess is measured again before it counts.
     */
    private static Object decodeMeasured(byte[] stub) {
        long limit = ALLOCATION_BASE + ALLOCATION_PER_BYTE * stub.length;
        long allocated = 0;
        Object outcome = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            outcome = decode(stub, 0, stub.length);
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            if (allocated <= limit) {
                return outcome;
            }
        }
        fail("decoding " + stub.length + " bytes allocated " + allocated + " bytes (limit " + limit + "); outcome "
                + describe(outcome));
        return outcome;
    }

    /** The reply, or the ProtocolViolationException; any other throwable escapes and is a finding. */
    private static Object decode(byte[] data, int offset, int length) {
        try {
            return NetrConnectionEnum.reply(data, offset, length);
        } catch (ProtocolViolationException e) {
            return e;
        }
    }

    private static String describe(Object outcome) {
        return outcome instanceof Throwable t ? t.getClass().getSimpleName() + ": " + t.getMessage() : String.valueOf(outcome);
    }

    /** What a reply may hold is bounded by the bytes that carried it. */
    private static void checkBounded(EnumReply<?> reply, int length) {
        if (reply.entries() == null) {
            return;
        }
        int n = reply.entries().size();
        assertTrue(reply.level() == 0 || reply.level() == 1, "entries at level " + reply.level());
        int entrySize = reply.level() == 0 ? 4 : 28;
        assertTrue(FIXED_BYTES + (long) n * entrySize <= length,
                n + " entries at level " + reply.level() + " from " + length + " bytes");
        long stringBytes = 0;
        for (Object e : reply.entries()) {
            Class<? extends ConnectionInfo> kind = reply.level() == 0 ? ConnectionInfo.Level0.class : ConnectionInfo.Level1.class;
            assertTrue(kind.isInstance(e), e + " at level " + reply.level());
            if (e instanceof ConnectionInfo.Level1 l1) {
                // Each string costs 12 header bytes and 2 per unit, NUL included, on the wire.
                stringBytes += l1.userName().map(s -> 14L + 2L * s.length()).orElse(0L);
                stringBytes += l1.netName().map(s -> 14L + 2L * s.length()).orElse(0L);
            }
        }
        assertTrue(FIXED_BYTES + (long) n * entrySize + stringBytes <= length,
                "entries and strings need " + (FIXED_BYTES + (long) n * entrySize + stringBytes) + " bytes, the stub has " + length);
    }

    /**
     * The seeds in {@code golden/} are the reply vectors' bytes, one raw file per {@code .ndr}
     * file, named after it. Run once with {@code -Dnetconn.fuzz.writeSeeds=true} to write them
     * after the vectors change.
     */
    @Test
    void goldenSeedsAreTheGoldenReplyVectors() throws Exception {
        Map<String, byte[]> expected = new TreeMap<>();
        GoldenVectorsTest.replies().forEach(v -> expected.put(v.name().replaceFirst("\\.ndr$", ""), v.stub()));
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve(GOLDEN_SEEDS);
        FuzzSeeds.assertCommitted(dir, expected, "golden seeds");
    }
}
