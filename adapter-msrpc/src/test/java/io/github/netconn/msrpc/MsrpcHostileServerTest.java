package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.UncheckedNetConnException;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Dialect;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.SmbLibrary;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.Scenario;
import io.github.netconn.testkit.ScriptedServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A server that logs on and signs correctly but answers with malice (the scripted server's
 * {@code quirks.hostile}), on both SMB layers: pages that never end, fresh resume handles with
 * nothing in them, fragments that carry nothing, fragments that never end, and an answer that
 * trickles a byte at a time. Each ends in a protocol violation that names the limit it ran
 * into, or (the trickle) in the call's time-out, for enumerateAll and for a stream; the heap is
 * back where it was; the enumerator answers the same server once it is honest again.
 */
class MsrpcHostileServerTest {

    /** Far below the defaults, so that each case is quick; the defaults' own run is in the CLI's tests. */
    static final long MAX_ENTRIES = 20_000;
    static final int MAX_REPLY_BYTES = 256 * 1024;
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    static ScriptedServer server;
    /** 5,000 entries: 20 KB at level 0 per page. */
    static final List<Scenario.Connection> MANY = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = ScriptedServer.start();
        for (int i = 0; i < 5_000; i++) {
            MANY.add(Scenario.Connection.of(i, "u" + i, "W" + i, "DATA"));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (SmbLibrary library : SmbLibrary.values()) {
            all.add(Arguments.of(library, Scenario.Hostile.ENDLESS_PAGES, "more than " + MAX_ENTRIES + " entries"));
            all.add(Arguments.of(library, Scenario.Hostile.FRESH_HANDLES, "paging made no progress"));
            all.add(Arguments.of(library, Scenario.Hostile.EMPTY_FRAGMENTS, "carries no data"));
            all.add(Arguments.of(library, Scenario.Hostile.ENDLESS_FRAGMENTS, "the reply exceeds " + MAX_REPLY_BYTES));
            // smbj reads a reply with a transceive, which a trickle can only answer STATUS_BUFFER_OVERFLOW;
            // jcifs reads on, a byte at a time, until the call's time runs out.
            all.add(Arguments.of(library, Scenario.Hostile.TRICKLE, library == SmbLibrary.SMBJ ? "STATUS_BUFFER_OVERFLOW"
                    : "deadline time-out of " + CALL_TIMEOUT.toMillis()));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void aHostileServerEndsInAProtocolViolationNamingTheLimit(SmbLibrary library, Scenario.Hostile hostile, String says)
            throws Exception {
        ConnectionQuery<?> query = ConnectionQuery.on(server.serverName(), Qualifier.of("DATA"), ConnectionLevel.LEVEL_0);
        long heap = usedHeapAfterGc();
        try (MsrpcConnectionEnumerator e = MsrpcConnectionEnumerator.builder().smbLibrary(library)
                .credentials(Account.ADMIN.domain(), Account.ADMIN.user(), Account.ADMIN.password().toCharArray())
                .dialects(Dialect.SMB202, Dialect.SMB311) // the scripted server (impacket 0.10) speaks SMB 2.0.2 only
                .maxEntries(MAX_ENTRIES).maxReplyBytes(MAX_REPLY_BYTES).callTimeout(CALL_TIMEOUT).build()) {
            server.load(Scenario.empty().withConnections(MANY).withQuirks(Scenario.Quirks.NONE.withHostile(hostile)));
            for (String how : List.of("enumerateAll", "stream")) {
                long start = System.nanoTime();
                Throwable thrown = null;
                try {
                    if (how.equals("stream")) {
                        e.stream(query, PageSize.ALL).forEach(entry -> { });
                    } else {
                        e.enumerateAll(query);
                    }
                } catch (UncheckedNetConnException unchecked) {
                    thrown = unchecked.getCause();
                } catch (Exception failed) {
                    thrown = failed;
                }
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                Throwable outcome = thrown;
                System.out.println("[hostile] " + hostile + " on " + library + ", " + how + " -> " + outcome + " in " + took + " ms");
                // A trickle read to its end is a time-out of the whole call; every other malice a protocol violation.
                Class<? extends NetConnException> kind = hostile == Scenario.Hostile.TRICKLE && library == SmbLibrary.JCIFS
                        ? NetConnTimeoutException.class : ProtocolViolationException.class;
                NetConnException refused = assertInstanceOf(kind, outcome, () -> how + ": " + outcome);
                assertTrue(refused.getMessage().contains(says), () -> how + ": " + refused.getMessage());
                assertTrue(took < CALL_TIMEOUT.toMillis() + 2_000, how + " took " + took + " ms");
            }
            server.load(Scenario.empty().withConnections(MANY.subList(0, 10)));
            List<? extends ConnectionInfo> honest = e.enumerateAll(query);
            assertEquals(10, honest.size(), "the same enumerator, once the server is honest again");
        }
        long after = usedHeapAfterGc();
        assertTrue(after - heap < 32L * 1024 * 1024, "the heap grew by " + (after - heap) / 1024 + " KiB");
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
