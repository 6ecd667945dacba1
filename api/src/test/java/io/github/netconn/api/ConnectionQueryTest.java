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
        assertEquals(ConnectionQuery.on("fs01", DATA, ConnectionLevel.LEVEL_1),
                ConnectionQuery.on("\\\\fs01", DATA, ConnectionLevel.LEVEL_1));
        assertEquals(Optional.of("fs01"), ConnectionQuery.on("\\\\fs01", DATA, ConnectionLevel.LEVEL_0).serverName());
    }

    @Test
    void portsAndAddressesAreKeptForTheNetworkAdapter() {
        assertEquals("127.0.0.1:4450", ConnectionQuery.on("127.0.0.1:4450", DATA, ConnectionLevel.LEVEL_0).server());
        assertEquals("fs01:1", ConnectionQuery.on("\\\\fs01:1", DATA, ConnectionLevel.LEVEL_0).server());
        assertEquals("fs01:65535", ConnectionQuery.on("fs01:65535", DATA, ConnectionLevel.LEVEL_0).server());
    }

    /** A port no server can have, or an IPv6 literal (which no adapter takes), is refused when the query is built. */
    @Test
    void badPortsAndIpv6LiteralsAreRefusedWhenTheQueryIsBuilt() {
        for (String server : new String[] {"fs01:0", "fs01:65536", "fs01:99999", "fs01:", "fs01:x", ":445", "fs01:+1",
                "fs01:0445445"}) {
            assertEquals("server '" + server + "' is not host:port with a port from 1 to 65535", assertThrows(
                    IllegalArgumentException.class, () -> ConnectionQuery.on(server, DATA,
                            ConnectionLevel.LEVEL_0)).getMessage());
        }
        for (String server : new String[] {"[::1]", "[::1]:445", "::1", "fe80::1:445"}) {
            assertEquals("server '" + server + "': IPv6 literals are not supported; give the host's name or its IPv4"
                    + " address", assertThrows(IllegalArgumentException.class,
                    () -> ConnectionQuery.on(server, DATA, ConnectionLevel.LEVEL_0)).getMessage());
        }
    }

    @Test
    void sharesAndComputersHaveFactoriesOfTheirOwn() {
        assertEquals(new Qualifier.Share("DATA"), Qualifier.share("DATA"));
        assertEquals(new Qualifier.Computer("WS01"), Qualifier.computer("WS01"));
        assertEquals(new Qualifier.Computer("WS01"), Qualifier.computer("\\\\WS01"));
        assertEquals("\\\\WS01", Qualifier.computer("WS01").wireValue());
        assertThrows(IllegalArgumentException.class, () -> Qualifier.share("\\\\WS01"));
        assertThrows(IllegalArgumentException.class, () -> Qualifier.share(""));
        assertThrows(IllegalArgumentException.class, () -> Qualifier.computer(""));
        assertThrows(IllegalArgumentException.class, () -> Qualifier.computer("\\\\"));
        assertThrows(IllegalArgumentException.class, () -> Qualifier.computer(null));
    }

    @Test
    void noServerMeansTheLocalComputer() {
        assertTrue(ConnectionQuery.local(DATA, ConnectionLevel.LEVEL_1).serverName().isEmpty());
    }

    @Test
    void badServerNamesAreRejectedWithTheReason() {
        assertEquals("server '\\\\' names no host", assertThrows(IllegalArgumentException.class,
                () -> ConnectionQuery.on("\\\\", DATA, ConnectionLevel.LEVEL_0)).getMessage());
        assertEquals("server '' names no host", assertThrows(IllegalArgumentException.class,
                () -> ConnectionQuery.on("", DATA, ConnectionLevel.LEVEL_0)).getMessage());
        assertEquals("server name contains a NUL character at index 2", assertThrows(IllegalArgumentException.class,
                () -> ConnectionQuery.on("fs\0", DATA, ConnectionLevel.LEVEL_0)).getMessage());
        assertEquals("server name contains the character U+0020 at index 2", assertThrows(
                IllegalArgumentException.class, () -> ConnectionQuery.on("fs 01", DATA, ConnectionLevel.LEVEL_0)).getMessage());
        assertEquals("server name contains the character U+005C at index 2", assertThrows(
                IllegalArgumentException.class, () -> ConnectionQuery.on("fs\\x", DATA, ConnectionLevel.LEVEL_0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConnectionQuery.on("h".repeat(1024), DATA, ConnectionLevel.LEVEL_0));
        assertThrows(NullPointerException.class, () -> ConnectionQuery.on(null, DATA, ConnectionLevel.LEVEL_0));
        assertThrows(NullPointerException.class, () -> ConnectionQuery.on("fs01", null, ConnectionLevel.LEVEL_0));
        assertThrows(NullPointerException.class, () -> ConnectionQuery.on("fs01", DATA, null));
    }

    @Test
    void onlyLevelsZeroAndOneExist() {
        assertEquals(ConnectionLevel.LEVEL_0, ConnectionLevel.of(0));
        assertEquals(ConnectionLevel.LEVEL_1, ConnectionLevel.of(1));
        for (long level : new long[] {2, -1, 502, 0x1_0000_0000L, Long.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConnectionLevel.of(level));
            assertEquals("level " + level + " was asked for; NetConnectionEnum has levels 0, 1", e.getMessage());
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
