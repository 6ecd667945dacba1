package io.github.netconn.netapi32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.testkit.Scenario;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * C10 on the paths the stand-in cannot produce: a binding that answers as told, in JNA
 * memory, and records every NetApiBufferFree. The buffer is freed exactly once on every path.
 * And the bound on entriesread, with that binding and with the stand-in made to lie.
 */
class BufferHandlingTest {

    private static final ConnectionQuery<?> QUERY = ConnectionQuery.local(Qualifier.of("DATA"), ConnectionLevel.LEVEL_0);

    /**
     * Answers each call with {@code status}, {@code count} level-0 entries in a fresh buffer (or NULL),
     * and entriesread {@code count + excess}. NetApiBufferSize gives the size of a buffer it
     * allocated, 87 for any other pointer, or {@code sizeStatus} when that is set.
     */
    private static final class Scripted implements Netapi32 {
        final int status;
        final int count;
        final boolean buffer;
        final List<Memory> allocated = new ArrayList<>();
        final List<Pointer> freed = new ArrayList<>();
        boolean freeThrows;
        int excess;
        int sizeStatus;

        Scripted(int status, int count, boolean buffer) {
            this.status = status;
            this.count = count;
            this.buffer = buffer;
        }

        @Override
        public int NetConnectionEnum(Pointer servername, Pointer qualifier, int level, PointerByReference bufptr,
                                     int prefmaxlen, IntByReference entriesread, IntByReference totalentries,
                                     IntByReference resume_handle) {
            if (buffer) {
                Memory m = new Memory(4L * Math.max(1, Math.min(count, 16)));
                for (int i = 0; i < Math.min(count, 16); i++) {
                    m.setInt(4L * i, 0xFFFF_FFF0 + i);
                }
                allocated.add(m);
                bufptr.setValue(m);
            }
            entriesread.setValue(count + excess);
            totalentries.setValue(count + 5);
            resume_handle.setValue(77);
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
    }

    private static Netapi32ConnectionEnumerator over(Netapi32 binding) {
        return new Netapi32ConnectionEnumerator(binding, "scripted", Duration.ofSeconds(5));
    }

    /** The message of the protocol violation a one-page call over {@code binding} ends in, once its buffer is freed exactly once. */
    private static String refusal(Scripted binding) {
        ProtocolViolationException thrown;
        try (Netapi32ConnectionEnumerator e = over(binding)) {
            thrown = assertThrows(ProtocolViolationException.class,
                    () -> e.enumeratePage(QUERY, PageSize.ALL, ResumeHandle.START));
        }
        assertEquals(binding.allocated, binding.freed);
        return thrown.getMessage();
    }

    @Test
    void moreDataFreesTheBufferOnceAndKeepsEveryValue() throws Exception {
        Scripted binding = new Scripted(234, 3, true);
        try (Netapi32ConnectionEnumerator e = over(binding)) {
            Page<?> page = e.enumeratePage(QUERY, PageSize.ofBytes(12), ResumeHandle.START);
            assertEquals(List.of(new ConnectionInfo.Level0(0xFFFF_FFF0L), new ConnectionInfo.Level0(0xFFFF_FFF1L),
                    new ConnectionInfo.Level0(0xFFFF_FFF2L)), page.entries());
            assertTrue(page.moreData());
            assertEquals(8, page.totalEntries());
            assertEquals(new ResumeHandle(77), page.resumeHandle());
        }
        assertEquals(binding.allocated, binding.freed);
    }

    @Test
    void aFailureWhileCopyingStillFreesTheBufferOnce() {
        Scripted binding = new Scripted(0, Integer.MAX_VALUE, true);
        String message = refusal(binding);
        assertTrue(message.contains("2147483647 entries"), message);
    }

    @Test
    void anEntriesReadLargerThanTheBufferIsRefusedBeforeReadingAndTheBufferFreedOnce() {
        Scripted binding = new Scripted(0, 3, true);
        binding.excess = 2;
        String message = refusal(binding);
        assertTrue(message.startsWith("NetConnectionEnum reported entriesread 5: 5 entries of 4 bytes"
                + " need 20 bytes, but NetApiBufferSize says its buffer holds 12 bytes"), message);
    }

    @Test
    void entriesReadIsAnUnsignedDword() {
        Scripted binding = new Scripted(234, 3, true);
        binding.excess = -4; // entriesread 0xFFFFFFFF
        String message = refusal(binding);
        assertTrue(message.contains("entriesread 4294967295: 4294967295 entries of 4 bytes need"
                + " 17179869180 bytes, but NetApiBufferSize says its buffer holds 12 bytes"), message);
    }

    @Test
    void aFailingNetApiBufferSizeIsAProtocolViolationAndTheBufferIsFreedOnce() {
        Scripted binding = new Scripted(0, 3, true);
        binding.sizeStatus = 87;
        String message = refusal(binding);
        assertTrue(message.startsWith("NetConnectionEnum reported entriesread 3, but NetApiBufferSize"
                + " failed on its buffer with ERROR_INVALID_PARAMETER (0x00000057)"), message);
    }

    @Test
    void aFailedCallWithABufferFreesItAndReportsTheStatus() {
        Scripted binding = new Scripted(2310, 0, true);
        try (Netapi32ConnectionEnumerator e = over(binding)) {
            NetApiStatusException thrown = assertThrows(NetApiStatusException.class,
                    () -> e.enumeratePage(QUERY, PageSize.ALL, ResumeHandle.START));
            assertEquals(2310, thrown.code());
        }
        assertEquals(binding.allocated, binding.freed);
    }

    @Test
    void noBufferMeansNoFree() throws Exception {
        Scripted binding = new Scripted(0, 0, false);
        try (Netapi32ConnectionEnumerator e = over(binding)) {
            assertEquals(List.of(), e.enumeratePage(QUERY, PageSize.ALL, ResumeHandle.START).entries());
        }
        assertEquals(List.of(), binding.freed);
        Scripted lying = new Scripted(0, 2, false);
        try (Netapi32ConnectionEnumerator e = over(lying)) {
            assertThrows(ProtocolViolationException.class, () -> e.enumeratePage(QUERY, PageSize.ALL, ResumeHandle.START));
        }
    }

    @Test
    void aFailingFreeDoesNotHideTheResult() throws Exception {
        Scripted binding = new Scripted(0, 1, true);
        binding.freeThrows = true;
        try (Netapi32ConnectionEnumerator e = over(binding)) {
            assertEquals(1, e.enumeratePage(QUERY, PageSize.ALL, ResumeHandle.START).entries().size());
        }
        assertEquals(binding.allocated, binding.freed);
    }

    @Test
    void unreachableAndLogonStatusesMapToTheirKinds() {
        for (int status : new int[] {53, 1722}) {
            try (Netapi32ConnectionEnumerator e = over(new Scripted(status, 0, false))) {
                assertThrows(io.github.netconn.api.HostUnreachableException.class,
                        () -> e.enumeratePage(QUERY, PageSize.ALL, ResumeHandle.START));
            }
        }
        try (Netapi32ConnectionEnumerator e = over(new Scripted(1326, 0, false))) {
            assertThrows(io.github.netconn.api.AuthenticationException.class,
                    () -> e.enumeratePage(QUERY, PageSize.ALL, ResumeHandle.START));
        }
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
                    new Scenario.Connection(3, 0, 0, 1, 9, null, "WS03", "DATA"))));
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
        void theTruthIsReadInFull() throws Exception {
            standIn.lieAboutEntriesRead(2);
            refused(ConnectionLevel.LEVEL_1);
            standIn.lieAboutEntriesRead(0);
            Page<?> page = enumerator.enumeratePage(ConnectionQuery.on(StandIn.SERVER, Qualifier.of("DATA"),
                    ConnectionLevel.LEVEL_1), PageSize.ALL, ResumeHandle.START);
            assertEquals(List.of(ConnectionInfo.Level1.of(1, 0, 2, 1, 60, "alice", "WS01"),
                    ConnectionInfo.Level1.of(2, 0, 1, 1, 5, "bob", "WS02"),
                    ConnectionInfo.Level1.of(3, 0, 0, 1, 9, null, "WS03")), page.entries());
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
