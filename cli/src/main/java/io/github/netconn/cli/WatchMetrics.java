package io.github.netconn.cli;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetConnException;
import io.github.netconn.fleet.ConnectionWatch;
import io.github.netconn.fleet.WatchEvent;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Prometheus metrics of {@code netconn watch --metrics}, kept from every poll on a
 * registry of their own (not the client library's global one, so nothing else is exposed):
 *
 * <ul>
 *   <li>{@code netconn_connections{server, qualifier}}: the connections listed at the last
 *       good poll (0 when none);</li>
 *   <li>{@code netconn_open_files{server, qualifier}}: the sum of their open counts (level 1
 *       only);</li>
 *   <li>with {@code --metrics-users}, both per {@code user} too (a NULL user name is the empty
 *       value); a user's series goes when the user's last connection does;</li>
 *   <li>{@code netconn_last_good_poll_timestamp_seconds{server}}: when the last good poll
 *       ended, in seconds since the epoch;</li>
 *   <li>{@code netconn_poll_duration_seconds{server}}: a histogram of every poll's duration,
 *       good or failed;</li>
 *   <li>{@code netconn_poll_failures_total{server, kind}}: failed polls, by kind: the status's
 *       name (ERROR_ACCESS_DENIED, ...) when the server returned one, else authentication,
 *       unreachable, timeout or protocol.</li>
 * </ul>
 *
 * After a failed poll the connection gauges keep the last good poll's values; the time of
 * that poll tells how old they are.
 */
final class WatchMetrics implements ConnectionWatch.Listener {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final boolean users;
    private final Gauge connections;
    private final Gauge openFiles;
    private final Gauge lastGoodPoll;
    private final Histogram pollDuration;
    private final Counter failures;
    /** The label values each query's gauges were last set for, to remove those that are gone. */
    private final Map<ConnectionQuery<?>, Set<List<String>>> shown = new HashMap<>();

    WatchMetrics(boolean users) {
        this.users = users;
        String[] labels = users ? new String[] {"server", "qualifier", "user"} : new String[] {"server", "qualifier"};
        connections = Gauge.builder().name("netconn_connections")
                .help("Connections listed at the last good poll (NetConnectionEnum)")
                .labelNames(labels).register(registry);
        openFiles = Gauge.builder().name("netconn_open_files")
                .help("Files open through the connections listed at the last good poll (sum of their open counts)")
                .labelNames(labels).register(registry);
        lastGoodPoll = Gauge.builder().name("netconn_last_good_poll_timestamp_seconds")
                .help("When the last good poll of the server ended, in seconds since the epoch")
                .labelNames("server").register(registry);
        pollDuration = Histogram.builder().name("netconn_poll_duration_seconds")
                .help("How long each poll took, every page together, good or failed")
                .classicOnly().classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
                .withoutExemplars().labelNames("server").register(registry);
        failures = Counter.builder().name("netconn_poll_failures")
                .help("Failed polls, by kind: a status name, or authentication, unreachable, timeout, protocol")
                .withoutExemplars().labelNames("server", "kind").register(registry);
    }

    PrometheusRegistry registry() {
        return registry;
    }

    /** Serves the registry at {@code http://address/metrics} until the server is closed. */
    HTTPServer serve(InetSocketAddress address) throws IOException {
        return HTTPServer.builder().inetAddress(address.getAddress()).port(address.getPort()).registry(registry)
                .buildAndStart();
    }

    @Override
    public void event(WatchEvent event) {
        // everything comes from polled()
    }

    @Override
    public synchronized void polled(ConnectionWatch.Poll poll) {
        String server = WatchOutput.server(poll.query());
        pollDuration.labelValues(server).observe(poll.took().toNanos() / 1e9);
        if (!poll.succeeded()) {
            failures.labelValues(server, kind(poll.failure())).inc();
            return;
        }
        String qualifier = poll.query().qualifier().wireValue();
        boolean level1 = poll.query().level().value() == 1;
        Map<List<String>, long[]> counts = new LinkedHashMap<>(); // labels -> {connections, open files}
        if (!users) {
            counts.put(List.of(server, qualifier), new long[2]); // 0 when nobody is connected
        }
        for (ConnectionInfo entry : poll.entries()) {
            List<String> labels = users ? List.of(server, qualifier, user(entry)) : List.of(server, qualifier);
            long[] count = counts.computeIfAbsent(labels, k -> new long[2]);
            count[0]++;
            if (entry instanceof ConnectionInfo.Level1 info) {
                count[1] += info.openCount();
            }
        }
        Set<List<String>> before = shown.getOrDefault(poll.query(), Set.of());
        for (List<String> gone : before) {
            if (!counts.containsKey(gone)) {
                connections.remove(gone.toArray(String[]::new));
                openFiles.remove(gone.toArray(String[]::new));
            }
        }
        counts.forEach((labels, count) -> {
            String[] values = labels.toArray(String[]::new);
            connections.labelValues(values).set(count[0]);
            if (level1) {
                openFiles.labelValues(values).set(count[1]);
            }
        });
        shown.put(poll.query(), Set.copyOf(new ArrayList<>(counts.keySet())));
        lastGoodPoll.labelValues(server).set(poll.at().plus(poll.took()).toEpochMilli() / 1000.0);
    }

    private static String user(ConnectionInfo entry) {
        return entry instanceof ConnectionInfo.Level1 info ? info.userName().orElse("") : "";
    }

    /** The failure's kind as a label: the status's symbolic name, or the kind of failure. */
    static String kind(NetConnException failure) {
        Failure f = Failure.of(failure);
        return f.kind() == Failure.Kind.STATUS ? f.name() : f.kind().label();
    }
}
