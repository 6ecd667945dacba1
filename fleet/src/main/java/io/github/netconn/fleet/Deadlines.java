package io.github.netconn.fleet;

import io.github.netconn.api.ConnectionEnumerator;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The deadline of the sweep and of the watch, one mechanism for both: a call still running
 * when its time is up has its server {@link ConnectionEnumerator#release released}, which ends
 * the call at once where the adapter can. One daemon thread, named {@code <name>-deadline},
 * started with the first call and joined by {@link #close()}; none without a deadline.
 */
final class Deadlines implements AutoCloseable {

    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int EXPIRED = 2;

    private final ConnectionEnumerator enumerator;
    private final Duration deadline;
    private final ScheduledThreadPoolExecutor timer;
    private volatile Thread thread;

    /** Deadlines of {@code deadline} each, or none when it is null. */
    Deadlines(ConnectionEnumerator enumerator, Duration deadline, String name) {
        this.enumerator = enumerator;
        this.deadline = deadline;
        if (deadline == null) {
            timer = null;
            return;
        }
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name + "-deadline");
            t.setDaemon(true);
            thread = t;
            return t;
        });
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setRemoveOnCancelPolicy(true);
    }

    /** The deadline, or null when there is none. */
    Duration deadline() {
        return deadline;
    }

    /** One call to {@code server} (null: a query without a server name, which nothing releases). */
    Call start(String server) {
        return new Call(server);
    }

    /** Releases {@code server}; a defect of the adapter here (release never throws by contract) is dropped. */
    void release(String server) {
        try {
            enumerator.release(server);
        } catch (RuntimeException e) {
            // a defect below the port must not take the sweep's or the watch's threads down
        }
    }

    /** A call under a deadline: either it finishes first, or the deadline does and its server is released. */
    final class Call {
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private final ScheduledFuture<?> due;

        private Call(String server) {
            if (timer == null || server == null) {
                due = null;
                return;
            }
            ScheduledFuture<?> scheduled = null;
            try {
                scheduled = timer.schedule(() -> {
                    if (state.compareAndSet(RUNNING, EXPIRED)) {
                        release(server);
                    }
                }, deadline.toNanos(), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed: the owner is ending, and its close releases what is still running
            }
            due = scheduled;
        }

        /** Ends the call's time; true if the deadline ended it first (its server was released). */
        boolean finish() {
            if (due != null) {
                due.cancel(false);
            }
            return !state.compareAndSet(RUNNING, FINISHED);
        }
    }

    /** Stops the timer and waits for its thread to end. Idempotent. */
    @Override
    public void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        boolean interrupted = false;
        Thread t = thread;
        while (t != null && t != Thread.currentThread() && t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
