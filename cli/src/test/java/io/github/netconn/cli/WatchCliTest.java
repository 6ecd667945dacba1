package io.github.netconn.cli;

import static io.github.netconn.cli.Cli.as;
import static io.github.netconn.cli.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.Samba;
import io.github.netconn.testkit.SambaServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netconn watch} in this JVM against a real Samba: the events follow connections
 * that come, change and go, in text and JSON Lines; a failing server is reported once and
 * the watch goes on until it recovers; Ctrl-C closes the watch (every session logged off)
 * and ends with 130; the metrics endpoint has a user label only when asked.
 */
class WatchCliTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Pattern HEAD = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\t(snapshot|connected|disconnected|changed|failed|recovered)"
                    + "\t[^\t]+\t[^\t]+(\t.*)?");

    @Samba
    private static SambaServer samba;

    @TempDir
    static Path dir;

    private static Cli.Background watch(String... args) {
        List<String> all = new ArrayList<>(List.of("watch"));
        all.addAll(List.of(as(Account.ADMIN, args)));
        return cli().password(Account.ADMIN).start(all.toArray(String[]::new));
    }

    private static boolean hasLine(String out, String... parts) {
        return out.lines().anyMatch(line -> List.of(parts).stream().allMatch(line::contains));
    }

    private static void await(Cli.Background watch, String... parts) throws InterruptedException {
        assertTrue(watch.awaitOut(out -> hasLine(out, parts), LIMIT),
                "a line with " + List.of(parts) + ":\n" + watch.out() + "--- stderr ---\n" + watch.err());
    }

    private static void assertStoppedCleanly(Cli.Run run, int sessions) throws Exception {
        assertEquals(Netconn.EXIT_INTERRUPTED, run.code(), run::show);
        assertTrue(run.out().endsWith("\n"), "the last line is whole: " + run.show());
        List<String> errLines = run.err().lines().toList();
        assertTrue(errLines.get(errLines.size() - 1).matches(
                "netconn: watch stopped: [0-9]+ servers? polled [0-9]+ times?, [0-9]+ polls? failed"), run::show);
        samba.awaitSessions(Account.ADMIN.user(), sessions, Duration.ofSeconds(20)); // the watch logged off
    }

    @Test
    void textLinesFollowAConnectionThatComesChangesAndGoes() throws Exception {
        int sessions = samba.sessionsOf(Account.ADMIN.user());
        String server = "\t" + samba.serverName() + "\tDATA\t";
        Cli.Run run;
        try (Cli.Background watch = watch("--interval", "500ms", samba.serverName(), "DATA")) {
            await(watch, "\tsnapshot" + server + "No one connected to \\\\" + samba.serverName() + "\\DATA");
            try (SambaServer.Held held = samba.connect(Account.ADMIN, "DATA")) {
                await(watch, "\tconnected" + server, "\topens=0\t");
                held.open("readme.txt");
                await(watch, "\tchanged" + server, "\topens=0->1\t");
            }
            await(watch, "\tdisconnected" + server);
            run = watch.stop();
        }
        assertStoppedCleanly(run, sessions);
        List<String> lines = run.lines();
        for (String line : lines) {
            assertTrue(HEAD.matcher(line).matches(), "time, event, server, qualifier: " + line);
        }
        List<String> events = lines.stream().map(line -> line.split("\t")[1]).toList();
        assertEquals(List.of("snapshot", "connected", "changed", "disconnected"), events, run::show);
        assertTrue(run.err().matches("(?s).*1 server polled [0-9]+ times, 0 polls failed\n"), run::show);
    }

    @Test
    void jsonLinesFollowTheSameEvents() throws Exception {
        int sessions = samba.sessionsOf(Account.ADMIN.user());
        Cli.Run run;
        try (Cli.Background watch = watch("--interval", "500ms", "--format", "jsonl", samba.serverName(), "DATA")) {
            await(watch, "\"event\":\"snapshot\"");
            try (SambaServer.Held held = samba.connect(Account.ADMIN, "DATA")) {
                await(watch, "\"event\":\"connected\"");
            }
            await(watch, "\"event\":\"disconnected\"");
            run = watch.stop();
        }
        assertStoppedCleanly(run, sessions);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : run.lines()) {
            nodes.add(json.readTree(line)); // throws on a line cut short
        }
        assertEquals(List.of("snapshot", "connected", "disconnected"),
                nodes.stream().map(n -> n.get("event").asText()).toList(), run::show);
        for (JsonNode node : nodes) {
            assertEquals(samba.serverName(), node.get("server").asText());
            assertEquals("DATA", node.get("qualifier").asText());
            assertTrue(node.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), node::toString);
        }
        assertEquals(0, nodes.get(0).get("entries").size());
        JsonNode connected = nodes.get(1).get("entry");
        JsonNode disconnected = nodes.get(2).get("entry");
        for (String field : List.of("id", "userName", "netName", "shareType")) {
            assertEquals(connected.get(field), disconnected.get(field), "the connection that went is the one that came: "
                    + field + "\n" + run.show());
        }
        assertTrue(connected.get("userCount").asLong() >= 1, connected::toString);
    }

    @Test
    void aFailingServerIsReportedOnceAndTheWatchGoesOnUntilItRecovers() throws Exception {
        String closed = "127.0.0.1:" + Cli.closedPort();
        try (SambaServer flaky = SambaServer.start()) {
            Path list = Files.writeString(dir.resolve("servers.txt"), flaky.serverName() + "\n" + closed + "\n");
            Cli.Run run;
            try (Cli.Background watch = watch("--interval", "500ms", "--timeout", "5s", "--servers", list.toString(),
                    "DATA")) {
                await(watch, "\tsnapshot\t" + flaky.serverName() + "\t");
                await(watch, "\tfailed\t" + closed + "\tDATA\tError: 53\tERROR_BAD_NETPATH (53), host unreachable: ");
                flaky.stop();
                await(watch, "\tfailed\t" + flaky.serverName() + "\tDATA\tError: ");
                flaky.restart();
                await(watch, "\trecovered\t" + flaky.serverName() + "\tDATA\tfailures=");
                run = watch.stop();
            }
            assertEquals(Netconn.EXIT_INTERRUPTED, run.code(), run::show);
            assertEquals(1, run.lines().stream().filter(l -> l.contains("\tfailed\t" + closed + "\t")).count(),
                    "the same failure again is no new event: " + run.show());
            Matcher summary = Pattern.compile("2 servers polled ([0-9]+) times, ([0-9]+) polls failed\n$").matcher(run.err());
            assertTrue(summary.find(), run::show);
            assertTrue(Integer.parseInt(summary.group(2)) >= 3, "the closed port was asked again and again: " + run.show());
        }
    }

    @Test
    void theMetricsHaveAUserLabelOnlyWhenAskedAndGoAwayWithTheWatch() throws Exception {
        try (SambaServer.Held held = samba.connect(Account.ADMIN, "DATA")) {
            for (boolean users : List.of(false, true)) {
                List<String> args = new ArrayList<>(List.of("--interval", "500ms", "--metrics", "0"));
                if (users) {
                    args.add("--metrics-users");
                }
                args.addAll(List.of(samba.serverName(), "DATA"));
                int port;
                String exposition;
                try (Cli.Background watch = watch(args.toArray(String[]::new))) {
                    port = metricsPort(watch);
                    exposition = awaitSeries(port, "netconn_connections{");
                    watch.stop();
                }
                String series = exposition.lines().filter(l -> l.startsWith("netconn_connections{")).findFirst().orElseThrow();
                assertTrue(series.contains("server=\"" + samba.serverName() + "\"") && series.contains("qualifier=\"DATA\"")
                        && series.endsWith(" 1.0"), exposition);
                assertEquals(users, exposition.contains("user=\""), (users ? "a user label: " : "no user label: ") + exposition);
                for (String name : List.of("netconn_open_files{", "netconn_last_good_poll_timestamp_seconds{",
                        "netconn_poll_duration_seconds_bucket{")) {
                    assertTrue(exposition.contains(name), name + " in " + exposition);
                }
                int closedPort = port;
                assertThrows(ConnectException.class, () -> scrape(closedPort), "the metrics server stopped with the watch");
            }
        }
    }

    /** The port of {@code --metrics 0}, from the line the watch prints on standard error. */
    static int metricsPort(Cli.Background watch) throws InterruptedException {
        Pattern line = Pattern.compile("netconn: metrics on http://127\\.0\\.0\\.1:([0-9]+)/metrics");
        long end = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < end) {
            Matcher m = line.matcher(watch.err());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            assertTrue(watch.running(), watch::err);
            Thread.sleep(20);
        }
        throw new AssertionError("no metrics address on standard error: " + watch.err());
    }

    private static String awaitSeries(int port, String prefix) throws Exception {
        long end = System.nanoTime() + LIMIT.toNanos();
        String exposition = "";
        while (System.nanoTime() < end) {
            exposition = scrape(port);
            if (exposition.lines().anyMatch(l -> l.startsWith(prefix) && l.endsWith(" 1.0"))) {
                return exposition;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + prefix + "... 1.0 within " + LIMIT + ":\n" + exposition);
    }

    static String scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
