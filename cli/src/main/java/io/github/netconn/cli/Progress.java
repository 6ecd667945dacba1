package io.github.netconn.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error, redrawn in place with a carriage return:
 * {@code [#########.....] 30/50 servers: 27 answered, 3 failed, 20 left, 12.4/s}, the rate
 * being servers done per second since the sweep started. It is cleared before anything is
 * written to standard output, so that on a terminal the two never mix on one line.
 */
final class Progress {

    private static final int BAR = 30;

    private final PrintStream err;
    private final int total;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private int shown;

    Progress(PrintStream err, int total, boolean enabled) {
        this.err = err;
        this.total = total;
        this.enabled = enabled;
    }

    /** Redraws the bar: {@code done} servers have a result, {@code failed} of them a failure. */
    void show(int done, int failed) {
        if (!enabled) {
            return;
        }
        int filled = total == 0 ? BAR : done * BAR / total;
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        String line = "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + done + "/" + total + " servers: "
                + (done - failed) + " answered, " + failed + " failed, " + (total - done) + " left, "
                + String.format(Locale.ROOT, "%.1f/s", done / seconds);
        err.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
        err.flush();
        shown = line.length();
    }

    void clear() {
        if (!enabled || shown == 0) {
            return;
        }
        err.print("\r" + " ".repeat(shown) + "\r");
        err.flush();
        shown = 0;
    }
}
