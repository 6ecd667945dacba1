package io.github.netconn.cli;

import io.github.netconn.fleet.FleetSweep;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C (SIGINT) or SIGTERM does to a sweep or a watch. {@link Netconn#main} installs
 * a JVM shutdown hook that {@link #request requests} the interruption: the running sweep is
 * {@link FleetSweep#abort() aborted} (no new server is asked, the servers in progress are
 * released so their calls end at once), or the running watch is closed; the command's own
 * thread writes nothing more than the result or event it is writing, closes the sweep or
 * watch and the enumerator (every session is logged off) and prints the summary; the hook
 * waits for that (at most {@link #GRACE}) and the JVM then ends with exit code 130, after
 * SIGTERM too. In-process runs ({@link Netconn#run}) get an interruption that only a test
 * requests.
 */
final class Interruption {

    /** How long the hook waits for the command to finish after Ctrl-C. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private final CountDownLatch finished = new CountDownLatch(1);
    private Runnable stop;
    private boolean started;
    private boolean requested;

    /**
     * The sweep or watch now running, and how to stop it ({@link FleetSweep#abort()}, a
     * watch's {@code close()}); stopped at once if Ctrl-C came before it started.
     */
    synchronized void attach(Runnable stopping) {
        stop = stopping;
        started = true;
        if (requested) {
            stop(stopping);
        }
    }

    synchronized void detach() {
        stop = null;
    }

    /** Whether Ctrl-C was pressed. */
    synchronized boolean requested() {
        return requested;
    }

    /**
     * Ctrl-C: stops the running sweep or watch, if any, and later ones. Returns at once, with
     * whether one has started and the command has not finished: only then is there output to
     * finish, worth {@link #awaitFinished waiting} for (a single query, or a password prompt,
     * just ends; a command that has finished is exiting with its own code).
     */
    boolean request() {
        Runnable running;
        boolean wasStarted;
        synchronized (this) {
            requested = true;
            running = stop;
            wasStarted = started && finished.getCount() > 0; // after a normal end, nothing to wait for
        }
        if (running != null) {
            stop(running);
        }
        return wasStarted;
    }

    private static void stop(Runnable stopping) {
        // On a thread of its own: stopping waits for the sweep's or watch's threads, and the hook
        // must not wait longer than its grace for a call that cannot be cut short.
        Thread stopper = new Thread(stopping, "netconn-interrupt");
        stopper.setDaemon(true);
        stopper.start();
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
