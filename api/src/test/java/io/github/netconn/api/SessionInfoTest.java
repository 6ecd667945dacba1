package io.github.netconn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** S5 and F5: unsigned DWORDs, NULL strings, durations, flag and permission sets with the raw value kept. */
class SessionInfoTest {

    private static final long MAX = 0xFFFF_FFFFL;

    @Test
    void everyDwordIsUnsignedAndTimesAreDurations() {
        SessionInfo.Level502 s = SessionInfo.Level502.of("10.0.0.5", null, MAX, MAX, 0, MAX, "", null);
        assertEquals(Optional.of("10.0.0.5"), s.clientName());
        assertEquals(Optional.empty(), s.userName());
        assertEquals(MAX, s.openCount());
        assertEquals(Duration.ofSeconds(MAX), s.active());
        assertEquals(Duration.ZERO, s.idle());
        assertEquals(MAX, s.flags().raw());
        assertEquals(Optional.of(""), s.clientType());
        assertEquals(Optional.empty(), s.transport());
        assertEquals(Duration.ofSeconds(61), SessionInfo.Level10.of("a", "b", 61, 2).active());
        assertEquals(Optional.empty(), SessionInfo.Level0.of(null).clientName());
    }

    @Test
    void outOfRangeValuesAreRefusedNamingTheField() {
        assertEquals("openCount must be an unsigned 32-bit value (0 to 4294967295), not -1",
                assertThrows(IllegalArgumentException.class,
                        () -> SessionInfo.Level1.of("a", "b", -1, 0, 0, 0)).getMessage());
        assertEquals("active seconds must be an unsigned 32-bit value (0 to 4294967295), not 4294967296",
                assertThrows(IllegalArgumentException.class,
                        () -> SessionInfo.Level10.of("a", "b", MAX + 1, 0)).getMessage());
        assertEquals("idle must be whole seconds, not PT0.5S", assertThrows(IllegalArgumentException.class,
                () -> new SessionInfo.Level10(Optional.empty(), Optional.empty(), Duration.ZERO,
                        Duration.ofMillis(500))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SessionInfo.Level2(Optional.empty(),
                Optional.empty(), 0, Duration.ofSeconds(-1), Duration.ZERO, SessionFlags.of(0), Optional.empty()));
        assertEquals("lockCount must be an unsigned 32-bit value (0 to 4294967295), not 4294967296",
                assertThrows(IllegalArgumentException.class,
                        () -> FileInfo.Level3.of(1, 0, MAX + 1, "p", "u")).getMessage());
    }

    @Test
    void flagsAndPermissionsAreSetsThatKeepUnknownBits() {
        SessionFlags guest = SessionFlags.of(0x101);
        assertEquals(Set.of(SessionFlags.Flag.GUEST), guest.set());
        assertTrue(guest.has(SessionFlags.Flag.GUEST));
        assertFalse(guest.has(SessionFlags.Flag.NO_ENCRYPTION));
        assertEquals("GUEST (0x00000101)", guest.toString());
        assertEquals("0x00000000", SessionFlags.of(0).toString());
        FilePermissions rw = FileInfo.Level3.of(MAX, 0x8000_0003L, 2, "C:\\data\\a.txt", "alice").permissions();
        assertEquals(Set.of(FilePermissions.Permission.READ, FilePermissions.Permission.WRITE), rw.set());
        assertEquals(0x8000_0003L, rw.raw());
        assertEquals("READ|WRITE (0x80000003)", rw.toString());
        assertTrue(FilePermissions.of(4).has(FilePermissions.Permission.CREATE));
    }
}
