package io.github.netconn.cli;

import static io.github.netconn.cli.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionInfo;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The command on Windows with no server: the auto adapter is Netapi32, as the user's
 * logon. Runs where the Windows workflow has set up the share NETCONN_SHARE with one
 * connection from NETCONN_USER (.github/workflows/windows.yml; it needs this module added
 * to its test step).
 */
@EnabledOnOs(value = OS.WINDOWS, disabledReason = "the real Netapi32 exists only on Windows")
@EnabledIfEnvironmentVariable(named = "NETCONN_SHARE", matches = ".+",
        disabledReason = "the Windows workflow sets NETCONN_SHARE and NETCONN_USER")
class WindowsLocalTest {

    private static final String SHARE = System.getenv("NETCONN_SHARE");
    private static final String USER = System.getenv("NETCONN_USER");

    @Test
    void theLocalComputerIsAskedThroughNetapi32WithoutLogonOptions() {
        Cli.Run text = cli().run(SHARE);
        assertEquals(Netconn.EXIT_OK, text.code(), text::show);
        assertTrue(text.lines().stream().anyMatch(line -> line.toLowerCase().startsWith(USER.toLowerCase() + "\t")),
                text::show);

        Cli.Run json = cli().run("--format", "json", "localhost", SHARE);
        assertEquals(Netconn.EXIT_OK, json.code(), json::show);
        List<ConnectionInfo> entries = Parse.jsonArray(json.out());
        assertFalse(entries.isEmpty(), json::show);
        assertTrue(entries.stream().anyMatch(e -> ((ConnectionInfo.Level1) e).userName()
                .map(USER::equalsIgnoreCase).orElse(false)), json::show);
    }

    @Test
    void statusesOfTheLocalComputer() {
        Cli.Run unknown = cli().run("NO-SUCH-SHARE");
        assertEquals(Netconn.EXIT_STATUS, unknown.code(), unknown::show);
        assertTrue(unknown.out().startsWith("Error: "), unknown::show);
        Cli.Run level = cli().run("--level", "2", SHARE);
        assertEquals(List.of("Error: 124"), level.lines(), level::show);
        // Windows answers an unknown client with NERR_ClientNameNotFound or with no entries.
        Cli.Run nobody = cli().run("\\\\NO-SUCH-CLIENT");
        assertEquals(nobody.code() == Netconn.EXIT_OK ? List.of("No connection to LocalMachine from \\\\NO-SUCH-CLIENT")
                : List.of("Error: 2312"), nobody.lines(), nobody::show);
    }
}
