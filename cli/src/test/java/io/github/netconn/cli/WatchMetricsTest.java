package io.github.netconn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.fleet.ConnectionWatch;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The exposition {@code netconn watch --metrics} serves, scraped over HTTP from the
 * client library's own server: the names and labels of docs/cli.md, no user label unless
 * asked for, no series left for connections that went, and the server gone when closed.
 */
class WatchMetricsTest {

    private static final Instant AT = Instant.parse("2025-03-04T05:06:07Z");
    private static final ConnectionQuery<?> DATA = ConnectionQuery.on("127.0.0.1:4445", Qualifier.of("DATA"),
            ConnectionLevel.LEVEL_1);
    private static final ConnectionInfo ALICE = ConnectionInfo.Level1.of(1, 0, 2, 1, 30, "alice", "WS042");
    private static final ConnectionInfo ALICE_AGAIN = ConnectionInfo.Level1.of(2, 0, 1, 1, 30, "alice", "WS043");
    private static final ConnectionInfo BOB = ConnectionInfo.Level1.of(3, 0, 0, 1, 30, "bob", "WS107");

    private static ConnectionWatch.Poll good(Instant at, ConnectionInfo... entries) {
        return new ConnectionWatch.Poll(DATA, at, Duration.ofMillis(40), List.of(entries), null);
    }

    /** The samples of an exposition, {@code name{labels}} to value, comments left out. */
    private static Map<String, String> samples(String exposition) {
        Map<String, String> samples = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return samples;
    }

    /** The value of one sample, NaN when the series is absent. */
    private static double value(Map<String, String> samples, String series) {
        String value = samples.get(series);
        return value == null ? Double.NaN : Double.parseDouble(value);
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static HTTPServer serve(WatchMetrics metrics) throws IOException {
        return metrics.serve(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    }

    @Test
    void withoutUsersEachServerAndQualifierIsOneSeriesAndNobodyIsZero() throws Exception {
        WatchMetrics metrics = new WatchMetrics(false);
        try (HTTPServer server = serve(metrics)) {
            metrics.polled(good(AT, ALICE, ALICE_AGAIN, BOB));
            Map<String, String> first = samples(scrape(server.getPort()));
            String labels = "{qualifier=\"DATA\",server=\"127.0.0.1:4445\"}";
            assertEquals(3.0, value(first, "netconn_connections" + labels), first::toString);
            assertEquals(3.0, value(first, "netconn_open_files" + labels), first::toString);
            assertFalse(first.keySet().stream().anyMatch(k -> k.contains("user=")), "no user label: " + first);
            assertEquals((AT.toEpochMilli() + 40) / 1000.0, value(first, "netconn_last_good_poll_timestamp_seconds{server=\"127.0.0.1:4445\"}"),
                    "the end of the poll, in seconds: " + first);
            assertEquals(1.0, value(first, "netconn_poll_duration_seconds_count{server=\"127.0.0.1:4445\"}"), first::toString);
            assertEquals(1.0, value(first, "netconn_poll_duration_seconds_bucket{server=\"127.0.0.1:4445\",le=\"0.05\"}"),
                    first::toString);
            assertEquals(0.0, value(first, "netconn_poll_duration_seconds_bucket{server=\"127.0.0.1:4445\",le=\"0.025\"}"),
                    first::toString);

            metrics.polled(good(AT.plusSeconds(30)));
            Map<String, String> empty = samples(scrape(server.getPort()));
            assertEquals(0.0, value(empty, "netconn_connections" + labels), "nobody connected is 0: " + empty);
            assertEquals(0.0, value(empty, "netconn_open_files" + labels), empty::toString);
            assertEquals(2.0, value(empty, "netconn_poll_duration_seconds_count{server=\"127.0.0.1:4445\"}"), empty::toString);
            assertFalse(empty.keySet().stream().anyMatch(k -> k.startsWith("jvm_") || k.startsWith("process_")),
                    "a registry of its own, nothing else: " + empty);
        }
    }

    @Test
    void withUsersASeriesPerUserThatGoesWithTheUsersLastConnection() throws Exception {
        WatchMetrics metrics = new WatchMetrics(true);
        try (HTTPServer server = serve(metrics)) {
            metrics.polled(good(AT, ALICE, ALICE_AGAIN, BOB));
            Map<String, String> first = samples(scrape(server.getPort()));
            String alice = "{qualifier=\"DATA\",server=\"127.0.0.1:4445\",user=\"alice\"}";
            String bob = "{qualifier=\"DATA\",server=\"127.0.0.1:4445\",user=\"bob\"}";
            assertEquals(2.0, value(first, "netconn_connections" + alice), first::toString);
            assertEquals(3.0, value(first, "netconn_open_files" + alice), first::toString);
            assertEquals(1.0, value(first, "netconn_connections" + bob), first::toString);
            assertEquals(0.0, value(first, "netconn_open_files" + bob), first::toString);

            metrics.polled(good(AT.plusSeconds(30), ALICE));
            Map<String, String> later = samples(scrape(server.getPort()));
            assertEquals(1.0, value(later, "netconn_connections" + alice), later::toString);
            assertFalse(later.containsKey("netconn_connections" + bob), "bob's series went: " + later);
            assertFalse(later.containsKey("netconn_open_files" + bob), "bob's series went: " + later);

            metrics.polled(good(AT.plusSeconds(60)));
            assertFalse(samples(scrape(server.getPort())).keySet().stream()
                    .anyMatch(k -> k.startsWith("netconn_connections") || k.startsWith("netconn_open_files")),
                    "no series are left for connections that went");
        }
    }

    @Test
    void failuresAreCountedByKindAndLeaveTheLastGoodValues() throws Exception {
        WatchMetrics metrics = new WatchMetrics(false);
        try (HTTPServer server = serve(metrics)) {
            metrics.polled(good(AT, ALICE));
            metrics.polled(new ConnectionWatch.Poll(DATA, AT.plusSeconds(30), Duration.ofSeconds(3), List.of(),
                    new AuthenticationException("refused", null)));
            metrics.polled(new ConnectionWatch.Poll(DATA, AT.plusSeconds(60), Duration.ofSeconds(3), List.of(),
                    new AuthenticationException("refused", null)));
            metrics.polled(new ConnectionWatch.Poll(DATA, AT.plusSeconds(90), Duration.ofMillis(5), List.of(),
                    new NetApiStatusException(5, null)));
            Map<String, String> samples = samples(scrape(server.getPort()));
            assertEquals(2.0, value(samples, "netconn_poll_failures_total{kind=\"authentication\",server=\"127.0.0.1:4445\"}"),
                    samples::toString);
            assertEquals(1.0, value(samples, "netconn_poll_failures_total{kind=\"ERROR_ACCESS_DENIED\",server=\"127.0.0.1:4445\"}"),
                    samples::toString);
            assertEquals(1.0, value(samples, "netconn_connections{qualifier=\"DATA\",server=\"127.0.0.1:4445\"}"),
                    "the last good poll's value: " + samples);
            assertEquals((AT.toEpochMilli() + 40) / 1000.0, value(samples, "netconn_last_good_poll_timestamp_seconds{server=\"127.0.0.1:4445\"}"),
                    "still the first poll's time: " + samples);
            assertEquals(4.0, value(samples, "netconn_poll_duration_seconds_count{server=\"127.0.0.1:4445\"}"),
                    "failed polls are timed too: " + samples);
        }
    }

    @Test
    void aClosedServerNoLongerListens() throws Exception {
        WatchMetrics metrics = new WatchMetrics(false);
        int port;
        try (HTTPServer server = serve(metrics)) {
            port = server.getPort();
            metrics.polled(good(AT));
            assertTrue(scrape(port).contains("# TYPE netconn_connections gauge"));
        }
        assertThrows(ConnectException.class, () -> scrape(port));
    }
}
