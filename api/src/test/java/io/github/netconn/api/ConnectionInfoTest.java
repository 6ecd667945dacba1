package io.github.netconn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** C5: unsigned values, NULL strings and share types. */
class ConnectionInfoTest {

    private static final long MAX = 0xFFFF_FFFFL;

    @Test
    void unsignedExtremesAreKept() {
        ConnectionInfo.Level1 entry = ConnectionInfo.Level1.of(MAX, MAX, MAX, MAX, MAX, "u", "n");
        assertEquals(4_294_967_295L, entry.id());
        assertEquals(4_294_967_295L, entry.shareType().raw());
        assertEquals(4_294_967_295L, entry.openCount());
        assertEquals(4_294_967_295L, entry.userCount());
        assertEquals(4_294_967_295L, entry.secondsConnected());
        assertEquals(Duration.ofSeconds(4_294_967_295L), entry.connectedFor());
        assertEquals(4_294_967_295L, new ConnectionInfo.Level0(MAX).id());
        assertEquals(0, new ConnectionInfo.Level0(0).id());
    }

    @Test
    void negativeOrWiderValuesCannotExist() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionInfo.Level0(-1));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionInfo.Level0(MAX + 1));
        assertEquals("openCount must be an unsigned 32-bit value (0 to 4294967295), not -1",
                assertThrows(IllegalArgumentException.class,
                        () -> ConnectionInfo.Level1.of(0, 0, -1, 0, 0, null, null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.Level1.of(0, 0, 0, MAX + 1, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.Level1.of(0, 0, 0, 0, -5, null, null));
        assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.Level1.of(0, -1, 0, 0, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.Level1.of(-1, 0, 0, 0, 0, null, null));
    }

    @Test
    void nullStringsStayAbsent() {
        ConnectionInfo.Level1 entry = ConnectionInfo.Level1.of(1, 0, 0, 0, 0, null, null);
        assertEquals(Optional.empty(), entry.userName());
        assertEquals(Optional.empty(), entry.netName());
        assertFalse(entry.toString().contains("=null"), entry.toString());
        assertThrows(NullPointerException.class, () -> new ConnectionInfo.Level1(
                1, ShareType.of(0), 0, 0, 0, null, Optional.empty()));
    }

    @Test
    void stringsAreKeptExactly() {
        String odd = "\uD83D\uDE00 \u00E9\u0000x"; // non-BMP, accent, even a NUL inside
        ConnectionInfo.Level1 entry = ConnectionInfo.Level1.of(1, 0, 0, 0, 0, odd, "");
        assertEquals(Optional.of(odd), entry.userName());
        assertEquals(Optional.of(""), entry.netName());
    }

    @Test
    void shareTypesSplitIntoBaseTypeAndFlags() {
        assertEquals(Optional.of(ShareType.BaseType.DISKTREE), ShareType.of(0).baseType());
        assertEquals(Optional.of(ShareType.BaseType.PRINTQ), ShareType.of(1).baseType());
        assertEquals(Optional.of(ShareType.BaseType.DEVICE), ShareType.of(2).baseType());
        assertEquals(Optional.of(ShareType.BaseType.IPC), ShareType.of(3).baseType());
        assertEquals(Set.of(), ShareType.of(3).flags());

        ShareType adminIpc = ShareType.of(0x8000_0003L);
        assertEquals(Optional.of(ShareType.BaseType.IPC), adminIpc.baseType());
        assertEquals(Set.of(ShareType.Flag.SPECIAL), adminIpc.flags());
        assertTrue(adminIpc.has(ShareType.Flag.SPECIAL));
        assertFalse(adminIpc.has(ShareType.Flag.TEMPORARY));
        assertEquals("IPC|SPECIAL (0x80000003)", adminIpc.toString());

        ShareType cluster = ShareType.of(0x4E00_0000L);
        assertEquals(Set.of(ShareType.Flag.TEMPORARY, ShareType.Flag.CLUSTER_FS, ShareType.Flag.CLUSTER_SOFS,
                ShareType.Flag.CLUSTER_DFS), cluster.flags());
        assertEquals(Optional.of(ShareType.BaseType.DISKTREE), cluster.baseType());
    }

    @Test
    void unknownBitsAreKeptInTheRawValue() {
        ShareType all = ShareType.of(MAX);
        assertEquals(MAX, all.raw());
        assertEquals(0xFF, all.baseTypeValue());
        assertEquals(Optional.empty(), all.baseType());
        assertEquals(Set.of(ShareType.Flag.values()), all.flags());
        assertEquals("TYPE_255|SPECIAL|TEMPORARY|CLUSTER_FS|CLUSTER_SOFS|CLUSTER_DFS (0xFFFFFFFF)", all.toString());
        assertEquals(0x0010_0000L, ShareType.of(0x0010_0000L).raw());
        assertEquals(Set.of(), ShareType.of(0x0010_0000L).flags());
    }

    @Test
    void pagesCopyTheirEntriesAndCheckTheHint() {
        List<ConnectionInfo> entries = new java.util.ArrayList<>(List.of(new ConnectionInfo.Level0(1)));
        Page<?> page = new Page<>(entries, MAX, ResumeHandle.START, false);
        entries.clear();
        assertEquals(1, page.entries().size());
        assertEquals(MAX, page.totalEntries());
        assertThrows(IllegalArgumentException.class, () -> new Page<>(List.of(), -1, ResumeHandle.START,
                false));
        assertThrows(NullPointerException.class, () -> new Page<>(List.of(), 0, null, false));
    }
}
