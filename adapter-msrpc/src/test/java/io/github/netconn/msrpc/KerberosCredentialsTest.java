package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.SmbLibrary;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kerberos options refused before any traffic, and the failures that need no KDC; what needs
 * one is {@code MsrpcKerberosTest}, against a Samba domain controller.
 */
class KerberosCredentialsTest {

    @TempDir
    Path dir;

    static ConnectionQuery<?> query(String server) {
        return ConnectionQuery.on(server, Qualifier.of("DATA"), ConnectionLevel.LEVEL_1);
    }

    @Test
    void jcifsIsRefusedAtBuild() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MsrpcConnectionEnumerator.builder()
                .kerberos(KerberosCredentials.ticketCache(dir.resolve("cache"))).smbLibrary(SmbLibrary.JCIFS).build());
        assertTrue(e.getMessage().contains("delegate") && e.getMessage().contains("SMBJ"), e.getMessage());
    }

    /** Port 1 is closed: had the adapter tried, this would be a HostUnreachableException, not a usage error. */
    @Test
    void aServerGivenByAddressIsRefusedBeforeAnyTraffic() {
        try (MsrpcConnectionEnumerator e = MsrpcConnectionEnumerator.builder()
                .kerberos(KerberosCredentials.ticketCache(dir.resolve("cache"))).build()) {
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                    () -> e.enumerateAll(query("127.0.0.1:1")));
            assertTrue(thrown.getMessage().contains("127.0.0.1") && thrown.getMessage().contains("host name"),
                    thrown.getMessage());
        }
    }

    @Test
    void badOptionsAreRefusedWhenGiven() {
        assertThrows(IllegalArgumentException.class, () -> KerberosCredentials.keytab("netadmin", dir.resolve("none")));
        assertThrows(IllegalArgumentException.class, () -> KerberosCredentials.password("net admin", new char[1]));
        assertThrows(IllegalArgumentException.class, () -> KerberosCredentials.password("", new char[1]));
        KerberosCredentials k = KerberosCredentials.password("netadmin", "s3cret".toCharArray());
        assertThrows(IllegalArgumentException.class, () -> k.realm(" "));
        assertThrows(IllegalArgumentException.class, () -> k.kdc("kdc.example:99999"));
        assertThrows(IllegalArgumentException.class, () -> k.kdc("kdc example"));
        assertFalse(k.realm("NETCONN.TEST").kdc("127.0.0.1:88").toString().contains("s3cret"));
    }

    @Test
    void noTicketCacheIsAnAuthenticationFailureThatSaysSo() {
        Path missing = dir.resolve("krb5cc_missing");
        try (MsrpcConnectionEnumerator e = MsrpcConnectionEnumerator.builder()
                .kerberos(KerberosCredentials.ticketCache(missing)).build()) {
            AuthenticationException thrown = assertThrows(AuthenticationException.class,
                    () -> e.enumerateAll(query("localhost:1")));
            assertTrue(thrown.getMessage().contains("no ticket cache at " + missing) && thrown.getMessage().contains("kinit"),
                    thrown.getMessage());
        }
    }

    /** A KDC port nothing listens on: the logon cannot reach the KDC, and says so; no password in the message. */
    @Test
    void aKdcThatDoesNotAnswerIsHostUnreachable() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (MsrpcConnectionEnumerator e = MsrpcConnectionEnumerator.builder().connectTimeout(Duration.ofSeconds(2))
                .kerberos(KerberosCredentials.password("netadmin", "s3cret".toCharArray())
                        .realm("NETCONN.TEST").kdc("127.0.0.1:" + closed)).build()) {
            HostUnreachableException thrown = assertThrows(HostUnreachableException.class,
                    () -> e.enumerateAll(query("localhost:1")));
            assertTrue(thrown.getMessage().contains("KDC") && !thrown.getMessage().contains("s3cret"), thrown.getMessage());
        }
    }
}
