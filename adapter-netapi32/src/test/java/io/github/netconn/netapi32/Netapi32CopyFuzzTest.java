package io.github.netconn.netapi32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.testkit.FuzzSeeds;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing, with Jazzer, of the copy out of the native buffer: a binding that answers
 * {@code NetConnectionEnum} with a status, counts and a buffer of CONNECTION_INFO_0/1 built from the
 * fuzz input. Every input ends in a page that holds exactly what the buffer held, or in a typed
 * {@link NetConnException}; no runtime exception escapes, no Error hides in a cause, and every
 * buffer is freed exactly once.
 *
 * <p>The binding never hands out an address outside memory it allocated. Every buffer is one JNA
 * {@link Memory} block laid out as Windows lays it out: the structures, then the string area, into
 * which every string pointer points, then (unless the input says not to) four zero bytes, so that
 * a string without its own NUL still ends inside the block. Its NetApiBufferSize gives the
 * block's size.
 *
 * <p>{@code mvn verify} runs {@link #enumeratePage} once per seed in {@code
 * src/test/resources/io/github/netconn/netapi32/Netapi32CopyFuzzTestInputs/enumeratePage}
 * ({@code cases/} is written by {@link #seedCasesAreTheCommittedSeeds}). Fuzzing for longer: {@code
 * JAZZER_FUZZ=1 mvn -pl adapter-netapi32 -am verify -Dtest=Netapi32CopyFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=10m -DargLine=-Xmx256m}
 * (see Fuzzing in docs/testing.md).
 */
class Netapi32CopyFuzzTest {

    static final Path SEED_CASES = Path.of("src/test/resources/io/github/netconn/netapi32",
            "Netapi32CopyFuzzTestInputs", "enumeratePage", "cases");

    private static final int ERROR_MORE_DATA = 234;
    private static final int POINTER = Native.POINTER_SIZE;
    /** CONNECTION_INFO_1: five DWORDs, padding to pointer alignment, two pointers. */
    private static final int LEVEL_1_SIZE = (20 + POINTER - 1) / POINTER * POINTER + 2 * POINTER;
    private static final int TAIL_ZEROS = 4;
    private static final int MAX_SLOTS = 63;
    private static final int MAX_AREA = 0x1FFF;
    private static final int ERROR_INVALID_PARAMETER = 87;

    private static final Fake FAKE = new Fake();
    private static final Netapi32ConnectionEnumerator ENUMERATOR =
            new Netapi32ConnectionEnumerator(FAKE, "fuzzed", Duration.ofSeconds(5));

    @FuzzTest(maxDuration = "2m")
    @Timeout(10) // per seed; when fuzzing, per input (libFuzzer -timeout), and the fuzz profile keeps JUnit off the whole run
    void enumeratePage(byte[] input) {
        Plan plan = Plan.parse(input);
        FAKE.begin(plan);
        ConnectionQuery<?> query = ConnectionQuery.local(Qualifier.of("DATA"), plan.level);
        boolean success = plan.status == 0 || plan.status == ERROR_MORE_DATA;
        try {
            Page<?> page = ENUMERATOR.enumeratePage(query, PageSize.ALL, ResumeHandle.START);
            assertTrue(success, "a page for status " + plan.status);
            assertFalse(plan.refused(), "a page for an answer a correct copy refuses: entriesread "
                    + Integer.toUnsignedLong(plan.entriesRead) + ", " + plan.fields.length + " structures in a block of "
                    + plan.blockSize() + " bytes, NetApiBufferSize failing " + plan.sizeFails + ", zero tail " + plan.tail);
            assertEquals(plan.expectedEntries(), page.entries(), "the entries in the buffer");
            assertEquals(Integer.toUnsignedLong(plan.totalEntries), page.totalEntries(), "totalEntries");
            assertEquals(new ResumeHandle(Integer.toUnsignedLong(plan.resumeHandle)), page.resumeHandle(), "resume handle");
            assertEquals(plan.status == ERROR_MORE_DATA, page.moreData(), "moreData");
        } catch (NetConnTimeoutException e) {
            fail("the copy hung: " + e.getMessage(), e);
        } catch (ProtocolViolationException e) {
            assertTrue(success, "status " + plan.status + " reported as a protocol violation: " + e.getMessage());
            assertTrue(plan.refused(), "a buffer that holds its entries refused: " + e.getMessage());
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof Error) {
                    fail("an Error behind the protocol violation: " + e.getMessage(), e);
                }
            }
        } catch (NetConnException e) {
            assertFalse(success, "status " + plan.status + " reported as " + e);
        } finally {
            FAKE.checkEveryBufferFreedOnce();
        }
    }

    /**
     * One answer of the binding, read from the fuzz input (bytes past its end read as 0):
     * <pre>
     * u8  shape: bits 0-1 status (0 NERR_Success, 1 ERROR_MORE_DATA, 2 from the input, 3 ERROR_ACCESS_DENIED),
     *            bit 2 NULL buffer, bit 3 level 1 (else 0),
     *            bits 4-5 entriesRead (0 or 1 the slots, 2 from the input, 3 zero),
     *            bit 6 NetApiBufferSize fails, bit 7 no zero bytes after the string area
     * u8  slots (0..63): structures in the buffer
     * u16 string area bytes (0..8191)
     * [i32 status] [i32 entriesRead] i32 totalEntries, i32 resume handle
     * per slot: i32 coni0_id, or i32 ×5 and u16 ×2 string selectors (0 NULL, else an offset into the area)
     * the string area (placed after the structures in the block)
     * </pre>
     * A count larger than the structures is claimed only where the enumerator must refuse it
     * before reading: a NULL buffer, a failing status or NetApiBufferSize, or more entries than the
     * whole block could hold. A count the block could hold would have the enumerator read string
     * bytes as structures, which no plan predicts (BufferHandlingTest shows such a lie caught by
     * the strings); it is reduced modulo the structures plus one instead.
     */
    record Plan(ConnectionLevel<?> level, int status, boolean nullBuffer, boolean sizeFails, int tail, int entriesRead,
                int totalEntries, int resumeHandle, int[][] fields, int[][] strings, byte[] area) {

        static Plan parse(byte[] input) {
            Cursor in = new Cursor(input);
            int shape = in.u8();
            int slots = Math.min(in.u8(), MAX_SLOTS);
            int areaSize = in.u16() & MAX_AREA;
            ConnectionLevel<?> level = (shape & 8) != 0 ? ConnectionLevel.LEVEL_1 : ConnectionLevel.LEVEL_0;
            int status = switch (shape & 3) {
                case 0 -> 0;
                case 1 -> ERROR_MORE_DATA;
                case 2 -> in.i32();
                default -> 5;
            };
            boolean nullBuffer = (shape & 4) != 0;
            boolean sizeFails = (shape & 0x40) != 0;
            int tail = (shape & 0x80) != 0 ? 0 : TAIL_ZEROS;
            int entriesRead = switch ((shape >> 4) & 3) {
                case 2 -> in.i32();
                case 3 -> 0;
                default -> slots;
            };
            int structSize = level == ConnectionLevel.LEVEL_0 ? 4 : LEVEL_1_SIZE;
            long n = Integer.toUnsignedLong(entriesRead);
            boolean read = !nullBuffer && !sizeFails && (status == 0 || status == ERROR_MORE_DATA);
            if (read && n > slots && n * structSize <= blockSize(slots, structSize, areaSize, tail)) {
                entriesRead = Integer.remainderUnsigned(entriesRead, slots + 1);
            }
            int totalEntries = in.i32();
            int resumeHandle = in.i32();
            int[][] fields = new int[slots][];
            int[][] strings = new int[slots][];
            for (int i = 0; i < slots; i++) {
                if (level == ConnectionLevel.LEVEL_0) {
                    fields[i] = new int[] {in.i32()};
                } else {
                    fields[i] = new int[] {in.i32(), in.i32(), in.i32(), in.i32(), in.i32()};
                    strings[i] = new int[] {selector(in.u16(), areaSize), selector(in.u16(), areaSize)};
                }
            }
            byte[] area = in.bytes(areaSize);
            return new Plan(level, status, nullBuffer, sizeFails, tail, entriesRead, totalEntries, resumeHandle, fields,
                    strings, area);
        }

        /** The structures, the area and its tail; never 0, which JNA cannot allocate. */
        private static long blockSize(int slots, int structSize, int areaSize, int tail) {
            return Math.max(1, (long) slots * structSize + areaSize + tail);
        }

        long blockSize() {
            return blockSize(fields.length, structSize(), area.length, tail);
        }

        /** An offset into the string area, at most its size (where the tail of zeros begins); -1 for NULL. */
        private static int selector(int value, int areaSize) {
            return value == 0 ? -1 : (value - 1) % (areaSize + 1);
        }

        int structSize() {
            return level == ConnectionLevel.LEVEL_0 ? 4 : LEVEL_1_SIZE;
        }

        /**
         * Whether a correct copy refuses the page, for a successful status: it claims entries from a
         * NULL buffer, NetApiBufferSize fails, the block cannot hold them (see above: a count larger
         * than the structures is never one the block holds), or a string runs off the block's end.
         */
        boolean refused() {
            long n = Integer.toUnsignedLong(entriesRead);
            if (n == 0) {
                return false;
            }
            if (nullBuffer || sizeFails || n > fields.length) {
                return true;
            }
            for (int i = 0; level == ConnectionLevel.LEVEL_1 && i < n; i++) {
                for (int offset : strings[i]) {
                    if (offset >= 0 && string(offset) == null) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The entries a correct copy returns; only asked when it returned a page. */
        List<ConnectionInfo> expectedEntries() {
            long n = Integer.toUnsignedLong(entriesRead);
            assertTrue(n == 0 || !nullBuffer && n <= fields.length,
                    "a page of " + n + " entries from " + (nullBuffer ? "a NULL buffer" : fields.length + " structures"));
            List<ConnectionInfo> entries = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int[] f = fields[i];
                entries.add(level == ConnectionLevel.LEVEL_0 ? new ConnectionInfo.Level0(Integer.toUnsignedLong(f[0]))
                        : ConnectionInfo.Level1.of(Integer.toUnsignedLong(f[0]), Integer.toUnsignedLong(f[1]),
                                Integer.toUnsignedLong(f[2]), Integer.toUnsignedLong(f[3]), Integer.toUnsignedLong(f[4]),
                                string(strings[i][0]), string(strings[i][1])));
            }
            return entries;
        }

        /**
         * UTF-16LE units from {@code offset} in the area up to the first NUL unit (the zero tail, if
         * there is one, ends it); null for a NULL pointer and for a string that runs off the block.
         */
        private String string(int offset) {
            if (offset < 0) {
                return null;
            }
            byte[] rest = Arrays.copyOf(area, area.length + tail);
            StringBuilder s = new StringBuilder();
            for (int p = offset; p + 2 <= rest.length; p += 2) {
                char c = (char) ((rest[p] & 0xFF) | (rest[p + 1] & 0xFF) << 8);
                if (c == 0) {
                    return s.toString();
                }
                s.append(c);
            }
            return null;
        }
    }

    /** Little-endian reads that yield zeros past the end of the input. */
    private static final class Cursor {
        private final byte[] data;
        private int pos;

        Cursor(byte[] data) {
            this.data = data;
        }

        int u8() {
            return pos < data.length ? data[pos++] & 0xFF : 0;
        }

        int u16() {
            return u8() | u8() << 8;
        }

        int i32() {
            return u16() | u16() << 16;
        }

        byte[] bytes(int n) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) u8();
            }
            return b;
        }
    }

    /** The binding: builds each answer in fresh JNA memory and records every allocation and free. */
    private static final class Fake implements Netapi32 {
        private Plan plan;
        /** Kept until the next input, so that no block is released while the enumerator reads it. */
        private final List<Memory> blocks = new ArrayList<>();
        private final List<Long> allocated = new ArrayList<>();
        private final Map<Long, Integer> frees = new LinkedHashMap<>();

        synchronized void begin(Plan next) {
            plan = next;
            blocks.clear();
            allocated.clear();
            frees.clear();
        }

        @Override
        public synchronized int NetConnectionEnum(Pointer servername, Pointer qualifier, int level,
                                                  PointerByReference bufptr, int prefmaxlen,
                                                  IntByReference entriesread, IntByReference totalentries,
                                                  IntByReference resume_handle) {
            assertEquals(plan.level.value(), level, "the level asked for");
            if (!plan.nullBuffer) {
                bufptr.setValue(build(plan));
            }
            entriesread.setValue(plan.entriesRead);
            totalentries.setValue(plan.totalEntries);
            resume_handle.setValue(plan.resumeHandle);
            return plan.status;
        }

        /**
         * One block, to whose start the buffer pointer points: the structures, the string area,
         * its zero tail. String pointers are plain addresses, as Netapi32's are; one may point at
         * the very end of the block, where a missing tail leaves nothing to read.
         */
        private Pointer build(Plan p) {
            long areaStart = (long) p.fields.length * p.structSize();
            Memory m = new Memory(p.blockSize());
            m.clear();
            m.write(areaStart, p.area, 0, p.area.length);
            blocks.add(m);
            allocated.add(Pointer.nativeValue(m));
            for (int i = 0; i < p.fields.length; i++) {
                long at = (long) i * p.structSize();
                for (int f = 0; f < p.fields[i].length; f++) {
                    m.setInt(at + 4L * f, p.fields[i][f]);
                }
                if (p.level == ConnectionLevel.LEVEL_1) {
                    for (int s = 0; s < 2; s++) {
                        int offset = p.strings[i][s];
                        m.setPointer(at + LEVEL_1_SIZE - (2L - s) * POINTER,
                                offset < 0 ? null : new Pointer(Pointer.nativeValue(m) + areaStart + offset));
                    }
                }
            }
            return m;
        }

        @Override
        public synchronized int NetApiBufferFree(Pointer buffer) {
            frees.merge(Pointer.nativeValue(buffer), 1, Integer::sum);
            return 0;
        }

        /** The size of a block handed out, as Netapi32 gives it; 87 for any other pointer, or when the plan says so. */
        @Override
        public synchronized int NetApiBufferSize(Pointer buffer, IntByReference bytecount) {
            if (plan.sizeFails) {
                return ERROR_INVALID_PARAMETER;
            }
            for (Memory m : blocks) {
                if (Pointer.nativeValue(m) == Pointer.nativeValue(buffer)) {
                    bytecount.setValue((int) m.size());
                    return 0;
                }
            }
            return ERROR_INVALID_PARAMETER;
        }

        synchronized void checkEveryBufferFreedOnce() {
            Map<Long, Integer> expected = new LinkedHashMap<>();
            for (long buffer : allocated) {
                expected.put(buffer, 1);
            }
            assertEquals(expected, frees, "NetApiBufferFree calls per buffer");
        }
    }

    /** Seeds for the cases the golden vectors and BufferHandlingTest cover, in the input format above. */
    static Map<String, byte[]> seedCases() {
        Map<String, byte[]> seeds = new TreeMap<>();
        seeds.put("l0-empty", new Seed(0, 0).bytes());
        seeds.put("l0-one", new Seed(0, 0).l0(7).bytes());
        seeds.put("l0-five", new Seed(0, 0).l0(1).l0(2).l0(3).l0(4).l0(5).total(5).bytes());
        seeds.put("l0-more-data", new Seed(1, 0).l0(1).l0(2).total(9).resume(2).bytes());
        seeds.put("l0-all-dwords-max", new Seed(1, 0).l0(-1).total(-1).resume(-1).bytes());
        seeds.put("l0-count-reduced", new Seed(0, 0x20).entriesRead(3).l0(1).l0(2).bytes());
        seeds.put("l0-count-past-buffer", new Seed(0, 0x20).entriesRead(7).l0(1).l0(2).bytes());
        seeds.put("l1-count-past-buffer", new Seed(0, 0x28).entriesRead(2).l1("alice", "DATA").bytes());
        seeds.put("l0-count-2147483647", new Seed(0, 0x20).entriesRead(Integer.MAX_VALUE).l0(1).bytes());
        seeds.put("l1-count-4294967295", new Seed(0, 0x28).entriesRead(-1).l1("a", "b").bytes());
        seeds.put("l1-one", new Seed(0, 8).l1("alice", "DATA").total(1).bytes());
        seeds.put("l1-five", five().bytes());
        seeds.put("l1-more-data", new Seed(1, 8).l1("alice", "DATA").l1("bob", "DATA").total(7).resume(2).bytes());
        seeds.put("l1-null-strings", new Seed(0, 8).l1(null, null).l1(null, "WS01").l1("carol", null).bytes());
        seeds.put("l1-empty-strings", new Seed(0, 8).l1("", "").bytes());
        seeds.put("l1-unicode", new Seed(0, 8).l1("J\u00fcrgen \u00c5ngstr\u00f6m \u6771\u4eac", "\ud83d\ude00 lone \ud800 x").bytes());
        seeds.put("l1-1023-char-names", new Seed(0, 8).l1("u".repeat(1023), "n".repeat(1023)).bytes());
        seeds.put("l1-all-dwords-max", new Seed(0, 8).l1(-1, "x", "y").total(-1).resume(-1).bytes());
        seeds.put("l1-shared-string", new Seed(0, 8).l1("same", "same").bytes());
        seeds.put("l1-string-without-nul", new Seed(0, 8).l1("alice", "DATA").areaWithoutNul("ABCDE").bytes());
        seeds.put("l1-no-tail", new Seed(0, 0x88).l1("alice", "DATA").l1(null, "WS02").bytes());
        seeds.put("l1-string-runs-off-the-buffer", new Seed(0, 0x88).l1("alice", "DATA").areaWithoutNul("ABCDE").bytes());
        seeds.put("size-query-fails", new Seed(1, 0x40).l0(1).l0(2).total(3).bytes());
        seeds.put("null-buffer-no-entries", new Seed(0, 4).bytes());
        seeds.put("null-buffer-claims-entries", new Seed(0, 0x24).entriesRead(2).bytes());
        seeds.put("error-5-with-buffer", new Seed(3, 0).l0(1).bytes());
        seeds.put("error-53-host-unreachable", new Seed(2, 4).status(53).bytes());
        seeds.put("error-1326-logon-failure", new Seed(2, 4).status(1326).bytes());
        seeds.put("error-2310-with-buffer", new Seed(2, 8).status(2310).l1("alice", "DATA").bytes());
        seeds.put("error-124-invalid-level", new Seed(2, 0x34).status(124).bytes());
        return seeds;
    }

    private static Seed five() {
        Seed s = new Seed(0, 8);
        for (int i = 1; i <= 5; i++) {
            s.l1("user" + i, "WS0" + i);
        }
        return s.total(5);
    }

    /** Writes one input in the format {@link Plan#parse} reads; strings go to the area, each with its NUL. */
    private static final class Seed {
        private final int shape;
        private int status;
        private Integer entries; // null: the shape's entriesRead mode, not a value in the input
        private int total;
        private int resume;
        private final ByteArrayOutputStream slots = new ByteArrayOutputStream();
        private int count;
        private final List<String> area = new ArrayList<>();
        private final List<Integer> selectors = new ArrayList<>();
        private String unterminated = "";

        Seed(int statusMode, int flags) {
            this.shape = statusMode | flags;
        }

        Seed status(int value) {
            status = value;
            return this;
        }

        Seed entriesRead(int value) {
            entries = value;
            return this;
        }

        Seed total(int value) {
            total = value;
            return this;
        }

        Seed resume(int value) {
            resume = value;
            return this;
        }

        Seed l0(int id) {
            int32(slots, id);
            count++;
            return this;
        }

        Seed l1(String user, String net) {
            return l1(count + 1, user, net);
        }

        Seed l1(int id, String user, String net) {
            int[] values = id == -1 ? new int[] {-1, -1, -1, -1, -1} : new int[] {id, 0, 2, 1, 300};
            for (int v : values) {
                int32(slots, v);
            }
            selectors.add(slots.size());
            int16(slots, 0);
            int16(slots, 0);
            area.add(user);
            area.add(net);
            count++;
            return this;
        }

        /** Ends the area with units and no NUL: the buffer's zero tail ends the last string. */
        Seed areaWithoutNul(String units) {
            unterminated = units;
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream strings = new ByteArrayOutputStream();
            byte[] slotBytes = slots.toByteArray();
            Map<String, Integer> offsets = new LinkedHashMap<>();
            for (int i = 0; i < area.size(); i++) {
                String s = area.get(i);
                if (s == null) {
                    continue;
                }
                Integer at = offsets.get(s);
                if (at == null) {
                    at = strings.size();
                    offsets.put(s, at);
                    utf16(strings, s + "\0");
                }
                int where = selectors.get(i / 2) + 2 * (i % 2);
                slotBytes[where] = (byte) (at + 1);
                slotBytes[where + 1] = (byte) ((at + 1) >> 8);
            }
            if (!unterminated.isEmpty()) {
                int at = strings.size();
                utf16(strings, unterminated);
                slotBytes[selectors.get(0) + 2] = (byte) (at + 1); // the first entry's netname
                slotBytes[selectors.get(0) + 3] = (byte) ((at + 1) >> 8);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(shape | (entries != null ? 0x20 : 0));
            out.write(count);
            int16(out, strings.size());
            if ((shape & 3) == 2) {
                int32(out, status);
            }
            if (entries != null) {
                int32(out, entries);
            }
            int32(out, total);
            int32(out, resume);
            out.writeBytes(slotBytes);
            out.writeBytes(strings.toByteArray());
            return out.toByteArray();
        }

        private static void utf16(ByteArrayOutputStream out, String s) {
            for (int i = 0; i < s.length(); i++) {
                int16(out, s.charAt(i));
            }
        }

        private static void int16(ByteArrayOutputStream out, int v) {
            out.write(v);
            out.write(v >> 8);
        }

        private static void int32(ByteArrayOutputStream out, int v) {
            int16(out, v);
            int16(out, v >> 16);
        }
    }

    /**
     * The seeds in {@code cases/} are {@link #seedCases()}, and each parses to the case it names
     * (checked by its shape, not just its bytes). Run once with {@code -Dnetconn.fuzz.writeSeeds=true}
     * to write them after the cases change.
     */
    @Test
    void seedCasesAreTheCommittedSeeds() throws Exception {
        Map<String, byte[]> expected = seedCases();
        Path dir = Path.of(System.getProperty("basedir", ".")).resolve(SEED_CASES);
        FuzzSeeds.assertCommitted(dir, expected, "seed cases");
        Plan unicode = Plan.parse(expected.get("l1-unicode"));
        ConnectionInfo.Level1 entry = (ConnectionInfo.Level1) unicode.expectedEntries().get(0);
        assertEquals("\ud83d\ude00 lone \ud800 x", entry.netName().orElseThrow());
        Plan longNames = Plan.parse(expected.get("l1-1023-char-names"));
        assertEquals(1023, ((ConnectionInfo.Level1) longNames.expectedEntries().get(0)).userName().orElseThrow().length());
        Plan noNul = Plan.parse(expected.get("l1-string-without-nul"));
        assertEquals("ABCDE", ((ConnectionInfo.Level1) noNul.expectedEntries().get(0)).netName().orElseThrow());
        assertEquals(Integer.MAX_VALUE, Plan.parse(expected.get("l0-count-2147483647")).entriesRead());
        assertEquals(-1, Plan.parse(expected.get("l1-count-4294967295")).entriesRead());
        assertEquals(0, Plan.parse(expected.get("l0-count-reduced")).entriesRead(), "3 entries fit in 2 and the tail");
        assertEquals(7, Plan.parse(expected.get("l0-count-past-buffer")).entriesRead());
        assertEquals(2, Plan.parse(expected.get("null-buffer-claims-entries")).entriesRead());
        for (String refused : List.of("l0-count-past-buffer", "l1-count-past-buffer", "l1-count-4294967295",
                "l1-string-runs-off-the-buffer", "size-query-fails", "null-buffer-claims-entries")) {
            assertTrue(Plan.parse(expected.get(refused)).refused(), refused);
        }
        for (String read : List.of("l0-count-reduced", "l1-no-tail", "l1-string-without-nul", "l1-five")) {
            assertFalse(Plan.parse(expected.get(read)).refused(), read);
        }
        assertEquals(Netapi32.CONNECTION_INFO_1.SIZE, LEVEL_1_SIZE, "the model's CONNECTION_INFO_1 is the binding's");
    }
}
