package io.github.netconn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** S1-S3 and F1-F3: the filters, the server and the level of the sibling ports' queries. */
class SessionQueryTest {

    @Test
    void clientFilterIsTheComputerWithOrWithoutBackslashes() {
        SessionQuery<SessionInfo.Level10> all = SessionQuery.on("\\\\fs01", SessionLevel.LEVEL_10);
        assertEquals("fs01", all.server());
        assertEquals(Optional.empty(), all.client());
        assertNull(all.clientWireValue());
        assertEquals(all.fromClient("WS01"), all.fromClient("\\\\WS01"));
        assertEquals("\\\\WS01", all.fromClient("WS01").clientWireValue());
        assertEquals(Optional.of("alice"), all.ofUser("alice").user());
        assertEquals(SessionLevel.LEVEL_0, all.fromClient("WS01").at(SessionLevel.LEVEL_0).level());
        assertEquals(Optional.of("WS01"), all.fromClient("WS01").at(SessionLevel.LEVEL_0).client());
    }

    @Test
    void badFiltersAreRefusedNamingWhatIsWrong() {
        SessionQuery<SessionInfo.Level0> q = SessionQuery.on("fs01", SessionLevel.LEVEL_0);
        assertEquals("client name must not be empty; leave it out to list all",
                assertThrows(IllegalArgumentException.class, () -> q.fromClient("\\\\")).getMessage());
        assertEquals("user name must not be empty; leave it out to list all",
                assertThrows(IllegalArgumentException.class, () -> q.ofUser("")).getMessage());
        assertEquals("user name contains a NUL character at index 1",
                assertThrows(IllegalArgumentException.class, () -> q.ofUser("a\0b")).getMessage());
        assertEquals("client name is 1024 characters long; the limit is 1023",
                assertThrows(IllegalArgumentException.class, () -> q.fromClient("x".repeat(1024))).getMessage());
        assertEquals("x".repeat(1023), q.fromClient("x".repeat(1023)).client().orElseThrow());
        assertThrows(NullPointerException.class, () -> q.ofUser(null));
        assertEquals("server 'fs01:0' is not host:port with a port from 1 to 65535",
                assertThrows(IllegalArgumentException.class, () -> SessionQuery.on("fs01:0", SessionLevel.LEVEL_0))
                        .getMessage());
        assertTrue(SessionQuery.local(SessionLevel.LEVEL_1).serverName().isEmpty());
    }

    @Test
    void fileQueriesFilterByBasePathAndUser() {
        FileQuery<FileInfo.Level3> q = FileQuery.on("fs01:4450", FileLevel.LEVEL_3).under("C:\\data").ofUser("bob");
        assertEquals("fs01:4450", q.server());
        assertEquals(Optional.of("C:\\data"), q.basePath());
        assertEquals(Optional.of("bob"), q.user());
        assertEquals(FileLevel.LEVEL_2, q.at(FileLevel.LEVEL_2).level());
        assertEquals("base path must not be empty; leave it out to list all",
                assertThrows(IllegalArgumentException.class, () -> q.under("")).getMessage());
        assertTrue(FileQuery.local(FileLevel.LEVEL_2).serverName().isEmpty());
    }

    @Test
    void levelsAreOnlyTheFunctionsOwn() {
        for (SessionLevel<?> level : SessionLevel.values()) {
            assertSame(level, SessionLevel.of(level.value()));
        }
        for (FileLevel<?> level : FileLevel.values()) {
            assertSame(level, FileLevel.of(level.value()));
        }
        assertEquals("level 3 was asked for; NetSessionEnum has levels 0, 1, 2, 10, 502",
                assertThrows(IllegalArgumentException.class, () -> SessionLevel.of(3)).getMessage());
        assertEquals("level 1 was asked for; NetFileEnum has levels 2, 3",
                assertThrows(IllegalArgumentException.class, () -> FileLevel.of(1)).getMessage());
        assertEquals("LEVEL_502", SessionLevel.LEVEL_502.toString());
        assertEquals(SessionInfo.Level502.class, SessionLevel.LEVEL_502.type());
    }

    @Test
    void aPageIsCastToItsLevelOrRefused() {
        Page<Object> page = new Page<>(java.util.List.of(new FileInfo.Level2(7)), 1, ResumeHandle.START, false);
        assertEquals(7, page.as(FileLevel.LEVEL_2).entries().get(0).id());
        assertEquals("a Level2 entry for a LEVEL_3 query",
                assertThrows(IllegalStateException.class, () -> page.as(FileLevel.LEVEL_3)).getMessage());
    }
}
