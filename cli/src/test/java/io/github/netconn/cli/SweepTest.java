package io.github.netconn.cli;

import static io.github.netconn.cli.Cli.as;
import static io.github.netconn.cli.Cli.cli;
import static io.github.netconn.cli.Cli.onScripted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.Samba;
import io.github.netconn.testkit.SambaServer;
import io.github.netconn.testkit.Scenario;
import io.github.netconn.testkit.ScriptedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet sweep against several real Samba servers at once: one with a live connection,
 * one with none, one that refuses the password, and a closed port. Every server's outcome
 * is in the output, in every format, and the others go on; exit code 7 when any failed.
 */
class SweepTest {

    @Samba
    private static SambaServer busy;
    @Samba
    private static SambaServer idle;
    @Samba
    private static SambaServer refusing;
    private static SambaServer.Held held;
    private static String closed;
    private static Path list;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        SambaPasswords.change(refusing, Account.ADMIN, "Changed-" + Account.ADMIN.password().hashCode());
        held = busy.connect(Account.ADMIN, "DATA");
        held.open("readme.txt");
        closed = "127.0.0.1:" + Cli.closedPort();
        list = Files.writeString(dir.resolve("servers.txt"), "# the fleet\n" + busy.serverName() + "\n\n"
                + "  \\\\" + idle.serverName() + "  \n" + refusing.serverName() + "\n   # gone:\n" + closed + "\n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (held != null) {
            held.close();
        }
    }

    private static Cli.Run sweep(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--servers", list.toString(), "DATA"));
        return cli().password(Account.ADMIN).run(as(Account.ADMIN, all.toArray(String[]::new)));
    }

    private static void assertPartial(Cli.Run run) {
        assertEquals(Netconn.EXIT_PARTIAL, run.code(), run::show);
        assertEquals("netconn: 4 servers: 2 answered, 2 failed (1 authentication, 1 unreachable)\n", run.err(),
                run::show);
    }

    @Test
    void textHasEveryServersOutcomeOnLinesOfItsOwn() {
        assertText(sweep());
    }

    @Test
    void theListMayComeFromStandardInput() throws Exception {
        Cli.Run run = cli().password(Account.ADMIN).stdin(Files.readString(list))
                .run(as(Account.ADMIN, "--servers", "-", "DATA"));
        assertText(run);
    }

    private static void assertText(Cli.Run run) {
        assertPartial(run);
        Map<String, List<String>> byServer = new TreeMap<>();
        for (String line : run.lines()) {
            String[] cells = line.split("\t", 2);
            byServer.computeIfAbsent(cells[0], k -> new ArrayList<>()).add(cells[1]);
        }
        assertEquals(List.of("dummy_user\tIPC$"), byServer.get(busy.serverName()), run::show);
        assertEquals(List.of("No one connected to \\\\" + idle.serverName() + "\\DATA"), byServer.get(idle.serverName()));
        assertTrue(byServer.get(refusing.serverName()).get(0)
                .startsWith("Error: 1326\tERROR_LOGON_FAILURE (1326), authentication failed: "), run::show);
        assertTrue(byServer.get(closed).get(0).startsWith("Error: 53\tERROR_BAD_NETPATH (53), host unreachable: "),
                run::show);
        assertEquals(4, byServer.size(), run::show);
    }

    @Test
    void jsonLinesHaveAnEntryOrAnErrorPerRecord() {
        Cli.Run run = sweep("--format", "json");
        assertPartial(run);
        Map<String, List<Parse.Row>> byServer = group(Parse.jsonLines(run.out()));
        assertEquals(1, byServer.get(busy.serverName()).size(), run::show);
        ConnectionInfo.Level1 entry = (ConnectionInfo.Level1) byServer.get(busy.serverName()).get(0).entry();
        assertEquals(Optional.of("dummy_user"), entry.userName());
        assertEquals(1, entry.openCount(), "the open file is counted (real on Samba)");
        assertNull(byServer.get(idle.serverName()), "no record for a server with no connections");
        assertEquals(Map.of("kind", "authentication", "code", 1326L, "name", "ERROR_LOGON_FAILURE"),
                withoutMessage(byServer.get(refusing.serverName()).get(0).error()));
        assertEquals(Map.of("kind", "unreachable", "code", 53L, "name", "ERROR_BAD_NETPATH"),
                withoutMessage(byServer.get(closed).get(0).error()));
    }

    @Test
    void csvHasAServerColumnAndErrorColumns() {
        Cli.Run run = sweep("--format", "csv");
        assertPartial(run);
        assertTrue(run.out().startsWith("server,id,shareType,baseType,flags,openCount,userCount,secondsConnected,"
                + "userName,netName,dialect,signing,encryption,authentication,downgradeProtection,"
                + "errorKind,errorCode,errorName,errorMessage\r\n"), run::show);
        Map<String, List<Map<String, String>>> byServer = new TreeMap<>();
        for (Map<String, String> row : Parse.csv(run.out())) {
            byServer.computeIfAbsent(row.get("server"), k -> new ArrayList<>()).add(row);
        }
        Map<String, String> entry = byServer.get(busy.serverName()).get(0);
        assertNull(entry.get("errorKind"));
        assertEquals("dummy_user", ((ConnectionInfo.Level1) Parse.csvEntry(entry)).userName().orElseThrow());
        assertEquals(List.of("3.1.1", "pre-authentication integrity"),
                List.of(entry.get("dialect"), entry.get("downgradeProtection")), run::show);
        Map<String, String> refused = byServer.get(refusing.serverName()).get(0);
        assertEquals(List.of("authentication", "1326", "ERROR_LOGON_FAILURE"),
                List.of(refused.get("errorKind"), refused.get("errorCode"), refused.get("errorName")));
        assertNull(refused.get("id"));
        assertEquals("unreachable", byServer.get(closed).get(0).get("errorKind"));
        assertEquals(3, byServer.size(), run::show);
    }

    /** --verbose: a line per answered server, before the summary, saying what protected its answer. */
    @Test
    void verboseSaysWhatProtectedEachAnswer() {
        Cli.Run run = sweep("--verbose");
        assertEquals(Netconn.EXIT_PARTIAL, run.code(), run::show);
        List<String> lines = run.err().lines().toList();
        assertEquals(Stream.of(busy.serverName(), idle.serverName()).sorted().toList(), lines.subList(0, 2).stream()
                .map(line -> line.substring("netconn: ".length(), line.indexOf(": SMB "))).sorted().toList(), run::show);
        assertTrue(lines.subList(0, 2).stream().allMatch(line -> line.endsWith(", NTLMv2, downgrade protection"
                + " pre-authentication integrity")), run::show);
        assertEquals("netconn: 4 servers: 2 answered, 2 failed (1 authentication, 1 unreachable)", lines.get(2), run::show);
    }

    @Test
    void tableHasAServerColumnAndALineForEmptyAndFailedServers() {
        Cli.Run run = sweep("--format", "table");
        assertPartial(run);
        List<List<String>> rows = Parse.table(run.out());
        assertEquals(List.of("SERVER", "ID", "TYPE", "BASE", "FLAGS", "OPENS", "USERS", "SECONDS", "USER", "NETNAME"),
                rows.get(0));
        Map<String, List<List<String>>> byServer = new TreeMap<>();
        rows.subList(1, rows.size()).forEach(row -> byServer.computeIfAbsent(row.get(0), k -> new ArrayList<>()).add(row));
        ConnectionInfo.Level1 entry = (ConnectionInfo.Level1) Parse.tableEntry(byServer.get(busy.serverName()).get(0), 1);
        assertEquals(Optional.of("IPC$"), entry.netName());
        assertEquals(List.of("No", "one", "connected"), byServer.get(idle.serverName()).get(0).subList(1, 4));
        assertEquals(List.of("Error:", "1326"), byServer.get(refusing.serverName()).get(0).subList(1, 3));
        assertEquals(List.of("Error:", "53"), byServer.get(closed).get(0).subList(1, 3));
    }

    @Test
    void allAnswered0() throws Exception {
        Path two = Files.writeString(dir.resolve("two.txt"), busy.serverName() + "\n" + idle.serverName() + "\n");
        Cli.Run run = cli().password(Account.ADMIN).run(as(Account.ADMIN, "--servers", two.toString(), "DATA"));
        assertEquals(Netconn.EXIT_OK, run.code(), run::show);
        assertEquals("netconn: 2 servers: 2 answered, 0 failed\n", run.err());
    }

    @Test
    void aDuplicateServerIsAskedOnce() throws Exception {
        Path twice = Files.writeString(dir.resolve("twice.txt"), busy.serverName() + "\n" + idle.serverName() + "\n"
                + "\\\\" + busy.serverName() + "\n" + idle.serverName().toUpperCase(java.util.Locale.ROOT) + "\n"
                + closed + "\n" + closed + "\n");
        Cli.Run run = cli().password(Account.ADMIN).run(as(Account.ADMIN, "--servers", twice.toString(), "DATA"));
        assertEquals(Netconn.EXIT_PARTIAL, run.code(), run::show);
        assertEquals("netconn: 3 servers: 2 answered, 1 failed (1 unreachable)\n", run.err(), run::show);
        assertEquals(List.of(busy.serverName() + "\tdummy_user\tIPC$"),
                run.lines().stream().filter(l -> l.startsWith(busy.serverName() + "\t")).toList(), run::show);
        assertEquals(3, run.lines().size(), run::show);
    }

    @Test
    void aProgressBarOnlyWhenStandardErrorIsATerminal() {
        Terminal tty = new Terminal() {
            @Override
            public char[] readPassword(String prompt) {
                return null;
            }

            @Override
            public boolean stderrIsTerminal() {
                return true;
            }
        };
        Cli.Run run = cli().password(Account.ADMIN).terminal(tty).run(as(Account.ADMIN, "--servers", list.toString(), "DATA"));
        assertEquals(Netconn.EXIT_PARTIAL, run.code(), run::show);
        assertTrue(java.util.regex.Pattern.compile("\r\\[" + "#".repeat(30)
                + "\\] 4/4 servers: 2 answered, 2 failed, 0 left, [0-9]+\\.[0-9]/s").matcher(run.err()).find(), run::show);
        assertTrue(run.err().contains("] 0/4 servers: 0 answered, 0 failed, 4 left, 0.0/s"), run::show);
        assertTrue(run.err().matches("(?s).*\\] [123]/4 servers: [0-3] answered, [0-2] failed, [1-3] left, .*"),
                "the bar counts up: " + run.show());
        assertTrue(run.err().endsWith("\rnetconn: 4 servers: 2 answered, 2 failed (1 authentication, 1 unreachable)\n"), "the bar is cleared: " + run.err());
        assertFalse(run.out().contains("\r") || run.out().contains("#"), "nothing of the bar on stdout");
        assertTrue(run.err().lines().noneMatch(line -> line.contains("dummy_user")), "results only on stdout");

        Cli.Run quiet = cli().password(Account.ADMIN).terminal(tty)
                .run(as(Account.ADMIN, "--no-progress", "--servers", list.toString(), "DATA"));
        assertFalse(quiet.err().contains("\r"), quiet::show);
        Cli.Run piped = sweep();
        assertFalse(piped.err().contains("\r"), "no terminal, no bar: " + piped.show());
    }

    @Test
    void resultsArePrintedAsTheyArrive() throws Exception {
        try (ScriptedServer slow = slowServer(700)) {
            Path slowFirst = Files.writeString(dir.resolve("slow-first.txt"), slow.serverName() + "\n" + busy.serverName() + "\n");
            Cli.Run run = cli().password(Account.ADMIN).run(onScripted(Account.ADMIN, "--parallel", "2",
                    "--servers", slowFirst.toString(), "DATA"));
            assertEquals(Netconn.EXIT_OK, run.code(), run::show);
            assertEquals(List.of(busy.serverName() + "\tdummy_user\tIPC$",
                    slow.serverName() + "\tNo one connected to \\\\" + slow.serverName() + "\\DATA"), run.lines(),
                    "the fast server's line comes first although it is listed second");
        }
    }

    /** Three servers that each take 700 ms (a server answers one call per SMB connection at a time). */
    @Test
    void concurrencyIsBoundedByParallel() throws Exception {
        int delay = 700;
        try (ScriptedServer a = slowServer(delay); ScriptedServer b = slowServer(delay); ScriptedServer c = slowServer(delay)) {
            Path three = Files.writeString(dir.resolve("three.txt"),
                    a.serverName() + "\n" + b.serverName() + "\n" + c.serverName() + "\n");
            long one = millis(onScripted(Account.ADMIN, "--parallel", "1", "--servers", three.toString(), "DATA"));
            long all = millis(onScripted(Account.ADMIN, "--parallel", "3", "--servers", three.toString(), "DATA"));
            long two = millis(onScripted(Account.ADMIN, "--parallel", "2", "--servers", three.toString(), "DATA"));
            assertTrue(one >= 3L * delay, "one at a time: " + one + " ms");
            assertTrue(two >= 2L * delay, "two at a time: " + two + " ms");
            assertTrue(all < 2L * delay, "three at once: " + all + " ms");
        }
    }

    /**
     * {@code --timeout} bounds a whole server in a sweep: a server that answers every message
     * 2.5 s late, inside the 3 s response time-out, times out 3 s after it started (without the
     * deadline it would take over 17 s), and the others are not held up (3 s leave a healthy
     * server room on a loaded machine: 1.5 s did not, once).
     */
    @Test
    void theTimeoutBoundsAWholeServerInASweep() throws Exception {
        try (io.github.netconn.testkit.FaultProxy trickle = io.github.netconn.testkit.FaultProxy.to(idle.port())) {
            trickle.inject(io.github.netconn.testkit.FaultProxy.Fault.delay(
                    io.github.netconn.testkit.FaultProxy.Direction.SERVER_TO_CLIENT, 1, java.time.Duration.ofMillis(2_500))
                    .repeating());
            Path two = Files.writeString(dir.resolve("trickle.txt"), trickle.serverName() + "\n" + busy.serverName() + "\n");
            long start = System.nanoTime();
            Cli.Run run = cli().password(Account.ADMIN).run(as(Account.ADMIN, "--timeout", "3s", "--parallel", "2",
                    "--servers", two.toString(), "DATA"));
            long took = (System.nanoTime() - start) / 1_000_000;
            assertEquals(Netconn.EXIT_PARTIAL, run.code(), run::show);
            assertEquals("netconn: 2 servers: 1 answered, 1 failed (1 timeout)\n", run.err(), run::show);
            assertTrue(run.lines().contains(busy.serverName() + "\tdummy_user\tIPC$"), run::show);
            assertTrue(run.lines().stream().anyMatch(l -> l.startsWith(trickle.serverName()
                    + "\tError: 1460\tERROR_TIMEOUT (1460), timed out: deadline time-out of 3000 ms ran out")), run::show);
            assertTrue(took < 3_000 + 3_000, "the sweep took " + took + " ms");
        }
    }

    private static ScriptedServer slowServer(int delayMillis) throws Exception {
        ScriptedServer server = ScriptedServer.start();
        server.load(Scenario.empty().withShares("DATA").withQuirks(
                new Scenario.Quirks(false, Scenario.ResumeAtEnd.ZERO, Scenario.EmptyArray.EMPTY, false, delayMillis)));
        return server;
    }

    private static long millis(String... args) {
        long start = System.nanoTime();
        Cli.Run run = cli().password(Account.ADMIN).run(args);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Netconn.EXIT_OK, run.code(), run::show);
        assertEquals(3, run.lines().size(), run::show);
        return millis;
    }

    private static Map<String, List<Parse.Row>> group(List<Parse.Row> rows) {
        Map<String, List<Parse.Row>> byServer = new TreeMap<>();
        rows.forEach(row -> byServer.computeIfAbsent(row.server(), k -> new ArrayList<>()).add(row));
        return byServer;
    }

    private static Map<String, Object> withoutMessage(Map<String, Object> error) {
        Map<String, Object> copy = new TreeMap<>(error);
        assertTrue(((String) copy.remove("message")).contains("NetrConnectionEnum on "), error.toString());
        return copy;
    }
}
