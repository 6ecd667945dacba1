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
import io.github.netconn.api.FileInfo;
import io.github.netconn.api.FileLevel;
import io.github.netconn.api.FileQuery;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.SessionInfo;
import io.github.netconn.api.SessionLevel;
import io.github.netconn.api.SessionQuery;
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
 * {@code NetConnectionEnum}, {@code NetSessionEnum} or {@code NetFileEnum} with a status, counts, a
 * resume handle and a buffer of one of their nine structures (CONNECTION_INFO_0/1,
 * SESSION_INFO_0/1/2/10/502, FILE_INFO_2/3) built from the fuzz input. Every input ends in a page that
 * holds exactly what the buffer held, or in a typed {@link NetConnException}; no runtime exception
 * escapes, no Error hides in a cause, and every buffer is freed exactly once.
 *
 * <p>The structures are modelled here independently of the binding: as their fields in lmshare.h's
 * order, DWORDs and string pointers, each aligned to its size, the whole to its largest field (the
 * rule mingw-w64 and MSVC share). {@link #seedCasesAreTheCommittedSeeds} holds the model's sizes to
 * the binding's.
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
        boolean success = plan.status == 0 || plan.status == ERROR_MORE_DATA;
        try {
            Page<?> page = plan.shape.page(ENUMERATOR);
            assertTrue(success, "a page for status " + plan.status);
            assertFalse(plan.refused(), "a page for an answer a correct copy refuses: " + plan.shape
                    + ", entriesread " + Integer.toUnsignedLong(plan.entriesRead) + ", " + plan.fields.length
                    + " structures in a block of " + plan.blockSize() + " bytes, NetApiBufferSize failing "
                    + plan.sizeFails + ", zero tail " + plan.tail + ", resume handle " + plan.resumeHandleOut());
            assertEquals(plan.expectedEntries(), page.entries(), "the entries in the buffer");
            assertEquals(Integer.toUnsignedLong(plan.totalEntries), page.totalEntries(), "totalEntries");
            assertEquals(new ResumeHandle(plan.resumeHandleOut()), page.resumeHandle(), "resume handle");
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
     * The nine structures, as the model sees them: the function, the level and the fields in
     * order, {@code D} a DWORD and {@code S} a string pointer.
     */
    enum Shape {
        CONNECTION_INFO_0("NetConnectionEnum", 0, "D"),
        CONNECTION_INFO_1("NetConnectionEnum", 1, "DDDDDSS"),
        SESSION_INFO_0("NetSessionEnum", 0, "S"),
        SESSION_INFO_1("NetSessionEnum", 1, "SSDDDD"),
        SESSION_INFO_2("NetSessionEnum", 2, "SSDDDDS"),
        SESSION_INFO_10("NetSessionEnum", 10, "SSDD"),
        SESSION_INFO_502("NetSessionEnum", 502, "SSDDDDSS"),
        FILE_INFO_2("NetFileEnum", 2, "D"),
        FILE_INFO_3("NetFileEnum", 3, "DDDSS");

        final String function;
        final int level;
        final String fields;

        Shape(String function, int level, String fields) {
            this.function = function;
            this.level = level;
            this.fields = fields;
        }

        /** Each field at the next multiple of its own size. */
        int offset(int field) {
            int at = 0;
            for (int i = 0; i <= field; i++) {
                int size = fieldSize(i);
                at = (at + size - 1) / size * size;
                if (i < field) {
                    at += size;
                }
            }
            return at;
        }

        /** Up to the last field's end, padded to the largest field's size. */
        int size() {
            int last = fields.length() - 1;
            int end = offset(last) + fieldSize(last);
            int align = fields.contains("S") ? POINTER : 4;
            return (end + align - 1) / align * align;
        }

        private int fieldSize(int field) {
            return fields.charAt(field) == 'S' ? POINTER : 4;
        }

        int dwords() {
            return (int) fields.chars().filter(c -> c == 'D').count();
        }

        int strings() {
            return fields.length() - dwords();
        }

        /** A query of this structure's function and level, on the local computer, for one page. */
        Page<?> page(Netapi32ConnectionEnumerator e) throws NetConnException {
            return switch (function) {
                case "NetConnectionEnum" -> e.enumeratePage(ConnectionQuery.local(Qualifier.of("DATA"),
                        ConnectionLevel.of(level)), PageSize.ALL, ResumeHandle.START);
                case "NetSessionEnum" -> e.enumeratePage(SessionQuery.local(SessionLevel.of(level)), PageSize.ALL,
                        ResumeHandle.START);
                default -> e.enumeratePage(FileQuery.local(FileLevel.of(level)), PageSize.ALL, ResumeHandle.START);
            };
        }

        /** The record of one structure with these DWORDs and strings, each in field order. */
        Object entry(long[] d, String[] s) {
            return switch (this) {
                case CONNECTION_INFO_0 -> new ConnectionInfo.Level0(d[0]);
                case CONNECTION_INFO_1 -> ConnectionInfo.Level1.of(d[0], d[1], d[2], d[3], d[4], s[0], s[1]);
                case SESSION_INFO_0 -> SessionInfo.Level0.of(s[0]);
                case SESSION_INFO_1 -> SessionInfo.Level1.of(s[0], s[1], d[0], d[1], d[2], d[3]);
                case SESSION_INFO_2 -> SessionInfo.Level2.of(s[0], s[1], d[0], d[1], d[2], d[3], s[2]);
                case SESSION_INFO_10 -> SessionInfo.Level10.of(s[0], s[1], d[0], d[1]);
                case SESSION_INFO_502 -> SessionInfo.Level502.of(s[0], s[1], d[0], d[1], d[2], d[3], s[2], s[3]);
                case FILE_INFO_2 -> new FileInfo.Level2(d[0]);
                case FILE_INFO_3 -> FileInfo.Level3.of(d[0], d[1], d[2], s[0], s[1]);
            };
        }
    }

    /**
     * One answer of the binding, read from the fuzz input (bytes past its end read as 0):
     * <pre>
     * u8  shape: bits 0-1 status (0 NERR_Success, 1 ERROR_MORE_DATA, 2 from the input, 3 ERROR_ACCESS_DENIED),
     *            bit 2 NULL buffer, bit 3 NetFileEnum's resume handle comes back with 2^32 added,
     *            bits 4-5 entriesRead (0 or 1 the slots, 2 from the input, 3 zero),
     *            bit 6 NetApiBufferSize fails, bit 7 no zero bytes after the string area
     * u8  structure: the {@link Shape}, modulo 9
     * u8  slots (0..63): structures in the buffer
     * u16 string area bytes (0..8191)
     * [i32 status] [i32 entriesRead] i32 totalEntries, i32 resume handle
     * per slot, per field in order: i32 for a DWORD, u16 for a string (0 NULL, else an offset into the area)
     * the string area (placed after the structures in the block)
     * </pre>
     * A count larger than the structures is claimed only where the enumerator must refuse it
     * before reading: a NULL buffer, a failing status or NetApiBufferSize, or more entries than the
     * whole block could hold. A count the block could hold would have the enumerator read string
     * bytes as structures, which no plan predicts (BufferHandlingTest shows such a lie caught by
     * the strings); it is reduced modulo the structures plus one instead.
     */
    record Plan(Shape shape, int status, boolean nullBuffer, boolean sizeFails, int tail, boolean resumePastDword,
                int entriesRead, int totalEntries, int resumeHandle, long[][] fields, int[][] strings, byte[] area) {

        static Plan parse(byte[] input) {
            Cursor in = new Cursor(input);
            int flags = in.u8();
            Shape shape = Shape.values()[in.u8() % Shape.values().length];
            int slots = Math.min(in.u8(), MAX_SLOTS);
            int areaSize = in.u16() & MAX_AREA;
            int status = switch (flags & 3) {
                case 0 -> 0;
                case 1 -> ERROR_MORE_DATA;
                case 2 -> in.i32();
                default -> 5;
            };
            boolean nullBuffer = (flags & 4) != 0;
            boolean resumePastDword = (flags & 8) != 0 && shape.function.equals("NetFileEnum");
            boolean sizeFails = (flags & 0x40) != 0;
            int tail = (flags & 0x80) != 0 ? 0 : TAIL_ZEROS;
            int entriesRead = switch ((flags >> 4) & 3) {
                case 2 -> in.i32();
                case 3 -> 0;
                default -> slots;
            };
            long n = Integer.toUnsignedLong(entriesRead);
            boolean read = !nullBuffer && !sizeFails && (status == 0 || status == ERROR_MORE_DATA);
            if (read && n > slots && n * shape.size() <= blockSize(slots, shape.size(), areaSize, tail)) {
                entriesRead = Integer.remainderUnsigned(entriesRead, slots + 1);
            }
            int totalEntries = in.i32();
            int resumeHandle = in.i32();
            long[][] fields = new long[slots][shape.dwords()];
            int[][] strings = new int[slots][shape.strings()];
            for (int i = 0; i < slots; i++) {
                for (int f = 0, d = 0, s = 0; f < shape.fields.length(); f++) {
                    if (shape.fields.charAt(f) == 'D') {
                        fields[i][d++] = Integer.toUnsignedLong(in.i32());
                    } else {
                        strings[i][s++] = selector(in.u16(), areaSize);
                    }
                }
            }
            byte[] area = in.bytes(areaSize);
            return new Plan(shape, status, nullBuffer, sizeFails, tail, resumePastDword, entriesRead, totalEntries,
                    resumeHandle, fields, strings, area);
        }

        /** The structures, the area and its tail; never 0, which JNA cannot allocate. */
        private static long blockSize(int slots, int structSize, int areaSize, int tail) {
            return Math.max(1, (long) slots * structSize + areaSize + tail);
        }

        long blockSize() {
            return blockSize(fields.length, shape.size(), area.length, tail);
        }

        /** An offset into the string area, at most its size (where the tail of zeros begins); -1 for NULL. */
        private static int selector(int value, int areaSize) {
            return value == 0 ? -1 : (value - 1) % (areaSize + 1);
        }

        /** The resume handle as the binding writes it back: for NetFileEnum a pointer-sized value. */
        long resumeHandleOut() {
            return Integer.toUnsignedLong(resumeHandle) + (resumePastDword ? 1L << 32 : 0);
        }

        /**
         * Whether a correct enumerator refuses the page, for a successful status: it claims entries
         * from a NULL buffer, NetApiBufferSize fails, the block cannot hold them (see above: a count
         * larger than the structures is never one the block holds), a string runs off the block's
         * end, or the resume handle came back past a DWORD.
         */
        boolean refused() {
            if (resumePastDword) {
                return true;
            }
            long n = Integer.toUnsignedLong(entriesRead);
            if (n == 0) {
                return false;
            }
            if (nullBuffer || sizeFails || n > fields.length) {
                return true;
            }
            for (int i = 0; i < n; i++) {
                for (int offset : strings[i]) {
                    if (offset >= 0 && string(offset) == null) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The entries a correct copy returns; only asked when it returned a page. */
        List<Object> expectedEntries() {
            long n = Integer.toUnsignedLong(entriesRead);
            assertTrue(n == 0 || !nullBuffer && n <= fields.length,
                    "a page of " + n + " entries from " + (nullBuffer ? "a NULL buffer" : fields.length + " structures"));
            List<Object> entries = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String[] s = new String[strings[i].length];
                for (int j = 0; j < s.length; j++) {
                    s[j] = string(strings[i][j]);
                }
                entries.add(shape.entry(fields[i], s));
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
            resume_handle.setValue(plan.resumeHandle);
            return answer("NetConnectionEnum", level, bufptr, entriesread, totalentries);
        }

        @Override
        public synchronized int NetSessionEnum(Pointer servername, Pointer UncClientName, Pointer username, int level,
                                               PointerByReference bufptr, int prefmaxlen, IntByReference entriesread,
                                               IntByReference totalentries, IntByReference resume_handle) {
            resume_handle.setValue(plan.resumeHandle);
            return answer("NetSessionEnum", level, bufptr, entriesread, totalentries);
        }

        @Override
        public synchronized int NetFileEnum(Pointer servername, Pointer basepath, Pointer username, int level,
                                            PointerByReference bufptr, int prefmaxlen, IntByReference entriesread,
                                            IntByReference totalentries, DWORD_PTRByReference resume_handle) {
            resume_handle.setValue(plan.resumeHandleOut());
            return answer("NetFileEnum", level, bufptr, entriesread, totalentries);
        }

        private int answer(String function, int level, PointerByReference bufptr, IntByReference entriesread,
                           IntByReference totalentries) {
            assertEquals(plan.shape.function + " level " + plan.shape.level, function + " level " + level,
                    "the function and level called");
            if (!plan.nullBuffer) {
                bufptr.setValue(build(plan));
            }
            entriesread.setValue(plan.entriesRead);
            totalentries.setValue(plan.totalEntries);
            return plan.status;
        }

        /**
         * One block, to whose start the buffer pointer points: the structures, the string area,
         * its zero tail. String pointers are plain addresses, as Netapi32's are; one may point at
         * the very end of the block, where a missing tail leaves nothing to read.
         */
        private Pointer build(Plan p) {
            Shape shape = p.shape;
            long areaStart = (long) p.fields.length * shape.size();
            Memory m = new Memory(p.blockSize());
            m.clear();
            m.write(areaStart, p.area, 0, p.area.length);
            blocks.add(m);
            allocated.add(Pointer.nativeValue(m));
            for (int i = 0; i < p.fields.length; i++) {
                long at = (long) i * shape.size();
                for (int f = 0, d = 0, s = 0; f < shape.fields.length(); f++) {
                    if (shape.fields.charAt(f) == 'D') {
                        m.setInt(at + shape.offset(f), (int) p.fields[i][d++]);
                    } else {
                        int offset = p.strings[i][s++];
                        m.setPointer(at + shape.offset(f),
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
        Shape c0 = Shape.CONNECTION_INFO_0;
        Shape c1 = Shape.CONNECTION_INFO_1;
        seeds.put("l0-empty", new Seed(c0, 0, 0).bytes());
        seeds.put("l0-one", new Seed(c0, 0, 0).add(7).bytes());
        seeds.put("l0-five", new Seed(c0, 0, 0).add(1).add(2).add(3).add(4).add(5).total(5).bytes());
        seeds.put("l0-more-data", new Seed(c0, 1, 0).add(1).add(2).total(9).resume(2).bytes());
        seeds.put("l0-all-dwords-max", new Seed(c0, 1, 0).add(-1).total(-1).resume(-1).bytes());
        seeds.put("l0-count-reduced", new Seed(c0, 0, 0x20).entriesRead(3).add(1).add(2).bytes());
        seeds.put("l0-count-past-buffer", new Seed(c0, 0, 0x20).entriesRead(7).add(1).add(2).bytes());
        seeds.put("l1-count-past-buffer", new Seed(c1, 0, 0x20).entriesRead(2).conn("alice", "DATA").bytes());
        seeds.put("l0-count-2147483647", new Seed(c0, 0, 0x20).entriesRead(Integer.MAX_VALUE).add(1).bytes());
        seeds.put("l1-count-4294967295", new Seed(c1, 0, 0x20).entriesRead(-1).conn("a", "b").bytes());
        seeds.put("l1-one", new Seed(c1, 0, 0).conn("alice", "DATA").total(1).bytes());
        seeds.put("l1-five", five().bytes());
        seeds.put("l1-more-data", new Seed(c1, 1, 0).conn("alice", "DATA").conn("bob", "DATA").total(7).resume(2)
                .bytes());
        seeds.put("l1-null-strings", new Seed(c1, 0, 0).conn(null, null).conn(null, "WS01").conn("carol", null)
                .bytes());
        seeds.put("l1-empty-strings", new Seed(c1, 0, 0).conn("", "").bytes());
        seeds.put("l1-unicode", new Seed(c1, 0, 0).conn("J\u00fcrgen \u00c5ngstr\u00f6m \u6771\u4eac",
                "\ud83d\ude00 lone \ud800 x").bytes());
        seeds.put("l1-1023-char-names", new Seed(c1, 0, 0).conn("u".repeat(1023), "n".repeat(1023)).bytes());
        seeds.put("l1-all-dwords-max", new Seed(c1, 0, 0).add(-1, -1, -1, -1, -1, "x", "y").total(-1).resume(-1)
                .bytes());
        seeds.put("l1-shared-string", new Seed(c1, 0, 0).conn("same", "same").bytes());
        seeds.put("l1-string-without-nul", new Seed(c1, 0, 0).conn("alice", "DATA").areaWithoutNul("ABCDE").bytes());
        seeds.put("l1-no-tail", new Seed(c1, 0, 0x80).conn("alice", "DATA").conn(null, "WS02").bytes());
        seeds.put("l1-string-runs-off-the-buffer", new Seed(c1, 0, 0x80).conn("alice", "DATA").areaWithoutNul("ABCDE")
                .bytes());
        seeds.put("size-query-fails", new Seed(c0, 1, 0x40).add(1).add(2).total(3).bytes());
        seeds.put("null-buffer-no-entries", new Seed(c0, 0, 4).bytes());
        seeds.put("null-buffer-claims-entries", new Seed(c0, 0, 0x24).entriesRead(2).bytes());
        seeds.put("error-5-with-buffer", new Seed(c0, 3, 0).add(1).bytes());
        seeds.put("error-53-host-unreachable", new Seed(c0, 2, 4).status(53).bytes());
        seeds.put("error-1326-logon-failure", new Seed(c0, 2, 4).status(1326).bytes());
        seeds.put("error-2310-with-buffer", new Seed(c1, 2, 0).status(2310).conn("alice", "DATA").bytes());
        seeds.put("error-124-invalid-level", new Seed(c0, 2, 0x34).status(124).bytes());
        sessionAndFileCases(seeds);
        return seeds;
    }

    /** The same kinds of case for the structures of NetSessionEnum and NetFileEnum. */
    private static void sessionAndFileCases(Map<String, byte[]> seeds) {
        seeds.put("s0-two", new Seed(Shape.SESSION_INFO_0, 0, 0).add("\\\\WS01").add((String) null).total(2).bytes());
        seeds.put("s0-count-past-buffer", new Seed(Shape.SESSION_INFO_0, 0, 0x20).entriesRead(9).add("\\\\WS01")
                .bytes());
        seeds.put("s0-string-runs-off-the-buffer", new Seed(Shape.SESSION_INFO_0, 0, 0x80).add("\\\\WS01")
                .areaWithoutNul("ABC").bytes());
        seeds.put("s1-more-data", new Seed(Shape.SESSION_INFO_1, 1, 0).add("\\\\WS01", "alice", 3, 60, 0, 0)
                .add("\\\\10.0.0.5", "bob", 0, 9, 9, 1).total(5).resume(2).bytes());
        seeds.put("s1-all-dwords-max", new Seed(Shape.SESSION_INFO_1, 0, 0).add(null, "", -1, -1, -1, -1)
                .total(-1).resume(-1).bytes());
        seeds.put("s2-one", new Seed(Shape.SESSION_INFO_2, 0, 0)
                .add("\\\\WS01", "alice", 1, 2, 3, 2, "Windows 10 Enterprise 19045").total(1).bytes());
        seeds.put("s10-unicode", new Seed(Shape.SESSION_INFO_10, 0, 0)
                .add("\\\\\u6771\u4eac", "J\u00fcrgen \ud83d\ude00", 300, 7).add(null, null, 0, 0).bytes());
        seeds.put("s10-count-4294967295", new Seed(Shape.SESSION_INFO_10, 0, 0x20).entriesRead(-1)
                .add("a", "b", 1, 1).bytes());
        seeds.put("s502-one", new Seed(Shape.SESSION_INFO_502, 0, 0)
                .add("\\\\WS01", "alice", 1, 2, 3, 2, "", "\\Device\\NetbiosSmb").total(1).bytes());
        seeds.put("s502-1023-char-names", new Seed(Shape.SESSION_INFO_502, 0, 0)
                .add("c".repeat(1023), "u".repeat(1023), 0, 0, 0, 0, "t".repeat(1023), "x".repeat(1023)).bytes());
        seeds.put("f2-more-data", new Seed(Shape.FILE_INFO_2, 1, 0).add(1).add(-1).total(3).resume(2).bytes());
        seeds.put("f3-two", new Seed(Shape.FILE_INFO_3, 0, 0).add(65537, 3, 0, "C:\\data\\a.txt", "alice")
                .add(-1, 7, -1, null, null).total(2).bytes());
        seeds.put("f3-resume-handle-past-a-dword", new Seed(Shape.FILE_INFO_3, 1, 8)
                .add(1, 1, 0, "C:\\data\\a.txt", "alice").resume(3).bytes());
        seeds.put("f3-count-past-buffer", new Seed(Shape.FILE_INFO_3, 0, 0x20).entriesRead(4)
                .add(1, 1, 0, "C:\\x", "bob").bytes());
        seeds.put("f3-error-2221-user-not-found", new Seed(Shape.FILE_INFO_3, 2, 0).status(2221)
                .add(1, 1, 0, "C:\\x", "bob").bytes());
    }

    private static Seed five() {
        Seed s = new Seed(Shape.CONNECTION_INFO_1, 0, 0);
        for (int i = 1; i <= 5; i++) {
            s.conn("user" + i, "WS0" + i);
        }
        return s.total(5);
    }

    /** Writes one input in the format {@link Plan#parse} reads; strings go to the area, each with its NUL. */
    private static final class Seed {
        private final Shape shape;
        private final int flags;
        private int status;
        private Integer entries; // null: the shape's entriesRead mode, not a value in the input
        private int total;
        private int resume;
        private final ByteArrayOutputStream slots = new ByteArrayOutputStream();
        private int count;
        /** Each string in slot order, and where its selector sits in the slots. */
        private final List<String> area = new ArrayList<>();
        private final List<Integer> selectors = new ArrayList<>();
        private String unterminated = "";

        Seed(Shape shape, int statusMode, int flags) {
            this.shape = shape;
            this.flags = statusMode | flags;
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

        /** One structure: its fields in order, an Integer for a DWORD, a String or null for a string. */
        Seed add(Object... values) {
            assertEquals(shape.fields.length(), values.length, "the fields of " + shape);
            for (int f = 0; f < values.length; f++) {
                if (shape.fields.charAt(f) == 'D') {
                    int32(slots, (Integer) values[f]);
                } else {
                    selectors.add(slots.size());
                    area.add((String) values[f]);
                    int16(slots, 0);
                }
            }
            count++;
            return this;
        }

        /** A CONNECTION_INFO_1 numbered after the ones before it. */
        Seed conn(String user, String net) {
            return add(count + 1, 0, 2, 1, 300, user, net);
        }

        /** Ends the area with units and no NUL, pointed at by the first entry's last string. */
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
                select(slotBytes, selectors.get(i), at);
            }
            if (!unterminated.isEmpty()) {
                int at = strings.size();
                utf16(strings, unterminated);
                select(slotBytes, selectors.get(shape.strings() - 1), at);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(flags | (entries != null ? 0x20 : 0));
            out.write(shape.ordinal());
            out.write(count);
            int16(out, strings.size());
            if ((flags & 3) == 2) {
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

        private static void select(byte[] slotBytes, int where, int offset) {
            slotBytes[where] = (byte) (offset + 1);
            slotBytes[where + 1] = (byte) ((offset + 1) >> 8);
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
     * to write them after the cases change. And the model's structures are the binding's.
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
        assertEquals(List.of(SessionInfo.Level502.of("\\\\WS01", "alice", 1, 2, 3, 2, "", "\\Device\\NetbiosSmb")),
                Plan.parse(expected.get("s502-one")).expectedEntries());
        assertEquals(List.of(FileInfo.Level3.of(65537, 3, 0, "C:\\data\\a.txt", "alice"),
                FileInfo.Level3.of(0xFFFF_FFFFL, 7, 0xFFFF_FFFFL, null, null)),
                Plan.parse(expected.get("f3-two")).expectedEntries());
        assertEquals(0x1_0000_0003L, Plan.parse(expected.get("f3-resume-handle-past-a-dword")).resumeHandleOut());
        for (String refused : List.of("l0-count-past-buffer", "l1-count-past-buffer", "l1-count-4294967295",
                "l1-string-runs-off-the-buffer", "size-query-fails", "null-buffer-claims-entries",
                "s0-count-past-buffer", "s0-string-runs-off-the-buffer", "s10-count-4294967295",
                "f3-resume-handle-past-a-dword", "f3-count-past-buffer")) {
            assertTrue(Plan.parse(expected.get(refused)).refused(), refused);
        }
        for (String read : List.of("l0-count-reduced", "l1-no-tail", "l1-string-without-nul", "l1-five", "s0-two",
                "s1-more-data", "s2-one", "s10-unicode", "s502-1023-char-names", "f2-more-data", "f3-two")) {
            assertFalse(Plan.parse(expected.get(read)).refused(), read);
        }
        Map<Shape, Integer> sizes = new LinkedHashMap<>();
        Map<Shape, Integer> binding = new LinkedHashMap<>();
        for (Shape shape : Shape.values()) {
            sizes.put(shape, shape.size());
        }
        binding.put(Shape.CONNECTION_INFO_0, Netapi32.CONNECTION_INFO_0.SIZE);
        binding.put(Shape.CONNECTION_INFO_1, Netapi32.CONNECTION_INFO_1.SIZE);
        binding.put(Shape.SESSION_INFO_0, Netapi32.SESSION_INFO_0.SIZE);
        binding.put(Shape.SESSION_INFO_1, Netapi32.SESSION_INFO_1.SIZE);
        binding.put(Shape.SESSION_INFO_2, Netapi32.SESSION_INFO_2.SIZE);
        binding.put(Shape.SESSION_INFO_10, Netapi32.SESSION_INFO_10.SIZE);
        binding.put(Shape.SESSION_INFO_502, Netapi32.SESSION_INFO_502.SIZE);
        binding.put(Shape.FILE_INFO_2, Netapi32.FILE_INFO_2.SIZE);
        binding.put(Shape.FILE_INFO_3, Netapi32.FILE_INFO_3.SIZE);
        assertEquals(binding, sizes, "the model's structure sizes are the binding's");
        assertEquals(24, Shape.CONNECTION_INFO_1.offset(5), "coni1_username after 4 bytes of padding");
        assertEquals(16, Shape.FILE_INFO_3.offset(3), "fi3_pathname after 4 bytes of padding");
        assertEquals(32, Shape.SESSION_INFO_502.offset(6), "sesi502_cltype_name after four DWORDs");
    }
}
