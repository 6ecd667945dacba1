package io.github.netconn.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.Page;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * What the parts of the contract share, as the Reactive Streams TCK's {@code TestEnvironment}
 * is shared by its verifications: the time-outs the rules give enumerators, and the checks
 * they make of a failed call, of leftover threads and of a page. {@link ScenarioContract} and
 * {@link SambaContract} use it; an adapter's own tests may too.
 */
public final class ContractEnvironment {

    /** Response time-out the contract gives enumerators, unless a rule needs another. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** How much later than its time-out a call may end (C9). */
    public static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(2);

    private ContractEnvironment() {
    }

    /** What {@code call} threw, or null if it returned. */
    public static Throwable catchAll(Callable<?> call) {
        try {
            call.call();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** {@code thrown} with its stack trace, for a failure message. */
    public static String describe(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    /** Asserts that {@code q} fails with the status {@code code} of the kind {@code kind} (C9). */
    public static void assertStatus(ConnectionEnumerator e, ConnectionQuery<?> q, long code,
            NetApiStatusException.Kind kind) {
        assertStatus(q.qualifier().wireValue(), () -> e.enumerateAll(q), code, kind);
    }

    /**
     * Asserts that {@code call} fails with the status {@code code} of the kind {@code kind} (C9,
     * and S9 and F9 of the sibling ports); {@code what} names the query in the failure message.
     */
    public static void assertStatus(String what, Callable<?> call, long code, NetApiStatusException.Kind kind) {
        Throwable thrown = catchAll(call);
        NetApiStatusException status = assertInstanceOf(NetApiStatusException.class, thrown,
                () -> "expected NetApiStatusException " + code + " for " + what + ", got "
                        + (thrown == null ? "a result" : describe(thrown)));
        assertEquals(code, status.code(), () -> "status code of " + status.getMessage());
        assertEquals(kind, status.kind(), "kind of " + status.symbolicName());
    }

    /** Waits up to 10 s for every thread not in {@code before} to end, JVM and test threads aside (C10). */
    public static void assertThreadsEnd(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Thread> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive() && !isJvmOrTestInfrastructure(t))
                    .collect(Collectors.toList());
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        fail("threads left behind after close: " + left.stream().map(Thread::getName).collect(Collectors.toList()));
    }

    private static boolean isJvmOrTestInfrastructure(Thread t) {
        String name = t.getName();
        return name.startsWith("junit-") || name.startsWith("Common-Cleaner") || name.startsWith("ForkJoinPool.common")
                || name.startsWith("testcontainers") || name.startsWith("docker-java") || name.startsWith("Attach Listener")
                || name.startsWith("process reaper") || name.startsWith("ducttape")
                || name.equals("netconn-cleaner"); // the network adapter's one Cleaner thread, for enumerators dropped unclosed
    }

    /**
     * The page as the server's answer makes it: what protected it on the wire is the
     * adapter's to say (a {@link io.github.netconn.api.SessionSecurity} or none), not the
     * server's answer.
     */
    public static <T> Page<T> withoutSecurity(Page<T> page) {
        return new Page<>(page.entries(), page.totalEntries(), page.resumeHandle(), page.moreData());
    }
}
