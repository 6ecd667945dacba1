package io.github.netconn.cli;

import static io.github.netconn.cli.OptionNames.SERVERS;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.Qualifier;
import io.github.netconn.fleet.FleetSweep;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The fleet sweep of the command: reads the list of servers, runs the API's
 * {@link FleetSweep} over it and writes each result as soon as it arrives, a failure as
 * that server's result without stopping the others. Only the calling thread writes, so
 * output lines never mix.
 */
final class Sweep {

    /**
     * What a sweep did: how many servers, how many have a result, how many failed of each
     * kind, and whether Ctrl-C ended it.
     */
    record Outcome(int servers, int done, Map<Failure.Kind, Integer> failures, boolean interrupted) {

        Outcome {
            failures = Map.copyOf(failures);
        }

        int failed() {
            return failures.values().stream().mapToInt(Integer::intValue).sum();
        }

        /**
         * {@code 4 servers: 2 answered, 2 failed (1 authentication, 1 unreachable)}; after
         * Ctrl-C, {@code 50 servers: 10 answered, 2 failed (2 timeout), 38 not asked (interrupted)}.
         */
        String summary() {
            StringBuilder line = new StringBuilder().append(servers).append(servers == 1 ? " server: " : " servers: ")
                    .append(done - failed()).append(" answered, ").append(failed()).append(" failed");
            if (failed() > 0) {
                List<String> kinds = new ArrayList<>();
                for (Failure.Kind kind : Failure.Kind.values()) {
                    Integer count = failures.get(kind);
                    if (count != null) {
                        kinds.add(count + " " + kind.label());
                    }
                }
                line.append(" (").append(String.join(", ", kinds)).append(')');
            }
            if (interrupted) {
                line.append(", ").append(servers - done).append(" not asked (interrupted)");
            }
            return line.toString();
        }
    }

    private Sweep() {
    }

    /**
     * The queries of a server list: one server per line, {@code \\name}, {@code name} or
     * {@code host:port}; blank lines and lines starting with {@code #} are skipped, and a
     * server listed again (in any case, with or without backslashes) is asked once. A line
     * that names no valid server is a usage error naming its line number, before any
     * traffic.
     *
     * @param source a file, or {@code -} for standard input
     */
    static List<ConnectionQuery<?>> readServers(String source, InputStream stdin, Qualifier qualifier,
            ConnectionLevel<?> level)
            throws UsageException {
        List<String> lines;
        try {
            if (source.equals("-")) {
                BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
                lines = reader.lines().toList();
            } else {
                lines = Files.readAllLines(Path.of(source), StandardCharsets.UTF_8);
            }
        } catch (NoSuchFileException e) {
            throw new UsageException(SERVERS + ": " + source + " does not exist");
        } catch (IOException | RuntimeException e) {
            throw new UsageException(SERVERS + ": cannot read " + (source.equals("-") ? "standard input" : source)
                    + ": " + e.getMessage());
        }
        List<ConnectionQuery<?>> queries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int number = 1; number <= lines.size(); number++) {
            String name = lines.get(number - 1).strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            ConnectionQuery<?> query = query(name, number, qualifier, level);
            if (seen.add(query.server().toLowerCase(Locale.ROOT))) {
                queries.add(query);
            }
        }
        if (queries.isEmpty()) {
            throw new UsageException(SERVERS + ": " + (source.equals("-") ? "standard input" : source)
                    + " names no server (one per line; # starts a comment)");
        }
        return queries;
    }

    private static ConnectionQuery<?> query(String name, int number, Qualifier qualifier, ConnectionLevel<?> level)
            throws UsageException {
        String where = SERVERS + ": line " + number + ": '" + name + "': ";
        ConnectionQuery<?> query;
        try {
            query = ConnectionQuery.on(name, qualifier, level);
        } catch (IllegalArgumentException e) {
            throw new UsageException(where + e.getMessage());
        }
        return query;
    }

    /**
     * Runs every query, writing each result to {@code output} as it arrives, until all are
     * done or {@code interruption} is requested (Ctrl-C): then the results so far are
     * written whole, and the servers in progress are released.
     *
     * @param deadline the most one server may take, connect, logon and every page; null for none
     * @param verbose  where to say what protected each answer ({@code --verbose}), or null
     */
    static Outcome run(ConnectionEnumerator enumerator, List<ConnectionQuery<?>> queries, PageSize pageSize,
                       int parallel, Duration deadline, Output output, Progress progress, Interruption interruption,
                       PrintStream verbose) throws InterruptedException {
        Map<Failure.Kind, Integer> failures = new EnumMap<>(Failure.Kind.class);
        int done = 0;
        boolean interrupted;
        try (FleetSweep sweep = FleetSweep.over(enumerator).pageSize(pageSize).parallel(parallel).deadline(deadline)
                .start(queries)) {
            interruption.attach(sweep::abort);
            output.begin();
            progress.show(0, 0);
            int failed = 0;
            try {
                while (sweep.hasNext()) {
                    Result result = result(sweep.next());
                    done++;
                    if (!result.succeeded()) {
                        failed++;
                        failures.merge(result.failure().kind(), 1, Integer::sum);
                    }
                    progress.clear();
                    output.accept(result);
                    if (verbose != null && result.succeeded()) {
                        verbose.println(QueryCommand.security(result));
                    }
                    progress.show(done, failed);
                }
            } finally {
                progress.clear();
                interruption.detach();
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("the sweep was interrupted");
            }
            interrupted = sweep.cancelled() && interruption.requested();
        }
        return new Outcome(queries.size(), done, failures, interrupted);
    }

    private static Result result(FleetSweep.Result result) {
        if (result.failure() != null) {
            return Result.failed(result.query(), Failure.of(result.failure()));
        }
        if (result.rejection() != null) {
            return Result.failed(result.query(), Failure.invalid(result.rejection()));
        }
        return Result.ok(result.query(), result.entries(), result.security());
    }
}
