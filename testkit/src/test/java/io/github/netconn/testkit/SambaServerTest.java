package io.github.netconn.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.testkit.SambaFixture.HeldConnection.Access;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Samba fixture does what tests rely on: the connections, open files and byte-range locks
 * it holds are real, as Samba itself reports them (smbstatus), and they end when closed.
 */
class SambaServerTest {

    @Samba
    static SambaServer samba;

    @Test
    void listensOnLoopbackOnItsOwnPort() {
        assertEquals("127.0.0.1:" + samba.port(), samba.serverName());
        assertTrue(Docker.listening(samba.port()));
    }

    @Test
    void heldConnectionsAreRealTreeConnectsAndSessions() throws Exception {
        int before = samba.treeConnects("ARCHIVE");
        try (SambaServer.Held admin = samba.connect(Account.ADMIN, "ARCHIVE");
             SambaServer.Held plain = samba.connect(Account.PLAIN, "ARCHIVE")) {
            admin.open("readme.txt");
            plain.open("docs/notes.txt");
            assertEquals(before + 2, samba.treeConnects("ARCHIVE"));
            assertTrue(samba.sessionsOf(Account.PLAIN.user()) >= 1, "netuser's session");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (samba.treeConnects("ARCHIVE") != before && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(before, samba.treeConnects("ARCHIVE"), "tree connects after closing");
    }

    @Test
    void aWrongPasswordOrUnknownShareIsRefused() {
        assertThrows(IOException.class, () -> samba.connect(Account.ADMIN.withWrongPassword(), "DATA").close());
        assertThrows(IOException.class, () -> samba.connect(Account.ADMIN, "NOSUCH").close());
    }

    @Test
    void aMissingImageFailsFastSayingWhatToRun() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Docker.container("netconn-testkit/servers:no-such-tag"));
        assertTrue(e.getMessage().startsWith("the test image netconn-testkit/servers:no-such-tag is missing: run scripts/test"),
                e.getMessage());
    }

    @Test
    void mapToGuestGrantsGuestSessionsToClientsThatAcceptThem() throws Exception {
        try (SambaServer guesty = SambaServer.start(SambaServer.Encryption.DEFAULT, SambaServer.MapToGuest.BAD_PASSWORD)) {
            assertEquals("Bad Password", guesty.parameter("map to guest"));
            assertTrue(guesty.mapsToGuest());
            try (SambaServer.Held unknown = guesty.connectAcceptingGuest(new Account("NETCONN", "nosuchuser", "x"), "IPC$");
                 SambaServer.Held wrongPassword = guesty.connectAcceptingGuest(Account.PLAIN.withWrongPassword(),
                         "IPC$");
                 SambaServer.Held guest = guesty.connectAsGuest()) {
                assertEquals(3, guesty.sessionsOf("nobody"), "guest sessions");
                assertEquals(0, guesty.sessionsOf(Account.PLAIN.user()));
            }
            assertThrows(IOException.class, () -> guesty.connect(Account.PLAIN.withWrongPassword(), "IPC$").close(),
                    "a client that refuses guest sessions");
        }
        assertEquals("Never", samba.parameter("map to guest"));
        assertFalse(samba.mapsToGuest());
        IOException refused = assertThrows(IOException.class, () -> samba.connectAsGuest().close());
        assertTrue(refused.getMessage().contains("grants no guest sessions"), refused.getMessage());
    }

    @Test
    void heldFilesAreRealOpensWithTheirAccessAndByteRangeLocks() throws Exception {
        assertEquals("/srv/archive", samba.sharePath("ARCHIVE"));
        try (SambaServer.Held admin = samba.connect(Account.ADMIN, "ARCHIVE")) {
            admin.open("table.csv", Access.WRITE).lock(0, 3);
            SambaFixture.HeldFile readme = admin.open("readme.txt", Access.READ_WRITE);
            readme.lock(0, 1);
            readme.lock(5, 2);
            admin.open("docs/notes.txt");
            List<String> opens = rowsFor(samba.smbstatus("--locks"), "Locked files:", "/srv/archive");
            assertEquals(3, opens.size(), () -> "open files: " + opens);
            assertTrue(opens.stream().anyMatch(row -> row.matches(".* WRONLY .*table\\.csv")), opens::toString);
            assertTrue(opens.stream().anyMatch(row -> row.matches(".* RDWR .*readme\\.txt")), opens::toString);
            assertTrue(opens.stream().anyMatch(row -> row.matches(".* RDONLY .*notes\\.txt")), opens::toString);
            List<String> locks = rowsFor(samba.smbstatus("--byterange"), "Byte range locks:", "/srv/archive");
            assertEquals(3, locks.size(), () -> "byte-range locks: " + locks);
            assertEquals(1, locks.stream().filter(row -> row.matches(".* W +0 +3 .*table\\.csv")).count(),
                    locks::toString);
            assertEquals(2, locks.stream().filter(row -> row.matches(".* W +\\d +\\d .*readme\\.txt")).count(),
                    locks::toString);
            IOException taken = assertThrows(IOException.class, () -> {
                try (SambaServer.Held plain = samba.connect(Account.PLAIN, "ARCHIVE")) {
                    plain.open("table.csv").lock(1, 1);
                }
            });
            assertTrue(taken.getMessage().startsWith("cannot lock 1 bytes at 1 of table.csv"), taken.getMessage());
        }
    }

    /**
     * The rows of smbstatus's table under {@code title} that hold {@code sharePath}, without the
     * time column (of the open files).
     */
    private static List<String> rowsFor(String output, String title, String sharePath) {
        String table = output.substring(output.indexOf(title)).split("\n\\s*\n")[0];
        return Arrays.stream(table.split("\n"))
                .filter(row -> row.contains(" " + sharePath + " "))
                .map(row -> row.replaceAll(" +[A-Z][a-z]{2} [A-Z][a-z]{2} +\\d+ [0-9:]+ \\d{4}$", "").trim())
                .collect(Collectors.toList());
    }

    @Test
    void serversRunSideBySideOnDifferentPorts() {
        try (SambaServer second = SambaServer.start(SambaServer.Encryption.REQUIRED)) {
            assertTrue(second.port() != samba.port());
            assertTrue(Docker.listening(second.port()));
            assertTrue(Docker.listening(samba.port()));
        }
    }
}
