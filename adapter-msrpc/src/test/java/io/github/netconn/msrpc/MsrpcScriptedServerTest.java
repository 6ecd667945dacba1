package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.InfoLevel;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.Scenario;
import io.github.netconn.testkit.ScriptedServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What only the scripted server shows for this adapter: DCE/RPC faults and the reply-size limit. */
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

    private static MsrpcConnectionEnumerator.Builder admin() {
        return MsrpcConnectionEnumerator.builder()
                .credentials(Account.ADMIN.domain(), Account.ADMIN.user(), Account.ADMIN.password());
    }

    private static ConnectionQuery data() {
        return ConnectionQuery.on(server.serverName(), Qualifier.of("DATA"), InfoLevel.LEVEL_1);
    }

    @Test
    void aFaultIsAProtocolViolationAndTheNextCallWorks() throws Exception {
        try (MsrpcConnectionEnumerator e = admin().build()) {
            server.loadJson("{\"connections\": \"not an array\"}");
            ProtocolViolationException fault = assertThrows(ProtocolViolationException.class, () -> e.enumerateAll(data()));
            assertTrue(fault.getMessage().startsWith("DCE/RPC fault"), fault.getMessage());
            server.load(Scenario.empty().withShares("DATA"));
            assertEquals(List.of(), e.enumerateAll(data()));
        }
    }

    @Test
    void aReplyPastTheLimitIsRefusedAndSmallerPagesGetEverything() throws Exception {
        List<Scenario.Connection> many = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            many.add(Scenario.Connection.of(i, "user" + i, "WS" + i, "DATA"));
        }
        server.load(Scenario.empty().withConnections(many));
        try (MsrpcConnectionEnumerator e = admin().maxReplyBytes(64 * 1024).build()) {
            ProtocolViolationException tooLarge = assertThrows(ProtocolViolationException.class, () -> e.enumerateAll(data()));
            assertTrue(tooLarge.getMessage().contains("the reply exceeds 65536 bytes"), tooLarge.getMessage());
            assertEquals(3_000, e.enumerateAll(data(), io.github.netconn.api.PageSize.ofBytes(16_000)).size());
        }
    }
}
