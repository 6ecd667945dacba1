package io.github.netconn.cli;

import io.github.netconn.api.FleetSweep;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C does to a sweep. {@link Netconn#main} installs a JVM shutdown hook that
 * {@link #request requests} the interruption: the running sweep is {@link FleetSweep#abort()
 * aborted} (no new server is asked, the servers in progress are released so their calls end
 * at once), the command's own thread writes nothing more than the result it is writing,
 * closes the sweep and the enumerator (every session is logged off) and prints the summary;
 * the hook waits for that (at most {@link #GRACE}) and the JVM then ends with exit code 130,
 * as after any SIGINT. In-process runs ({@link Netconn#run}) get an interruption nobody
 * requests.
 */
final class Interruption {

    /** How long the hook waits for the command to finish after Ctrl-C. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private final CountDownLatch finished = new CountDownLatch(1);
    private FleetSweep sweep;
    private boolean sweeping;
    private boolean requested;

    /** The sweep now running; aborted at once if Ctrl-C came before it started. */
    synchronized void attach(FleetSweep running) {
        sweep = running;
        sweeping = true;
        if (requested) {
            abort(running);
        }
    }

    synchronized void detach() {
        sweep = null;
    }

    /** Whether Ctrl-C was pressed. */
    synchronized boolean requested() {
        return requested;
    }

    /**
     * Ctrl-C: aborts the running sweep, if any, and later ones. Returns at once, with whether
     * a sweep has started: only then is there output to finish, worth {@link #awaitFinished
     * waiting} for (a single query, or a password prompt, just ends).
     */
    boolean request() {
        FleetSweep running;
        boolean started;
        synchronized (this) {
            requested = true;
            running = sweep;
            started = sweeping;
        }
        if (running != null) {
            abort(running);
        }
        return started;
    }

    private static void abort(FleetSweep sweep) {
        // On a thread of its own: abort() waits for the sweep's threads, and the hook must not
        // wait longer than its grace for a call that cannot be cut short.
        Thread aborter = new Thread(sweep::abort, "netconn-interrupt");
        aborter.setDaemon(true);
        aborter.start();
    }

    /** The command has written everything and closed what it opened. */
    void finished() {
        finished.countDown();
    }

    /** Waits for {@link #finished()}, at most {@code limit}; true if it came. */
    boolean awaitFinished(Duration limit) {
        try {
            return finished.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
