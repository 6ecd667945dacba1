package io.github.netconn.cli;

import static io.github.netconn.cli.Cli.as;
import static io.github.netconn.cli.Cli.cli;
import static io.github.netconn.cli.Cli.onScripted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.Samba;
import io.github.netconn.testkit.SambaServer;
import io.github.netconn.testkit.Scenario;
import io.github.netconn.testkit.ScriptedServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each exit code from a real failure of its kind, against Samba and the scripted server:
 * the sample's {@code Error: N} on standard output (text and table) or standard error
 * (JSON and CSV), and the status's name and number on standard error.
 */
class ExitCodesTest {

    @Samba
    private static SambaServer samba;
    private static ScriptedServer scripted;

    @BeforeAll
    static void start() {
        scripted = ScriptedServer.start();
    }

    @AfterAll
    static void stop() {
        if (scripted != null) {
            scripted.close();
        }
    }

    private static void assertFailure(Cli.Run run, int exitCode, long status, String name) {
        assertEquals(exitCode, run.code(), run::show);
        assertEquals(List.of("Error: " + status), run.lines(), run::show);
        assertTrue(run.err().startsWith("netconn: " + name + " ("), run::show);
    }

    @Test
    void success0WithTheSamplesLinesForRealConnections() throws Exception {
        try (SambaServer.Held held = samba.connect(Account.ADMIN, "PUBLIC")) {
            held.open("readme.txt");
            Cli.Run run = cli().password(Account.ADMIN).run(as(Account.ADMIN, samba.serverName(), "PUBLIC"));
            assertEquals(Netconn.EXIT_OK, run.code(), run::show);
            // Samba's placeholders (ms-srvs.md): one entry per tree connect, "dummy_user" and "IPC$".
            assertEquals(List.of("dummy_user\tIPC$"), run.lines(), run::show);
            assertEquals("", run.err());
        }
        for (String smb : List.of("smbj", "jcifs")) {
            try (SambaServer.Held held = samba.connect(Account.ADMIN, "PUBLIC")) {
                held.open("readme.txt");
                Cli.Run run = cli().password(Account.ADMIN).run(as(Account.ADMIN, "--smb", smb, samba.serverName(), "PUBLIC"));
                assertEquals(Netconn.EXIT_OK, run.code(), run::show);
                assertEquals(List.of("dummy_user\tIPC$"), run.lines(), run::show);
            }
        }
        Cli.Run none = cli().password(Account.ADMIN).run(as(Account.ADMIN, samba.serverName(), "ARCHIVE"));
        assertEquals(Netconn.EXIT_OK, none.code(), none::show);
        assertEquals(List.of("No one connected to \\\\" + samba.serverName() + "\\ARCHIVE"), none.lines());
    }

    /**
     * What protected the answer: on standard error with --verbose, in every JSON entry and CSV
     * row; and --smb jcifs says, on standard error, that it verifies nothing after the logon.
     */
    @Test
    void theSecurityOfEachAnswerIsShownAndJcifsIsWarnedAbout() throws Exception {
        try (SambaServer.Held held = samba.connect(Account.ADMIN, "PUBLIC")) {
            Cli.Run verbose = cli().password(Account.ADMIN).run(as(Account.ADMIN, "--verbose", "--encryption", "off",
                    samba.serverName(), "PUBLIC"));
            assertEquals(Netconn.EXIT_OK, verbose.code(), verbose::show);
            assertEquals(List.of("dummy_user\tIPC$"), verbose.lines(), verbose::show);
            assertEquals("netconn: " + samba.serverName() + ": SMB 3.1.1, signing AES-128-CMAC, encryption none, NTLMv2,"
                    + " downgrade protection pre-authentication integrity\n", verbose.err(), verbose::show);

            Cli.Run json = cli().password(Account.ADMIN).run(as(Account.ADMIN, "-f", "json", "--min-dialect", "3.0",
                    "--max-dialect", "3.0", samba.serverName(), "PUBLIC"));
            assertEquals(Netconn.EXIT_OK, json.code(), json::show);
            JsonNode security = new ObjectMapper().readTree(json.out()).get(0).get("security");
            assertEquals("3.0", security.get("dialect").asText(), json::show);
            assertEquals("AES-128-CCM", security.get("encryption").asText(), json::show);
            assertEquals("VALIDATE_NEGOTIATE_INFO", security.get("downgradeProtection").asText(), json::show);

            Cli.Run csv = cli().password(Account.ADMIN).run(as(Account.ADMIN, "-f", "csv", "--smb", "jcifs",
                    samba.serverName(), "PUBLIC"));
            assertEquals(Netconn.EXIT_OK, csv.code(), csv::show);
            assertEquals("id,shareType,baseType,flags,openCount,userCount,secondsConnected,userName,netName,dialect,signing,"
                    + "encryption,authentication,downgradeProtection", csv.lines().get(0), csv::show);
            assertTrue(csv.lines().get(1).endsWith(",unknown,logon only,none,NTLMv2,none"), csv::show);
            assertEquals(QueryOptions.JCIFS_WARNING + "\n", csv.err(), csv::show);
        }
    }

    @Test
    void serverStatus3ForThePlainUserWhomSambaDenies() {
        Cli.Run run = cli().password(Account.PLAIN).run(as(Account.PLAIN, samba.serverName(), "DATA"));
        assertFailure(run, Netconn.EXIT_STATUS, 5, "ERROR_ACCESS_DENIED");
        assertTrue(run.err().contains("(0x00000005): Access is denied."), run::show);
    }

    @Test
    void serverStatus3ForAnUnknownShare() {
        Cli.Run run = cli().password(Account.ADMIN).run(as(Account.ADMIN, samba.serverName(), "NOSUCHSHARE"));
        assertFailure(run, Netconn.EXIT_STATUS, 123, "ERROR_INVALID_NAME");
    }

    @Test
    void serverStatus3ForAScriptedStatusAndDeniedUserWithTheErrorLineOnStderrInJsonAndCsv() throws Exception {
        scripted.load(Scenario.empty().withShares("DATA").withStatus(2310L));
        assertFailure(cli().password(Account.ADMIN).run(onScripted(Account.ADMIN, scripted.serverName(), "DATA")),
                Netconn.EXIT_STATUS, 2310, "NERR_NetNameNotFound");
        assertFailure(cli().password(Account.ADMIN).run(onScripted(Account.ADMIN, "-f", "table", scripted.serverName(), "DATA")),
                Netconn.EXIT_STATUS, 2310, "NERR_NetNameNotFound");

        scripted.load(Scenario.empty().withShares("DATA").withDeniedUsers(Account.ADMIN.user()));
        for (String format : List.of("json", "csv")) {
            Cli.Run run = cli().password(Account.ADMIN).run(onScripted(Account.ADMIN, "-f", format, scripted.serverName(), "DATA"));
            assertEquals(Netconn.EXIT_STATUS, run.code(), run::show);
            assertEquals("", run.out(), "stdout stays parseable: " + run.show());
            assertTrue(run.err().startsWith("Error: 5\nnetconn: ERROR_ACCESS_DENIED (0x00000005)"), run::show);
        }
    }

    @Test
    void serverStatus3ForAnInvalidLevelBeforeAnyIo() {
        // A closed port: any attempt to connect would end in exit code 5, not 3.
        Cli.Run run = cli().password(Account.ADMIN).run(as(Account.ADMIN, "--level", "2",
                "127.0.0.1:" + Cli.closedPort(), "DATA"));
        assertFailure(run, Netconn.EXIT_STATUS, 124, "ERROR_INVALID_LEVEL");
        Cli.Run negative = cli().password(Account.ADMIN).run(as(Account.ADMIN, "--level=-1",
                "127.0.0.1:" + Cli.closedPort(), "DATA"));
        assertFailure(negative, Netconn.EXIT_STATUS, 124, "ERROR_INVALID_LEVEL");
    }

    /** --user as people type it: Windows's form, impacket's, a user principal name; a wrong password names what was sent. */
    @Test
    void everyFormOfTheUserNameLogsOnAndAFailureNamesTheAccountSent() {
        for (String user : List.of("NETCONN/netadmin", "netadmin@NETCONN", "netadmin@netconn")) {
            Cli.Run run = cli().password(Account.ADMIN).run("--user", user, "--password-env", Cli.PASSWORD_VARIABLE,
                    samba.serverName(), "DATA");
            assertEquals(Netconn.EXIT_OK, run.code(), run::show);
            Cli.Run wrong = cli().password(Account.ADMIN.withWrongPassword()).run("--user", user, "--password-env",
                    Cli.PASSWORD_VARIABLE, samba.serverName(), "DATA");
            assertFailure(wrong, Netconn.EXIT_AUTHENTICATION, 1326, "ERROR_LOGON_FAILURE");
            assertTrue(wrong.err().contains("logon sent for " + (user.endsWith("netconn") ? "netconn" : "NETCONN")
                    + "\\netadmin)"), wrong::show);
        }
    }

    @Test
    void authentication4ForAWrongPassword() {
        Account wrong = Account.ADMIN.withWrongPassword();
        Cli.Run run = cli().password(wrong).run(as(wrong, samba.serverName(), "DATA"));
        assertFailure(run, Netconn.EXIT_AUTHENTICATION, 1326, "ERROR_LOGON_FAILURE");
        assertTrue(run.err().contains("authentication failed"), run::show);
        assertTrue(run.err().contains("logon sent for NETCONN\\netadmin"), run::show);
    }

    @Test
    void network5ForAClosedPort() {
        Cli.Run run = cli().password(Account.ADMIN).run(as(Account.ADMIN, "127.0.0.1:" + Cli.closedPort(), "DATA"));
        assertFailure(run, Netconn.EXIT_NETWORK, 53, "ERROR_BAD_NETPATH");
        assertTrue(run.err().contains("host unreachable"), run::show);
    }

    @Test
    void network5ForAServerSlowerThanTheTimeout() throws Exception {
        scripted.load(Scenario.empty().withShares("DATA")
                .withQuirks(new Scenario.Quirks(false, Scenario.ResumeAtEnd.ZERO, Scenario.EmptyArray.EMPTY, false, 4_000)));
        try {
            long start = System.nanoTime();
            Cli.Run run = cli().password(Account.ADMIN).run(onScripted(Account.ADMIN, "--timeout", "700ms",
                    scripted.serverName(), "DATA"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertFailure(run, Netconn.EXIT_NETWORK, 1460, "ERROR_TIMEOUT");
            assertTrue(run.err().contains("timed out"), run::show);
            assertTrue(millis < 3_500, "the time-out cut the wait short: " + millis + " ms");
        } finally {
            scripted.load(Scenario.empty());
        }
    }

    @Test
    void protocol6ForADceRpcFault() throws Exception {
        scripted.loadJson("{\"connections\": 1}");
        try {
            Cli.Run run = cli().password(Account.ADMIN).run(onScripted(Account.ADMIN, scripted.serverName(), "DATA"));
            assertFailure(run, Netconn.EXIT_PROTOCOL, 1726, "RPC_S_CALL_FAILED");
            assertTrue(run.err().contains("protocol violation: DCE/RPC fault"), run::show);
        } finally {
            scripted.load(Scenario.empty());
        }
    }

    @Test
    void usage2BeforeAnyIo() {
        Cli.Run run = cli().run("--user", "x", "--anonymous", samba.serverName(), "DATA");
        assertEquals(Netconn.EXIT_USAGE, run.code(), run::show);
        assertEquals("", run.out());
    }
}
