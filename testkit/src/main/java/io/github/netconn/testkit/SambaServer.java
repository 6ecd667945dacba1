package io.github.netconn.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.codelibs.jcifs.smb.CIFSContext;
import org.codelibs.jcifs.smb.CIFSException;
import org.codelibs.jcifs.smb.SmbPipeHandle;
import org.codelibs.jcifs.smb.SmbPipeResource;
import org.codelibs.jcifs.smb.config.PropertyConfiguration;
import org.codelibs.jcifs.smb.context.BaseContext;
import org.codelibs.jcifs.smb.impl.NtlmPasswordAuthenticator;
import org.codelibs.jcifs.smb.impl.SmbFile;
import org.codelibs.jcifs.smb.impl.SmbNamedPipe;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;

/**
 * A real Samba 4.17 (Debian's) in a container, on a free loopback port, with the accounts
 * {@link Account#ADMIN} (in BUILTIN\Administrators) and {@link Account#PLAIN}, and the
 * disk shares DATA, PUBLIC and ARCHIVE (each holding readme.txt, table.csv and
 * docs/notes.txt). Tests create real connections with {@link #connect} and see them
 * enumerated: on Samba the count of entries and the open counts are real; the other
 * level-1 fields are placeholders (id = count, type 3, one user, 3 seconds,
 * "dummy_user", "IPC$").
 */
public final class SambaServer implements AutoCloseable {

    /** SMB3 encryption as the server demands it. */
    public enum Encryption { DEFAULT, REQUIRED }

    /**
     * Samba's {@code map to guest}: whether a logon with an unknown user
     * ({@code BAD_USER}) or also with a wrong password ({@code BAD_PASSWORD}) becomes a
     * guest session instead of failing. Anything but {@code NEVER} also lets guests into IPC$.
     */
    public enum MapToGuest { NEVER, BAD_USER, BAD_PASSWORD }

    private final GenericContainer<?> container;
    private final int port;

    private SambaServer(GenericContainer<?> container, int port) {
        this.container = container;
        this.port = port;
    }

    /** Starts a Samba server with Samba's default encryption setting. */
    public static SambaServer start() {
        return start(Encryption.DEFAULT);
    }

    public static SambaServer start(Encryption encryption) {
        return start(encryption, MapToGuest.NEVER);
    }

    /**
     * Starts a Samba server with more {@code [global]} parameters, each {@code "name = value"}
     * (they override the fixture's own, e.g. {@code "server max protocol = SMB2_10"}).
     */
    public static SambaServer start(Encryption encryption, MapToGuest mapToGuest, String... globals) {
        for (String g : globals) {
            if (!g.matches("[a-z0-9 ]+ = [^\\n]*")) {
                throw new IllegalArgumentException("not a 'name = value' parameter: " + g);
            }
        }
        int port = Docker.freePort();
        GenericContainer<?> container = Docker.container()
                .withEnv("SMB_PORT", Integer.toString(port))
                .withEnv("SMB_GLOBALS", String.join("\n", globals))
                .withEnv("SMB_ENCRYPT", encryption == Encryption.REQUIRED ? "required" : "if_required")
                .withEnv("SMB_MAP_TO_GUEST", mapToGuest.name().toLowerCase(Locale.ROOT));
        Docker.start(container, port);
        return new SambaServer(container, port);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}, the server name queries carry. */
    public String serverName() {
        return host() + ":" + port;
    }

    /**
     * Opens a real SMB connection (its own TCP connection, session and tree connect) to
     * {@code share} as {@code account}, held until closed.
     */
    public Held connect(Account account, String share) throws IOException {
        return new Held(account, share, false);
    }

    /**
     * Like {@link #connect}, but as a client that takes the guest session a server with
     * {@link MapToGuest} offers for a bad logon: the control for tests that netconn refuses it.
     * Samba admits guests to IPC$ only.
     */
    public Held connectAcceptingGuest(Account account, String share) throws IOException {
        return new Held(account, share, true);
    }

    /** How many SMB sessions of {@code user} Samba holds right now (smbstatus). */
    public int sessionsOf(String user) throws IOException {
        return countRows(smbstatus("--brief"), 1, user);
    }

    /**
     * Samba's rows for the sessions of {@code user} (smbstatus --brief: PID, user, group,
     * machine, protocol version, encryption, signing), split into columns.
     */
    public List<List<String>> sessionRows(String user) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (String line : smbstatus("--brief").split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length > 2 && columns[1].equalsIgnoreCase(user)) {
                rows.add(List.of(columns));
            }
        }
        return rows;
    }

    /** A global parameter as the running server has it (testparm). */
    public String parameter(String name) throws IOException {
        try {
            Container.ExecResult result = container.execInContainer("testparm", "-s", "--parameter-name=" + name);
            if (result.getExitCode() != 0) {
                throw new IOException("testparm failed: " + result.getStderr());
            }
            return result.getStdout().trim();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running testparm", e);
        }
    }

    /** How many tree connects to {@code share} Samba holds right now (smbstatus). */
    public int treeConnects(String share) throws IOException {
        return countRows(smbstatus("--shares"), 0, share);
    }

    private String smbstatus(String what) throws IOException {
        Container.ExecResult result;
        try {
            result = container.execInContainer("smbstatus", what, "--fast");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running smbstatus", e);
        }
        if (result.getExitCode() != 0) {
            throw new IOException("smbstatus " + what + " failed: " + result.getStderr());
        }
        return result.getStdout();
    }

    /** Rows of smbstatus's table whose column {@code column} is {@code value}, ignoring case. */
    private static int countRows(String table, int column, String value) {
        int rows = 0;
        for (String line : table.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length > 2 && columns[column].equalsIgnoreCase(value)) {
                rows++;
            }
        }
        return rows;
    }

    /** Waits until {@code user} has {@code expected} sessions, failing after {@code limit}. */
    public void awaitSessions(String user, int expected, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        int now;
        while ((now = sessionsOf(user)) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(user + " has " + now + " sessions on Samba after " + limit.toMillis()
                        + " ms; expected " + expected);
            }
            Thread.sleep(100);
        }
    }

    /**
     * Everything smbd has logged so far (it logs to the container's standard output, at
     * {@code log level = 1} unless a {@code "log level = N"} global overrides it): for tests
     * that look for a complaint, such as {@code client used more credits than granted}.
     */
    public String log() {
        return container.getLogs();
    }

    /** Stops the server at once, as if it went away (for failure tests); {@link #restart()} brings it back. */
    public void stop() {
        container.stop();
    }

    /** Starts a fresh server on the same port, after {@link #stop()}. */
    public void restart() {
        container.stop();
        Docker.start(container, port);
    }

    /**
     * Freezes the server (docker pause), as a server that hangs would: connections stay
     * open and nothing answers until {@link #unpause()}. For failure tests.
     */
    public void pause() {
        Docker.pause(container);
    }

    /** Lets a {@link #pause() paused} server run again; what it was doing goes on. */
    public void unpause() {
        Docker.unpause(container);
    }

    @Override
    public void close() {
        container.stop();
    }

    /** jcifs settings that keep every packet on loopback and the connection open while held. */
    static Properties clientProperties() {
        Properties p = new Properties();
        p.setProperty("jcifs.client.dfs.disabled", "true");
        p.setProperty("jcifs.resolveOrder", "DNS");
        p.setProperty("jcifs.client.soTimeout", "600000");
        p.setProperty("jcifs.client.responseTimeout", "20000");
        p.setProperty("jcifs.client.connTimeout", "10000");
        p.setProperty("jcifs.client.encryptionEnabled", "true");
        return p;
    }

    /** One held connection to a share; files opened through it stay open until it is closed. */
    public final class Held implements AutoCloseable {
        private final CIFSContext context;
        private final String shareUrl;
        private final SmbFile root;
        private final List<InputStream> open = new ArrayList<>();
        private SmbPipeHandle pipe;

        private Held(Account account, String share, boolean acceptGuest) throws IOException {
            Properties properties = clientProperties();
            if (acceptGuest) {
                // A guest session has no key to sign with.
                properties.setProperty("jcifs.client.allowGuestFallback", "true");
                properties.setProperty("jcifs.client.ipcSigningEnforced", "false");
            }
            context = new BaseContext(new PropertyConfiguration(properties)).withCredentials(
                    new NtlmPasswordAuthenticator(account.domain(), account.user(), account.password()));
            shareUrl = "smb://" + host() + ":" + port + "/" + share + "/";
            // The root stays referenced while held, so jcifs keeps the tree connect.
            root = new SmbFile(shareUrl, context);
            try {
                if (share.equalsIgnoreCase("IPC$")) {
                    // IPC$ holds no files: open the srvsvc pipe to make the session and tree connect.
                    pipe = new SmbNamedPipe(shareUrl + "srvsvc", SmbPipeResource.PIPE_TYPE_RDWR, context).openPipe();
                    pipe.getInput();
                } else if (!root.exists()) {
                    throw new IOException("share " + share + " does not exist on " + serverName());
                }
            } catch (IOException e) {
                try {
                    close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        /** Opens {@code path} on the share for reading and keeps it open. */
        public void open(String path) throws IOException {
            SmbFile file = new SmbFile(shareUrl + path, context);
            open.add(file.openInputStream());
        }

        @Override
        public void close() throws IOException {
            for (InputStream in : open) {
                in.close();
            }
            if (pipe != null) {
                pipe.close();
            }
            root.close();
            try {
                context.close();
            } catch (CIFSException e) {
                throw new IOException("closing the connection to " + shareUrl, e);
            }
        }
    }
}
