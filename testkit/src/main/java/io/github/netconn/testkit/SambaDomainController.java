package io.github.netconn.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;

/**
 * A real Samba 4.17 (Debian's) Active Directory domain controller in a container: realm
 * {@value #REALM}, NetBIOS domain {@code NETCONN}, host {@value #HOST_NAME}, with the domain
 * users {@link Account#ADMIN} (in Domain Admins, so NetrConnectionEnum is allowed) and
 * {@link Account#PLAIN} (ERROR_ACCESS_DENIED) with the passwords the standalone
 * {@link SambaServer} has, and its disk shares DATA, PUBLIC and ARCHIVE. smbd, the KDC and
 * kpasswd listen on free loopback ports of their own, so several domain controllers can run at
 * once. The domain is provisioned when the image is built; a domain controller is ready about
 * 2 s after {@link #start()}.
 *
 * <p>Clients reach the server by its name, {@link #serverName()} ({@code dc1.netconn.test:port}),
 * because the name is in the service principal {@code cifs/dc1.netconn.test@NETCONN.TEST}. The
 * test JVM therefore needs {@code -Djdk.net.hosts.file} naming a file that maps
 * {@value #HOST_NAME} to 127.0.0.1 (testkit/hosts; the surefire configuration of testkit,
 * adapter-msrpc and cli sets it), and the JDK's Kerberos needs
 * {@code java.security.krb5.conf} = {@link #krb5Conf()}. Other processes get
 * {@link #hostsFile()} and {@link #krb5Conf()}. Like every Samba DC, this one requires SMB
 * signing.
 *
 * <p>Passwords never reach a log, a command line or an exception message: {@link #kinit}
 * feeds the password on standard input.
 *
 * <p>A test class gets its own with a {@link Samba} field.
 */
public final class SambaDomainController implements SambaFixture {

    /** The Kerberos realm (and the DNS domain in upper case). */
    public static final String REALM = "NETCONN.TEST";

    /** The domain controller's fully qualified host name, as in its service principals. */
    public static final String HOST_NAME = "dc1.netconn.test";

    private static final String SHORT_NAME = "dc1";
    private static final String NETBIOS_DOMAIN = "NETCONN";
    private static final String IMAGE_LABEL = "netconn.dc";
    private static final Duration TOOL_LIMIT = Duration.ofSeconds(60);

    /** Whether smbd accepts NTLM logons ({@code ntlm auth}); Kerberos logons work either way. */
    public enum Ntlm {
        /** Samba's default, {@code ntlm auth = ntlmv2-only}. */
        ALLOWED,
        /** {@code ntlm auth = disabled}: NTLM logons fail with STATUS_NTLM_BLOCKED (0xC0000418). */
        DISABLED
    }

    private final GenericContainer<?> container;
    private final int port;
    private final int kdcPort;
    private final Path directory;
    private final Path krb5Conf;
    private final Path hostsFile;
    private final AtomicInteger files = new AtomicInteger();

    private SambaDomainController(GenericContainer<?> container, int port, int kdcPort, Path directory)
            throws IOException {
        this.container = container;
        this.port = port;
        this.kdcPort = kdcPort;
        this.directory = directory;
        this.krb5Conf = writePrivate(directory.resolve("krb5.conf"), krb5ConfText(kdcPort));
        this.hostsFile = writePrivate(directory.resolve("hosts"), "127.0.0.1 localhost\n"
                + "127.0.0.1 " + HOST_NAME + " " + SHORT_NAME + "\n"
                + "::1 localhost\n");
    }

    /** Starts a domain controller that accepts both Kerberos and NTLM logons. */
    public static SambaDomainController start() {
        return start(Ntlm.ALLOWED);
    }

    /** Starts a domain controller that refuses NTLM logons, so that a logon that works used Kerberos. */
    public static SambaDomainController startWithoutNtlm() {
        return start(Ntlm.DISABLED);
    }

    /**
     * Starts a domain controller with more {@code [global]} parameters, each
     * {@code "name = value"} (they override the fixture's own).
     */
    public static SambaDomainController start(Ntlm ntlm, String... globals) {
        for (String g : globals) {
            if (!g.matches("[a-z0-9 :]+ = [^\\n]*")) {
                throw new IllegalArgumentException("not a 'name = value' parameter: " + g);
            }
        }
        requireJvmResolvesHostName();
        int port = Docker.freePort();
        int kdcPort = freePortOtherThan(port);
        int kpasswdPort = freePortOtherThan(port, kdcPort);
        String[] all = ntlm == Ntlm.DISABLED ? prepend("ntlm auth = disabled", globals) : globals;
        GenericContainer<?> container = Docker.container()
                .withCommand("/usr/local/bin/dc-entrypoint.sh")
                .withExtraHost(HOST_NAME, "127.0.0.1")
                .withExtraHost(SHORT_NAME, "127.0.0.1")
                .withEnv("SMB_PORT", Integer.toString(port))
                .withEnv("KDC_PORT", Integer.toString(kdcPort))
                .withEnv("KPASSWD_PORT", Integer.toString(kpasswdPort))
                .withEnv("SMB_GLOBALS", String.join("\n", all));
        requireDomainControllerImage();
        Path directory = null;
        Docker.start(container, port);
        try {
            Docker.awaitPort(container, kdcPort, Duration.ofSeconds(30));
            directory = Files.createTempDirectory("netconn-dc-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return new SambaDomainController(container, port, kdcPort, directory);
        } catch (IOException | RuntimeException e) {
            container.stop();
            if (directory != null) {
                deleteTree(directory);
            }
            throw e instanceof IOException io ? new UncheckedIOException("cannot write the domain's files", io)
                    : (RuntimeException) e;
        }
    }

    /**
     * The JDK reads {@code jdk.net.hosts.file} once; without it, looking up the DC's name would
     * ask DNS, which is not on loopback. So refuse to start rather than let a test do that.
     */
    private static void requireJvmResolvesHostName() {
        String file = System.getProperty("jdk.net.hosts.file");
        String how = "start the test JVM with -Djdk.net.hosts.file=<testkit/hosts> (the surefire"
                + " systemPropertyVariables of testkit, adapter-msrpc and cli do), a hosts file with the line"
                + " '127.0.0.1 " + HOST_NAME + " " + SHORT_NAME + "'";
        if (file == null) {
            throw new IllegalStateException("SambaDomainController: this JVM would ask DNS for " + HOST_NAME
                    + " (jdk.net.hosts.file is not set): " + how);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(HOST_NAME);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("SambaDomainController: " + HOST_NAME + " is not in jdk.net.hosts.file="
                    + file + ": " + how, e);
        }
        for (InetAddress a : addresses) {
            if (!a.getHostAddress().equals("127.0.0.1")) {
                throw new IllegalStateException("SambaDomainController: jdk.net.hosts.file=" + file + " maps "
                        + HOST_NAME + " to " + a.getHostAddress() + ", not 127.0.0.1: " + how);
            }
        }
    }

    private static void requireDomainControllerImage() {
        Map<String, String> labels = DockerClientFactory.instance().client().inspectImageCmd(Docker.IMAGE).exec()
                .getConfig().getLabels();
        if (labels == null || !REALM.equals(labels.get(IMAGE_LABEL))) {
            throw new IllegalStateException("the test image " + Docker.IMAGE + " has no domain controller (it was"
                    + " built from an older testkit/servers): run testkit/servers/build-image.sh");
        }
    }

    private static int freePortOtherThan(int... taken) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int candidate = Docker.freePort();
            if (Arrays.stream(taken).noneMatch(t -> t == candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free loopback port found");
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static String krb5ConfText(int kdcPort) {
        // No forwardable, proxiable or renewable defaults: a test asks for what it needs.
        return "[libdefaults]\n"
                + "\tdefault_realm = " + REALM + "\n"
                + "\tdns_lookup_realm = false\n"
                + "\tdns_lookup_kdc = false\n"
                + "\tdns_canonicalize_hostname = false\n"
                + "\trdns = false\n"
                + "[realms]\n"
                + "\t" + REALM + " = {\n"
                + "\t\tkdc = 127.0.0.1:" + kdcPort + "\n"
                + "\t}\n"
                + "[domain_realm]\n"
                + "\t." + REALM.toLowerCase(java.util.Locale.ROOT) + " = " + REALM + "\n"
                + "\t" + REALM.toLowerCase(java.util.Locale.ROOT) + " = " + REALM + "\n";
    }

    /** {@value #REALM}. */
    public String realm() {
        return REALM;
    }

    /** {@value #HOST_NAME}, which resolves to 127.0.0.1 through {@link #hostsFile()}. */
    public String hostName() {
        return HOST_NAME;
    }

    /** smbd's TCP port. */
    public int port() {
        return port;
    }

    /** The KDC's port, TCP and UDP, on 127.0.0.1 and ::1. */
    public int kdcPort() {
        return kdcPort;
    }

    /** {@code dc1.netconn.test:port}, the server name queries carry. */
    public String serverName() {
        return HOST_NAME + ":" + port;
    }

    /** Winbind names the domain's accounts {@code NETCONN\\user} in sessions and open files. */
    @Override
    public String userPrefix() {
        return NETBIOS_DOMAIN + "\\";
    }

    /** {@code account}'s principal, e.g. {@code netadmin@NETCONN.TEST}. */
    public String principal(Account account) {
        if (!account.domain().equalsIgnoreCase(NETBIOS_DOMAIN) && !account.domain().equalsIgnoreCase(REALM)) {
            throw new IllegalArgumentException(account + " is not an account of the domain " + NETBIOS_DOMAIN);
        }
        return account.user() + "@" + REALM;
    }

    /** {@code cifs/dc1.netconn.test@NETCONN.TEST}, the principal of the DC's SMB server. */
    public String servicePrincipal() {
        return "cifs/" + HOST_NAME + "@" + REALM;
    }

    /**
     * A krb5.conf for this domain (written by the fixture): default realm {@value #REALM},
     * {@code kdc = 127.0.0.1:}{@link #kdcPort()}, no DNS lookups for KDCs, realms or host
     * names, no forwardable default. For MIT tools ({@code KRB5_CONFIG}) and for the JDK
     * ({@code -Djava.security.krb5.conf}).
     */
    public Path krb5Conf() {
        return krb5Conf;
    }

    /**
     * A hosts file (written by the fixture) mapping localhost and {@value #HOST_NAME} (and
     * {@code dc1}) to loopback, for a JVM started by a test ({@code -Djdk.net.hosts.file}).
     */
    public Path hostsFile() {
        return hostsFile;
    }

    /**
     * Exports the keys of {@code account}'s principal into a keytab ({@code samba-tool domain
     * exportkeytab} in the container) and copies it to a file of this fixture's, deleted by
     * {@link #close()}.
     */
    public Path keytab(Account account) throws IOException {
        String principal = principal(account);
        String inContainer = "/tmp/" + account.user() + ".keytab";
        exec("rm", "-f", inContainer);
        exec("samba-tool", "domain", "exportkeytab", inContainer, "--principal=" + principal);
        Path keytab = directory.resolve(account.user() + "-" + files.incrementAndGet() + ".keytab");
        container.copyFileFromContainer(inContainer, keytab.toString());
        exec("rm", "-f", inContainer);
        Files.setPosixFilePermissions(keytab, PosixFilePermissions.fromString("rw-------"));
        return keytab;
    }

    /**
     * Gets a ticket-granting ticket for {@code account} with this machine's MIT {@code kinit}
     * ({@code kinit -l <lifetime>}, {@code KRB5_CONFIG} = {@link #krb5Conf()}), the password
     * fed on standard input, into a new credential cache (a file deleted by {@link #close()}).
     *
     * @return the credential cache's path (use it as {@code FILE:<path>})
     * @throws IOException with kinit's own message if the KDC refuses, e.g.
     *                     {@code Password incorrect while getting initial credentials}, or
     *                     {@code Cannot contact any KDC for realm 'NETCONN.TEST'}
     */
    public Path kinit(Account account, Duration lifetime) throws IOException {
        long seconds = lifetime.toSeconds();
        if (seconds < 1) {
            throw new IllegalArgumentException("a ticket lifetime of at least 1 s, not " + lifetime);
        }
        String principal = principal(account);
        Path ccache = directory.resolve("ccache-" + account.user() + "-" + files.incrementAndGet());
        HostTool.Result result = HostTool.run(kerberosEnvironment(ccache), account.password() + "\n",
                "kinit", "-l", seconds + "s", principal);
        if (result.exitCode() != 0) {
            throw new IOException("kinit " + principal + " failed (exit " + result.exitCode() + "): "
                    + result.output().replace("Password for " + principal + ": ", "").trim());
        }
        return ccache;
    }

    /**
     * The environment for this machine's MIT tools against this domain: {@code KRB5_CONFIG} =
     * {@link #krb5Conf()}, {@code KRB5CCNAME} = {@code FILE:ccache}.
     */
    public Map<String, String> kerberosEnvironment(Path ccache) {
        return Map.of("KRB5_CONFIG", krb5Conf.toString(), "KRB5CCNAME", "FILE:" + ccache);
    }

    /**
     * Takes the KDC down while smbd goes on: its processes end and nothing listens on
     * {@link #kdcPort()} (TCP refused, UDP port unreachable), so clients fail at once with
     * "cannot contact any KDC". {@link #resumeKdc()} brings it back.
     */
    public void stopKdc() throws IOException {
        exec("/usr/local/bin/dc-kdc.sh", "stop");
        if (Docker.listening(kdcPort)) {
            throw new IOException("the KDC still listens on port " + kdcPort + " after dc-kdc.sh stop");
        }
    }

    /**
     * Makes the KDC hang while smbd goes on: its processes are frozen (SIGSTOP), its ports stay
     * open and nothing answers, so clients wait for their own timeouts (MIT kinit gives up after
     * about 27 s; the JDK after {@code kdc_timeout} times {@code max_retries}, 30 s × 3 by
     * default). {@link #resumeKdc()} brings it back.
     */
    public void pauseKdc() throws IOException {
        exec("/usr/local/bin/dc-kdc.sh", "pause");
    }

    /** Undoes {@link #stopKdc()} or {@link #pauseKdc()}: returns once the KDC listens again. */
    public void resumeKdc() throws IOException {
        exec("/usr/local/bin/dc-kdc.sh", "resume");
        Docker.awaitPort(container, kdcPort, Duration.ofSeconds(30));
    }

    /** How many SMB sessions of {@code user} (with or without {@code NETCONN\}) smbd holds right now (smbstatus). */
    @Override
    public int sessionsOf(String user) throws IOException {
        String bare = user.substring(user.indexOf('\\') + 1);
        int rows = 0;
        for (String line : exec("smbstatus", "--brief", "--fast").getStdout().split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length > 2 && (columns[1].equalsIgnoreCase(bare)
                    || columns[1].equalsIgnoreCase(NETBIOS_DOMAIN + "\\" + bare))) {
                rows++;
            }
        }
        return rows;
    }

    /**
     * Everything samba (smbd, winbindd, the KDC) has logged so far, at {@code log level = 1
     * auth_audit:3 kerberos:3} unless a {@code "log level = ..."} global overrides it: the KDC
     * logs each request, e.g. {@code AS-REQ netadmin@NETCONN.TEST from ipv4:127.0.0.1:40064 for
     * krbtgt/NETCONN.TEST@NETCONN.TEST} and {@code TGS-REQ SUCCESS ipv4:127.0.0.1:42572
     * netadmin@NETCONN.TEST cifs/dc1.netconn.test@NETCONN.TEST ...}, so a test can tell that a
     * client used Kerberos; NTLM logons show as {@code Auth: [SMB2,NTLMSSP] user [NETCONN]\[netuser]}.
     */
    public String log() {
        return container.getLogs();
    }

    /**
     * A real SMB connection to {@code share} as {@code account}, by NTLM: on a DC that allows it
     * ({@link Ntlm}), the other clients the contract's Samba rules count.
     */
    @Override
    public SambaServer.Held connect(Account account, String share) throws IOException {
        return new SambaServer.Held("127.0.0.1", port(), account, share, false);
    }

    @Override
    public String sharePath(String share) throws IOException {
        return exec("testparm", "-s", "--section-name=" + share, "--parameter-name=path").getStdout().trim();
    }

    /** Stops the domain controller and deletes its credential caches, keytabs and configuration files. */
    @Override
    public void close() {
        try {
            container.stop();
        } finally {
            deleteTree(directory);
        }
    }

    /** The container, for the testkit's own tests. */
    GenericContainer<?> container() {
        return container;
    }

    /** Runs {@code command} in the container; a non-zero exit is an IOException with its output. */
    Container.ExecResult exec(String... command) throws IOException {
        return Docker.exec(container, command);
    }

    private static Path writePrivate(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a test for
        }
    }

    /** A program of this machine (MIT kinit, klist), run with a time limit. */
    public static final class HostTool {

        /** The exit code and the merged output. */
        public record Result(int exitCode, String output) {
        }

        private HostTool() {
        }

        /** Runs {@code command} with {@code environment} added, {@code stdin} written to it, stdout and stderr merged. */
        public static Result run(Map<String, String> environment, String stdin, String... command) throws IOException {
            Path output = Files.createTempFile("netconn-tool-", ".out");
            ProcessBuilder builder = new ProcessBuilder(List.of(command))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().put("LC_ALL", "C"); // klist's dates as MM/dd/yy HH:mm:ss
            builder.environment().putAll(environment);
            try {
                Process process;
                try {
                    process = builder.start();
                } catch (IOException e) {
                    throw new IOException(command[0] + " is not on this machine's PATH (Debian: apt-get install"
                            + " krb5-user; scripts/test installs it): " + e.getMessage(), e);
                }
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the program exited without reading its input; its output says why
                }
                try {
                    if (!process.waitFor(TOOL_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        throw new IOException(command[0] + " did not finish within " + TOOL_LIMIT.toSeconds() + " s");
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted running " + command[0], e);
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        }
    }
}
