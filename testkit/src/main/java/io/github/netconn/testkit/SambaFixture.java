package io.github.netconn.testkit;

import java.io.IOException;
import java.time.Duration;

/**
 * What the contract's Samba rules ({@link SambaContract}, {@link SambaSessionContract},
 * {@link SambaFileContract}) need of a real Samba: {@link SambaServer}, or the domain controller
 * {@link SambaDomainController} for the rules with Kerberos.
 */
public interface SambaFixture extends AutoCloseable {

    /** The server name queries carry, {@code host:port}. */
    String serverName();

    /** A real SMB connection to {@code share} as {@code account} (NTLM), held until closed. */
    HeldConnection connect(Account account, String share) throws IOException;

    /**
     * Whether a logon with an unknown user becomes a guest session ({@code map to guest = bad
     * user} or {@code bad password}), so that {@link #connectAsGuest} works.
     */
    default boolean mapsToGuest() {
        return false;
    }

    /**
     * A real guest session (a logon with an unknown user that the server maps to its guest
     * account) with its srvsvc pipe open on IPC$, held until closed.
     *
     * @throws IOException if the server grants no guest sessions ({@link #mapsToGuest()} false)
     */
    default HeldConnection connectAsGuest() throws IOException {
        throw new IOException(serverName() + " grants no guest sessions");
    }

    /**
     * What the server puts before an account's name in its sessions and open files: nothing on
     * a member server, {@code DOMAIN\\} on a domain controller (winbind's names).
     */
    default String userPrefix() {
        return "";
    }

    /** The Unix directory the server shares as {@code share}, as the server's configuration says (testparm). */
    String sharePath(String share) throws IOException;

    /** How many SMB sessions of {@code user} the server holds right now (smbstatus). */
    int sessionsOf(String user) throws IOException;

    /** Waits until {@code user} has {@code expected} sessions, failing after {@code limit}. */
    default void awaitSessions(String user, int expected, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        int now;
        while ((now = sessionsOf(user)) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(user + " has " + now + " sessions on " + serverName() + " after "
                        + limit.toMillis() + " ms; expected " + expected);
            }
            Thread.sleep(100);
        }
    }

    @Override
    void close();

    /** A connection to a share the test holds ({@link SambaServer.Held} on a real server). */
    interface HeldConnection extends AutoCloseable {

        /** How a held file is opened: the access asked for in the open (SMB2 CREATE). */
        enum Access {
            /** GENERIC_READ. */
            READ,
            /** GENERIC_WRITE. */
            WRITE,
            /** GENERIC_READ and GENERIC_WRITE. */
            READ_WRITE
        }

        /** Opens the existing file {@code path} on the share for reading and keeps it open. */
        default HeldFile open(String path) throws IOException {
            return open(path, Access.READ);
        }

        /**
         * Opens the existing file {@code path} (with {@code /} between names) on the share with
         * {@code access}, sharing everything, and keeps it open until the connection is closed.
         */
        HeldFile open(String path, Access access) throws IOException;

        /** Closes the files, logs off and disconnects; idempotent. */
        @Override
        void close() throws IOException;
    }

    /** A file a {@link HeldConnection} holds open. */
    interface HeldFile {

        /**
         * Takes an exclusive byte-range lock of {@code length} bytes from {@code offset} (SMB2
         * LOCK, failing at once if another holds it), held until the file is closed.
         */
        void lock(long offset, long length) throws IOException;
    }
}
