package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a test takes stock of before it starts and checks after everything is closed:
 * file descriptors, live threads (C10). Counts settle for a while, as sockets and
 * threads end a little after close() returns.
 */
final class Leaks {

    /** Descriptors that may come and go on their own (a JIT or class-loading jar, a log file). */
    static final int FD_TOLERANCE = 3;

    private static final Duration SETTLE = Duration.ofSeconds(10);

    private final long fds;
    private final Set<Thread> threads;

    private Leaks() {
        this.fds = openFileDescriptors();
        this.threads = Thread.getAllStackTraces().keySet();
    }

    /** The stock now. */
    static Leaks snapshot() {
        return new Leaks();
    }

    /** How many file descriptors this process has open (Linux: the entries of /proc/self/fd). */
    static long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count /proc/self/fd", e);
        }
    }

    /** Fails unless descriptors come back to the stock (within {@link #FD_TOLERANCE}) and no new thread is alive. */
    void assertNothingLeft(String after) throws InterruptedException {
        awaitAtMost(Leaks::openFileDescriptors, fds + FD_TOLERANCE,
                now -> "file descriptors after " + after + ": " + now + ", before: " + fds);
        long deadline = System.nanoTime() + SETTLE.toNanos();
        List<Thread> left;
        do {
            left = newThreads();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        fail("threads left behind after " + after + ": " + left.stream().map(Thread::getName).collect(Collectors.toList()));
    }

    private List<Thread> newThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !threads.contains(t) && t.isAlive() && !isJvmOrTestInfrastructure(t))
                .collect(Collectors.toList());
    }

    /** The same exclusions as the contract's C10 rule: the JVM's, JUnit's and Docker's own threads. */
    private static boolean isJvmOrTestInfrastructure(Thread t) {
        String name = t.getName();
        return name.startsWith("junit-") || name.startsWith("Common-Cleaner") || name.startsWith("ForkJoinPool.common")
                || name.startsWith("testcontainers") || name.startsWith("docker-java") || name.startsWith("Attach Listener")
                || name.startsWith("process reaper") || name.startsWith("ducttape") || name.equals("netconn-cleaner");
    }

    static void awaitAtMost(LongSupplier value, long limit, java.util.function.LongFunction<String> message)
            throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        long now;
        while ((now = value.getAsLong()) > limit) {
            if (System.nanoTime() > deadline) {
                fail(message.apply(now));
            }
            Thread.sleep(100);
        }
    }
}
