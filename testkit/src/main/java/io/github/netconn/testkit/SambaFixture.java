package io.github.netconn.testkit;

import java.io.IOException;
import java.time.Duration;

/**
 * What the contract's Samba rules ({@link SambaContract}) need of a real Samba:
 * {@link SambaServer}, or the domain controller {@link SambaDomainController} for the rules
 * with Kerberos.
 */
public interface SambaFixture extends AutoCloseable {

    /** The server name queries carry, {@code host:port}. */
    String serverName();

    /** A real SMB connection to {@code share} as {@code account} (NTLM), held until closed. */
    HeldConnection connect(Account account, String share) throws IOException;

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

        /** Opens {@code path} on the share for reading and keeps it open. */
        void open(String path) throws IOException;

        /** Closes the files, logs off and disconnects; idempotent. */
        @Override
        void close() throws IOException;
    }
}
