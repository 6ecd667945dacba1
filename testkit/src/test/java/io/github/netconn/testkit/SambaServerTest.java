package io.github.netconn.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Samba fixture does what tests rely on: the connections it holds are real, as Samba
 * itself reports them (smbstatus), and they end when closed.
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
            try (SambaServer.Held unknown = guesty.connectAcceptingGuest(new Account("NETCONN", "nosuchuser", "x"), "IPC$");
                 SambaServer.Held wrongPassword = guesty.connectAcceptingGuest(Account.PLAIN.withWrongPassword(), "IPC$")) {
                assertEquals(2, guesty.sessionsOf("nobody"), "guest sessions");
                assertEquals(0, guesty.sessionsOf(Account.PLAIN.user()));
            }
            assertThrows(IOException.class, () -> guesty.connect(Account.PLAIN.withWrongPassword(), "IPC$").close(),
                    "a client that refuses guest sessions");
        }
        assertEquals("Never", samba.parameter("map to guest"));
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
