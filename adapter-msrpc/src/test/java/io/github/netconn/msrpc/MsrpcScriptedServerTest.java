package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Dialect;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.SmbLibrary;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.Scenario;
import io.github.netconn.testkit.ScriptedServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What only the scripted server shows for this adapter, on both SMB libraries: a refused
 * bind, DCE/RPC faults and the reply-size limit.
 */
class MsrpcScriptedServerTest {

    static ScriptedServer server;

    @BeforeAll
    static void start() {
        server = ScriptedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static MsrpcConnectionEnumerator.Builder admin(SmbLibrary library) {
        return MsrpcConnectionEnumerator.builder()
                .smbLibrary(library)
                .credentials(Account.ADMIN.domain(), Account.ADMIN.user(), Account.ADMIN.password().toCharArray())
                .dialects(Dialect.SMB202, Dialect.SMB311); // the scripted server (impacket 0.10) speaks SMB 2.0.2 only
    }

    /**
     * A server that refuses the bind, in each of the three ways C706 allows, is a protocol
     * violation naming the reason; once the server accepts binds again, the same enumerator's
     * next call works (the refused pipe was not pooled).
     */
    @ParameterizedTest
    @EnumSource(SmbLibrary.class)
    void aRefusedBindIsAProtocolViolationNamingTheReason(SmbLibrary library) throws Exception {
        Map<Scenario.Bind, String> reasons = Map.of(
                Scenario.Bind.NAK, "bind_nak, reason 2 (local_limit_exceeded)",
                Scenario.Bind.ABSTRACT_SYNTAX, "provider_rejection, reason 1 (abstract_syntax_not_supported)",
                Scenario.Bind.TRANSFER_SYNTAX, "provider_rejection, reason 2 (proposed_transfer_syntaxes_not_supported)");
        try (MsrpcConnectionEnumerator e = admin(library).build()) {
            for (Map.Entry<Scenario.Bind, String> refusal : reasons.entrySet()) {
                server.load(Scenario.empty().withShares("DATA")
                        .withQuirks(Scenario.Quirks.NONE.withBind(refusal.getKey())));
                ProtocolViolationException refused = assertThrows(ProtocolViolationException.class,
                        () -> e.enumerateAll(data()), refusal::toString);
                assertTrue(refused.getMessage().startsWith("the server refused the bind to srvsvc 3.0: " + refusal.getValue()),
                        refused.getMessage());
            }
            server.load(Scenario.empty().withShares("DATA"));
            assertEquals(List.of(), e.enumerateAll(data()));
        }
    }

    private static ConnectionQuery<?> data() {
        return ConnectionQuery.on(server.serverName(), Qualifier.of("DATA"), ConnectionLevel.LEVEL_1);
    }

    @ParameterizedTest
    @EnumSource(SmbLibrary.class)
    void aFaultIsAProtocolViolationAndTheNextCallWorks(SmbLibrary library) throws Exception {
        for (String broken : List.of("{\"connections\": \"not an array\"}", "{\"connections\": 1}")) {
            aFaultIsAProtocolViolationAndTheNextCallWorks(library, broken);
        }
    }

    private void aFaultIsAProtocolViolationAndTheNextCallWorks(SmbLibrary library, String broken) throws Exception {
        try (MsrpcConnectionEnumerator e = admin(library).responseTimeout(java.time.Duration.ofSeconds(5)).build()) {
            server.loadJson(broken);
            ProtocolViolationException fault = assertThrows(ProtocolViolationException.class, () -> e.enumerateAll(data()));
            assertTrue(fault.getMessage().startsWith("DCE/RPC fault"), fault.getMessage());
            server.load(Scenario.empty().withShares("DATA"));
            assertEquals(List.of(), e.enumerateAll(data()));
        }
    }

    @ParameterizedTest
    @EnumSource(SmbLibrary.class)
    void aReplyPastTheLimitIsRefusedAndSmallerPagesGetEverything(SmbLibrary library) throws Exception {
        List<Scenario.Connection> many = connectionsToData(3_000);
        server.load(Scenario.empty().withConnections(many));
        try (MsrpcConnectionEnumerator e = admin(library).maxReplyBytes(64 * 1024).build()) {
            ProtocolViolationException tooLarge = assertThrows(ProtocolViolationException.class, () -> e.enumerateAll(data()));
            assertTrue(tooLarge.getMessage().contains("the reply exceeds 65536 bytes"), tooLarge.getMessage());
            assertEquals(3_000, e.enumerateAll(data(), io.github.netconn.api.PageSize.ofBytes(16_000)).size());
        }
    }

    /**
     * The limits of one enumeration, summed over its pages: past the entries or the reply
     * bytes allowed, enumerateAll and a stream end with a protocol violation that names the
     * limit and how to raise it; the stream has handed out what came before; one page is held
     * to the same limits; the same enumerator then answers within them.
     */
    @ParameterizedTest
    @EnumSource(SmbLibrary.class)
    void anAnswerPastTheEnumerationLimitsIsRefusedAsItArrives(SmbLibrary library) throws Exception {
        List<Scenario.Connection> many = connectionsToData(300);
        server.load(Scenario.empty().withConnections(many));
        io.github.netconn.api.PageSize pages = io.github.netconn.api.PageSize.ofBytes(2_000); // about 40 entries a page
        try (MsrpcConnectionEnumerator e = admin(library).maxEntries(100).build()) {
            ProtocolViolationException entries = assertThrows(ProtocolViolationException.class,
                    () -> e.enumerateAll(data(), pages));
            assertTrue(entries.getMessage().contains("more than 100 entries") && entries.getMessage().contains("maxEntries"),
                    entries.getMessage());
            List<io.github.netconn.api.ConnectionInfo> streamed = new ArrayList<>();
            io.github.netconn.api.UncheckedNetConnException streamedPast = assertThrows(
                    io.github.netconn.api.UncheckedNetConnException.class, () -> e.stream(data(), pages).forEach(streamed::add));
            assertTrue(streamedPast.getCause() instanceof ProtocolViolationException, streamedPast::toString);
            assertTrue(streamed.size() >= 60 && streamed.size() <= 100, "handed out before the limit: " + streamed.size());
            assertThrows(ProtocolViolationException.class, () -> e.enumeratePage(data(), io.github.netconn.api.PageSize.ALL,
                    io.github.netconn.api.ResumeHandle.START), "one page of 300 is one answer past the limit too");
        }
        try (MsrpcConnectionEnumerator e = admin(library).maxEnumerationBytes(8_000).build()) {
            ProtocolViolationException bytes = assertThrows(ProtocolViolationException.class,
                    () -> e.enumerateAll(data(), pages));
            assertTrue(bytes.getMessage().contains("more than 8000 reply bytes")
                    && bytes.getMessage().contains("maxEnumerationBytes"), bytes.getMessage());
            server.load(Scenario.empty().withConnections(many.subList(0, 50)));
            assertEquals(50, e.enumerateAll(data(), pages).size(), "the enumerator answers within the limits");
        }
    }

    /** {@code n} connections to DATA, user{@code i} from WS{@code i}. */
    private static List<Scenario.Connection> connectionsToData(int n) {
        List<Scenario.Connection> many = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            many.add(Scenario.Connection.of(i, "user" + i, "WS" + i, "DATA"));
        }
        return many;
    }
}
