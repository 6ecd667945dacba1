package io.github.netconn.netapi32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.FileInfo;
import io.github.netconn.api.FileLevel;
import io.github.netconn.api.FilePermissions;
import io.github.netconn.api.FileQuery;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.SessionInfo;
import io.github.netconn.api.SessionLevel;
import io.github.netconn.api.SessionQuery;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator;
import io.github.netconn.testkit.AgreementCheck;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The real Netapi32, on Windows only (the hosted-runner workflow in
 * .github/workflows/windows.yml sets it up): the local computer's connections, sessions and
 * open files, the statuses, and the agreement (C13) with the network adapter against the local
 * SMB server. The
 * workflow creates the share NETCONN_SHARE, the administrator NETCONN_USER with
 * NETCONN_PASSWORD, and holds one connection to the share from 127.0.0.1.
 */
@EnabledOnOs(value = OS.WINDOWS, disabledReason = "the real Netapi32 exists only on Windows")
@EnabledIfEnvironmentVariable(named = "NETCONN_SHARE", matches = ".+",
        disabledReason = "the Windows workflow sets NETCONN_SHARE, NETCONN_USER and NETCONN_PASSWORD")
class WindowsNetapi32Test {

    private static final String SHARE = System.getenv("NETCONN_SHARE");

    private static Netapi32ConnectionEnumerator netapi32() {
        return Netapi32ConnectionEnumerator.builder().build();
    }

    @Test
    void theLocalComputerListsTheHeldConnection() throws Exception {
        try (Netapi32ConnectionEnumerator e = netapi32()) {
            List<? extends ConnectionInfo> entries = e.enumerateAll(ConnectionQuery.local(Qualifier.of(SHARE),
                    ConnectionLevel.LEVEL_1));
            assertFalse(entries.isEmpty(), "the workflow holds a connection to " + SHARE);
            ConnectionInfo.Level1 first = (ConnectionInfo.Level1) entries.get(0);
            assertTrue(first.userName().isPresent(), first::toString);
            assertEquals(entries, e.enumerateAll(ConnectionQuery.local(Qualifier.of(SHARE), ConnectionLevel.LEVEL_1),
                    PageSize.ofBytes(1)).stream().toList(), "paged one entry at a time");
        }
    }

    /** The workflow's {@code net use} is a session of NETCONN_USER (the runner's user is an administrator, S9). */
    @Test
    void theLocalComputerListsTheHeldSession() throws Exception {
        String user = System.getenv("NETCONN_USER");
        try (Netapi32ConnectionEnumerator e = netapi32()) {
            List<SessionInfo.Level10> sessions = e.enumerateAll(SessionQuery.local(SessionLevel.LEVEL_10).ofUser(user));
            assertFalse(sessions.isEmpty(), "the workflow holds a session as " + user);
            for (SessionInfo.Level10 session : sessions) {
                assertTrue(session.userName().orElseThrow().equalsIgnoreCase(user), session::toString);
            }
            List<SessionInfo.Level502> all = e.enumerateAll(SessionQuery.local(SessionLevel.LEVEL_502),
                    PageSize.ofBytes(1));
            assertTrue(all.stream().anyMatch(s -> s.userName().filter(user::equalsIgnoreCase).isPresent()),
                    all::toString);
        }
    }

    /**
     * NetFileEnum, with its pointer-sized resume handle, on the real Netapi32: a file this test
     * holds open through the share (over the workflow's {@code net use} session) is listed at
     * level 3, whole and in one-byte pages, with its path and write permission, and its id at level 2.
     */
    @Test
    void aFileHeldOpenThroughTheShareIsListed() throws Exception {
        String name = "netconn-open-file.txt";
        Path held = Path.of("\\\\127.0.0.1\\" + SHARE + "\\" + name);
        try (OutputStream out = Files.newOutputStream(held); Netapi32ConnectionEnumerator e = netapi32()) {
            out.write('x');
            out.flush();
            List<FileInfo.Level3> files = e.enumerateAll(FileQuery.local(FileLevel.LEVEL_3), PageSize.ofBytes(1));
            FileInfo.Level3 file = files.stream()
                    .filter(f -> f.pathName().orElse("").toLowerCase(Locale.ROOT).endsWith("\\" + name))
                    .findFirst().orElseThrow(() -> new AssertionError(name + " is not among " + files));
            assertTrue(file.permissions().has(FilePermissions.Permission.WRITE), file::toString);
            assertTrue(e.enumerateAll(FileQuery.local(FileLevel.LEVEL_2)).contains(new FileInfo.Level2(file.id())),
                    "its id at level 2");
        } finally {
            Files.deleteIfExists(held);
        }
    }

    @Test
    void anUnknownShareIsNotFound() {
        try (Netapi32ConnectionEnumerator e = netapi32()) {
            NetApiStatusException thrown = assertThrows(NetApiStatusException.class,
                    () -> e.enumerateAll(ConnectionQuery.local(Qualifier.of("NO-SUCH-SHARE"), ConnectionLevel.LEVEL_1)));
            assertEquals(NetApiStatusException.Kind.NOT_FOUND, thrown.kind(), thrown::getMessage);
        }
    }

    @Test
    void bothAdaptersAgreeOnTheLocalSmbServer() {
        // No computer qualifier that matches: every connection here comes from 127.0.0.1, and
        // the network adapter's own IPC$ connection would differ between the two (C13's exception).
        try (Netapi32ConnectionEnumerator native32 = netapi32();
             MsrpcConnectionEnumerator msrpc = MsrpcConnectionEnumerator.builder()
                     .credentials(System.getenv("COMPUTERNAME"), System.getenv("NETCONN_USER"),
                             System.getenv("NETCONN_PASSWORD").toCharArray()).build()) {
            AgreementCheck.Report report = AgreementCheck.compare(
                    new AgreementCheck.Side("netapi32", native32, "127.0.0.1"),
                    new AgreementCheck.Side("msrpc", msrpc, "127.0.0.1"),
                    AgreementCheck.standardQueries(SHARE, "\\\\NO-SUCH-CLIENT"), true);
            assertTrue(report.agrees(), report::toString);
        }
    }
}
