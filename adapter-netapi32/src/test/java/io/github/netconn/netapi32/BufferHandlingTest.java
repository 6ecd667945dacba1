package io.github.netconn.netapi32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.FileInfo;
import io.github.netconn.api.FileLevel;
import io.github.netconn.api.FileQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.SessionInfo;
import io.github.netconn.api.SessionLevel;
import io.github.netconn.api.SessionQuery;
import io.github.netconn.testkit.Scenario;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * C10 (S10, F10) on the paths the stand-in cannot produce: a binding that answers as told, in
 * JNA memory, and records every NetApiBufferFree. The buffer is freed exactly once on every path,
 * for each of the three functions. And the bound on entriesread, with that binding and with the
 * stand-in made to lie.
 */
class BufferHandlingTest {

    /**
     * A function and a query of it whose entries are small: CONNECTION_INFO_0 and FILE_INFO_2 (a
     * DWORD id), SESSION_INFO_0 (a pointer to the client's name, the names after the array).
     */
    enum Function {
        CONNECTIONS("NetConnectionEnum", 4), SESSIONS("NetSessionEnum", 8), FILES("NetFileEnum", 4);

        final String name;
        final int entrySize;

        Function(String name, int entrySize) {
            this.name = name;
            this.entrySize = entrySize;
        }

        Page<?> page(Netapi32ConnectionEnumerator e, PageSize size) throws NetConnException {
            return switch (this) {
                case CONNECTIONS -> e.enumeratePage(
                        ConnectionQuery.local(Qualifier.of("DATA"), ConnectionLevel.LEVEL_0), size, ResumeHandle.START);
                case SESSIONS -> e.enumeratePage(SessionQuery.local(SessionLevel.LEVEL_0), size, ResumeHandle.START);
                case FILES -> e.enumeratePage(FileQuery.local(FileLevel.LEVEL_2), size, ResumeHandle.START);
            };
        }

        /** Entry {@code i} as the {@link Scripted} binding writes it. */
        Object entry(int i) {
            long id = 0xFFFF_FFF0L + i;
            return switch (this) {
                case CONNECTIONS -> new ConnectionInfo.Level0(id);
                case SESSIONS -> SessionInfo.Level0.of("\\\\C" + i);
                case FILES -> new FileInfo.Level2(id);
            };
        }
    }

    /** The calls a {@link Scripted} binding got: each one's function, level, strings and resume handle in. */
    record Received(String function, int level, List<String> strings, long resumeHandle) {
    }

    /**
     * Answers each call, to whichever function, with {@code status}, {@code count} entries of
     * {@code function}'s in a fresh buffer (or NULL), and entriesread {@code count + excess}.
     * NetApiBufferSize gives the size of a buffer it allocated, 87 for any other pointer, or
     * {@code sizeStatus} when that is set.
     */
    private static final class Scripted implements Netapi32 {
        final Function function;
        final int status;
        final int count;
        final boolean buffer;
        final List<Memory> allocated = new ArrayList<>();
        final List<Pointer> freed = new ArrayList<>();
        final List<Received> received = new ArrayList<>();
        boolean freeThrows;
        int excess;
        int sizeStatus;
        long resumeOut = 77;

        Scripted(Function function, int status, int count, boolean buffer) {
            this.function = function;
            this.status = status;
            this.count = count;
            this.buffer = buffer;
        }

        Scripted(int status, int count, boolean buffer) {
            this(Function.CONNECTIONS, status, count, buffer);
        }

        @Override
        public int NetConnectionEnum(Pointer servername, Pointer qualifier, int level, PointerByReference bufptr,
                                     int prefmaxlen, IntByReference entriesread, IntByReference totalentries,
                                     IntByReference resume_handle) {
            received.add(new Received("NetConnectionEnum", level, strings(servername, qualifier),
                    Integer.toUnsignedLong(resume_handle.getValue())));
            resume_handle.setValue((int) resumeOut);
            return answer(bufptr, entriesread, totalentries);
        }

        @Override
        public int NetSessionEnum(Pointer servername, Pointer UncClientName, Pointer username, int level,
                                  PointerByReference bufptr, int prefmaxlen, IntByReference entriesread,
                                  IntByReference totalentries, IntByReference resume_handle) {
            received.add(new Received("NetSessionEnum", level, strings(servername, UncClientName, username),
                    Integer.toUnsignedLong(resume_handle.getValue())));
            resume_handle.setValue((int) resumeOut);
            return answer(bufptr, entriesread, totalentries);
        }

        @Override
        public int NetFileEnum(Pointer servername, Pointer basepath, Pointer username, int level,
                               PointerByReference bufptr, int prefmaxlen, IntByReference entriesread,
                               IntByReference totalentries, DWORD_PTRByReference resume_handle) {
            received.add(new Received("NetFileEnum", level, strings(servername, basepath, username),
                    resume_handle.getValue()));
            resume_handle.setValue(resumeOut);
            return answer(bufptr, entriesread, totalentries);
        }

        /** The buffer: up to 16 entries, for SESSION_INFO_0 followed by their names {@code \\Ci}. */
        private int answer(PointerByReference bufptr, IntByReference entriesread, IntByReference totalentries) {
            if (buffer) {
                int n = Math.min(count, 16);
                int names = function == Function.SESSIONS ? 2 * 5 * n : 0;
                Memory m = new Memory(Math.max(1, (long) function.entrySize * n + names));
                for (int i = 0; i < n; i++) {
                    if (function == Function.SESSIONS) {
                        Pointer name = m.share((long) function.entrySize * n + 10L * i);
                        char[] units = ("\\\\C" + (char) ('0' + i % 10)).toCharArray();
                        for (int u = 0; u < 4; u++) {
                            name.setShort(2L * u, (short) units[u]);
                        }
                        name.setShort(8, (short) 0);
                        m.setPointer((long) function.entrySize * i, name);
                    } else {
                        m.setInt(4L * i, 0xFFFF_FFF0 + i);
                    }
                }
                allocated.add(m);
                bufptr.setValue(m);
            }
            entriesread.setValue(count + excess);
            totalentries.setValue(count + 5);
            return status;
        }

        @Override
        public int NetApiBufferFree(Pointer p) {
            freed.add(p);
            if (freeThrows) {
                throw new IllegalStateException("free failed");
            }
            return 0;
        }

        @Override
        public int NetApiBufferSize(Pointer p, IntByReference bytecount) {
            if (sizeStatus != 0) {
                return sizeStatus;
            }
            for (Memory m : allocated) {
                if (m.equals(p)) {
                    bytecount.setValue((int) m.size());
                    return 0;
                }
            }
            return 87;
        }

        private static List<String> strings(Pointer... pointers) {
            List<String> strings = new ArrayList<>();
            for (Pointer p : pointers) {
                strings.add(p == null ? null : utf16(p));
            }
            return strings;
        }

        private static String utf16(Pointer p) {
            StringBuilder s = new StringBuilder();
            for (long i = 0; p.getShort(i) != 0; i += 2) {
                s.append((char) p.getShort(i));
            }
            return s.toString();
        }
    }

    private static Netapi32ConnectionEnumerator over(Netapi32 binding) {
        return new Netapi32ConnectionEnumerator(binding, "scripted", Duration.ofSeconds(5));
    }

    /** The message of the protocol violation a one-page call over {@code binding} ends in, once its buffer is freed exactly once. */
    private static String refusal(Scripted binding) {
        ProtocolViolationException thrown;
        try (Netapi32ConnectionEnumerator e = over(binding)) {
            thrown = assertThrows(ProtocolViolationException.class, () -> binding.function.page(e, PageSize.ALL));
        }
        assertEquals(binding.allocated, binding.freed);
        return thrown.getMessage();
    }

    @ParameterizedTest
    @EnumSource(Function.class)
    void moreDataFreesTheBufferOnceAndKeepsEveryValue(Function function) throws Exception {
        Scripted binding = new Scripted(function, 234, 3, true);
        try (Netapi32ConnectionEnumerator e = over(binding)) {
            Page<?> page = function.page(e, PageSize.ofBytes(12));
            assertEquals(List.of(function.entry(0), function.entry(1), function.entry(2)), page.entries());
            assertTrue(page.moreData());
            assertEquals(8, page.totalEntries());
            assertEquals(new ResumeHandle(77), page.resumeHandle());
        }
        assertEquals(binding.allocated, binding.freed);
    }

    @ParameterizedTest
    @EnumSource(Function.class)
    void aFailureWhileCopyingStillFreesTheBufferOnce(Function function) {
        Scripted binding = new Scripted(function, 0, Integer.MAX_VALUE, true);
        String message = refusal(binding);
        assertTrue(message.startsWith(function.name + " reported entriesread 2147483647: 2147483647 entries"), message);
    }

    @ParameterizedTest
    @EnumSource(Function.class)
    void anEntriesReadLargerThanTheBufferIsRefusedBeforeReadingAndTheBufferFreedOnce(Function function) {
        Scripted binding = new Scripted(function, 0, 3, true);
        binding.excess = 5;
        String message = refusal(binding);
        long size = binding.allocated.get(0).size();
        assertTrue(message.startsWith(function.name + " reported entriesread 8: 8 entries of " + function.entrySize
                + " bytes need " + 8 * function.entrySize + " bytes, but NetApiBufferSize says its buffer holds "
                + size + " bytes"), message);
    }

    /**
     * Two entries too many fit in SESSION_INFO_0's buffer, whose names follow the array: the first
     * name, now inside the claimed array, gives the lie away before any pointer is followed.
     */
    @Test
    void aLieTheSessionBufferCanHoldIsCaughtByTheStrings() {
        Scripted binding = new Scripted(Function.SESSIONS, 0, 3, true);
        binding.excess = 2;
        String message = refusal(binding);
        assertTrue(message.startsWith("entry 0's sesi0_cname points at byte 24 of the Netapi32 buffer, outside its"
                + " strings (bytes 40 to 54) (NetSessionEnum on the local computer, level 0)"), message);
    }

    @ParameterizedTest
    @EnumSource(Function.class)
    void entriesReadIsAnUnsignedDword(Function function) {
        Scripted binding = new Scripted(function, 234, 3, true);
        binding.excess = -4; // entriesread 0xFFFFFFFF
        String message = refusal(binding);
        assertTrue(message.contains("entriesread 4294967295: 4294967295 entries of " + function.entrySize
                + " bytes need " + 4294967295L * function.entrySize + " bytes"), message);
    }

    @ParameterizedTest
    @EnumSource(Function.class)
    void aFailingNetApiBufferSizeIsAProtocolViolationAndTheBufferIsFreedOnce(Function function) {
        Scripted binding = new Scripted(function, 0, 3, true);
        binding.sizeStatus = 87;
        String message = refusal(binding);
        assertTrue(message.startsWith(function.name + " reported entriesread 3, but NetApiBufferSize"
                + " failed on its buffer with ERROR_INVALID_PARAMETER (0x00000057)"), message);
    }

    @ParameterizedTest
    @EnumSource(Function.class)
    void aFailedCallWithABufferFreesItAndReportsTheStatus(Function function) {
        Scripted binding = new Scripted(function, 2221, 0, true);
        try (Netapi32ConnectionEnumerator e = over(binding)) {
            NetApiStatusException thrown = assertThrows(NetApiStatusException.class,
                    () -> function.page(e, PageSize.ALL));
            assertEquals(2221, thrown.code());
            assertEquals(NetApiStatusException.Kind.NOT_FOUND, thrown.kind());
            assertTrue(thrown.getMessage().contains("(" + function.name + " on the local computer"),
                    thrown.getMessage());
        }
        assertEquals(binding.allocated, binding.freed);
    }

    @ParameterizedTest
    @EnumSource(Function.class)
    void noBufferMeansNoFree(Function function) throws Exception {
        Scripted binding = new Scripted(function, 0, 0, false);
        try (Netapi32ConnectionEnumerator e = over(binding)) {
            assertEquals(List.of(), function.page(e, PageSize.ALL).entries());
        }
        assertEquals(List.of(), binding.freed);
        Scripted lying = new Scripted(function, 0, 2, false);
        try (Netapi32ConnectionEnumerator e = over(lying)) {
            assertThrows(ProtocolViolationException.class, () -> function.page(e, PageSize.ALL));
        }
    }

    @ParameterizedTest
    @EnumSource(Function.class)
    void aFailingFreeDoesNotHideTheResult(Function function) throws Exception {
        Scripted binding = new Scripted(function, 0, 1, true);
        binding.freeThrows = true;
        try (Netapi32ConnectionEnumerator e = over(binding)) {
            assertEquals(List.of(function.entry(0)), function.page(e, PageSize.ALL).entries());
        }
        assertEquals(binding.allocated, binding.freed);
    }

    @ParameterizedTest
    @EnumSource(Function.class)
    void unreachableAndLogonStatusesMapToTheirKinds(Function function) {
        for (int status : new int[] {53, 1722}) {
            try (Netapi32ConnectionEnumerator e = over(new Scripted(function, status, 0, false))) {
                assertThrows(HostUnreachableException.class, () -> function.page(e, PageSize.ALL));
            }
        }
        try (Netapi32ConnectionEnumerator e = over(new Scripted(function, 1326, 0, false))) {
            assertThrows(AuthenticationException.class, () -> function.page(e, PageSize.ALL));
        }
    }

    /** Each function gets the server as {@code \\name} (NULL for the local computer), its filters, its level. */
    @Test
    void eachFunctionGetsTheQueryAsWin32TakesIt() throws Exception {
        Scripted binding = new Scripted(Function.SESSIONS, 0, 0, false);
        try (Netapi32ConnectionEnumerator e = over(binding)) {
            e.enumeratePage(SessionQuery.on("\\\\fs01", SessionLevel.LEVEL_502).fromClient("WS01").ofUser("alice"),
                    PageSize.ALL, new ResumeHandle(5));
            e.enumeratePage(SessionQuery.local(SessionLevel.LEVEL_10), PageSize.ALL, ResumeHandle.START);
            e.enumeratePage(FileQuery.on("fs01", FileLevel.LEVEL_3).under("C:\\data").ofUser("bob"), PageSize.ALL,
                    new ResumeHandle(6));
            e.enumeratePage(FileQuery.local(FileLevel.LEVEL_2).ofUser("bob"), PageSize.ALL, ResumeHandle.START);
            e.enumeratePage(ConnectionQuery.on("fs01", Qualifier.of("\\\\WS01"), ConnectionLevel.LEVEL_1),
                    PageSize.ALL, new ResumeHandle(7));
        }
        assertEquals(List.of(
                new Received("NetSessionEnum", 502, Arrays.asList("\\\\fs01", "\\\\WS01", "alice"), 5),
                new Received("NetSessionEnum", 10, Arrays.asList(null, null, null), 0),
                new Received("NetFileEnum", 3, Arrays.asList("\\\\fs01", "C:\\data", "bob"), 6),
                new Received("NetFileEnum", 2, Arrays.asList(null, null, "bob"), 0),
                new Received("NetConnectionEnum", 1, Arrays.asList("\\\\fs01", "\\\\WS01"), 7)), binding.received);
    }

    /**
     * NetFileEnum's resume handle is pointer-sized: it goes out with its upper half zero (the
     * largest DWORD is not sign-extended), and one that comes back past a DWORD is refused, once
     * the buffer is freed.
     */
    @Test
    void theFileResumeHandleIsADwordInAPointerSizedSlot() throws Exception {
        Scripted binding = new Scripted(Function.FILES, 234, 1, true);
        binding.resumeOut = 0xFFFF_FFFFL;
        try (Netapi32ConnectionEnumerator e = over(binding)) {
            Page<?> page = e.enumeratePage(FileQuery.local(FileLevel.LEVEL_2), PageSize.ALL,
                    new ResumeHandle(0xFFFF_FFFFL));
            assertEquals(new ResumeHandle(0xFFFF_FFFFL), page.resumeHandle());
            assertEquals(0xFFFF_FFFFL, binding.received.get(0).resumeHandle());
            binding.resumeOut = 0x1_0000_0002L;
            ProtocolViolationException thrown = assertThrows(ProtocolViolationException.class,
                    () -> e.enumeratePage(FileQuery.local(FileLevel.LEVEL_2), PageSize.ALL, ResumeHandle.START));
            assertTrue(thrown.getMessage().startsWith("the resume handle came back as 4294967298, more than a DWORD"
                    + " holds (NetFileEnum on the local computer, level 2)"), thrown.getMessage());
        }
        assertEquals(binding.allocated, binding.freed);
        assertEquals(2, binding.freed.size());
    }

    /** The real binding over the native stand-in, whose NetApiBufferSize gives the size it allocated. */
    @Nested
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the native stand-in is a Linux library")
    class OverTheStandIn {

        private final StandIn standIn = new StandIn();
        private final Netapi32ConnectionEnumerator enumerator =
                Netapi32ConnectionEnumerator.builder().library(StandIn.library()).build();

        OverTheStandIn() throws IOException {
            standIn.load(Scenario.empty().withShares("DATA").withConnections(List.of(
                    new Scenario.Connection(1, 0, 2, 1, 60, "alice", "WS01", "DATA"),
                    new Scenario.Connection(2, 0, 1, 1, 5, "bob", "WS02", "DATA"),
                    new Scenario.Connection(3, 0, 0, 1, 9, null, "WS03", "DATA"))).withSessions(List.of(
                    Scenario.Session.of("WS01", "alice"), Scenario.Session.of("WS02", "bob"),
                    Scenario.Session.of(null, "carol"))).withFiles(List.of(Scenario.OpenFile.of(1, "C:\\a", "alice"),
                    Scenario.OpenFile.of(2, "C:\\b", "bob"), Scenario.OpenFile.of(3, null, null))));
        }

        @AfterEach
        void close() {
            enumerator.close();
            standIn.close();
        }

        private ProtocolViolationException refused(ConnectionLevel<?> level) {
            return assertThrows(ProtocolViolationException.class, () -> enumerator.enumeratePage(
                    ConnectionQuery.on(StandIn.SERVER, Qualifier.of("DATA"), level), PageSize.ALL, ResumeHandle.START));
        }

        private void assertEveryBufferFreedOnce() {
            assertEquals(0, standIn.outstandingBuffers(), "buffers not freed");
            assertEquals(0, standIn.badFrees(), "buffers freed twice");
        }

        @Test
        void aLyingEntriesReadIsRefusedAndTheBufferFreedOnce() {
            standIn.lieAboutEntriesRead(2);
            ProtocolViolationException thrown = refused(ConnectionLevel.LEVEL_0);
            assertTrue(thrown.getMessage().startsWith("NetConnectionEnum reported entriesread 5: 5 entries of 4 bytes"
                + " need 20 bytes, but NetApiBufferSize says its buffer holds 12 bytes (NetConnectionEnum on"),
                    thrown.getMessage());
            assertEveryBufferFreedOnce();
        }

        @Test
        void aLyingEntriesReadPastAnyBufferIsRefusedAsUnsigned() {
            standIn.lieAboutEntriesRead(-4); // 3 entries: entriesread 0xFFFFFFFF
            ProtocolViolationException thrown = refused(ConnectionLevel.LEVEL_1);
            long size = 3L * Netapi32.CONNECTION_INFO_1.SIZE + 2 * (6 + 5 + 4 + 5 + 5);
            assertTrue(thrown.getMessage().startsWith("NetConnectionEnum reported entriesread 4294967295: 4294967295"
                    + " entries of " + Netapi32.CONNECTION_INFO_1.SIZE + " bytes need "
                    + 4294967295L * Netapi32.CONNECTION_INFO_1.SIZE + " bytes, but NetApiBufferSize says its buffer"
                    + " holds " + size + " bytes"), thrown.getMessage());
            assertEveryBufferFreedOnce();
        }

        /**
         * One entry too many fits in the buffer at level 1, whose strings follow the array: the
         * fourth structure would be string bytes, with pointers to anywhere. The first entry's
         * user name, now inside the claimed array, gives the lie away before any is followed.
         */
        @Test
        void aLieTheBufferCanHoldIsCaughtByTheStrings() {
            standIn.lieAboutEntriesRead(1);
            ProtocolViolationException thrown = refused(ConnectionLevel.LEVEL_1);
            int array = 4 * Netapi32.CONNECTION_INFO_1.SIZE;
            assertTrue(thrown.getMessage().startsWith("entry 0's coni1_username points at byte "
                    + 3 * Netapi32.CONNECTION_INFO_1.SIZE + " of the Netapi32 buffer, outside its strings (bytes "
                    + array + " to " + (3 * Netapi32.CONNECTION_INFO_1.SIZE + 50) + ")"), thrown.getMessage());
            assertEveryBufferFreedOnce();
        }

        @Test
        void aLyingEntriesReadIsRefusedForFilesAndTheBufferFreedOnce() {
            standIn.lieAboutEntriesRead(2);
            ProtocolViolationException thrown = assertThrows(ProtocolViolationException.class, () ->
                    enumerator.enumeratePage(FileQuery.on(StandIn.SERVER, FileLevel.LEVEL_2), PageSize.ALL,
                            ResumeHandle.START));
            assertTrue(thrown.getMessage().startsWith("NetFileEnum reported entriesread 5: 5 entries of 4 bytes"
                    + " need 20 bytes, but NetApiBufferSize says its buffer holds 12 bytes (NetFileEnum on"),
                    thrown.getMessage());
            assertEveryBufferFreedOnce();
        }

        @Test
        void aLieTheSessionBufferCanHoldIsCaughtByTheStrings() {
            standIn.lieAboutEntriesRead(1);
            ProtocolViolationException thrown = assertThrows(ProtocolViolationException.class, () ->
                    enumerator.enumeratePage(SessionQuery.on(StandIn.SERVER, SessionLevel.LEVEL_10), PageSize.ALL,
                            ResumeHandle.START));
            int entry = Netapi32.SESSION_INFO_10.SIZE;
            assertTrue(thrown.getMessage().startsWith("entry 0's sesi10_cname points at byte " + 3 * entry
                    + " of the Netapi32 buffer, outside its strings (bytes " + 4 * entry + " to "
                    + (3 * entry + 2 * (5 + 6 + 5 + 4 + 6)) + ")"), thrown.getMessage());
            assertEveryBufferFreedOnce();
        }

        @Test
        void theTruthIsReadInFull() throws Exception {
            standIn.lieAboutEntriesRead(2);
            refused(ConnectionLevel.LEVEL_1);
            standIn.lieAboutEntriesRead(0);
            Page<?> page = enumerator.enumeratePage(ConnectionQuery.on(StandIn.SERVER, Qualifier.of("DATA"),
                    ConnectionLevel.LEVEL_1), PageSize.ALL, ResumeHandle.START);
            assertEquals(List.of(ConnectionInfo.Level1.of(1, 0, 2, 1, 60, "alice", "WS01"),
                    ConnectionInfo.Level1.of(2, 0, 1, 1, 5, "bob", "WS02"),
                    ConnectionInfo.Level1.of(3, 0, 0, 1, 9, null, "WS03")), page.entries());
            assertEquals(List.of(SessionInfo.Level10.of("WS01", "alice", 0, 0),
                    SessionInfo.Level10.of("WS02", "bob", 0, 0), SessionInfo.Level10.of(null, "carol", 0, 0)),
                    enumerator.enumerateAll(SessionQuery.on(StandIn.SERVER, SessionLevel.LEVEL_10)));
            assertEquals(List.of(FileInfo.Level3.of(1, 1, 0, "C:\\a", "alice"),
                    FileInfo.Level3.of(2, 1, 0, "C:\\b", "bob"), FileInfo.Level3.of(3, 1, 0, null, null)),
                    enumerator.enumerateAll(FileQuery.on(StandIn.SERVER, FileLevel.LEVEL_3)));
            assertEveryBufferFreedOnce();
        }
    }

    @Test
    void theLibraryMustExist() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Netapi32ConnectionEnumerator.builder().library("/nonexistent/libnothing.so").build());
        assertTrue(e.getMessage().startsWith("cannot load the native library '/nonexistent/libnothing.so'"), e.getMessage());
    }
}
