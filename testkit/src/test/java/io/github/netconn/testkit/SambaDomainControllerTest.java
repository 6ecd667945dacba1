package io.github.netconn.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import io.github.netconn.testkit.SambaDomainController.HostTool;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.MountableFile;

/**
 * The domain controller fixture does what Kerberos tests rely on: this machine's MIT tools get
 * real tickets from its KDC (by password, by keytab, with a lifetime that ends), a wrong
 * password and a KDC that is down or hangs fail as they would, and the variant without NTLM
 * refuses NTLM logons while Kerberos ones work.
 */
class SambaDomainControllerTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final String KRBTGT = "krbtgt/NETCONN.TEST@NETCONN.TEST";

    @Samba
    static SambaDomainController dc;

    @Test
    void itsNameResolvesToLoopbackInThisJvmAndItListensThere() throws Exception {
        for (InetAddress a : InetAddress.getAllByName(dc.hostName())) {
            assertEquals("127.0.0.1", a.getHostAddress(), "jdk.net.hosts.file maps " + dc.hostName());
        }
        assertEquals("dc1.netconn.test:" + dc.port(), dc.serverName());
        assertEquals("NETCONN.TEST", dc.realm());
        assertNotEquals(dc.port(), dc.kdcPort());
        assertTrue(Docker.listening(dc.port()), "smbd");
        assertTrue(Docker.listening(dc.kdcPort()), "the KDC");
        assertTrue(Docker.listening("::1", dc.kdcPort()), "the KDC on ::1");
    }

    @Test
    void itsFilesNameTheRealmTheKdcAndTheHost() throws Exception {
        String krb5 = java.nio.file.Files.readString(dc.krb5Conf());
        assertTrue(krb5.contains("default_realm = NETCONN.TEST"), krb5);
        assertTrue(krb5.contains("kdc = 127.0.0.1:" + dc.kdcPort()), krb5);
        assertTrue(krb5.contains("dns_lookup_kdc = false") && krb5.contains("dns_lookup_realm = false"), krb5);
        assertFalse(krb5.contains("forwardable"), krb5);
        String hosts = java.nio.file.Files.readString(dc.hostsFile());
        assertTrue(hosts.contains("127.0.0.1 dc1.netconn.test dc1\n"), hosts);
        assertTrue(hosts.contains("127.0.0.1 localhost\n") && hosts.contains("::1 localhost\n"), hosts);
    }

    @Test
    void kinitWithThePasswordGetsATicketGrantingTicket() throws Exception {
        Path ccache = dc.kinit(Account.ADMIN, HOUR);
        String klist = klist(ccache);
        assertTrue(klist.contains("Default principal: netadmin@NETCONN.TEST"), klist);
        assertTrue(klist.contains(KRBTGT), klist);
    }

    @Test
    void theSmbServersPrincipalIsCifsAtItsFullName() throws Exception {
        Path ccache = dc.kinit(Account.PLAIN, HOUR);
        HostTool.Result kvno = HostTool.run(dc.kerberosEnvironment(ccache), "", "kvno", dc.servicePrincipal());
        assertEquals(0, kvno.exitCode(), kvno.output());
        assertEquals("cifs/dc1.netconn.test@NETCONN.TEST", dc.servicePrincipal());
        assertTrue(klist(ccache).contains("cifs/dc1.netconn.test@NETCONN.TEST"), klist(ccache));
        awaitLog(dc, Pattern.compile("TGS-REQ SUCCESS \\S+ netuser@NETCONN.TEST cifs/dc1.netconn.test@NETCONN.TEST"));
    }

    @Test
    void aWrongPasswordFailsSayingSoWithoutThePassword() {
        Account wrong = Account.ADMIN.withWrongPassword();
        IOException e = assertThrows(IOException.class, () -> dc.kinit(wrong, HOUR));
        assertTrue(e.getMessage().contains("kinit netadmin@NETCONN.TEST failed")
                && e.getMessage().contains("Password incorrect"), e.getMessage());
        assertFalse(e.getMessage().contains(wrong.password()) || e.getMessage().contains(Account.ADMIN.password()),
                "the message holds a password");
    }

    @Test
    void aTicketWithAShortLifetimeExpires() throws Exception {
        Path ccache = dc.kinit(Account.ADMIN, Duration.ofSeconds(5));
        Matcher m = Pattern.compile("(\\S+ \\S+)\\s+(\\S+ \\S+)\\s+" + Pattern.quote(KRBTGT)).matcher(klist(ccache));
        assertTrue(m.find(), klist(ccache));
        DateTimeFormatter f = DateTimeFormatter.ofPattern("MM/dd/yy HH:mm:ss");
        long lifetime = Duration.between(LocalDateTime.parse(m.group(1), f), LocalDateTime.parse(m.group(2), f))
                .toSeconds();
        assertTrue(lifetime >= 4 && lifetime <= 5, "lifetime " + lifetime + " s");
        Map<String, String> env = dc.kerberosEnvironment(ccache);
        assertEquals(0, HostTool.run(env, "", "klist", "-s").exitCode(), "valid at first");
        Thread.sleep(6_000);
        assertEquals(1, HostTool.run(env, "", "klist", "-s").exitCode(), "expired: " + klist(ccache));
        HostTool.Result kvno = HostTool.run(env, "", "kvno", dc.servicePrincipal());
        assertNotEquals(0, kvno.exitCode());
        assertTrue(kvno.output().contains("Ticket expired"), kvno.output());
    }

    @Test
    void theKeytabGetsATicketWithoutThePassword() throws Exception {
        Path keytab = dc.keytab(Account.ADMIN);
        Path ccache = keytab.resolveSibling("ccache-from-keytab");
        HostTool.Result kinit = HostTool.run(dc.kerberosEnvironment(ccache), "",
                "kinit", "-k", "-t", keytab.toString(), dc.principal(Account.ADMIN));
        assertEquals(0, kinit.exitCode(), kinit.output());
        assertTrue(klist(ccache).contains(KRBTGT), klist(ccache));
    }

    @Test
    void aStoppedKdcRefusesAtOnceWhileSmbGoesOn() throws Exception {
        try {
            // Inside the try: a stop that fails half-way (samba's root process frozen, the KDC
            // killed) must still be undone, or every later test of this class fails with it.
            dc.stopKdc();
            long t0 = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> dc.kinit(Account.ADMIN, HOUR));
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(e.getMessage().contains("Cannot contact any KDC for realm 'NETCONN.TEST'"), e.getMessage());
            assertTrue(millis < 5_000, "kinit took " + millis + " ms");
            assertFalse(Docker.listening(dc.kdcPort()));
            Container.ExecResult ls = smbclient(dc, Account.ADMIN, "--use-kerberos=off");
            assertEquals(0, ls.getExitCode(), ls.getStdout() + ls.getStderr());
        } finally {
            dc.resumeKdc();
        }
        assertTrue(klist(dc.kinit(Account.ADMIN, HOUR)).contains(KRBTGT), "after resumeKdc");
    }

    @Test
    void aPausedKdcKeepsItsPortButDoesNotAnswer() throws Exception {
        dc.pauseKdc();
        try {
            assertTrue(Docker.listening(dc.kdcPort()), "the port stays open");
            Path ccache = dc.krb5Conf().resolveSibling("ccache-paused");
            HostTool.Result kinit = HostTool.run(dc.kerberosEnvironment(ccache), Account.PLAIN.password() + "\n",
                    "timeout", "3", "kinit", dc.principal(Account.PLAIN));
            assertEquals(124, kinit.exitCode(), "kinit still waiting after 3 s: " + kinit.output());
        } finally {
            dc.resumeKdc();
        }
        assertTrue(klist(dc.kinit(Account.PLAIN, HOUR)).contains(KRBTGT), "after resumeKdc");
    }

    @Test
    void aJvmClientReachesItByNameAndItsSessionIsCounted() throws Exception {
        try (SMBClient client = new SMBClient(SmbConfig.builder().withDfsEnabled(false)
                .withTimeout(20, TimeUnit.SECONDS).build());
             Connection connection = client.connect(dc.hostName(), dc.port());
             Session session = connection.authenticate(new AuthenticationContext(Account.PLAIN.user(),
                     Account.PLAIN.password().toCharArray(), Account.PLAIN.domain()))) {
            assertEquals(dc.hostName(), connection.getRemoteHostname());
            session.connectShare("DATA").close();
            // Other tests' short-lived netuser sessions end a moment after their client does.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (dc.sessionsOf(Account.PLAIN.user()) != 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(1, dc.sessionsOf(Account.PLAIN.user()), "netuser's sessions");
            assertEquals(1, dc.sessionsOf("NETCONN\\netuser"), "with the domain");
        }
    }

    @Test
    void netadminMayEnumerateConnectionsAndNetuserMayNot() throws Exception {
        Container.ExecResult admin = rpcclient(dc, Account.ADMIN, "netconnenum 1 DATA");
        assertEquals(0, admin.getExitCode(), admin.getStdout() + admin.getStderr());
        Container.ExecResult plain = rpcclient(dc, Account.PLAIN, "netconnenum 1 DATA");
        assertTrue((plain.getStdout() + plain.getStderr()).contains("WERR_ACCESS_DENIED"),
                plain.getStdout() + plain.getStderr());
    }

    @Test
    void withoutNtlmAnNtlmLogonIsBlockedAndAKerberosLogonWorks() throws Exception {
        long t0 = System.nanoTime();
        try (SambaDomainController strict = SambaDomainController.startWithoutNtlm()) {
            System.out.println("domain controller without NTLM ready in " + (System.nanoTime() - t0) / 1_000_000
                    + " ms, beside the first");
            assertNotEquals(dc.port(), strict.port());
            assertNotEquals(dc.kdcPort(), strict.kdcPort());

            Container.ExecResult ntlm = smbclient(strict, Account.ADMIN, "--use-kerberos=off");
            assertNotEquals(0, ntlm.getExitCode());
            assertTrue((ntlm.getStdout() + ntlm.getStderr()).contains("NT_STATUS_NTLM_BLOCKED"),
                    ntlm.getStdout() + ntlm.getStderr());

            // A ticket from this machine's kinit, used by smbclient in the container.
            Path ccache = strict.kinit(Account.ADMIN, HOUR);
            strict.container().copyFileToContainer(MountableFile.forHostPath(ccache, 0600), "/tmp/host-ccache");
            // (smbclient 4.17 ignores --use-krb5-ccache; KRB5CCNAME it reads.)
            Container.ExecResult kerberos = strict.exec("env", "KRB5CCNAME=FILE:/tmp/host-ccache",
                    "smbclient", "//" + strict.hostName() + "/DATA", "-p", Integer.toString(strict.port()),
                    "--use-kerberos=required", "-N", "-c", "ls");
            assertTrue(kerberos.getStdout().contains("readme.txt"), kerberos.getStdout());
            awaitLog(strict, Pattern.compile(
                    "TGS-REQ SUCCESS \\S+ netadmin@NETCONN.TEST cifs/dc1.netconn.test@NETCONN.TEST"));
            assertFalse(strict.log().contains(Account.ADMIN.password()), "a password in the log");
        }
        assertFalse(dc.log().contains(Account.ADMIN.password()) || dc.log().contains(Account.PLAIN.password()),
                "a password in the log");
    }

    /** Waits a little for a line the server logs (docker's log lags the server by a moment). */
    private static void awaitLog(SambaDomainController server, Pattern line) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!line.matcher(server.log()).find()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no line matching " + line + " in the log:\n" + server.log());
            }
            Thread.sleep(100);
        }
    }

    private static String klist(Path ccache) throws IOException {
        HostTool.Result r = HostTool.run(dc.kerberosEnvironment(ccache), "", "klist");
        assertEquals(0, r.exitCode(), r.output());
        return r.output();
    }

    /** smbclient in the container, listing DATA as {@code account} (the password in a file, not on a command line). */
    private static Container.ExecResult smbclient(SambaDomainController server, Account account, String kerberos)
            throws IOException, InterruptedException {
        String auth = authFile(server, account);
        return server.container().execInContainer("smbclient", "//" + server.hostName() + "/DATA",
                "-p", Integer.toString(server.port()), kerberos, "-A", auth, "-c", "ls");
    }

    private static Container.ExecResult rpcclient(SambaDomainController server, Account account, String command)
            throws IOException, InterruptedException {
        String auth = authFile(server, account);
        return server.container().execInContainer("rpcclient", "-p", Integer.toString(server.port()),
                "--use-kerberos=off", "-A", auth, "-c", command, "ncacn_np:" + server.hostName());
    }

    private static String authFile(SambaDomainController server, Account account) {
        String path = "/tmp/auth-" + account.user();
        server.container().copyFileToContainer(Transferable.of(("username = " + account.user() + "\n"
                + "password = " + account.password() + "\n"
                + "domain = " + account.domain() + "\n").getBytes(StandardCharsets.UTF_8), 0600), path);
        return path;
    }
}
