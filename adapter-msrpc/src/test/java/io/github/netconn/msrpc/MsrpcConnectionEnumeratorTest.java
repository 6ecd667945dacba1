package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Options and input checks, before any I/O. */
class MsrpcConnectionEnumeratorTest {

    private static final Qualifier DATA = Qualifier.of("DATA");

    private static MsrpcConnectionEnumerator enumerator() {
        return MsrpcConnectionEnumerator.builder().credentials("NETCONN", "alice", "S3cret-Pw".toCharArray()).build();
    }

    /**
     * build() copies the options: a builder changed afterwards changes no enumerator already
     * built, two enumerators of one builder share nothing, and each clears its own copy of the
     * password when it closes (and a caller may clear the array it passed at once).
     */
    @Test
    void theSettingsAreFixedWhenTheEnumeratorIsBuilt() {
        char[] password = "S3cret-Pw".toCharArray();
        MsrpcConnectionEnumerator.Builder builder = MsrpcConnectionEnumerator.builder()
                .credentials("NETCONN", "alice", password).port(4450);
        java.util.Arrays.fill(password, '\0');
        try (MsrpcConnectionEnumerator first = builder.build()) {
            builder.credentials("OTHER", "mallory",
                    "0ther-Pw".toCharArray()).port(445).callTimeout(Duration.ofSeconds(1));
            try (MsrpcConnectionEnumerator second = builder.build()) {
                Settings one = first.settings();
                assertEquals(List.of("NETCONN", "alice", 4450, Duration.ofMinutes(5)),
                        List.of(one.domain(), one.user(), one.port(), one.callTimeout()), "the first, as it was built");
                assertEquals("S3cret-Pw", new String(one.password()), "the first keeps its own copy");
                assertEquals(List.of("OTHER", "mallory", 445), List.of(second.settings().domain(),
                        second.settings().user(), second.settings().port()));
                second.close();
                assertEquals("S3cret-Pw", new String(one.password()), "closing the second clears only its copy");
                assertTrue(new String(second.settings().password()).chars().allMatch(c -> c == 0));
            }
            first.close();
            assertTrue(new String(first.settings().password()).chars().allMatch(c -> c == 0), "cleared on close");
        }
    }

    @Test
    void badOptionsAreRefusedWithTheReason() {
        MsrpcConnectionEnumerator.Builder b = MsrpcConnectionEnumerator.builder();
        assertEquals("port must be from 1 to 65535, not 0", assertThrows(IllegalArgumentException.class, () -> b.port(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.port(65536));
        assertThrows(IllegalArgumentException.class, () -> b.connectTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> b.responseTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> b.credentials("D", "", "p".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> b.dialects(MsrpcConnectionEnumerator.Dialect.SMB311,
                MsrpcConnectionEnumerator.Dialect.SMB202));
        assertEquals("choose credentials(domain, user, password), kerberos(...) or anonymous()",
                assertThrows(IllegalStateException.class, b::build).getMessage());
        assertThrows(IllegalStateException.class, () -> MsrpcConnectionEnumerator.builder().anonymous()
                .encryption(MsrpcConnectionEnumerator.Encryption.REQUIRED).build());
    }

    @Test
    void queriesWithoutAUsableServerAreRefusedBeforeAnyIo() {
        try (MsrpcConnectionEnumerator e = enumerator()) {
            assertEquals("the network adapter needs a server name in the query (C2)", assertThrows(
                    IllegalArgumentException.class, () -> e.enumerateAll(ConnectionQuery.local(DATA, ConnectionLevel.LEVEL_0))).getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> e.enumerateAll(ConnectionQuery.on("fs01:0", DATA, ConnectionLevel.LEVEL_0)));
            assertThrows(IllegalArgumentException.class,
                    () -> e.enumerateAll(ConnectionQuery.on("fs01:99999", DATA, ConnectionLevel.LEVEL_0)));
            assertThrows(IllegalArgumentException.class,
                    () -> e.enumerateAll(ConnectionQuery.on("fs01:x", DATA, ConnectionLevel.LEVEL_0)));
            assertThrows(IllegalArgumentException.class,
                    () -> e.enumerateAll(ConnectionQuery.on("[::1]:445", DATA, ConnectionLevel.LEVEL_0)));
        }
    }

    @Test
    void theOptionsShowNoPassword() {
        try (MsrpcConnectionEnumerator e = enumerator()) {
            String shown = e.toString();
            assertFalse(shown.contains("S3cret-Pw"), shown);
            assertTrue(shown.contains("NETCONN\\alice, password ***"), shown);
            assertTrue(shown.contains("signing REQUIRED"), shown);
        }
    }

    @Test
    void aClosedEnumeratorRefusesCalls() {
        MsrpcConnectionEnumerator e = enumerator();
        e.close();
        e.close();
        assertThrows(IllegalStateException.class, () -> e.enumeratePage(
                ConnectionQuery.on("127.0.0.1:1", DATA, ConnectionLevel.LEVEL_0), PageSize.ALL, ResumeHandle.START));
    }
}
