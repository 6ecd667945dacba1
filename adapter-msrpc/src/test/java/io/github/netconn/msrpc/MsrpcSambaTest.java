package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.InfoLevel;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.SambaServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What only a real Samba shows for this adapter: SMB3 encryption, the security defaults as
 * the server sees them, and a server that goes away and comes back.
 */
class MsrpcSambaTest {

    private static MsrpcConnectionEnumerator.Builder admin() {
        return MsrpcConnectionEnumerator.builder()
                .credentials(Account.ADMIN.domain(), Account.ADMIN.user(), Account.ADMIN.password())
                .connectTimeout(Duration.ofSeconds(3))
                .responseTimeout(Duration.ofSeconds(5));
    }

    private static ConnectionQuery data(SambaServer samba) {
        return ConnectionQuery.on(samba.serverName(), Qualifier.of("DATA"), InfoLevel.LEVEL_1);
    }

    /**
     * jcifs 3.0.2 cannot set up SMB3 encryption (see {@link MsrpcConnectionEnumerator.Encryption}):
     * against a server that requires it, every setting fails with an authentication failure
     * that names the cause, and REQUIRED is refused up front. When jcifs is fixed, this test
     * fails and should become "works unless encryption is off".
     */
    @Test
    void aServerThatRequiresEncryptionIsRefusedWithTheReason() throws Exception {
        try (SambaServer samba = SambaServer.start(SambaServer.Encryption.REQUIRED)) {
            try (MsrpcConnectionEnumerator e = admin().build()) {
                NetConnException refused = assertThrows(NetConnException.class, () -> e.enumerateAll(data(samba)));
                assertInstanceOf(AuthenticationException.class, refused, refused::toString);
                assertTrue(refused.getMessage().contains("encryption"), refused.getMessage());
            }
            try (MsrpcConnectionEnumerator e = admin().encryption(MsrpcConnectionEnumerator.Encryption.OFF).build()) {
                NetConnException refused = assertThrows(NetConnException.class, () -> e.enumerateAll(data(samba)));
                assertInstanceOf(AuthenticationException.class, refused, refused::toString);
            }
            assertThrows(IllegalStateException.class,
                    () -> admin().encryption(MsrpcConnectionEnumerator.Encryption.REQUIRED).build());
        }
    }

    /**
     * The security defaults, as the server sees them: the session that carries the pipe is
     * signed, and it was made with NTLMv2 (this Samba refuses anything older).
     */
    @Test
    void theDefaultSessionIsSignedAndNtlmV2() throws Exception {
        try (SambaServer samba = SambaServer.start();
             MsrpcConnectionEnumerator e = admin().build()) {
            e.enumerateAll(data(samba));
            List<List<String>> sessions = samba.sessionRows(Account.ADMIN.user());
            assertEquals(1, sessions.size(), () -> "sessions: " + sessions);
            String signing = sessions.get(0).get(sessions.get(0).size() - 1);
            assertTrue(signing.matches(".*(HMAC|CMAC|GMAC).*"), () -> "the session is not signed: " + sessions.get(0));
            assertEquals("ntlmv2-only", samba.parameter("ntlm auth"), "the fixture refuses NTLMv1 and LM");
        }
    }

    /**
     * No fallback to guest: a server that turns a bad logon into a guest session (Samba's
     * {@code map to guest}) gets no call, whatever the signing setting, and keeps no session
     * of ours; the same server grants that guest session to a client that accepts it.
     */
    @ParameterizedTest
    @EnumSource(value = SambaServer.MapToGuest.class, names = {"BAD_USER", "BAD_PASSWORD"})
    void aGuestSessionOfferedForABadLogonIsRefused(SambaServer.MapToGuest mapToGuest) throws Exception {
        Account bad = mapToGuest == SambaServer.MapToGuest.BAD_USER
                ? new Account(Account.PLAIN.domain(), "nosuchuser", Account.PLAIN.password())
                : Account.PLAIN.withWrongPassword();
        try (SambaServer samba = SambaServer.start(SambaServer.Encryption.DEFAULT, mapToGuest)) {
            try (SambaServer.Held control = samba.connectAcceptingGuest(bad, "IPC$")) {
                assertEquals(1, samba.sessionsOf("nobody"), "the control: the server grants a guest session");
            }
            samba.awaitSessions("nobody", 0, Duration.ofSeconds(10));
            for (MsrpcConnectionEnumerator.Signing signing : MsrpcConnectionEnumerator.Signing.values()) {
                try (MsrpcConnectionEnumerator e = MsrpcConnectionEnumerator.builder()
                        .credentials(bad.domain(), bad.user(), bad.password()).signing(signing).build()) {
                    NetConnException refused = assertThrows(NetConnException.class, () -> e.enumerateAll(data(samba)),
                            "signing " + signing);
                    assertInstanceOf(AuthenticationException.class, refused, refused::toString);
                }
                samba.awaitSessions("nobody", 0, Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void aServerThatGoesAwayFailsTheCallCleanlyAndIsUsedAgainWhenBack() throws Exception {
        try (SambaServer samba = SambaServer.start();
             MsrpcConnectionEnumerator e = admin().build()) {
            List<ConnectionInfo> before = e.enumerateAll(data(samba));
            samba.stop();
            NetConnException gone = assertThrows(NetConnException.class, () -> e.enumerateAll(data(samba)));
            assertInstanceOf(HostUnreachableException.class, gone, gone::toString);
            samba.restart();
            assertEquals(before, e.enumerateAll(data(samba)), "the call after the server is back");
        }
    }
}
