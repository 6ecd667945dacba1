package io.github.netconn.cli;

import static io.github.netconn.cli.Cli.as;
import static io.github.netconn.cli.Cli.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.SambaServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code prometheus} package, which scripts/test installs)
 * scrapes {@code netconn watch --metrics} every second while connections are opened and
 * closed on a real Samba, and its HTTP API is asked for the series: the count of
 * connections and open files as they come and go, the last good poll, the poll durations.
 * Prometheus listens on loopback only, and is stopped whatever happens.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "Debian's Prometheus server")
class WatchPrometheusTest {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    @Test
    void prometheusSeesConnectionsOpenedAndClosedOnSamba() throws Exception {
        assertTrue(Files.isExecutable(PROMETHEUS), PROMETHEUS + " is missing: scripts/test installs Debian's prometheus"
                + " (apt-get install -y --no-install-recommends prometheus)");
        int metricsPort = Cli.closedPort();
        int prometheusPort = Cli.closedPort();
        Path config = Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "  evaluation_interval: 1s",
                "scrape_configs:",
                "  - job_name: netconn",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + metricsPort + "']",
                ""));
        Path log = dir.resolve("prometheus.log");
        Process prometheus = null;
        try (SambaServer samba = SambaServer.start();
             Cli.Background watch = cli().password(Account.ADMIN).start(watchArgs(samba, metricsPort))) {
            prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort,
                    "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            String api = "http://127.0.0.1:" + prometheusPort;
            String selector = "{job=\"netconn\",server=\"" + samba.serverName() + "\",qualifier=\"DATA\"}";
            Prometheus p = new Prometheus(api, prometheus, log);
            p.awaitReady();

            // nobody yet: the series is there, at 0
            p.await("netconn_connections" + selector, values -> values.equals(List.of(0.0)));
            try (SambaServer.Held first = samba.connect(Account.ADMIN, "DATA");
                 SambaServer.Held second = samba.connect(Account.ADMIN, "DATA")) {
                first.open("readme.txt");
                p.await("netconn_connections" + selector, values -> values.equals(List.of(2.0)));
                p.await("netconn_open_files" + selector, values -> values.equals(List.of(1.0)));
            }
            p.await("netconn_connections" + selector, values -> values.equals(List.of(0.0)));
            p.await("netconn_open_files" + selector, values -> values.equals(List.of(0.0)));

            String server = "{job=\"netconn\",server=\"" + samba.serverName() + "\"}";
            long now = System.currentTimeMillis() / 1000;
            p.await("netconn_last_good_poll_timestamp_seconds" + server,
                    values -> values.size() == 1 && Math.abs(values.get(0) - now) < 60);
            p.await("netconn_poll_duration_seconds_count" + server, values -> values.size() == 1 && values.get(0) >= 5);
            p.await("sum(netconn_poll_duration_seconds_bucket" + server + ") by (le)", values -> values.size() >= 10);
            p.await("netconn_connections{user!=\"\"}", List::isEmpty); // no user label by default
            p.await("up{job=\"netconn\"}", values -> values.equals(List.of(1.0)));

            Cli.Run run = watch.stop();
            assertEquals(Netconn.EXIT_INTERRUPTED, run.code(), run::show);
            p.await("up{job=\"netconn\"}", values -> values.equals(List.of(0.0))); // the endpoint went with the watch
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        assertFalse(prometheus.isAlive(), "Prometheus was stopped");
    }

    private static String[] watchArgs(SambaServer samba, int metricsPort) {
        List<String> args = new ArrayList<>(List.of("watch"));
        args.addAll(List.of(as(Account.ADMIN, "--interval", "500ms", "--metrics", "127.0.0.1:" + metricsPort,
                samba.serverName(), "DATA")));
        return args.toArray(String[]::new);
    }

    /** Prometheus's HTTP API. */
    private record Prometheus(String api, Process process, Path log) {

        void awaitReady() throws Exception {
            long end = System.nanoTime() + LIMIT.toNanos();
            while (System.nanoTime() < end) {
                assertTrue(process.isAlive(), () -> "Prometheus exited: " + logText());
                try {
                    HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/-/ready"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    if (ready.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            throw new AssertionError("Prometheus not ready within " + LIMIT + ": " + logText());
        }

        /** Asks {@code query} until the values of its vector satisfy {@code condition}. */
        void await(String query, Predicate<List<Double>> condition) throws Exception {
            long end = System.nanoTime() + LIMIT.toNanos();
            String last = "";
            while (System.nanoTime() < end) {
                assertTrue(process.isAlive(), () -> "Prometheus exited: " + logText());
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/query?query="
                        + URLEncoder.encode(query, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = response.body();
                JsonNode body = JSON.readTree(last);
                assertEquals("success", body.path("status").asText(), last);
                List<Double> values = new ArrayList<>();
                body.path("data").path("result").forEach(series -> values.add(series.path("value").get(1).asDouble()));
                if (condition.test(values)) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new AssertionError("Prometheus never answered " + query + " as expected within " + LIMIT
                    + "; last answer: " + last + "\n" + logText());
        }

        private String logText() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }
    }
}
