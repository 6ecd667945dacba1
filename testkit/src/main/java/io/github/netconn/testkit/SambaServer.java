package io.github.netconn.testkit;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2ImpersonationLevel;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import com.hierynomus.smbj.share.NamedPipe;
import com.hierynomus.smbj.share.PipeShare;
import com.hierynomus.smbj.share.Share;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.GenericContainer;

/**
 * A real Samba 4.17 (Debian's) in a container, on a free loopback port, with the accounts
 * {@link Account#ADMIN} (in BUILTIN\Administrators) and {@link Account#PLAIN}, and the
 * disk shares DATA, PUBLIC and ARCHIVE (each holding readme.txt, table.csv and
 * docs/notes.txt). Tests create real connections with {@link #connect} and see them
 * enumerated: on Samba the count of entries and the open counts are real; the other
 * level-1 fields are placeholders (id = count, type 3, one user, 3 seconds,
 * "dummy_user", "IPC$"). A test class gets its own with a {@link Samba} field.
 */
public final class SambaServer implements SambaFixture {

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
    private final MapToGuest mapToGuest;

    private SambaServer(GenericContainer<?> container, int port, MapToGuest mapToGuest) {
        this.container = container;
        this.port = port;
        this.mapToGuest = mapToGuest;
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
        return new SambaServer(container, port, mapToGuest);
    }

    /**
     * Starts a Samba server that listens on every address ({@code bind interfaces only = no}),
     * so that each of 127.0.0.0/8 is a distinct host to a client and all reach this one server;
     * it returns once 127.0.0.5 answers too (smbd binds its other listeners a moment after
     * 127.0.0.1).
     */
    public static SambaServer startOnEveryAddress() {
        SambaServer samba = start(Encryption.DEFAULT, MapToGuest.NEVER, "bind interfaces only = no");
        try {
            Docker.awaitPort(samba.container, "127.0.0.5", samba.port, Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            samba.close();
            throw e;
        }
        return samba;
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
    @Override
    public Held connect(Account account, String share) throws IOException {
        return new Held(host(), port, account, share, false);
    }

    /**
     * Like {@link #connect}, but as a client that takes the guest session a server with
     * {@link MapToGuest} offers for a bad logon: the control for tests that netconn refuses it.
     * Samba admits guests to IPC$ only.
     */
    public Held connectAcceptingGuest(Account account, String share) throws IOException {
        return new Held(host(), port, account, share, true);
    }

    @Override
    public boolean mapsToGuest() {
        return mapToGuest != MapToGuest.NEVER;
    }

    /** A guest session on IPC$ with the srvsvc pipe open, made by logging on as an unknown user. */
    @Override
    public Held connectAsGuest() throws IOException {
        if (!mapsToGuest()) {
            throw new IOException(serverName() + " grants no guest sessions (map to guest = never)");
        }
        return connectAcceptingGuest(new Account("NETCONN", "netconn-nobody", "Gu3st-Pass!"), "IPC$");
    }

    @Override
    public String sharePath(String share) throws IOException {
        return Docker.exec(container, "testparm", "-s", "--section-name=" + share, "--parameter-name=path")
                .getStdout().trim();
    }

    /** How many SMB sessions of {@code user} Samba holds right now (smbstatus). */
    @Override
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
        return Docker.exec(container, "testparm", "-s", "--parameter-name=" + name).getStdout().trim();
    }

    /** How many tree connects to {@code share} Samba holds right now (smbstatus). */
    public int treeConnects(String share) throws IOException {
        return countRows(smbstatus("--shares"), 0, share);
    }

    /** What {@code smbstatus WHAT --fast} prints, e.g. for {@code --locks} or {@code --byterange}. */
    String smbstatus(String what) throws IOException {
        return Docker.exec(container, "smbstatus", what, "--fast").getStdout();
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

    /**
     * One held connection to a share (on smbj, which can encrypt, so that servers that require
     * encryption can be held too); files opened through it stay open until it is closed.
     */
    public static final class Held implements SambaFixture.HeldConnection {
        private final SMBClient client;
        private final List<File> open = new ArrayList<>();
        private Session session;
        private Share share;
        private NamedPipe pipe;

        Held(String host, int port, Account account, String shareName, boolean acceptGuest) throws IOException {
            client = new SMBClient(SmbConfig.builder()
                    .withDfsEnabled(false)
                    .withEncryptData(true)
                    .withSigningRequired(false) // a guest session has no key to sign with
                    .withTimeout(20, TimeUnit.SECONDS)
                    .withSoTimeout(0)
                    .build());
            try {
                Connection connection = client.connect(host, port);
                session = connection.authenticate(
                        new AuthenticationContext(account.user(), account.password().toCharArray(), account.domain()));
                if (!acceptGuest && (session.isGuest() || session.isAnonymous())) {
                    throw new IOException("the logon of " + account.user() + " became a guest session");
                }
                share = session.connectShare(shareName);
                if (share instanceof PipeShare pipes) {
                    // IPC$ holds no files: open the srvsvc pipe, as a client of it would.
                    pipe = pipes.open("srvsvc", SMB2ImpersonationLevel.Impersonation,
                            EnumSet.of(AccessMask.GENERIC_READ, AccessMask.GENERIC_WRITE), null, SMB2ShareAccess.ALL,
                            SMB2CreateDisposition.FILE_OPEN, null);
                }
            } catch (IOException | RuntimeException e) {
                try {
                    close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e instanceof IOException io ? io
                        : new IOException("cannot hold a connection to " + shareName + " on " + host + ":" + port + ": " + e, e);
            }
        }

        @Override
        public HeldFile open(String path, Access access) throws IOException {
            Set<AccessMask> mask = switch (access) {
                case READ -> EnumSet.of(AccessMask.GENERIC_READ);
                case WRITE -> EnumSet.of(AccessMask.GENERIC_WRITE);
                case READ_WRITE -> EnumSet.of(AccessMask.GENERIC_READ, AccessMask.GENERIC_WRITE);
            };
            File file;
            try {
                file = ((DiskShare) share).openFile(path, mask, null, SMB2ShareAccess.ALL,
                        SMB2CreateDisposition.FILE_OPEN, null);
            } catch (RuntimeException e) {
                throw new IOException("cannot open " + path + ": " + e, e);
            }
            open.add(file);
            return (offset, length) -> {
                try {
                    file.requestLock().exclusiveLock(offset, length, true).send();
                } catch (RuntimeException e) {
                    throw new IOException("cannot lock " + length + " bytes at " + offset + " of " + path + ": " + e,
                            e);
                }
            };
        }

        @Override
        public void close() throws IOException {
            try {
                for (File f : open) {
                    f.close();
                }
                if (pipe != null) {
                    pipe.close();
                }
                if (session != null) {
                    session.close(); // logs off, so the server forgets the session at once
                }
            } catch (RuntimeException e) {
                throw new IOException("closing a held connection: " + e, e);
            } finally {
                open.clear();
                pipe = null;
                session = null;
                client.close();
            }
        }
    }
}
