package io.github.netconn.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on standard error, redrawn in place with a carriage return. It
 * is cleared before anything is written to standard output, so that on a terminal the two
 * never mix on one line.
 */
final class Progress {

    private static final int BAR = 30;

    private final PrintStream err;
    private final int total;
    private final boolean enabled;
    private int shown;

    Progress(PrintStream err, int total, boolean enabled) {
        this.err = err;
        this.total = total;
        this.enabled = enabled;
    }

    void show(int done, int failed) {
        if (!enabled) {
            return;
        }
        int filled = total == 0 ? BAR : done * BAR / total;
        String line = "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + done + "/" + total + " servers"
                + (failed > 0 ? ", " + failed + " failed" : "");
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
