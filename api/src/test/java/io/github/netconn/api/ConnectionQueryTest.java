package io.github.netconn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** C2 and C3: the server name and the level. */
class ConnectionQueryTest {

    private static final Qualifier DATA = Qualifier.of("DATA");

    @Test
    void backslashedAndPlainServerNamesAreTheSameHost() {
        assertEquals(ConnectionQuery.on("fs01", DATA, InfoLevel.LEVEL_1),
                ConnectionQuery.on("\\\\fs01", DATA, InfoLevel.LEVEL_1));
        assertEquals(Optional.of("fs01"), ConnectionQuery.on("\\\\fs01", DATA, InfoLevel.LEVEL_0).serverName());
    }

    @Test
    void portsAndAddressesAreKeptForTheNetworkAdapter() {
        assertEquals("127.0.0.1:4450", ConnectionQuery.on("127.0.0.1:4450", DATA, InfoLevel.LEVEL_0).server());
        assertEquals("[::1]:4450", ConnectionQuery.on("\\\\[::1]:4450", DATA, InfoLevel.LEVEL_0).server());
    }

    @Test
    void noServerMeansTheLocalComputer() {
        assertTrue(ConnectionQuery.local(DATA, InfoLevel.LEVEL_1).serverName().isEmpty());
    }

    @Test
    void badServerNamesAreRejectedWithTheReason() {
        assertEquals("server '\\\\' names no host", assertThrows(IllegalArgumentException.class,
                () -> ConnectionQuery.on("\\\\", DATA, InfoLevel.LEVEL_0)).getMessage());
        assertEquals("server '' names no host", assertThrows(IllegalArgumentException.class,
                () -> ConnectionQuery.on("", DATA, InfoLevel.LEVEL_0)).getMessage());
        assertEquals("server name contains a NUL character at index 2", assertThrows(IllegalArgumentException.class,
                () -> ConnectionQuery.on("fs\0", DATA, InfoLevel.LEVEL_0)).getMessage());
        assertEquals("server name contains the character U+0020 at index 2", assertThrows(
                IllegalArgumentException.class, () -> ConnectionQuery.on("fs 01", DATA, InfoLevel.LEVEL_0)).getMessage());
        assertEquals("server name contains the character U+005C at index 2", assertThrows(
                IllegalArgumentException.class, () -> ConnectionQuery.on("fs\\x", DATA, InfoLevel.LEVEL_0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConnectionQuery.on("h".repeat(1024), DATA, InfoLevel.LEVEL_0));
        assertThrows(NullPointerException.class, () -> ConnectionQuery.on(null, DATA, InfoLevel.LEVEL_0));
        assertThrows(NullPointerException.class, () -> ConnectionQuery.on("fs01", null, InfoLevel.LEVEL_0));
        assertThrows(NullPointerException.class, () -> ConnectionQuery.on("fs01", DATA, null));
    }

    @Test
    void onlyLevelsZeroAndOneExist() throws NetApiStatusException {
        assertEquals(InfoLevel.LEVEL_0, InfoLevel.of(0));
        assertEquals(InfoLevel.LEVEL_1, InfoLevel.of(1));
        for (long level : new long[] {2, -1, 502, 0x1_0000_0000L, Long.MIN_VALUE}) {
            NetApiStatusException e = assertThrows(NetApiStatusException.class, () -> InfoLevel.of(level));
            assertEquals(124, e.code());
            assertEquals(NetApiStatusException.Kind.INVALID_LEVEL, e.kind());
            assertEquals("ERROR_INVALID_LEVEL (0x0000007C): The system call level is not correct."
                    + " (level " + level + " was asked for; only 0 and 1 exist)", e.getMessage());
        }
    }

    @Test
    void pageSizesArePositiveUnsignedDwords() {
        assertEquals(0xFFFF_FFFFL, PageSize.ALL.preferredMaximumLength());
        assertTrue(PageSize.ALL.isAll());
        assertTrue(PageSize.ofBytes(0xFFFF_FFFFL).isAll());
        assertEquals(1, PageSize.ofBytes(1).preferredMaximumLength());
        assertEquals(0xFFFF_FFFEL, PageSize.ofBytes(0xFFFF_FFFEL).preferredMaximumLength());
        for (long bad : new long[] {0, -1, 0x1_0000_0000L}) {
            assertThrows(IllegalArgumentException.class, () -> PageSize.ofBytes(bad), Long.toString(bad));
        }
        assertEquals("PageSize[ALL]", PageSize.ALL.toString());
        assertEquals("PageSize[512 bytes]", PageSize.ofBytes(512).toString());
    }

    @Test
    void resumeHandlesAreUnsignedDwords() {
        assertEquals(0xFFFF_FFFFL, new ResumeHandle(0xFFFF_FFFFL).value());
        assertThrows(IllegalArgumentException.class, () -> new ResumeHandle(-1));
        assertThrows(IllegalArgumentException.class, () -> new ResumeHandle(0x1_0000_0000L));
    }
}
