package io.github.netconn.netapi32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionPage;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.InfoLevel;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * C10 on the paths the stand-in cannot produce: a binding that answers as told, in JNA
 * memory, and records every NetApiBufferFree. The buffer is freed exactly once on every path.
 */
class BufferHandlingTest {

    private static final ConnectionQuery QUERY = ConnectionQuery.local(Qualifier.of("DATA"), InfoLevel.LEVEL_0);

    /** Answers each call with {@code status}, {@code count} level-0 entries in a fresh buffer (or NULL). */
    private static final class Scripted implements Netapi32 {
        final int status;
        final int count;
        final boolean buffer;
        final List<Pointer> allocated = new ArrayList<>();
        final List<Pointer> freed = new ArrayList<>();
        boolean freeThrows;

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
            entriesread.setValue(count);
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
    }

    private static Netapi32ConnectionEnumerator over(Netapi32 binding) {
        return new Netapi32ConnectionEnumerator(binding, "scripted", Duration.ofSeconds(5));
    }

    @Test
    void moreDataFreesTheBufferOnceAndKeepsEveryValue() throws Exception {
        Scripted binding = new Scripted(234, 3, true);
        try (Netapi32ConnectionEnumerator e = over(binding)) {
            ConnectionPage page = e.enumeratePage(QUERY, PageSize.ofBytes(12), ResumeHandle.START);
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
        try (Netapi32ConnectionEnumerator e = over(binding)) {
            ProtocolViolationException thrown = assertThrows(ProtocolViolationException.class,
                    () -> e.enumeratePage(QUERY, PageSize.ALL, ResumeHandle.START));
            assertTrue(thrown.getMessage().contains("2147483647 entries"), thrown.getMessage());
        }
        assertEquals(binding.allocated, binding.freed);
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

    @Test
    void theLibraryMustExist() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Netapi32ConnectionEnumerator.builder().library("/nonexistent/libnothing.so").build());
        assertTrue(e.getMessage().startsWith("cannot load the native library '/nonexistent/libnothing.so'"), e.getMessage());
    }
}
