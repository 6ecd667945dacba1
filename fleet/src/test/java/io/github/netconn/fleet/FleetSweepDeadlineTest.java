package io.github.netconn.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sweep's per-server deadline and {@link FleetSweep#abort()}, against servers that hang until released. */
class FleetSweepDeadlineTest {

    /**
     * {@code hang*} servers block until released, and then fail as on a broken connection (as
     * msrpc on smbj does); {@code deaf*} servers ignore release and block for 600 ms (as an
     * adapter that cannot interrupt, within its own time-out); {@code s*-N} answer after N ms.
     */
    private static final class Hanging implements ConnectionEnumerator {
        final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
        final List<String> released = Collections.synchronizedList(new ArrayList<>());

        @Override
        public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            String server = query.server();
            try {
                if (server.startsWith("hang")) {
                    CountDownLatch latch = held.computeIfAbsent(server, k -> new CountDownLatch(1));
                    if (!latch.await(30, TimeUnit.SECONDS)) {
                        throw new AssertionError(server + " was never released");
                    }
                    throw new HostUnreachableException(server + ": the connection was closed", null);
                }
                if (server.startsWith("deaf")) {
                    Thread.sleep(600);
                    throw new NetConnTimeoutException(NetConnTimeoutException.Phase.RESPONSE,
                            Duration.ofMillis(600), server, null);
                }
                int dash = server.lastIndexOf('-');
                if (dash > 0) {
                    Thread.sleep(Long.parseLong(server.substring(dash + 1)));
                }
            } catch (InterruptedException e) {
                throw new AssertionError("a running call was interrupted", e);
            }
            return new Page<ConnectionInfo>(List.of(new ConnectionInfo.Level0(server.length())), 1,
                    ResumeHandle.START, false).as(query.level());
        }

        @Override
        public void release(String serverName) {
            released.add(serverName);
            held.computeIfAbsent(serverName, k -> new CountDownLatch(1)).countDown();
        }

        @Override
        public void close() {
        }
    }

    private final Hanging fleet = new Hanging();

    private static List<ConnectionQuery<?>> queries(String... servers) {
        return Stream.of(servers).<ConnectionQuery<?>>map(s -> ConnectionQuery.on(s, Qualifier.of("DATA"),
                ConnectionLevel.LEVEL_0)).toList();
    }

    @AfterEach
    void noThreadLeftBehind() {
        assertEquals(Set.of(), Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("netconn-sweep-") && t.isAlive()).collect(Collectors.toSet()),
                "the sweep's threads, the watchdog included, end with the sweep");
    }

    private static Map<String, FleetSweep.Result> byServer(List<FleetSweep.Result> results) {
        return results.stream().collect(Collectors.toMap(r -> r.query().server(), r -> r));
    }

    @Test
    void aServerPastItsDeadlineIsReleasedAndTimesOutAndTheOthersAreUnaffected() {
        Duration deadline = Duration.ofMillis(500);
        List<FleetSweep.Result> results = Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> at = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        FleetSweep.over(fleet).parallel(4).deadline(deadline).releaseEach(false)
                .run(queries("hang1", "a-100", "b-300", "c"), r -> {
                    results.add(r);
                    at.put(r.query().server(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                });
        Map<String, FleetSweep.Result> byServer = byServer(results);
        assertEquals(4, results.size(), results::toString);

        NetConnTimeoutException timedOut = assertInstanceOf(NetConnTimeoutException.class,
                byServer.get("hang1").failure());
        assertEquals(NetConnTimeoutException.Phase.DEADLINE, timedOut.phase());
        assertEquals(deadline, timedOut.limit());
        assertInstanceOf(HostUnreachableException.class, timedOut.getCause(), "what the released call threw is kept");
        assertTrue(timedOut.getMessage().startsWith("deadline time-out of 500 ms ran out (hang1: "), timedOut::getMessage);
        long took = at.get("hang1");
        assertTrue(took >= 450 && took < 500 + 1_500, "the time-out came at the deadline, not later: " + took + " ms");

        for (String healthy : List.of("a-100", "b-300", "c")) {
            assertTrue(byServer.get(healthy).succeeded(), () -> healthy + ": " + byServer.get(healthy));
            assertEquals(1, byServer.get(healthy).entries().size());
        }
        assertEquals(List.of("hang1"), fleet.released,
                "only the server past its deadline is released (releaseEach is off), the others are not touched");
    }

    @Test
    void aCallThatEndsBeforeItsDeadlineKeepsItsOwnOutcome() {
        List<FleetSweep.Result> results = new ArrayList<>();
        FleetSweep.over(fleet).parallel(2).deadline(Duration.ofSeconds(5)).run(queries("deaf1", "a-50"), results::add);
        Map<String, FleetSweep.Result> byServer = byServer(results);
        assertEquals(NetConnTimeoutException.Phase.RESPONSE,
                ((NetConnTimeoutException) byServer.get("deaf1").failure()).phase());
        assertTrue(byServer.get("a-50").succeeded());
    }

    @Test
    void whenReleaseCannotInterruptTheResultIsStillTheDeadlinesTimeOut() {
        List<FleetSweep.Result> results = new ArrayList<>();
        FleetSweep.over(fleet).parallel(1).deadline(Duration.ofMillis(200)).run(queries("deaf1"), results::add);
        NetConnTimeoutException timedOut = (NetConnTimeoutException) results.get(0).failure();
        assertEquals(NetConnTimeoutException.Phase.DEADLINE, timedOut.phase());
        assertInstanceOf(NetConnTimeoutException.class, timedOut.getCause());
    }

    /** k servers that never answer at parallel p: about ceil(k/p) deadlines, not k, and nothing lost. */
    @Test
    void unansweringServersCostAboutCeilKOverPDeadlines() {
        int k = 6;
        int p = 3;
        Duration deadline = Duration.ofMillis(400);
        List<String> servers = new ArrayList<>();
        IntStream.range(0, k).forEach(i -> servers.add("hang" + i));
        IntStream.range(0, 10).forEach(i -> servers.add("ok" + i + "-20"));
        List<FleetSweep.Result> results = new ArrayList<>();
        long start = System.nanoTime();
        FleetSweep.over(fleet).parallel(p).deadline(deadline).run(queries(servers.toArray(String[]::new)), results::add);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        long bound = ((k + p - 1) / p) * deadline.toMillis() + 10 * 20; // ceil(k/p) deadlines + the healthy ones
        assertTrue(took < 2 * bound + 3_000, "took " + took + " ms; the bound is about " + bound + " ms");
        assertEquals(k + 10, results.size());
        Map<String, FleetSweep.Result> byServer = byServer(results);
        for (int i = 0; i < k; i++) {
            assertEquals(NetConnTimeoutException.Phase.DEADLINE,
                    ((NetConnTimeoutException) byServer.get("hang" + i).failure()).phase());
        }
        assertEquals(10, results.stream().filter(FleetSweep.Result::succeeded).count());
    }

    @Test
    void abortReleasesTheRunningCallsSoTheyEndAtOnce() throws Exception {
        List<ConnectionQuery<?>> list = new ArrayList<>(queries("hang1", "hang2"));
        list.addAll(queries(IntStream.range(0, 20).mapToObj(i -> "later" + i).toArray(String[]::new)));
        FleetSweep sweep = FleetSweep.over(fleet).parallel(2).start(list);
        while (fleet.held.size() < 2) {
            Thread.sleep(5);
        }
        long start = System.nanoTime();
        sweep.abort();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took < 5_000, "abort waited for the hanging calls: " + took + " ms");
        assertEquals(Set.of("hang1", "hang2"), Set.copyOf(fleet.released));
        assertTrue(sweep.cancelled());
        assertTrue(!sweep.hasNext());
    }

    @Test
    void theDeadlineIsPositive() {
        FleetSweep.Builder builder = FleetSweep.over(fleet);
        assertThrows(IllegalArgumentException.class, () -> builder.deadline(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.deadline(Duration.ofSeconds(-1)));
        builder.deadline(null).run(queries("a"), r -> assertTrue(r.succeeded()));
    }
}
