package io.github.netconn.netapi32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.github.netconn.testkit.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * What the native stand-in itself does, called the way a Windows caller calls Netapi32: the
 * buffer's layout and size, the outputs it leaves on failures, its checks of the pointers it is
 * given, and its buffer accounting. The answers are Scenario.answer's (the testkit tests those);
 * the contract and agreement tests go through the adapter.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the native stand-in is a Linux library")
class StandInTest {

    private static final int ALL = Netapi32.MAX_PREFERRED_LENGTH;
    private static final int C1 = Netapi32.CONNECTION_INFO_1.SIZE;

    private final StandIn standIn = new StandIn();
    private final Netapi32 netapi32 = Native.load(StandIn.library(), Netapi32.class);

    private static final List<Scenario.Session> SESSIONS = List.of(
            new Scenario.Session("WS01", "alice", 2, 60, 5, 0, "Windows 10", "\\Device\\NetbiosSmb"),
            new Scenario.Session(null, "\uD83D\uDE00 bob", 0xFFFF_FFFFL, 0xFFFF_FFFEL, 0xFFFF_FFFDL, 3, null, ""),
            new Scenario.Session("10.0.0.5", null, 0, 9, 0, 1, "cut\u0000short", null));
    private static final List<Scenario.OpenFile> FILES = List.of(
            new Scenario.OpenFile(0x1_0001L, 3, 0, "C:\\data\\a.txt", "alice"),
            new Scenario.OpenFile(0xFFFF_FFFFL, 0xFFFF_FFFFL, 7, null, "\uD800x"),
            new Scenario.OpenFile(5, 1, 1, "C:\\public\\b", null));

    StandInTest() {
        standIn.load(Scenario.empty().withShares("DATA", "EMPTY").withConnections(List.of(
                new Scenario.Connection(1, 0, 2, 1, 60, "alice", "WS01", "DATA"),
                new Scenario.Connection(2, 0x8000_0000L, 1, 1, 0xFFFF_FFFFL, "\uD83D\uDE00 smile", null, "DATA"),
                new Scenario.Connection(3, 0, 0, 0, 9, "\uD800x", "cut\u0000short", "DATA")))
                .withSessions(SESSIONS).withFiles(FILES));
    }

    @AfterEach
    void close() {
        assertEquals(0, standIn.outstandingBuffers(), "buffers not freed");
        assertEquals(0, standIn.badFrees(), "bad frees");
        standIn.close();
    }

    /** One call's outputs; resume null passes a NULL resume handle. */
    private record Call(int status, Pointer buffer, int read, int total, int resume) {
    }

    private Call call(String server, String qualifier, int level, int prefmaxlen, Integer resume) {
        PointerByReference bufptr = new PointerByReference(new Memory(1));
        IntByReference read = new IntByReference(0xDEAD);
        IntByReference total = new IntByReference(0xDEAD);
        IntByReference handle = resume == null ? null : new IntByReference(resume);
        int status = netapi32.NetConnectionEnum(utf16(server), utf16(qualifier), level, bufptr, prefmaxlen, read,
                total, handle);
        return new Call(status, bufptr.getValue(), read.getValue(), total.getValue(),
                handle == null ? -1 : handle.getValue());
    }

    private Call sessions(String client, String user, int level, int prefmaxlen, Integer resume) {
        PointerByReference bufptr = new PointerByReference(new Memory(1));
        IntByReference read = new IntByReference(0xDEAD);
        IntByReference total = new IntByReference(0xDEAD);
        IntByReference handle = resume == null ? null : new IntByReference(resume);
        int status = netapi32.NetSessionEnum(null, utf16(client), utf16(user), level, bufptr, prefmaxlen, read, total,
                handle);
        return new Call(status, bufptr.getValue(), read.getValue(), total.getValue(),
                handle == null ? -1 : handle.getValue());
    }

    /** A NetFileEnum call; its resume handle as it came back is in {@link #fileResume}. */
    private Call files(String basePath, String user, int level, int prefmaxlen, Long resume) {
        PointerByReference bufptr = new PointerByReference(new Memory(1));
        IntByReference read = new IntByReference(0xDEAD);
        IntByReference total = new IntByReference(0xDEAD);
        Netapi32.DWORD_PTRByReference handle = resume == null ? null : new Netapi32.DWORD_PTRByReference(resume);
        int status = netapi32.NetFileEnum(null, utf16(basePath), utf16(user), level, bufptr, prefmaxlen, read, total,
                handle);
        fileResume = handle == null ? -1 : handle.getValue();
        return new Call(status, bufptr.getValue(), read.getValue(), total.getValue(), (int) fileResume);
    }

    private long fileResume;

    private static Memory utf16(String s) {
        if (s == null) {
            return null;
        }
        Memory m = new Memory(2L * s.length() + 2);
        for (int i = 0; i < s.length(); i++) {
            m.setShort(2L * i, (short) s.charAt(i));
        }
        m.setShort(2L * s.length(), (short) 0);
        return m;
    }

    private static String string(Pointer p) {
        if (p == null) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        for (long i = 0; p.getShort(i) != 0; i += 2) {
            s.append((char) p.getShort(i));
        }
        return s.toString();
    }

    private int size(Pointer buffer) {
        IntByReference size = new IntByReference(7);
        assertEquals(0, netapi32.NetApiBufferSize(buffer, size));
        return size.getValue();
    }

    @Test
    void level1IsOneBufferTheArrayThenItsStrings() {
        Call c = call(null, "data", 1, ALL, 0);
        assertEquals(new Call(0, c.buffer(), 3, 3, 0), c);
        Netapi32.CONNECTION_INFO_1[] e = new Netapi32.CONNECTION_INFO_1[3];
        for (int i = 0; i < 3; i++) {
            e[i] = new Netapi32.CONNECTION_INFO_1(c.buffer().share((long) i * C1));
        }
        assertArrayEquals(new int[] {1, 0, 2, 1, 60}, new int[] {e[0].coni1_id, e[0].coni1_type,
                e[0].coni1_num_opens, e[0].coni1_num_users, e[0].coni1_time});
        assertArrayEquals(new int[] {2, 0x8000_0000, 1, 1, -1}, new int[] {e[1].coni1_id, e[1].coni1_type,
                e[1].coni1_num_opens, e[1].coni1_num_users, e[1].coni1_time});
        assertEquals(List.of("alice", "WS01"), List.of(string(e[0].coni1_username), string(e[0].coni1_netname)));
        assertEquals("\uD83D\uDE00 smile", string(e[1].coni1_username));
        assertNull(e[1].coni1_netname, "a NULL string is a NULL pointer");
        assertEquals("\uD800x", string(e[2].coni1_username), "a lone surrogate is kept");
        assertEquals("cut", string(e[2].coni1_netname), "U+0000 cuts a string short, as on Windows");
        // The strings follow the array, in the one allocation NetApiBufferSize measures.
        long strings = 2L * (6 + 5 + 9 + 3 + 10);
        assertEquals(3L * C1 + strings, size(c.buffer()));
        long first = Pointer.nativeValue(c.buffer());
        for (Netapi32.CONNECTION_INFO_1 entry : e) {
            for (Pointer s : new Pointer[] {entry.coni1_username, entry.coni1_netname}) {
                if (s != null) {
                    long at = Pointer.nativeValue(s) - first;
                    assertTrue(at >= 3L * C1 && at < 3L * C1 + strings, "a string at byte " + at);
                }
            }
        }
        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()));
    }

    /** The strings of {@code count} structures of {@code size} bytes follow them, within NetApiBufferSize's size. */
    private void assertStringsFollowTheArray(Pointer buffer, int count, int size, long stringBytes,
                                             Pointer... strings) {
        assertEquals((long) count * size + stringBytes, size(buffer));
        for (Pointer s : strings) {
            if (s != null) {
                long at = Pointer.nativeValue(s) - Pointer.nativeValue(buffer);
                assertTrue(at >= (long) count * size && at < (long) count * size + stringBytes,
                        "a string at byte " + at);
            }
        }
    }

    @Test
    void sessionLevel502IsOneBufferTheArrayThenItsStrings() {
        int size = Netapi32.SESSION_INFO_502.SIZE;
        Call c = sessions(null, null, 502, ALL, 0);
        assertEquals(new Call(0, c.buffer(), 3, 3, 0), c);
        Netapi32.SESSION_INFO_502[] e = new Netapi32.SESSION_INFO_502[3];
        List<Pointer> strings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            e[i] = new Netapi32.SESSION_INFO_502(c.buffer().share((long) i * size));
            strings.addAll(Arrays.asList(e[i].sesi502_cname, e[i].sesi502_username, e[i].sesi502_cltype_name,
                    e[i].sesi502_transport));
        }
        assertArrayEquals(new int[] {2, 60, 5, 0}, new int[] {e[0].sesi502_num_opens, e[0].sesi502_time,
                e[0].sesi502_idle_time, e[0].sesi502_user_flags});
        assertArrayEquals(new int[] {-1, -2, -3, 3}, new int[] {e[1].sesi502_num_opens, e[1].sesi502_time,
                e[1].sesi502_idle_time, e[1].sesi502_user_flags});
        assertEquals(Arrays.asList("WS01", "alice", "Windows 10", "\\Device\\NetbiosSmb"),
                Arrays.asList(string(e[0].sesi502_cname), string(e[0].sesi502_username),
                        string(e[0].sesi502_cltype_name), string(e[0].sesi502_transport)));
        assertEquals(Arrays.asList(null, "\uD83D\uDE00 bob", null, ""), Arrays.asList(string(e[1].sesi502_cname),
                string(e[1].sesi502_username), string(e[1].sesi502_cltype_name), string(e[1].sesi502_transport)));
        assertEquals(Arrays.asList("10.0.0.5", null, "cut", null), Arrays.asList(string(e[2].sesi502_cname),
                string(e[2].sesi502_username), string(e[2].sesi502_cltype_name), string(e[2].sesi502_transport)));
        long stringBytes = 2L * (5 + 6 + 11 + 19) + 2L * (7 + 1) + 2L * (9 + 10); // "cut\0short" whole
        assertStringsFollowTheArray(c.buffer(), 3, size, stringBytes, strings.toArray(new Pointer[0]));
        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()));
    }

    /** Each smaller level holds its own fields only: its strings and no others are in the buffer. */
    @Test
    void sessionLevels0To10HoldTheirOwnFields() {
        Call c = sessions(null, null, 0, ALL, 0);
        assertEquals(new Call(0, c.buffer(), 3, 3, 0), c);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            names.add(string(new Netapi32.SESSION_INFO_0(c.buffer().share((long) i * Netapi32.SESSION_INFO_0.SIZE))
                    .sesi0_cname));
        }
        assertEquals(Arrays.asList("WS01", null, "10.0.0.5"), names);
        assertEquals(3L * Netapi32.SESSION_INFO_0.SIZE + 2L * (5 + 9), size(c.buffer()));
        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()));

        c = sessions(null, null, 1, ALL, 0);
        Netapi32.SESSION_INFO_1 one = new Netapi32.SESSION_INFO_1(c.buffer().share(Netapi32.SESSION_INFO_1.SIZE));
        assertArrayEquals(new int[] {-1, -2, -3, 3}, new int[] {one.sesi1_num_opens, one.sesi1_time,
                one.sesi1_idle_time, one.sesi1_user_flags});
        assertEquals(Arrays.asList(null, "\uD83D\uDE00 bob"), Arrays.asList(string(one.sesi1_cname),
                string(one.sesi1_username)));
        assertEquals(3L * Netapi32.SESSION_INFO_1.SIZE + 2L * (5 + 6 + 7 + 9), size(c.buffer()));
        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()));

        c = sessions(null, null, 2, ALL, 0);
        Netapi32.SESSION_INFO_2 two = new Netapi32.SESSION_INFO_2(c.buffer());
        assertArrayEquals(new int[] {2, 60, 5, 0}, new int[] {two.sesi2_num_opens, two.sesi2_time,
                two.sesi2_idle_time, two.sesi2_user_flags});
        assertEquals("Windows 10", string(two.sesi2_cltype_name));
        assertEquals(3L * Netapi32.SESSION_INFO_2.SIZE + 2L * (5 + 6 + 11 + 7 + 9 + 10), size(c.buffer()));
        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()));

        c = sessions(null, null, 10, ALL, 0);
        Netapi32.SESSION_INFO_10 ten =
                new Netapi32.SESSION_INFO_10(c.buffer().share(2L * Netapi32.SESSION_INFO_10.SIZE));
        assertArrayEquals(new int[] {9, 0}, new int[] {ten.sesi10_time, ten.sesi10_idle_time});
        assertEquals(Arrays.asList("10.0.0.5", null), Arrays.asList(string(ten.sesi10_cname),
                string(ten.sesi10_username)));
        assertEquals(3L * Netapi32.SESSION_INFO_10.SIZE + 2L * (5 + 6 + 7 + 9), size(c.buffer()));
        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()));
    }

    @Test
    void fileLevel3IsOneBufferTheArrayThenItsStringsAndLevel2AnArrayOfIds() {
        int size = Netapi32.FILE_INFO_3.SIZE;
        Call c = files(null, null, 3, ALL, 0L);
        assertEquals(new Call(0, c.buffer(), 3, 3, 0), c);
        Netapi32.FILE_INFO_3[] e = new Netapi32.FILE_INFO_3[3];
        List<Pointer> strings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            e[i] = new Netapi32.FILE_INFO_3(c.buffer().share((long) i * size));
            strings.addAll(Arrays.asList(e[i].fi3_pathname, e[i].fi3_username));
        }
        assertArrayEquals(new int[] {0x1_0001, 3, 0, -1, -1, 7}, new int[] {e[0].fi3_id, e[0].fi3_permissions,
                e[0].fi3_num_locks, e[1].fi3_id, e[1].fi3_permissions, e[1].fi3_num_locks});
        assertEquals(Arrays.asList("C:\\data\\a.txt", "alice", null, "\uD800x", "C:\\public\\b", null),
                strings.stream().map(StandInTest::string).toList());
        assertStringsFollowTheArray(c.buffer(), 3, size, 2L * (14 + 6 + 3 + 12), strings.toArray(new Pointer[0]));
        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()));

        c = files(null, null, 2, 8, 0L);
        assertEquals(new Call(234, c.buffer(), 2, 3, 2), c);
        assertEquals(List.of(0x1_0001, -1), List.of(c.buffer().getInt(0), c.buffer().getInt(4)));
        assertEquals(8, size(c.buffer()));
        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()));
    }

    /** The filters reach the scenario as the caller wrote them: the client with its {@code \\}, in full. */
    @Test
    void theFiltersReachTheScenario() {
        Call c = sessions("\\\\ws01", null, 10, ALL, 0);
        assertEquals(new Call(0, c.buffer(), 1, 1, 0), c);
        assertEquals("alice", string(new Netapi32.SESSION_INFO_10(c.buffer()).sesi10_username));
        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()));
        assertEquals(new Call(87, null, 0, 0, 0), sessions("WS01", null, 10, ALL, 0), "rule 11: no \\");
        assertEquals(new Call(2312, null, 0, 0, 0), sessions("\\\\WS09", "alice", 10, ALL, 0));
        assertEquals(new Call(2221, null, 0, 0, 0), sessions("\\\\WS01", "bob", 10, ALL, 0));
        c = files("c:\\PUB", null, 3, ALL, 0L);
        assertEquals(new Call(0, c.buffer(), 1, 1, 0), c);
        assertEquals(5, new Netapi32.FILE_INFO_3(c.buffer()).fi3_id);
        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()));
        String longName = "n".repeat(1500);
        standIn.load(Scenario.empty().withSessions(List.of(Scenario.Session.of("WS01", longName))));
        c = sessions(null, longName, 0, ALL, null);
        assertEquals(new Call(0, c.buffer(), 1, 1, -1), c, "a user name past 1,024 units is read in full");
        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()));
    }

    @Test
    void sessionAndFileFailuresLeaveNoBufferNoCountsAndTheResumeHandleAlone() {
        assertEquals(new Call(124, null, 0, 0, 7), sessions(null, null, 3, ALL, 7));
        assertEquals(new Call(124, null, 0, 0, 7), files(null, null, 1, ALL, 7L));
        standIn.load(Scenario.empty().withSessions(SESSIONS).withFiles(FILES).withDeniedUsers(StandIn.CALLER));
        assertEquals(new Call(5, null, 0, 0, 7), sessions(null, null, 1, ALL, 7));
        assertEquals(new Call(5, null, 0, 0, 7), files(null, null, 3, ALL, 7L));
        standIn.load(Scenario.empty().withFiles(FILES));
        assertEquals(new Call(0, null, 0, 0, 0), files(null, "nobody", 3, ALL, 0L), "no file matching: no buffer");
        PointerByReference bufptr = new PointerByReference();
        assertEquals(53, netapi32.NetFileEnum(utf16("elsewhere"), null, null, 3, bufptr, ALL, new IntByReference(),
                new IntByReference(), null));
        assertEquals(53, netapi32.NetSessionEnum(utf16("\\\\elsewhere"), null, null, 0, bufptr, ALL,
                new IntByReference(), new IntByReference(), null));
    }

    /**
     * NetFileEnum's resume handle is a DWORD_PTR of which, as in ReactOS's Netapi32, only the low
     * DWORD is the server's: it is read and written, and the upper half left as the caller set it.
     */
    @Test
    void onlyTheLowDwordOfTheFileResumeHandleIsTheServers() {
        Call c = files(null, null, 2, 4, 0xABCD_0000_0000_0001L);
        assertEquals(new Call(234, c.buffer(), 1, 2, 2), c, "the second file, then resume at 2");
        assertEquals(-1, c.buffer().getInt(0));
        assertEquals(0xABCD_0000_0000_0002L, fileResume);
        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()));
        assertEquals(new Call(124, null, 0, 0, 7), files(null, null, 9, ALL, 0xFFFF_FFFF_0000_0007L));
        assertEquals(0xFFFF_FFFF_0000_0007L, fileResume, "left as it was on a failure");
    }

    @Test
    void level0IsAnArrayOfIds() {
        Call c = call(null, "DATA", 0, 8, 0);
        assertEquals(new Call(234, c.buffer(), 2, 3, 2), c);
        assertEquals(List.of(1, 2), List.of(c.buffer().getInt(0), c.buffer().getInt(4)));
        assertEquals(8, size(c.buffer()));
        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()), "freed after ERROR_MORE_DATA too");
    }

    @Test
    void failuresLeaveNoBufferNoCountsAndTheResumeHandleAlone() {
        assertEquals(new Call(2310, null, 0, 0, 7), call(null, "NOSUCH", 1, ALL, 7));
        assertEquals(new Call(124, null, 0, 0, 7), call(null, "DATA", 2, ALL, 7));
        assertEquals(new Call(53, null, 0, 0, 7), call("\\\\elsewhere", "DATA", 1, ALL, 7));
        standIn.load(Scenario.empty().withShares("DATA").withStatus(0L));
        assertEquals(new Call(0, null, 0, 0, 7), call(null, "DATA", 1, ALL, 7));
    }

    @Test
    void aPageWithoutEntriesHasNoBuffer() {
        assertEquals(new Call(0, null, 0, 0, 0), call("\\\\STANDIN.TEST", "EMPTY", 1, ALL, 0));
        assertEquals(new Call(0, null, 0, 0, 0), call("standin.test", "DATA", 1, ALL, 3));
    }

    @Test
    void aNullResumeHandleIsNeitherReadNorWritten() {
        Call c = call("", "DATA", 0, 4, null);
        assertEquals(new Call(234, c.buffer(), 1, 3, -1), c);
        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()));
    }

    @Test
    void nullOutputPointersAreInvalidParameters() {
        PointerByReference bufptr = new PointerByReference();
        IntByReference read = new IntByReference(5);
        IntByReference total = new IntByReference(5);
        Memory data = utf16("DATA");
        assertEquals(87, netapi32.NetConnectionEnum(null, data, 0, null, ALL, read, total, null));
        assertEquals(87, netapi32.NetConnectionEnum(null, data, 0, bufptr, ALL, null, total, null));
        assertEquals(87, netapi32.NetConnectionEnum(null, data, 0, bufptr, ALL, read, null, null));
        assertEquals(List.of(0, 0), List.of(read.getValue(), total.getValue()), "the outputs given are zeroed");
        assertNull(bufptr.getValue());
    }

    @Test
    void badFreesAreRefusedUntouchedAndCounted() {
        Call kept = call(null, "DATA", 0, ALL, 0);
        Call c = call(null, "DATA", 0, ALL, 0);
        assertEquals(2, standIn.outstandingBuffers());
        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()));
        assertEquals(87, netapi32.NetApiBufferFree(c.buffer()), "a double free");
        assertEquals(87, netapi32.NetApiBufferFree(new Memory(8)), "a foreign pointer");
        assertEquals(0, netapi32.NetApiBufferFree(null));
        assertEquals(List.of(1, 2), List.of(standIn.outstandingBuffers(), standIn.badFrees()));
        standIn.resetCounters();
        assertEquals(List.of(0, 0), List.of(standIn.outstandingBuffers(), standIn.badFrees()));
        assertEquals(0, netapi32.NetApiBufferFree(kept.buffer()), "a buffer from before the reset is still freeable");
        assertEquals(0, standIn.badFrees());
    }

    @Test
    void bufferSizeRefusesWhatIsNotAnOutstandingBufferAndCountsNothing() {
        Call c = call(null, "DATA", 1, ALL, 0);
        IntByReference size = new IntByReference(7);
        assertEquals(87, netapi32.NetApiBufferSize(c.buffer().share(4), size), "inside a buffer");
        assertEquals(87, netapi32.NetApiBufferSize(c.buffer(), null), "a NULL bytecount");
        assertEquals(87, netapi32.NetApiBufferSize(null, size));
        assertEquals(87, netapi32.NetApiBufferSize(new Memory(8), size), "a foreign pointer");
        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()));
        assertEquals(87, netapi32.NetApiBufferSize(c.buffer(), size), "a freed buffer");
        assertEquals(7, size.getValue(), "bytecount left alone");
        assertEquals(0, standIn.badFrees());
    }

    @Test
    void theEntriesReadLieChangesNothingElse() {
        standIn.lieAboutEntriesRead(-1);
        Call c = call(null, "DATA", 0, ALL, 0);
        assertEquals(new Call(0, c.buffer(), 2, 3, 0), c, "3 entries, entriesread 2 (3 - 1 modulo 2^32)");
        assertEquals(12, size(c.buffer()));
        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()));
        assertEquals(new Call(2310, null, 0, 0, 0), call(null, "NOSUCH", 0, ALL, 0), "no buffer, no lie");
        standIn.lieAboutEntriesRead(0);
    }

    @Test
    void concurrentCallsEachGetTheirOwnBuffer() throws Exception {
        List<Scenario.Connection> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(new Scenario.Connection(i, 0, 0, 1, 0, "user" + i, "WS" + i, "DATA"));
        }
        standIn.load(Scenario.empty().withConnections(many));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> sums = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                sums.add(pool.submit(() -> {
                    long sum = 0;
                    int resume = 0;
                    Call c;
                    do {
                        c = call(null, "DATA", 1, 1_000, resume);
                        for (int i = 0; i < c.read(); i++) {
                            sum += new Netapi32.CONNECTION_INFO_1(c.buffer().share((long) i * C1)).coni1_id;
                        }
                        assertEquals(0, netapi32.NetApiBufferFree(c.buffer()));
                        resume = c.resume();
                    } while (c.status() == 234);
                    assertEquals(0, c.status());
                    return sum;
                }));
            }
            for (Future<Long> sum : sums) {
                assertEquals(499L * 500 / 2, sum.get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
