package io.github.netconn.cli;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.PageSize;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fleet sweep: one query against many servers, at most {@code parallel} at a time,
 * each result written as soon as it arrives, a failure reported as that server's result
 * without stopping the others. Only the calling thread writes, so output lines never mix.
 */
final class Sweep {

    /** What a sweep did. */
    record Outcome(int servers, int failed) {
    }

    private Sweep() {
    }

    /**
     * The server names of a list: one per line, {@code \\name}, {@code name} or
     * {@code host:port}; blank lines and lines starting with {@code #} are skipped.
     *
     * @param source a file, or {@code -} for standard input
     */
    static List<String> readServers(String source, InputStream stdin) throws UsageException {
        List<String> lines;
        try {
            if (source.equals("-")) {
                BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
                lines = reader.lines().toList();
            } else {
                lines = Files.readAllLines(Path.of(source), StandardCharsets.UTF_8);
            }
        } catch (NoSuchFileException e) {
            throw new UsageException("--servers: " + source + " does not exist");
        } catch (IOException | RuntimeException e) {
            throw new UsageException("--servers: cannot read " + (source.equals("-") ? "standard input" : source)
                    + ": " + e.getMessage());
        }
        List<String> servers = new ArrayList<>();
        for (String line : lines) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                servers.add(name);
            }
        }
        if (servers.isEmpty()) {
            throw new UsageException("--servers: " + (source.equals("-") ? "standard input" : source)
                    + " names no server (one per line; # starts a comment)");
        }
        return servers;
    }

    /** Runs every query, writing each result to {@code output} as it arrives. */
    static Outcome run(ConnectionEnumerator enumerator, List<ConnectionQuery> queries, PageSize pageSize,
                       int parallel, Output output, Progress progress) throws InterruptedException {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, queries.size()), task -> {
            Thread thread = new Thread(task, "netconn-sweep-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletionService<Result> results = new ExecutorCompletionService<>(pool);
            for (ConnectionQuery query : queries) {
                results.submit(() -> query(enumerator, query, pageSize));
            }
            output.begin();
            progress.show(0, 0);
            int failed = 0;
            for (int done = 1; done <= queries.size(); done++) {
                Result result;
                try {
                    result = results.take().get();
                } catch (ExecutionException e) {
                    // Only a defect below the port gets here (C9 allows nothing else): let it out.
                    progress.clear();
                    throw new IllegalStateException("a query failed unexpectedly: " + e.getCause(), e.getCause());
                }
                if (!result.succeeded()) {
                    failed++;
                }
                progress.clear();
                output.accept(result);
                progress.show(done, failed);
            }
            progress.clear();
            return new Outcome(queries.size(), failed);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Result query(ConnectionEnumerator enumerator, ConnectionQuery query, PageSize pageSize) {
        try {
            return Result.ok(query, enumerator.enumerateAll(query, pageSize));
        } catch (NetConnException e) {
            return Result.failed(query, Failure.of(e));
        } catch (IllegalArgumentException e) {
            return Result.failed(query, Failure.invalid(e));
        }
    }
}
