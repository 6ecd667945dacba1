package io.github.netconn.cli;

import io.github.netconn.api.ConnectionLevel;
import java.io.PrintStream;

/**
 * Writes results to standard output in one format. A single query gives one
 * {@link #accept} of a successful result (a failure is reported by {@link QueryCommand});
 * a sweep gives one per server, successful or not, in the order they finish, with a
 * server column added.
 */
abstract class Output {

    /** The formats of {@code --format}. */
    enum Format { TEXT, TABLE, JSON, CSV }

    final PrintStream out;
    final ConnectionLevel<?> level;
    final boolean sweep;

    Output(PrintStream out, ConnectionLevel<?> level, boolean sweep) {
        this.out = out;
        this.level = level;
        this.sweep = sweep;
    }

    static Output of(Format format, PrintStream out, ConnectionLevel<?> level, boolean sweep) {
        return switch (format) {
            case TEXT -> new TextOutput(out, level, sweep);
            case TABLE -> new TableOutput(out, level, sweep);
            case JSON -> new JsonOutput(out, level, sweep);
            case CSV -> new CsvOutput(out, level, sweep);
        };
    }

    /** Before the first result (a sweep's header). */
    void begin() {
    }

    /** One server's result; written and flushed at once. */
    abstract void accept(Result result);
}
