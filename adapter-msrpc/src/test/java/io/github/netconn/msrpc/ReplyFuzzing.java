package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.testkit.FuzzSeeds;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the reply fuzz tests ({@link NetrConnectionEnumFuzzTest}, {@link NetrSessionEnumFuzzTest},
 * {@link NetrFileEnumFuzzTest}) check of one input, and their golden seeds. Every stub ends in an
 * {@link EnumReply} or a {@link ProtocolViolationException} of that call; anything else (a runtime
 * exception, an OutOfMemoryError, a hang past the time-out) is a finding. What is decoded and
 * what is allocated are both bounded by the stub's length.
 */
final class ReplyFuzzing {

    /** Header words around any array: Level, switch, container, EntriesRead, Buffer, max_count, TotalEntries, ResumeHandle, status. */
    private static final int FIXED_BYTES = 9 * 4;
    /** Allocation allowed per stub byte (records, lists, the strings' two copies) and in any case (an exception's stack trace). */
    private static final long ALLOCATION_PER_BYTE = 32;
    private static final long ALLOCATION_BASE = 256 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ReplyFuzzing() {
    }

    /** The whole check of one input to {@code call}'s reply decoder. */
    static void check(EnumCall call, byte[] stub) {
        Object outcome = decodeMeasured(call, stub);
        if (outcome instanceof EnumReply<?> reply) {
            checkBounded(call, reply, stub.length);
        } else {
            ProtocolViolationException e = (ProtocolViolationException) outcome;
            assertTrue(e.getMessage().startsWith(call.violationPrefix), e.getMessage());
        }
        // The same bytes inside a larger array, between filler: the decoder must stay within
        // [offset, offset + length) and count alignment from offset.
        byte[] framed = new byte[stub.length + 8];
        Arrays.fill(framed, (byte) 0xA5);
        System.arraycopy(stub, 0, framed, 3, stub.length);
        Object framedOutcome = decode(call, framed, 3, stub.length);
        if (!same(outcome, framedOutcome)) {
            fail("the same stub at offset 3: " + describe(framedOutcome) + ", not " + describe(outcome));
        }
    }

    /** Equal replies, or violations with the same message (compared without printing a large reply). */
    private static boolean same(Object a, Object b) {
        return a instanceof Throwable x && b instanceof Throwable y ? x.getMessage().equals(y.getMessage()) : a.equals(b);
    }

    /**
     * Decodes and checks the bytes allocated meanwhile on this thread. The first decoding of a shape
     * may load classes and link call sites, so an excess is measured again before it counts.
     */
    static Object decodeMeasured(EnumCall call, byte[] stub) {
        long limit = ALLOCATION_BASE + ALLOCATION_PER_BYTE * stub.length;
        long allocated = 0;
        Object outcome = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            outcome = decode(call, stub, 0, stub.length);
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
    private static Object decode(EnumCall call, byte[] data, int offset, int length) {
        try {
            return call.reply(data, offset, length);
        } catch (ProtocolViolationException e) {
            return e;
        }
    }

    /** The exception, or the reply in short (a reply of many entries would make a message of megabytes). */
    private static String describe(Object outcome) {
        if (outcome instanceof Throwable t) {
            return t.getClass().getSimpleName() + ": " + t.getMessage();
        }
        EnumReply<?> r = (EnumReply<?>) outcome;
        List<?> entries = r.entries() == null ? List.of() : r.entries();
        return "a reply at level " + r.level() + " with " + (r.entries() == null ? "a NULL buffer" : entries.size()
                + " entries" + (entries.isEmpty() ? "" : ", the first " + entries.get(0))) + ", TotalEntries "
                + r.totalEntries() + ", ResumeHandle " + r.resumeHandle() + ", status " + r.status();
    }

    /** What a reply may hold is bounded by the bytes that carried it. */
    private static void checkBounded(EnumCall call, EnumReply<?> reply, int length) {
        if (reply.entries() == null) {
            return;
        }
        int n = reply.entries().size();
        int entrySize = call.entrySize(reply.level());
        assertTrue(entrySize > 0, n + " entries at level " + reply.level() + ", which has no array in " + call);
        assertTrue(FIXED_BYTES + (long) n * entrySize <= length,
                n + " entries at level " + reply.level() + " from " + length + " bytes");
        Class<?> kind = call.entryType(reply.level());
        long stringBytes = 0;
        for (Object e : reply.entries()) {
            assertTrue(kind.isInstance(e), e + " at level " + reply.level());
            for (Optional<String> s : call.strings(e)) {
                // Each string costs 12 header bytes and 2 per unit, NUL included, on the wire.
                stringBytes += s.map(text -> 14L + 2L * text.length()).orElse(0L);
            }
        }
        assertTrue(FIXED_BYTES + (long) n * entrySize + stringBytes <= length,
                "entries and strings need " + (FIXED_BYTES + (long) n * entrySize + stringBytes) + " bytes, the stub has "
                        + length);
    }

    /**
     * Checks, at every level of {@code call} that has an array, a reply of {@code n} entries whose
     * members are all 0 (DWORDs 0, strings NULL): the most entries per stub byte, so the most
     * allocated per stub byte, past the allowance every stub gets whatever its length.
     */
    static void checkDenseReplies(EnumCall call, int n) {
        for (int level = 0; level <= 502; level++) {
            int size = call.entrySize(level);
            if (size < 0) {
                continue;
            }
            byte[] stub = new byte[FIXED_BYTES + n * size];
            int[] header = {level, level, 0x20000, n, 0x20004, n};
            for (int i = 0; i < header.length; i++) {
                LittleEndian.u32(stub, 4 * i, header[i]);
            }
            LittleEndian.u32(stub, 24 + n * size, n);   // TotalEntries; ResumeHandle NULL and status 0 follow
            check(call, stub);
        }
    }

    /**
     * The seeds in {@code golden} (a directory below the module) are {@code call}'s reply vectors'
     * bytes, one raw file per {@code .ndr} file, named after it. Run with {@code
     * -Dnetconn.fuzz.writeSeeds=true} to write them after the vectors change.
     */
    static void assertGoldenSeeds(EnumCall call, Path golden) throws Exception {
        Map<String, byte[]> expected = new TreeMap<>();
        call.replies().forEach(v -> expected.put(v.name().replaceFirst("\\.ndr$", ""), v.stub()));
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve(golden);
        FuzzSeeds.assertCommitted(dir, expected, "golden seeds");
    }
}
