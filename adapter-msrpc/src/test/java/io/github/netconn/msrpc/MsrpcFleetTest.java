package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.fleet.FleetSweep;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Dialect;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.SmbLibrary;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.Samba;
import io.github.netconn.testkit.SambaServer;
import io.github.netconn.testkit.Scenario;
import io.github.netconn.testkit.ScriptedServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link FleetSweep} over smbj at fleet scale: thousands of
 * targets, all on loopback. Healthy servers are distinct loopback hosts 127.A.B.C reaching one
 * Samba that listens on every address; a refused server is a port nothing listens on; a black
 * hole is a host whose SYNs an iptables DROP rule on {@value #BLACK_HOLES} (this Samba's port
 * only, so nothing else is disturbed) swallows; access denied comes from the scripted server,
 * which denies the admin account (it listens on 127.0.0.1 only: one such server per sweep).
 *
 * <p>The default suite runs small versions; the tag {@value #FLEET} (adapter-msrpc's profile
 * {@code -Pfleet}, run by {@code scripts/fleet-sim}) runs the full sizes.
 *
 * <p><b>The bounds.</b> While a sweep runs, a sampler reads every {@value #SAMPLE_MILLIS} ms the
 * sockets among this process's descriptors; the JVM's peak thread count is reset before and read
 * after. Both are compared with the stock taken just before the sweep:
 * <ul>
 * <li>sockets: at most {@code parallel + }{@value #SOCKET_SLACK}. Each sweep thread holds at most
 * one TCP connection (its server's, released before it takes the next), so {@code parallel}; the
 * slack covers connections whose close is still under way as the next ones open (smbj closes a
 * timed-out connection from its reader thread: 5 of them at once were seen at parallel 256);</li>
 * <li>threads: at most {@code parallel + }{@value #THREAD_SLACK}: the sweep's own
 * {@code parallel} threads, plus the layer's few reader threads that every connection shares
 * ({@link SmbjTransport}: 2 to 8), the sweep's deadline watchdog, this test's sampler and the
 * threads the JVM starts once (a GC or JIT thread);</li>
 * <li>heap: the heap retained after a full GC, taken from the consumer early in the sweep and
 * again near its end, grows by less than {@value #HEAP_SLOPE_MIB} MiB — under 1 KiB per server
 * in the 10,000 sweep, nothing that scales with the number of servers (what a sweep keeps per
 * server is its duplicate check, a few dozen bytes).</li>
 * </ul>
 * If a bound fails, look first at what grows with the servers: sessions not released (release
 * not called, or smbj not disconnecting), a thread started per connection.
 */
class MsrpcFleetTest {

    static final String FLEET = "fleet";
    /** The black holes' range; the DROP rule applies to this Samba's port only. */
    static final String BLACK_HOLES = "127.99.0.0/16";
    static final int SAMPLE_MILLIS = 10;
    static final int SOCKET_SLACK = 8;
    /**
     * One Samba on 2 cores sets up about 50 cold sessions a second (a forked smbd, NTLM and
     * key derivation each), so 256 of them at once wait longer than the 2 s time-out, and its
     * listen backlog of 50 drops SYNs: the healthy ones alone run at most this many at a time.
     * Mixed with the black holes, which hold most slots, they arrive at about 20 a second.
     */
    static final int HEALTHY_PARALLEL = 32;
    static final int THREAD_SLACK = 8;
    static final int HEAP_SLOPE_MIB = 8;
    /** The connect time-out, which is what ends a black hole. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    /**
     * The response time-out: longer, as a healthy server that answers late is not lost. One
     * Samba on the 2 cores it shares with the sweep, forking an smbd per connection and rpcd
     * workers besides, was seen to leave a NEGOTIATE unread for over 2 s (178 bytes in the
     * Recv-Q of its socket): with 2 s here 1 to 25 of 200 healthy servers failed per run, with
     * smbj's own transport as with {@link SmbjTransport}.
     */
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);
    static final Qualifier SHARE = Qualifier.of("DATA");

    /** What a target should come back with. */
    enum Outcome { ANSWERED, REFUSED, BLACK_HOLE, DENIED, OTHER }

    record Target(String server, Outcome expected) {
    }

    @Samba(onEveryAddress = true)
    private static SambaServer samba;
    private static ScriptedServer denier;
    private static int refusedPort;
    /** Distinct hosts across the tests of a JVM, so every sweep's servers are cold. */
    private static int nextBlock = 10;

    @BeforeAll
    static void startServers() throws IOException {
        denier = ScriptedServer.start();
        denier.load(Scenario.empty().withShares("DATA").withDeniedUsers(Account.ADMIN.user()));
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            refusedPort = free.getLocalPort();
        }
        // Samba starts its srvsvc service on the first pipe open: not inside a measured sweep.
        try (MsrpcConnectionEnumerator warm = enumerator()) {
            warm.enumerateAll(ConnectionQuery.on(samba.serverName(), SHARE, ConnectionLevel.LEVEL_1));
        } catch (NetConnException e) {
            throw new IOException("the warm-up call to " + samba.serverName() + " failed", e);
        }
    }

    @AfterAll
    static void stopServers() {
        if (denier != null) {
            denier.close();
        }
    }

    // ---- item 2: bounded resources -------------------------------------------------------

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aThousandTargetsStayWithinTheBounds() throws Exception {
        Sweep sweep = sweep(fleet(500, 500, 0, 0), 32);
        System.out.println("[fleet] " + sweep);
        sweep.assertAllAsExpected();
        sweep.assertWithinBounds();
    }

    // ---- item 3: nothing lost ------------------------------------------------------------

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void threeRunsInARowLoseNothing() throws Exception {
        threeRuns(200, 20, 20);
    }

    @Test
    @Tag(FLEET)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void threeRunsOf500HostsLoseNothing() throws Exception {
        threeRuns(500, 50, 50);
    }

    private void threeRuns(int healthy, int refused, int blackHoles) throws Exception {
        try (BlackHoles holes = BlackHoles.install(samba.port())) {
            for (int run = 1; run <= 3; run++) {
                Sweep sweep = sweep(fleet(healthy, refused, blackHoles, 1), 32);
                System.out.println("[fleet] run " + run + ": " + sweep);
                sweep.assertAllAsExpected();
            }
        }
    }

    // ---- item 5: the fleet simulation ----------------------------------------------------

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aSmallFleetEndsInTimeWithEveryOutcomeRight() throws Exception {
        simulate(100, 100, 100, 64, 0);
    }

    @Test
    @Tag(FLEET)
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void tenThousandTargetsEndInTimeWithEveryOutcomeRight() throws Exception {
        simulate(1_000, 3_000, 6_000, 256, 1_000);
    }

    /**
     * The healthy ones alone first, for their time, at most {@value #HEALTHY_PARALLEL} at a time;
     * then the whole fleet, which must end within
     * ceil(blackHoles / parallel) × time-out + that time (+ 20 % and 5 s). With {@code smaller}
     * set, a sweep of that many targets in the same proportions runs before, and its peak heap
     * is printed beside the big one's.
     */
    private void simulate(int healthy, int refused, int blackHoles, int parallel, int smaller) throws Exception {
        Sweep alone = sweep(fleet(healthy, 0, 0, 0), Math.min(parallel, HEALTHY_PARALLEL));
        alone.assertAllAsExpected();
        System.out.println("[fleet] the healthy ones alone: " + alone);
        try (BlackHoles holes = BlackHoles.install(samba.port())) {
            Sweep small = null;
            if (smaller > 0) {
                int total = healthy + refused + blackHoles;
                small = sweep(fleet(healthy * smaller / total, refused * smaller / total,
                        blackHoles * smaller / total, 0), parallel);
                System.out.println("[fleet] " + small);
                small.assertAllAsExpected();
                small.assertWithinBounds();
            }
            Sweep sweep = sweep(fleet(healthy, refused, blackHoles, 0), parallel);
            System.out.println("[fleet] " + sweep);
            sweep.assertAllAsExpected();
            sweep.assertWithinBounds();
            long waves = (blackHoles + parallel - 1) / parallel;
            Duration bound = TIMEOUT.multipliedBy(waves).plus(alone.took).multipliedBy(12).dividedBy(10)
                    .plusSeconds(5);
            assertTrue(sweep.took.compareTo(bound) <= 0, "the sweep took " + sweep.took.toMillis()
                    + " ms, more than ceil(" + blackHoles + " / " + parallel + ") x " + TIMEOUT.toMillis()
                    + " ms + the healthy ones' " + alone.took.toMillis() + " ms (+ 20 % + 5 s) = " + bound.toMillis() + " ms");
            if (small != null) {
                System.out.println("[fleet] peak heap: " + mib(small.peakHeap) + " MiB over " + small.targets.size()
                        + " targets, " + mib(sweep.peakHeap) + " MiB over " + sweep.targets.size());
            }
        }
    }

    // ---- the fleet and the sweep ---------------------------------------------------------

    /** Targets on fresh hosts, shuffled with a fixed seed so that each kind is spread over the sweep. */
    private static List<Target> fleet(int healthy, int refused, int blackHoles, int denied) {
        List<Target> targets = new ArrayList<>();
        int block = nextBlock;
        nextBlock += (Math.max(healthy, refused) + 64_000 - 1) / 64_000 * 2;
        for (int i = 0; i < healthy; i++) {
            targets.add(new Target(host(block, i) + ":" + samba.port(), Outcome.ANSWERED));
        }
        for (int i = 0; i < refused; i++) {
            targets.add(new Target(host(block + 1, i) + ":" + refusedPort, Outcome.REFUSED));
        }
        for (int i = 0; i < blackHoles; i++) { // the same black holes in every sweep: they never answer anyway
            targets.add(new Target(host(99, i) + ":" + samba.port(), Outcome.BLACK_HOLE));
        }
        for (int i = 0; i < denied; i++) {
            targets.add(new Target(denier.serverName(), Outcome.DENIED));
        }
        Collections.shuffle(targets, new Random(13));
        return targets;
    }

    /** The i-th host of 127.block.0.0/16 (hosts .1 to .250 of each /24). */
    private static String host(int block, int i) {
        if (block > 99 || i >= 256 * 250) {
            throw new IllegalArgumentException("out of hosts: 127." + block + ", " + i);
        }
        return "127." + block + "." + (i / 250) + "." + (i % 250 + 1);
    }

    private static MsrpcConnectionEnumerator enumerator() {
        return MsrpcConnectionEnumerator.builder()
                .credentials(Account.ADMIN.domain(), Account.ADMIN.user(), Account.ADMIN.password().toCharArray())
                .dialects(Dialect.SMB202, Dialect.SMB311) // the scripted server (impacket 0.10) speaks SMB 2.0.2 only
                .smbLibrary(SmbLibrary.SMBJ)
                .connectTimeout(TIMEOUT)
                .responseTimeout(RESPONSE_TIMEOUT)
                .build();
    }

    /** One sweep of {@code targets} at {@code parallel} on a new enumerator, sampled as it runs. */
    private static Sweep sweep(List<Target> targets, int parallel) throws Exception {
        Map<String, Integer> index = new HashMap<>();
        List<ConnectionQuery<?>> queries = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            index.put(targets.get(i).server(), i);
            queries.add(ConnectionQuery.on(targets.get(i).server(), SHARE, ConnectionLevel.LEVEL_1));
        }
        Outcome[] got = new Outcome[targets.size()];
        int[] times = new int[targets.size()];
        Map<String, Integer> others = new TreeMap<>();
        long[] retained = new long[2];
        int early = targets.size() / 10;
        int late = targets.size() - targets.size() / 20;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        System.gc();
        long socketsBefore = sockets();
        int threadsBefore = threads.getThreadCount();
        Sampler sampler = new Sampler();
        threads.resetPeakThreadCount();
        long start = System.nanoTime();
        int results = 0;
        try (MsrpcConnectionEnumerator enumerator = enumerator()) {
            sampler.start();
            try (FleetSweep sweep = FleetSweep.over(enumerator).parallel(parallel).start(queries)) {
                while (sweep.hasNext()) {
                    FleetSweep.Result result = sweep.next();
                    results++;
                    int i = index.get(result.query().serverName().orElseThrow());
                    times[i]++;
                    got[i] = outcome(result);
                    if (got[i] == Outcome.OTHER) {
                        others.merge(result.error().getClass().getSimpleName() + ": " + result.error().getMessage()
                                .replaceAll("127\\.\\d+\\.\\d+\\.\\d+", "127.x.y.z"), 1, Integer::sum);
                    }
                    if (results == early || results == late) {
                        retained[results == early ? 0 : 1] = retainedHeap();
                    }
                }
            }
        } finally {
            sampler.stop();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new Sweep(targets, parallel, got, times, others, took, sampler.peakSockets.get() - socketsBefore,
                threads.getPeakThreadCount() - threadsBefore, sampler.peakHeap.get(), retained[1] - retained[0]);
    }

    private static Outcome outcome(FleetSweep.Result result) {
        if (result.succeeded()) {
            return Outcome.ANSWERED;
        }
        Exception error = result.error();
        if (error instanceof HostUnreachableException) {
            return Outcome.REFUSED;
        }
        if (error instanceof NetConnTimeoutException timeout && timeout.phase() == NetConnTimeoutException.Phase.CONNECT) {
            return Outcome.BLACK_HOLE;
        }
        if (error instanceof NetApiStatusException status && status.kind() == NetApiStatusException.Kind.ACCESS_DENIED) {
            return Outcome.DENIED;
        }
        return Outcome.OTHER;
    }

    private static long retainedHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The sockets among this process's open descriptors (their links read "socket:[inode]"). */
    static long sockets() {
        long n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        n++;
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed between the listing and the read: not open any more
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/fd", e);
        }
        return n;
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }

    /** Samples sockets and used heap every {@value #SAMPLE_MILLIS} ms, keeping the peaks. */
    private static final class Sampler {
        final AtomicLong peakSockets = new AtomicLong();
        final AtomicLong peakHeap = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::run, "fleet-sampler");

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (running.get()) {
                peakSockets.accumulateAndGet(sockets(), Math::max);
                peakHeap.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    private record Sweep(List<Target> targets, int parallel, Outcome[] got, int[] times, Map<String, Integer> others,
                         Duration took, long extraSockets, int extraThreads, long peakHeap, long heapSlope) {

        void assertAllAsExpected() {
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                if (times[i] != 1 || got[i] != targets.get(i).expected()) {
                    wrong.add(targets.get(i).server() + ": expected " + targets.get(i).expected() + " once, got "
                            + (times[i] == 0 ? "no result" : got[i] + " (" + times[i] + " results)"));
                }
            }
            assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())),
                    wrong.size() + " of " + targets.size() + " targets wrong; " + this);
        }

        void assertWithinBounds() {
            assertTrue(extraSockets <= parallel + SOCKET_SLACK, "peak sockets above the stock: " + extraSockets
                    + ", more than parallel " + parallel + " + " + SOCKET_SLACK + "; " + this);
            assertTrue(extraThreads <= parallel + THREAD_SLACK, "peak threads above the stock: " + extraThreads
                    + ", more than parallel " + parallel + " + " + THREAD_SLACK + "; " + this);
            assertTrue(heapSlope < (long) HEAP_SLOPE_MIB << 20, "the retained heap grew by " + heapSlope
                    + " bytes between 10 % and 95 % of the sweep; " + this);
        }

        @Override
        public String toString() {
            Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
            for (Outcome o : got) {
                if (o != null) {
                    counts.merge(o, 1, Integer::sum);
                }
            }
            return targets.size() + " targets at parallel " + parallel + " in " + took.toMillis() + " ms: " + counts
                    + (others.isEmpty() ? "" : " " + others) + "; peak sockets +" + extraSockets + ", peak threads +"
                    + extraThreads + ", peak heap " + mib(peakHeap) + " MiB, retained heap grew "
                    + (heapSlope >> 10) + " KiB";
        }
    }

    /**
     * The iptables DROP rule for {@value #BLACK_HOLES} on one port, removed on close. Fails
     * loudly, with iptables' own words, when it cannot be added (not root, no iptables).
     */
    static final class BlackHoles implements AutoCloseable {
        private final String port;

        private BlackHoles(String port) {
            this.port = port;
        }

        static BlackHoles install(int port) throws IOException, InterruptedException {
            BlackHoles holes = new BlackHoles(Integer.toString(port));
            holes.iptables("-A");
            return holes;
        }

        private void iptables(String action) throws IOException, InterruptedException {
            Process process = new ProcessBuilder("iptables", action, "INPUT", "-d", BLACK_HOLES, "-p", "tcp",
                    "--dport", port, "-j", "DROP").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("the black holes need iptables (as root): iptables " + action
                        + " INPUT -d " + BLACK_HOLES + " ... --dport " + port + " failed: " + output.strip());
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            iptables("-D");
        }
    }
}
