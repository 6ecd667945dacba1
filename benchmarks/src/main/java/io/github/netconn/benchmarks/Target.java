package io.github.netconn.benchmarks;

import io.github.netconn.testkit.SambaServer;
import io.github.netconn.testkit.ScriptedServer;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A server the benchmarks ask, on loopback: one of the testkit's, started here and
 * stopped by {@link #close()}, or one already running that a system property names
 * ({@code -Dnetconn.bench.samba=127.0.0.1:PORT}, {@code -Dnetconn.bench.scripted=...}, as
 * {@link Servers} prints them), which is then left alone.
 */
final class Target implements AutoCloseable {

    static final String SAMBA_PROPERTY = "netconn.bench.samba";
    static final String SCRIPTED_PROPERTY = "netconn.bench.scripted";

    private final String serverName;
    private final boolean external;
    /** Closed last-in first-out: held connections before their server. */
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();

    private Target(String serverName, boolean external) {
        this.serverName = serverName;
        this.external = external;
    }

    /** {@code samba} or {@code scripted}, with {@code connections} to {@link Fixtures#SHARE}. */
    static Target of(String kind, int connections) throws IOException, InterruptedException {
        switch (kind) {
            case "samba":
                return samba(connections, true);
            case "scripted":
                return scripted(connections, true);
            default:
                throw new IllegalArgumentException("no such server: " + kind + " (samba or scripted)");
        }
    }

    /**
     * The testkit's Samba holding {@code connections} real SMB connections (each its own TCP
     * connection, session and tree connect) to {@link Fixtures#SHARE} as {@link Fixtures#ACCOUNT},
     * each with one of {@link Fixtures#FILES} open: as many sessions (beside the caller's own)
     * and open files for NetrSessionEnum and NetrFileEnum to list.
     */
    static Target samba(int connections, boolean mayUseRunning) throws IOException, InterruptedException {
        return samba(connections, mayUseRunning, false);
    }

    /**
     * As {@link #samba(int, boolean)}; with {@code everyAddress}, Samba listens on every
     * 127.x.y.z (and [::]), so that distinct loopback hosts reach it, as sweeps need.
     */
    static Target samba(int connections, boolean mayUseRunning, boolean everyAddress)
            throws IOException, InterruptedException {
        String running = System.getProperty(SAMBA_PROPERTY);
        if (mayUseRunning && running != null) {
            return new Target(running, true);
        }
        Fixtures.requireContainerEnvironment();
        SambaServer samba = everyAddress ? SambaServer.startOnEveryAddress() : SambaServer.start();
        Target target = new Target(samba.serverName(), false);
        target.owned.push(samba);
        try {
            target.hold(samba, connections);
        } catch (IOException | InterruptedException | RuntimeException e) {
            target.close();
            throw e;
        }
        return target;
    }

    /** The scripted server answering from a scenario of {@code connections} to {@link Fixtures#SHARE}. */
    static Target scripted(int connections, boolean mayUseRunning) throws IOException {
        String running = System.getProperty(SCRIPTED_PROPERTY);
        if (mayUseRunning && running != null) {
            return new Target(running, true);
        }
        Fixtures.requireContainerEnvironment();
        ScriptedServer scripted = ScriptedServer.start();
        Target target = new Target(scripted.serverName(), false);
        target.owned.push(scripted);
        try {
            scripted.load(Fixtures.scenario(connections));
        } catch (IOException | RuntimeException e) {
            target.close();
            throw e;
        }
        return target;
    }

    /**
     * Opens the connections eight at a time (each costs a TCP connection, a logon and an smbd
     * process), and a file in each.
     */
    private void hold(SambaServer samba, int connections) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<SambaServer.Held>> opening = new ArrayList<>(connections);
            for (int i = 0; i < connections; i++) {
                String file = Fixtures.FILES.get(i % Fixtures.FILES.size());
                opening.add(pool.submit(() -> {
                    SambaServer.Held held = samba.connect(Fixtures.ACCOUNT, Fixtures.SHARE);
                    try {
                        held.open(file);
                    } catch (IOException e) {
                        try {
                            held.close();
                        } catch (IOException suppressed) {
                            e.addSuppressed(suppressed);
                        }
                        throw e;
                    }
                    return held;
                }));
            }
            IOException failure = null;
            for (Future<SambaServer.Held> f : opening) {
                try {
                    owned.push(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (failure == null) {
                        failure = new IOException("holding " + connections + " connections to Samba failed", e.getCause());
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdown();
        }
    }

    String serverName() {
        return serverName;
    }

    boolean external() {
        return external;
    }

    @Override
    public synchronized void close() {
        while (!owned.isEmpty()) {
            try {
                owned.pop().close();
            } catch (Exception e) {
                System.err.println("closing " + serverName + ": " + e);
            }
        }
    }
}
