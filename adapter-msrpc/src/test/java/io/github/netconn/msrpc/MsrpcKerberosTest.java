package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.fleet.FleetSweep;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator.Encryption;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.AgreementCheck;
import io.github.netconn.testkit.FaultProxy.Direction;
import io.github.netconn.testkit.FaultProxy;
import io.github.netconn.testkit.Samba;
import io.github.netconn.testkit.SambaDomainController.HostTool;
import io.github.netconn.testkit.SambaDomainController;
import io.github.netconn.testkit.Smb2Frames;
import io.github.netconn.testkit.Smb2Tamper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Kerberos against a real KDC: a Samba AD domain controller with {@code ntlm auth =
 * disabled} ({@link SambaDomainController#startWithoutNtlm()}), where an NTLM logon is refused,
 * so that every call that passes here used Kerberos; its KDC log shows the ticket for
 * {@code cifs/dc1.netconn.test}. The three sources of credentials, the rules of the contract
 * that a real server checks (access denied, unknown share, one session reused and released),
 * the attacker on the wire against the Kerberos session key, and every failure produced for
 * real: a wrong password and an unknown principal at the KDC, an expired ticket from a short
 * {@code kinit -l}, a KDC that is down, a server name with no {@code cifs/} principal.
 */
class MsrpcKerberosTest {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    @Samba(ntlm = SambaDomainController.Ntlm.DISABLED)
    static SambaDomainController dc;

    /** {@code credentials} with this DC's realm and KDC (netconn's own krb5.conf). */
    static KerberosCredentials onDc(KerberosCredentials credentials) {
        return credentials.realm(dc.realm()).kdc("127.0.0.1:" + dc.kdcPort());
    }

    static KerberosCredentials password(Account account) {
        return onDc(KerberosCredentials.password(dc.principal(account), account.password().toCharArray()));
    }

    static MsrpcConnectionEnumerator enumerator(KerberosCredentials credentials) {
        return MsrpcConnectionEnumerator.builder().kerberos(credentials).connectTimeout(TIMEOUT)
                .responseTimeout(TIMEOUT).build();
    }

    static ConnectionQuery<?> query(String server, String qualifier) {
        return ConnectionQuery.on(server, Qualifier.of(qualifier), ConnectionLevel.LEVEL_1);
    }

    /** Connections to IPC$ at level 1: at least the caller's own. */
    static List<ConnectionInfo> ipc(MsrpcConnectionEnumerator e) throws NetConnException {
        return List.copyOf(e.enumerateAll(query(dc.serverName(), "IPC$")));
    }

    // ---------------------------------------------------------------- logging on

    @Test
    void ntlmIsRefusedByThisDomainController() {
        try (MsrpcConnectionEnumerator ntlm = MsrpcConnectionEnumerator.builder()
                .credentials("NETCONN", Account.ADMIN.user(),
                        Account.ADMIN.password().toCharArray()).connectTimeout(TIMEOUT)
                .responseTimeout(TIMEOUT).build()) {
            assertThrows(AuthenticationException.class, () -> ntlm.enumerateAll(query(dc.serverName(), "IPC$")));
        }
    }

    @Test
    void aPasswordAKeytabAndATicketCacheAllLogOn() throws Exception {
        Path keytab = dc.keytab(Account.ADMIN);
        recordKeysForTheSecretsScan(keytab);
        Path cache = dc.kinit(Account.ADMIN, Duration.ofHours(1));
        Map<String, KerberosCredentials> ways = Map.of(
                "password", password(Account.ADMIN),
                "keytab", onDc(KerberosCredentials.keytab(dc.principal(Account.ADMIN), keytab)),
                "ticket cache", onDc(KerberosCredentials.ticketCache(cache)));
        for (Map.Entry<String, KerberosCredentials> way : ways.entrySet()) {
            try (MsrpcConnectionEnumerator e = enumerator(way.getValue())) {
                List<ConnectionInfo> entries = ipc(e);
                assertFalse(entries.isEmpty(), way.getKey() + ": at least this logon's own IPC$ connection");
            }
        }
        assertTrue(dc.log().contains("cifs/" + dc.hostName()), "the KDC issued tickets for cifs/" + dc.hostName());
    }

    /**
     * The keytab's keys, in hex as MIT {@code klist -kK} prints them, go to
     * {@code target/kerberos-keys.secrets}: {@code scripts/check-secrets} looks for each of them,
     * in either case, in every test report and output, as for the passwords.
     */
    static void recordKeysForTheSecretsScan(Path keytab) throws Exception {
        HostTool.Result klist = HostTool.run(Map.of(), "", "klist", "-k", "-K", "-e", keytab.toString());
        assertEquals(0, klist.exitCode(), klist.output());
        List<String> keys = Pattern.compile("\\(0x([0-9a-f]{32,})\\)").matcher(klist.output()).results()
                .map(m -> m.group(1)).toList();
        assertFalse(keys.isEmpty(), "no key in the keytab's listing");
        Files.write(Path.of("target", "kerberos-keys.secrets"), keys);
    }

    @Test
    void accessDeniedAndAnUnknownShareAreTheServersStatuses() {
        try (MsrpcConnectionEnumerator user = enumerator(password(Account.PLAIN));
             MsrpcConnectionEnumerator admin = enumerator(password(Account.ADMIN))) {
            NetApiStatusException denied = assertThrows(NetApiStatusException.class,
                    () -> user.enumerateAll(query(dc.serverName(), "IPC$")));
            assertEquals(5, denied.code(), denied::getMessage);
            NetApiStatusException unknown = assertThrows(NetApiStatusException.class,
                    () -> admin.enumerateAll(query(dc.serverName(), "NOSUCH")));
            assertEquals(123, unknown.code(), unknown::getMessage);
        }
    }

    @Test
    void oneSessionIsReusedAndReleasedOnClose() throws Exception {
        int before = dc.sessionsOf(Account.ADMIN.user());
        try (MsrpcConnectionEnumerator e = enumerator(password(Account.ADMIN))) {
            for (int i = 0; i < 3; i++) {
                ipc(e);
            }
            assertEquals(before + 1, dc.sessionsOf(Account.ADMIN.user()), "one session for three calls");
        }
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (dc.sessionsOf(Account.ADMIN.user()) != before && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertEquals(before, dc.sessionsOf(Account.ADMIN.user()), "the session ended with close()");
    }

    /** Item 6: a sweep takes Kerberos credentials unchanged; each server's outcome is its own. */
    @Test
    void aSweepWithKerberos() {
        String noPrincipal = "localhost:" + dc.port();
        List<FleetSweep.Result> results = new ArrayList<>();
        try (MsrpcConnectionEnumerator e = enumerator(password(Account.ADMIN))) {
            FleetSweep.over(e).parallel(2).run(List.of(query(dc.serverName(), "IPC$"), query(noPrincipal, "IPC$")),
                    results::add);
        }
        Map<String, FleetSweep.Result> byServer = results.stream().collect(Collectors.toMap(r -> r.query().server(), r -> r));
        assertTrue(byServer.get(dc.serverName()).succeeded(), () -> results.toString());
        assertInstanceOf(AuthenticationException.class, byServer.get(noPrincipal).failure(), () -> results.toString());
    }

    /**
     * Item 6: the agreement check (C13) takes a Kerberos enumerator unchanged. On a DC that
     * allows NTLM too, Kerberos and NTLM see the same connections, page by page: both logged on
     * first, so that each sees both sessions' IPC$ connections.
     */
    @Test
    void kerberosAndNtlmAgreeOnADomainControllerThatAllowsBoth() throws Exception {
        try (SambaDomainController both = SambaDomainController.start();
             MsrpcConnectionEnumerator kerberos = MsrpcConnectionEnumerator.builder()
                     .kerberos(KerberosCredentials.password(both.principal(Account.ADMIN),
                             Account.ADMIN.password().toCharArray()).realm(both.realm()).kdc("127.0.0.1:" + both.kdcPort()))
                     .connectTimeout(TIMEOUT).responseTimeout(TIMEOUT).build();
             MsrpcConnectionEnumerator ntlm = MsrpcConnectionEnumerator.builder()
                     .credentials("NETCONN", Account.ADMIN.user(), Account.ADMIN.password().toCharArray())
                     .connectTimeout(TIMEOUT).responseTimeout(TIMEOUT).build()) {
            kerberos.enumerateAll(query(both.serverName(), "IPC$"));
            ntlm.enumerateAll(query(both.serverName(), "IPC$"));
            List<AgreementCheck.Query> queries = new ArrayList<>(AgreementCheck.standardQueries("DATA", "\\\\WS7"));
            queries.add(new AgreementCheck.Query("IPC$", ConnectionLevel.LEVEL_1, PageSize.ALL));
            AgreementCheck.Report report = AgreementCheck.compare(
                    new AgreementCheck.Side("kerberos", kerberos, both.serverName()),
                    new AgreementCheck.Side("ntlm", ntlm, both.serverName()), queries, true);
            assertTrue(report.agrees(), report::toString);
        }
    }

    /**
     * The TGT is never delegated: from a ticket cache whose TGT is forwardable ({@code kinit -f},
     * checked with {@code klist -f}), a call asks the KDC for the {@code cifs/} ticket only. A
     * client that delegated would first ask for a forwarded TGT (a TGS-REQ for {@code krbtgt/}),
     * which the KDC logs.
     */
    @Test
    void aForwardableTgtIsNotDelegated() throws Exception {
        Path cache = Files.createTempFile("netconn-forwardable-", ".ccache");
        Map<String, String> env = dc.kerberosEnvironment(cache);
        assertEquals(0, HostTool.run(env, Account.ADMIN.password() + "\n", "kinit", "-f", dc.principal(Account.ADMIN))
                .exitCode());
        HostTool.Result flags = HostTool.run(env, "", "klist", "-f");
        assertTrue(flags.output().matches("(?s).*krbtgt/" + dc.realm() + "@" + dc.realm() + "\\s+[^\\n]*Flags: \\S*F.*"),
                "the TGT is forwardable:\n" + flags.output());
        int before = dc.log().length();
        try (MsrpcConnectionEnumerator e = enumerator(onDc(KerberosCredentials.ticketCache(cache)))) {
            assertFalse(ipc(e).isEmpty());
        } finally {
            Files.deleteIfExists(cache);
        }
        String log = dc.log().substring(before);
        for (long until = System.nanoTime() + 5_000_000_000L; !log.contains("cifs/" + dc.hostName())
                && System.nanoTime() < until; log = dc.log().substring(before)) {
            Thread.sleep(100); // the container's log arrives a moment later
        }
        assertTrue(log.contains("cifs/" + dc.hostName()), "the call's ticket request is in the KDC's log:\n" + log);
        assertFalse(log.matches("(?s).*TGS-REQ \\S+ \\S+ \\S+ krbtgt/.*"), "a forwarded TGT was asked for:\n" + log);
    }

    // ---------------------------------------------------------------- failures, for real

    @Test
    void aWrongPasswordIsRefusedByTheKdcAndSaysSo() {
        try (MsrpcConnectionEnumerator e = enumerator(onDc(KerberosCredentials.password(dc.principal(Account.ADMIN),
                (Account.ADMIN.password() + "-wrong").toCharArray())))) {
            AuthenticationException thrown = assertThrows(AuthenticationException.class, () -> ipc(e));
            System.out.println("[kerberos] " + thrown);
            assertTrue(thrown.getMessage().contains("refused the password of " + dc.principal(Account.ADMIN)),
                    thrown.getMessage());
            assertFalse(thrown.getMessage().contains(Account.ADMIN.password()), "no password in the message");
        }
    }

    @Test
    void anUnknownPrincipalIsRefusedByTheKdcAndSaysSo() {
        try (MsrpcConnectionEnumerator e = enumerator(onDc(KerberosCredentials.password("nobody@" + dc.realm(),
                "x".toCharArray())))) {
            AuthenticationException thrown = assertThrows(AuthenticationException.class, () -> ipc(e));
            System.out.println("[kerberos] " + thrown);
            assertTrue(thrown.getMessage().contains("knows no principal nobody@" + dc.realm()), thrown.getMessage());
        }
    }

    @Test
    void anExpiredTicketSaysRunKinitAgain() throws Exception {
        Path cache = dc.kinit(Account.ADMIN, Duration.ofSeconds(2));
        Thread.sleep(3_000);
        try (MsrpcConnectionEnumerator e = enumerator(onDc(KerberosCredentials.ticketCache(cache)))) {
            AuthenticationException thrown = assertThrows(AuthenticationException.class, () -> ipc(e));
            System.out.println("[kerberos] " + thrown);
            assertTrue(thrown.getMessage().contains("kinit"), thrown.getMessage());
        }
    }

    @Test
    void aServerNameWithNoCifsPrincipalSaysSo() throws Exception {
        try (MsrpcConnectionEnumerator e = enumerator(password(Account.ADMIN))) {
            AuthenticationException thrown = assertThrows(AuthenticationException.class,
                    () -> e.enumerateAll(query("localhost:" + dc.port(), "IPC$")));
            System.out.println("[kerberos] " + thrown);
            assertTrue(thrown.getMessage().contains("knows no principal cifs/localhost"), thrown.getMessage());
            assertFalse(ipc(e).isEmpty(), "the enumerator still works for the right name");
        }
    }

    @Test
    void aKdcThatIsDownIsHostUnreachableAndTheEnumeratorRecovers() throws Exception {
        try (MsrpcConnectionEnumerator e = enumerator(password(Account.ADMIN))) {
            dc.stopKdc();
            try {
                HostUnreachableException thrown = assertThrows(HostUnreachableException.class, () -> ipc(e));
                System.out.println("[kerberos] " + thrown);
                assertTrue(thrown.getMessage().contains("KDC"), thrown.getMessage());
            } finally {
                dc.resumeKdc();
            }
            assertFalse(ipc(e).isEmpty(), "the same enumerator, once the KDC is back");
        }
    }

    /** A KDC that takes the connection and never answers: the connect time-out bounds the wait. */
    @Test
    void aKdcThatHangsIsHostUnreachableWithinTheTimeOut() throws Exception {
        try (MsrpcConnectionEnumerator e = MsrpcConnectionEnumerator.builder().kerberos(password(Account.ADMIN))
                .connectTimeout(Duration.ofSeconds(2)).responseTimeout(TIMEOUT).build()) {
            dc.pauseKdc();
            long start = System.nanoTime();
            try {
                HostUnreachableException thrown = assertThrows(HostUnreachableException.class, () -> ipc(e));
                System.out.println("[kerberos] " + thrown);
                assertTrue(thrown.getMessage().contains("KDC") && thrown.getMessage().contains("SocketTimeoutException"),
                        thrown.getMessage());
            } finally {
                dc.resumeKdc();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "the hung KDC held the call " + took.toMillis() + " ms");
            assertFalse(ipc(e).isEmpty(), "the same enumerator, once the KDC answers again");
        }
    }

    // ---------------------------------------------------------------- the attacker on the wire

    /**
     * The Kerberos session key signs and encrypts: with encryption off, a reply whose signature
     * is flipped, or stripped, is refused; with it on, a reply whose ciphertext is altered.
     */
    @Test
    void repliesAlteredOnTheWireAreRefusedUnderTheKerberosSessionKey() throws Exception {
        attack(Encryption.OFF, proxy -> proxy.rewrite(MsrpcWireAttackTest.flipSignatureByteOfTheIoctlResponse()),
                "signature is wrong");
        attack(Encryption.OFF, proxy -> proxy.rewrite(Smb2Tamper.stripSignature(Smb2Frames.IOCTL)), "unsigned");
        attack(Encryption.IF_SERVER_REQUIRES, proxy -> proxy.rewrite(MsrpcWireAttackTest.flipCiphertextOfTheFirstReply()), "does not decrypt");
    }

    private static void attack(Encryption encryption, Consumer<FaultProxy> arm, String says) throws Exception {
        try (FaultProxy proxy = FaultProxy.to(dc.port());
             MsrpcConnectionEnumerator e = MsrpcConnectionEnumerator.builder().kerberos(password(Account.ADMIN))
                     .encryption(encryption).connectTimeout(TIMEOUT).responseTimeout(TIMEOUT).build()) {
            ConnectionQuery<?> q = query(dc.hostName() + ":" + proxy.port(), "IPC$");
            e.enumerateAll(q);
            arm.accept(proxy);
            ProtocolViolationException thrown = assertThrows(ProtocolViolationException.class, () -> e.enumerateAll(q),
                    proxy::toString);
            System.out.println("[kerberos] " + thrown);
            assertTrue(proxy.rewritten() + proxy.fired() > 0, "the attack happened");
            assertTrue(thrown.getMessage().contains("refused on the wire") && thrown.getMessage().contains(says),
                    thrown.getMessage());
            proxy.clear();
            assertFalse(e.enumerateAll(q).isEmpty(), "the call after the attack");
        }
    }

    /**
     * Mutual authentication: a byte of the AP-REP in the final SESSION_SETUP response flipped,
     * as if someone without the service's key answered: the logon fails, it is not taken.
     */
    @Test
    void aServerThatCannotProveItselfIsRefused() throws Exception {
        try (FaultProxy proxy = FaultProxy.to(dc.port());
             MsrpcConnectionEnumerator e = enumerator(password(Account.ADMIN))) {
            proxy.rewrite(FaultProxy.Rewrite.of(Direction.SERVER_TO_CLIENT, "a byte of the AP-REP flipped", body -> {
                if (Smb2Frames.isSmb2(body) && Smb2Frames.command(body) == Smb2Frames.SESSION_SETUP
                        && Smb2Frames.status(body) == Smb2Frames.STATUS_SUCCESS) {
                    body[body.length - 20] ^= (byte) 0xFF; // inside the AP-REP's encrypted part
                    return List.of(body);
                }
                return null;
            }));
            ConnectionQuery<?> q = query(dc.hostName() + ":" + proxy.port(), "IPC$");
            NetConnException thrown = assertThrows(NetConnException.class, () -> e.enumerateAll(q));
            System.out.println("[kerberos] " + thrown);
            assertTrue(thrown instanceof AuthenticationException || thrown instanceof ProtocolViolationException,
                    thrown::toString);
            assertTrue(proxy.rewritten() > 0, "the AP-REP was altered");
            proxy.clear();
            assertFalse(e.enumerateAll(q).isEmpty(), "the logon after the attack");
        }
    }
}
