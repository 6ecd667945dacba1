package io.github.netconn.cli;

import static io.github.netconn.cli.OptionNames.FORMAT;
import static io.github.netconn.cli.OptionNames.FORMAT_SHORT;
import static io.github.netconn.cli.OptionNames.HELP;
import static io.github.netconn.cli.OptionNames.INTERVAL;
import static io.github.netconn.cli.OptionNames.INTERVAL_SHORT;
import static io.github.netconn.cli.OptionNames.LEVEL;
import static io.github.netconn.cli.OptionNames.METRICS;
import static io.github.netconn.cli.OptionNames.METRICS_USERS;
import static io.github.netconn.cli.OptionNames.PASSWORD_ENV;
import static io.github.netconn.cli.OptionNames.PASSWORD_FILE;
import static io.github.netconn.cli.OptionNames.SERVERS;
import static io.github.netconn.cli.OptionNames.USER_SHORT;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.fleet.ConnectionWatch;
import io.github.netconn.fleet.WatchEvent;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code netconn watch}: the targets and options of a query or a sweep, polled every
 * {@code --interval} by the API's {@link ConnectionWatch}, its events written as they come
 * ({@link WatchOutput}) and, with {@code --metrics}, served to Prometheus
 * ({@link WatchMetrics}). It runs until Ctrl-C or SIGTERM, whatever the servers answer.
 */
final class Watch extends Console {

    static final String TRY_HELP = "Try 'netconn watch " + HELP + "' for more information.";

    private static final List<String> SYNOPSIS = List.of(
            "netconn watch [OPTIONS] [ServerName] ShareName | \\\\ComputerName",
            "       netconn watch [OPTIONS] " + SERVERS + " FILE|- ShareName | \\\\ComputerName");

    private static final List<String> DESCRIPTION = List.of(
            "Asks what netconn asks (one server, or every server of " + SERVERS + ") every " + INTERVAL
                    + " and prints what changed, one line per event, until Ctrl-C or SIGTERM.",
            "",
            "Events: snapshot (the first good answer, a line per connection), connected,"
                    + " disconnected, changed (open or user count), failed (a poll failed: the first"
                    + " failure, or one of another kind), recovered (the first good poll after failures)."
                    + " Each line: time (ISO-8601 UTC), event, server, qualifier, then the entry:"
                    + " userName, netName ('-' for NULL), id=, opens=, users=, seconds= (level 0: id=)."
                    + " JSON Lines: {\"time\", \"event\", \"server\", \"qualifier\", and \"entries\""
                    + " (snapshot), \"entry\" (and \"before\" for changed), \"error\" {kind, code, name,"
                    + " message} (failed) or \"failures\" and \"downSeconds\" (recovered)}.",
            "",
            "A server that fails is polled again at the next interval, and the others go on: a"
                    + " watch whose every server fails keeps polling, and reports each kind of"
                    + " failure once, then the recovery.",
            "",
            "Metrics (" + METRICS + "): netconn_connections{server,qualifier} and"
                    + " netconn_open_files{server,qualifier} (with " + METRICS_USERS + " also user),"
                    + " netconn_last_good_poll_timestamp_seconds{server},"
                    + " netconn_poll_duration_seconds{server} (histogram),"
                    + " netconn_poll_failures_total{server,kind}.",
            "",
            "A share named 'watch' on the local computer: netconn -- watch.",
            "");

    private static final List<String> FOOTER = List.of(
            "Exit codes:",
            "  2  usage error, found before any network traffic",
            "     (also: the " + METRICS + " address cannot be listened on)",
            "  3  " + LEVEL + " other than 0 or 1: Error: 124",
            "130  stopped by Ctrl-C (SIGINT) or SIGTERM, after the watch was closed cleanly",
            "     (no poll left running, every session logged off, the output flushed)",
            "",
            "Examples:",
            "  netconn watch " + USER_SHORT + " 'CORP\\auditor' " + PASSWORD_ENV + " NETCONN_PASSWORD \\",
            "          " + INTERVAL + " 1m fs01 DATA",
            "  netconn watch " + USER_SHORT + " 'CORP\\auditor' " + PASSWORD_FILE + " ~/.netconn-pw " + FORMAT
                    + " json \\",
            "          " + SERVERS + " servers.txt DATA >> connections.jsonl",
            "  netconn watch " + USER_SHORT + " 'CORP\\auditor' " + PASSWORD_ENV + " NETCONN_PASSWORD \\",
            "          " + METRICS + " 9464 fs01 DATA       (http://127.0.0.1:9464/metrics)");

    private final QueryOptions options = new QueryOptions();
    private WatchOutput.Format format = WatchOutput.Format.TEXT;
    private String interval = "30s";
    private String metrics;
    private boolean metricsUsers;

    Watch(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Terminal terminal,
          Interruption interruption, boolean windows) {
        super(in, out, err, env, terminal, interruption, windows);
    }

    @Override
    public Options options() {
        Options options = new Options();
        QueryOptions.declare(options);
        options.value("FORMAT", "text (default): one line per event, cells separated by tabs; json or jsonl:"
                        + " JSON Lines, one object per event.", FORMAT_SHORT, FORMAT)
                .value("DURATION", "How often each server is asked, from the start of one poll to the start of"
                        + " the next: 500ms, 30s, 5m, PT1H (default 30s).", INTERVAL_SHORT, INTERVAL)
                .value("[HOST:]PORT", "Serve Prometheus metrics at http://HOST:PORT/metrics. HOST is 127.0.0.1"
                        + " unless given: another address (e.g. 0.0.0.0 for every interface) is used only when"
                        + " written out. Port 0: any free port. The address is printed on standard error.",
                        METRICS)
                .flag("Add a user label to netconn_connections and netconn_open_files (off by default: one"
                        + " series per user can be many).", METRICS_USERS);
        return Netconn.declare(options);
    }

    @Override
    public String help() {
        return options().help(SYNOPSIS, DESCRIPTION, QueryOptions.ARGUMENTS, QueryOptions.ARGUMENTS_HELP, FOOTER);
    }

    @Override
    public void read(Options.Parsed parsed) throws UsageException {
        options.read(parsed);
        format = parsed.choice(FORMAT, WatchOutput.Format.class, WatchOutput.Format.TEXT);
        interval = parsed.value(INTERVAL, "30s");
        metrics = parsed.value(METRICS, null);
        metricsUsers = parsed.flag(METRICS_USERS);
    }

    @Override
    public int call() throws UsageException, InterruptedException {
        Duration every = Arguments.duration(interval, INTERVAL);
        InetSocketAddress listen = metrics == null ? null : Arguments.listenAddress(metrics, METRICS);
        if (metricsUsers && metrics == null) {
            throw new UsageException(METRICS_USERS + " adds a label to the metrics: give " + METRICS + " too");
        }
        QueryOptions.Plan plan;
        try {
            plan = options.plan(in);
        } catch (NetApiStatusException e) {
            return QueryCommand.report(Failure.of(e), format == WatchOutput.Format.TEXT ? Output.Format.TEXT
                    : Output.Format.JSON, out, err);
        }
        WatchMetrics gauges = metrics == null ? null : new WatchMetrics(metricsUsers);
        HTTPServer server = null;
        if (gauges != null) {
            try {
                server = gauges.serve(listen);
            } catch (IOException e) {
                throw new UsageException(METRICS + ": cannot listen on " + listen.getAddress().getHostAddress() + ":"
                        + listen.getPort() + ": " + e.getMessage(), e);
            }
            err.println("netconn: metrics on http://" + hostAndPort(listen, server.getPort()) + "/metrics");
        }
        try (ConnectionEnumerator enumerator = options.open(plan, in, env, terminal, windows, err)) {
            WatchOutput output = new WatchOutput(out, format);
            ConnectionWatch.Listener listener = gauges == null ? output : both(output, gauges);
            ConnectionWatch watch;
            try {
                ConnectionWatch.Builder builder = ConnectionWatch.over(enumerator).interval(every)
                        .pageSize(plan.pageSize()).parallel(options.parallel);
                if (plan.timeout() != null) {
                    builder.deadline(plan.timeout());
                }
                watch = builder.start(plan.queries(), listener);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            }
            try {
                interruption.attach(watch::close);
                watch.awaitClose();
            } finally {
                interruption.detach();
                watch.close(); // waits for the polls in progress: no event comes after this
            }
            out.flush();
            err.println("netconn: " + output.summary());
            return Netconn.EXIT_INTERRUPTED;
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static String hostAndPort(InetSocketAddress address, int port) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Every event and poll to {@code first}, then to {@code second}. */
    private static ConnectionWatch.Listener both(ConnectionWatch.Listener first, ConnectionWatch.Listener second) {
        return new ConnectionWatch.Listener() {
            @Override
            public void event(WatchEvent event) {
                first.event(event);
                second.event(event);
            }

            @Override
            public void polled(ConnectionWatch.Poll poll) {
                first.polled(poll);
                second.polled(poll);
            }
        };
    }
}
