package io.github.netconn.cli;

import static io.github.netconn.cli.Cli.cli;
import static io.github.netconn.cli.Cli.onScripted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.Qualifier;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.Scenario;
import io.github.netconn.testkit.ScriptedServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every output format read back gives the entries the adapter itself returns, field for
 * field, for values chosen to trip a careless writer: NULL and empty strings, "-",
 * separators (tab, comma, quote, space, newline) inside names, characters outside the BMP,
 * invisible characters, every flag, an unknown base type, and 4294967295 in every DWORD.
 */
class FormatsTest {

    private static final long MAX = 0xFFFF_FFFFL;

    private static final List<Scenario.Connection> CONNECTIONS = List.of(
            new Scenario.Connection(7, 0, 2, 1, 60, "alice", "WS01", "DATA"),
            new Scenario.Connection(MAX, 0x8000_0003L, MAX, MAX, MAX, null, null, "DATA"),
            new Scenario.Connection(9, 0x4E00_0001L, 0, 1, 5, "", "-", "DATA"),
            new Scenario.Connection(10, 5, 1, 1, 1, "Dom User, \"Jr\"\tx", "WS 02 \u00fcn\u00ef \ud83d\ude00", "DATA"),
            new Scenario.Connection(11, 2, 0, 2, 0, "-", "\"quoted", "DATA"),
            new Scenario.Connection(12, 0, 3, 1, 9, "line1\nline2\r", "  padded  ", "DATA"),
            new Scenario.Connection(13, 1, 0, 1, 7, "=1+2", "a\u2028b\u200bc\\d", "DATA"),
            new Scenario.Connection(14, 0x0400_0000L, 0, 1, 2, "\u65e5\u672c\u8a9e", "\uff37\uff33\uff10\uff13", "DATA"));

    private static ScriptedServer server;
    private static List<ConnectionInfo.Level1> expected;

    @BeforeAll
    static void start() throws Exception {
        server = ScriptedServer.start();
        server.load(Scenario.empty().withShares("DATA", "EMPTY").withConnections(CONNECTIONS));
        try (MsrpcConnectionEnumerator adapter = MsrpcConnectionEnumerator.builder()
                .dialects(MsrpcConnectionEnumerator.Dialect.SMB202, MsrpcConnectionEnumerator.Dialect.SMB311)
                .credentials(Account.ADMIN.domain(), Account.ADMIN.user(),
                        Account.ADMIN.password().toCharArray()).build()) {
            expected = adapter.enumerateAll(ConnectionQuery.on(server.serverName(), Qualifier.of("DATA"), ConnectionLevel.LEVEL_1));
        }
        assertEquals(CONNECTIONS.size(), expected.size(), "the adapter's own result: " + expected);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Cli.Run netconn(String... args) {
        Cli.Run run = cli().password(Account.ADMIN).run(onScripted(Account.ADMIN, args));
        assertEquals(0, run.code(), run::show);
        assertEquals("", run.err(), run::show);
        return run;
    }

    @Test
    void jsonReadsBackToTheSameEntries() {
        assertEquals(expected, Parse.jsonArray(netconn("--format", "json", server.serverName(), "DATA").out()));
    }

    @Test
    void csvReadsBackToTheSameEntriesWithNullApartFromEmpty() {
        Cli.Run run = netconn("--format", "csv", server.serverName(), "DATA");
        assertTrue(run.out().startsWith("id,shareType,baseType,flags,openCount,userCount,secondsConnected,userName,netName,"
                + "dialect,signing,encryption,authentication,downgradeProtection\r\n"), run::show);
        List<ConnectionInfo> read = new ArrayList<>();
        for (Map<String, String> row : Parse.csv(run.out())) {
            read.add(Parse.csvEntry(row));
        }
        assertEquals(expected, read);
    }

    @Test
    void tableReadsBackToTheSameEntries() {
        Cli.Run run = netconn("--format", "table", server.serverName(), "DATA");
        List<List<String>> rows = Parse.table(run.out());
        assertEquals(List.of("ID", "TYPE", "BASE", "FLAGS", "OPENS", "USERS", "SECONDS", "USER", "NETNAME"), rows.get(0));
        List<ConnectionInfo> read = new ArrayList<>();
        rows.subList(1, rows.size()).forEach(cells -> read.add(Parse.tableEntry(cells, 0)));
        assertEquals(expected, read);
    }

    @Test
    void tableColumnsLineUp() {
        List<String> lines = netconn("--format", "table", server.serverName(), "DATA").lines();
        int users = lines.get(0).indexOf("USER ");
        assertTrue(users > 0, lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(line.charAt(users - 1) == ' ' && line.charAt(users) != ' ', "USER column at " + users + ": " + line);
        }
    }

    @Test
    void textIsTheSamplesUserNameTabNetNameWithNullAsDash() {
        Cli.Run run = netconn(server.serverName(), "DATA");
        List<List<Optional<String>>> expectedPairs = new ArrayList<>();
        for (ConnectionInfo entry : expected) {
            ConnectionInfo.Level1 info = (ConnectionInfo.Level1) entry;
            expectedPairs.add(List.of(info.userName(), info.netName()));
        }
        assertEquals(expectedPairs, Parse.text(run.out(), 0));
        assertEquals("alice\tWS01", run.lines().get(0), "plain names are printed as they are");
        assertEquals("-\t-", run.lines().get(1), "NULL strings are -");
        assertEquals("\"\"\t\"-\"", run.lines().get(2), "an empty string and a real '-' are quoted");
    }

    @Test
    void levelZeroInEveryFormatIsTheIds() {
        List<ConnectionInfo> ids = new ArrayList<>();
        CONNECTIONS.forEach(c -> ids.add(new ConnectionInfo.Level0(c.id())));
        List<String> idLines = ids.stream().map(e -> Long.toString(e.id())).toList();

        assertEquals(idLines, netconn("--level", "0", server.serverName(), "DATA").lines());
        assertEquals(ids, Parse.jsonArray(netconn("-l", "0", "-f", "json", server.serverName(), "DATA").out()));
        List<ConnectionInfo> csv = new ArrayList<>();
        Parse.csv(netconn("-l", "0", "-f", "csv", server.serverName(), "DATA").out()).forEach(r -> csv.add(Parse.csvEntry(r)));
        assertEquals(ids, csv);
        List<List<String>> table = Parse.table(netconn("-l", "0", "-f", "table", server.serverName(), "DATA").out());
        assertEquals(List.of("ID"), table.get(0));
        List<ConnectionInfo> fromTable = new ArrayList<>();
        table.subList(1, table.size()).forEach(cells -> fromTable.add(Parse.tableEntry(cells, 0)));
        assertEquals(ids, fromTable);
    }

    @Test
    void aComputerQualifierListsThatClientsConnectionsWithTheShareAsNetName() {
        Cli.Run run = netconn("--format", "json", server.serverName(), "\\\\ws01");
        List<ConnectionInfo> entries = Parse.jsonArray(run.out());
        assertEquals(1, entries.size(), run::show);
        assertEquals(Optional.of("DATA"), ((ConnectionInfo.Level1) entries.get(0)).netName());
    }

    @Test
    void nothingFoundIsTheSamplesMessageInTextAndTableAndEmptyInJsonAndCsv() {
        String where = "\\\\" + server.serverName();
        assertEquals(List.of("No one connected to " + where + "\\EMPTY"), netconn(server.serverName(), "EMPTY").lines());
        assertEquals(List.of("No one connected to " + where + "\\EMPTY"),
                netconn("-f", "table", server.serverName(), "EMPTY").lines());
        assertEquals(List.of(), Parse.jsonArray(netconn("-f", "json", server.serverName(), "EMPTY").out()));
        Cli.Run csv = netconn("-f", "csv", server.serverName(), "EMPTY");
        assertEquals(List.of(), Parse.csv(csv.out()));
        assertTrue(csv.out().startsWith("id,"), csv::show);
    }

    @Test
    void pagesOfAnySizeGiveTheSameEntries() {
        assertEquals(expected, Parse.jsonArray(netconn("--page-size", "40", "-f", "json", server.serverName(), "DATA").out()));
    }

    @Test
    void theServerMayBeWrittenWithBackslashes() {
        assertEquals(expected, Parse.jsonArray(netconn("-f", "json", "\\\\" + server.serverName(), "DATA").out()));
    }
}
