package io.github.netconn.cli;

import static io.github.netconn.cli.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code netconn watch} command lines that cannot run: exit code 2, nothing on standard
 * output, a message naming the problem, before any network traffic (the server is a closed
 * loopback port, so an attempt to connect would be a poll, not an exit). And where
 * {@code watch} is the command and where it is a share's name.
 */
class WatchArgumentsTest {

    private static final String SERVER = "127.0.0.1:" + Cli.closedPort();
    private static final String USER = "NETCONN\\netadmin";

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                usage("missing the ShareName or \\\\ComputerName"),
                usage("the share named 'watch' on the local computer: netconn -- watch"),
                usage("too many arguments", SERVER, "DATA", "extra"),
                usage("--parallel: 0 is not from 1 to 256", "--parallel", "0", "--user", USER, SERVER, "DATA"),
                usage("Invalid value for option '--format'", "--format", "csv", SERVER, "DATA"),
                usage("Invalid value for option '--format'", "--format", "table", SERVER, "DATA"),
                usage("--interval: 'soon' is not a duration", "--interval", "soon", "--user", USER, SERVER, "DATA"),
                usage("--interval: '0s' must be at least 1ms", "--interval", "0s", "--user", USER, SERVER, "DATA"),
                usage("--interval: '0' must be at least 1ms", "--interval", "0", "--user", USER, SERVER, "DATA"),
                usage("--interval: '-5s' is not a duration", "--interval=-5s", "--user", USER, SERVER, "DATA"),
                usage("--interval: 'PT0S' must be at least 1ms", "-i", "PT0S", "--user", USER, SERVER, "DATA"),
                usage("--metrics: 'lots' is not [HOST:]PORT", "--metrics", "lots", "--user", USER, SERVER, "DATA"),
                usage("--metrics: '65536' is not [HOST:]PORT", "--metrics", "65536", "--user", USER, SERVER, "DATA"),
                usage("--metrics: '127.0.0.1:' is not [HOST:]PORT", "--metrics", "127.0.0.1:", SERVER, "DATA"),
                usage("--metrics: '::1:9464': write an IPv6 address in brackets", "--metrics", "::1:9464",
                        SERVER, "DATA"),
                usage("--metrics-users adds a label to the metrics: give --metrics too", "--metrics-users",
                        "--user", USER, SERVER, "DATA"),
                // the options a watch shares with a query are checked the same way
                usage("--timeout: 'soon' is not a duration", "--user", USER, "--timeout", "soon", SERVER, "DATA"),
                usage("--page-size: '0' is neither 'all' nor a byte count", "--page-size", "0", SERVER, "DATA"),
                usage("--user and --anonymous: choose one", "--user", USER, "--anonymous", SERVER, "DATA"),
                usage("the msrpc adapter logs on to the server: give --user", SERVER, "DATA"),
                usage("no ServerName given", "--user", USER, "DATA"),
                usage("with --servers, give only the ShareName", "--servers", "-", SERVER, "DATA"),
                usage("ShareName | \\\\ComputerName: qualifier '\\\\' names no computer", SERVER, "\\\\"),
                usage("--password: a password is never taken as an argument", "--password", "Sekr1t", SERVER, "DATA"),
                usage("no password for " + USER + ", and no terminal to ask for it on", "--user", USER, SERVER, "DATA"));
    }

    private static Arguments usage(String message, String... args) {
        return Arguments.of(message, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void exitsWith2AndSaysWhy(String message, String[] args) {
        String[] watch = Stream.concat(Stream.of("watch"), Arrays.stream(args)).toArray(String[]::new);
        Cli.Run run = cli().run(watch);
        assertEquals(Netconn.EXIT_USAGE, run.code(), () -> Arrays.toString(watch) + "\n" + run.show());
        assertEquals("", run.out(), run::show);
        assertTrue(run.err().startsWith("netconn: ") && run.err().contains(message), run::show);
        assertTrue(run.err().endsWith("Try 'netconn watch --help' for more information.\n"), run::show);
        assertTrue(!run.err().contains("Sekr1t"), run::show);
    }

    @Test
    void aLevelOtherThan0Or1IsError124BeforeAnyTraffic() {
        Cli.Run text = cli().run("watch", "--level", "2", SERVER, "DATA");
        assertEquals(Netconn.EXIT_STATUS, text.code(), text::show);
        assertEquals(List.of("Error: 124"), text.lines(), text::show);
        Cli.Run json = cli().run("watch", "--format", "jsonl", "--level", "2", SERVER, "DATA");
        assertEquals(Netconn.EXIT_STATUS, json.code(), json::show);
        assertEquals("", json.out(), "JSON Lines stay parseable: " + json.show());
        assertTrue(json.err().startsWith("Error: 124\n"), json::show);
    }

    @Test
    void aMetricsPortInUseIsAUsageErrorBeforeTheServersAreAsked() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli.Run run = cli().env("X", "x").run("watch", "--metrics", "127.0.0.1:" + taken.getLocalPort(),
                    "--user", USER, "--password-env", "X", SERVER, "DATA");
            assertEquals(Netconn.EXIT_USAGE, run.code(), run::show);
            assertTrue(run.err().startsWith("netconn: --metrics: cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                    run::show);
            assertEquals("", run.out(), run::show);
        }
    }

    @Test
    void watchIsTheCommandOnlyAsTheFirstArgument() {
        // after '--', or as the second argument, 'watch' is a share: a query, with the query's errors
        Cli.Run local = cli().run("--", "watch");
        assertEquals(Netconn.EXIT_USAGE, local.code(), local::show);
        assertTrue(local.err().contains("no ServerName given"), "a query of the local share 'watch': " + local.show());
        assertTrue(local.err().endsWith("Try 'netconn --help' for more information.\n"), local::show);

        Cli.Run remote = cli().env("X", "x").run("--user", USER, "--password-env", "X", SERVER, "watch");
        assertEquals(Netconn.EXIT_NETWORK, remote.code(), "a query of the share 'watch': " + remote.show());
        assertEquals(List.of("Error: 53"), remote.lines(), remote::show);
    }

    @Test
    void helpNamesTheOptionsTheEventsAndTheExitCodes() {
        Cli.Run help = cli().run("watch", "--help");
        assertEquals(0, help.code(), help::show);
        assertTrue(help.out().startsWith("Usage: netconn watch [OPTIONS] [ServerName] ShareName | \\\\ComputerName"),
                help::show);
        for (String text : List.of("--interval", "--metrics", "--metrics-users", "--format", "--servers", "--user",
                "--password-env", "--kerberos", "--level", "--page-size", "--timeout", "snapshot", "connected",
                "disconnected", "changed", "failed", "recovered", "netconn_connections", "netconn_open_files",
                "netconn_last_good_poll_timestamp_seconds", "netconn_poll_duration_seconds",
                "netconn_poll_failures_total", "127.0.0.1", "netconn -- watch", "Exit codes:", "130  ", "SIGTERM")) {
            assertTrue(help.out().contains(text), "help mentions " + text + ":\n" + help.out());
        }
        assertEquals("", help.err());
        Cli.Run main = cli().run("--help");
        assertTrue(main.out().contains("netconn watch --help") && main.out().contains("netconn -- watch"), main::show);
    }

    @Test
    void metricsAddressesAreLoopbackUnlessWrittenOut() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        assertEquals(new InetSocketAddress(loopback, 9464), io.github.netconn.cli.Arguments.listenAddress("9464", "m"));
        assertEquals(new InetSocketAddress(loopback, 9464), io.github.netconn.cli.Arguments.listenAddress(":9464", "m"));
        assertEquals(new InetSocketAddress(loopback, 0), io.github.netconn.cli.Arguments.listenAddress("0", "m"));
        assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 9464),
                io.github.netconn.cli.Arguments.listenAddress("[::1]:9464", "m"));
        assertEquals(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 9464),
                io.github.netconn.cli.Arguments.listenAddress("0.0.0.0:9464", "m"));
        for (String bad : List.of("", ":", "x", "-1", "65536", "1.2.3.4:", "::1:80", "[::1]", "a:b")) {
            assertThrows(UsageException.class, () -> io.github.netconn.cli.Arguments.listenAddress(bad, "m"), bad);
        }
    }
}
