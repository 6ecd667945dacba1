package io.github.netconn.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.netconn.api.Enumerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the Samba parts of the contract share ({@link SambaContract} for connections,
 * {@link SambaSessionContract} for sessions, {@link SambaFileContract} for open files): one
 * real Samba per test class, started before the first rule and closed after the last. A
 * subclass overrides {@link #startSamba()} for another server than the part's default.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SambaPart {

    private SambaFixture samba;

    /** Starts (once per class) the Samba the rules run against; closed after the last rule. */
    protected SambaFixture startSamba() throws Exception {
        return SambaServer.start();
    }

    /** The Samba the rules run against, once {@link #startSamba()} has started it. */
    protected final SambaFixture samba() {
        return samba;
    }

    /** {@code account}'s name as the server shows it in sessions and open files ({@link SambaFixture#userPrefix}). */
    protected final String shown(Account account) {
        return samba.userPrefix() + account.user();
    }

    /**
     * A user name the server showed, without the server's prefix, for rows compared with account
     * names; one without the prefix the server should have put is marked, so that it shows.
     */
    protected final String account(String shownName) {
        String prefix = samba.userPrefix();
        return shownName.startsWith(prefix) ? shownName.substring(prefix.length())
                : shownName + " (without " + prefix + ")";
    }

    /**
     * C12 (S12, F12) on Samba: five {@code call}s on one new enumerator of the admin account use
     * one session as Samba sees it, and its close() ends that session.
     */
    final <E extends Enumerator> void assertOneSessionReusedAndReleasedOnClose(Callable<E> open, Call<E> call)
            throws Exception {
        int before = samba.sessionsOf(Account.ADMIN.user());
        try (E e = open.call()) {
            for (int i = 0; i < 5; i++) {
                call.on(e);
            }
            assertEquals(before + 1, samba.sessionsOf(Account.ADMIN.user()), "sessions after five calls");
        }
        samba.awaitSessions(Account.ADMIN.user(), before, Duration.ofSeconds(10));
    }

    /**
     * Holds {@code count} connections to {@code share}, alternately as the admin and the plain
     * account, while {@code check} runs, and closes them after.
     */
    final void whileHolding(int count, String share, Check check) throws Exception {
        List<SambaFixture.HeldConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(samba.connect(i % 2 == 0 ? Account.ADMIN : Account.PLAIN, share));
            }
            check.run();
        } finally {
            for (SambaFixture.HeldConnection h : held) {
                h.close();
            }
        }
    }

    /** Checks made while something is held. */
    interface Check {
        void run() throws Exception;
    }

    /** A call of the port under test on an enumerator. */
    interface Call<E> {
        void on(E enumerator) throws Exception;
    }

    @BeforeAll
    final void startTheSamba() throws Exception {
        samba = startSamba();
    }

    @AfterAll
    final void closeTheSamba() {
        if (samba != null) {
            samba.close();
        }
    }
}
