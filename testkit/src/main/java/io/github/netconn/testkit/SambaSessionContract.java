package io.github.netconn.testkit;

import static io.github.netconn.testkit.ContractEnvironment.TIMEOUT;
import static io.github.netconn.testkit.ContractEnvironment.assertStatus;
import static io.github.netconn.testkit.ContractEnvironment.catchAll;
import static io.github.netconn.testkit.ContractEnvironment.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.SessionEnumerator;
import io.github.netconn.api.SessionFlags;
import io.github.netconn.api.SessionInfo;
import io.github.netconn.api.SessionLevel;
import io.github.netconn.api.SessionQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Samba rules of the {@link SessionEnumerator} contract: checked against a real Samba with
 * real sessions held by the test ({@link SambaFixture#connect}), as {@link SambaContract} does
 * for connections. An adapter joins by subclassing this class and implementing
 * {@link #sessions}; by default the rules run on a {@link SambaServer} that maps unknown users
 * to guest ({@link SambaServer.MapToGuest#BAD_USER}), for the guest rule.
 *
 * <p>What Samba 4.17 (to its current source) answers, as these rules pin it: levels 0 and 1
 * only (2, 10 and 502 are ERROR_INVALID_LEVEL, after the access check); one entry per SMB
 * session of the server, the caller's own included, in no fixed order; the client is the
 * remote address ({@code 127.0.0.1} here); the user is the account's Unix name; the open
 * count is the files the session holds open (named pipes not counted); the active time is
 * whole seconds since the logon (the logon time rounded to the nearest second, so a session
 * younger than half a second can show {@code 4294967295}, -1 as a DWORD); the idle time is
 * always 0; the flags are SESS_GUEST for a session of the guest account, else 0. The client
 * and user filters are ignored (every session comes back, with no NERR_ClientNameNotFound or
 * NERR_UserNotFound); the page size is ignored (one page always, never ERROR_MORE_DATA); the
 * resume handle is honoured as the index of the first entry, and the handle back is the number
 * of sessions (0 past the end). Only BUILTIN\Administrators may call (ERROR_ACCESS_DENIED).
 *
 * <p>Each test is named after its rule ({@code s05_samba_...} checks S5 on Samba).
 */
public abstract class SambaSessionContract extends SambaPart {

    /** Seconds a held session is kept before it is listed, so that Samba's rounded time shows at least 1. */
    private static final Duration AGE = Duration.ofMillis(1600);

    /** A new enumerator of the adapter under test, logging on as {@code account}. */
    protected abstract SessionEnumerator sessions(Account account, Duration responseTimeout) throws Exception;

    /** A Samba that maps unknown users to guest, so that the guest rule has a guest session to see. */
    @Override
    protected SambaFixture startSamba() throws Exception {
        return SambaServer.start(SambaServer.Encryption.DEFAULT, SambaServer.MapToGuest.BAD_USER);
    }

    private <T extends SessionInfo> SessionQuery<T> query(SessionLevel<T> level) {
        return SessionQuery.on(samba().serverName(), level);
    }

    /**
     * S5 on Samba, level 1: one entry per session, each held one with its real values (client
     * 127.0.0.1, user, open count, at least a second active, idle 0, no flags), and the
     * enumerator's own session (its pipe not counted as an open). <em>If this fails:</em>
     * compare the rows; an extra {@code netadmin opens 0} row means the adapter holds more than
     * one session (S12); wrong numbers mean a field is decoded from the wrong place.
     */
    @Test
    public void s05_samba_level1GivesEachHeldSession() throws Exception {
        awaitNoSessions();
        long before = System.nanoTime();
        try (SambaFixture.HeldConnection admin = samba().connect(Account.ADMIN, "DATA");
             SambaFixture.HeldConnection plain = samba().connect(Account.PLAIN, "PUBLIC");
             SambaFixture.HeldConnection pipe = samba().connect(Account.PLAIN, "IPC$");
             SessionEnumerator e = sessions(Account.ADMIN, TIMEOUT)) {
            admin.open("readme.txt");
            admin.open("table.csv");
            plain.open("docs/notes.txt");
            Thread.sleep(AGE.toMillis());
            List<SessionInfo.Level1> entries = e.enumerateAll(query(SessionLevel.LEVEL_1));
            long elapsed = Duration.ofNanos(System.nanoTime() - before).toSeconds() + 1;
            assertEquals(List.of(
                            "127.0.0.1 netadmin opens 0 idle 0 flags 0", // the enumerator's own session
                            "127.0.0.1 netadmin opens 2 idle 0 flags 0",
                            "127.0.0.1 netuser opens 0 idle 0 flags 0", // a pipe is not an open file
                            "127.0.0.1 netuser opens 1 idle 0 flags 0"),
                    rows(entries), () -> "sessions at level 1: " + entries);
            for (SessionInfo.Level1 s : entries) {
                boolean own = s.userName().orElseThrow().equals(shown(Account.ADMIN)) && s.openCount() == 0;
                long active = s.active().toSeconds();
                assertTrue(own || (active >= 1 && active <= elapsed),
                        () -> "a session held " + AGE.toMillis() + " ms to " + elapsed + " s shows " + active
                                + " s active: " + s);
            }
        }
    }

    /**
     * S5 on Samba, level 0: the client of each session, {@code 127.0.0.1} for the held ones and
     * the enumerator's own. <em>If this fails:</em> look at how level 0's container is decoded.
     */
    @Test
    public void s05_samba_level0GivesTheClientNames() throws Exception {
        awaitNoSessions();
        try (SambaFixture.HeldConnection admin = samba().connect(Account.ADMIN, "DATA");
             SambaFixture.HeldConnection plain = samba().connect(Account.PLAIN, "PUBLIC");
             SessionEnumerator e = sessions(Account.ADMIN, TIMEOUT)) {
            List<SessionInfo.Level0> entries = e.enumerateAll(query(SessionLevel.LEVEL_0));
            assertEquals(List.of(SessionInfo.Level0.of("127.0.0.1"), SessionInfo.Level0.of("127.0.0.1"),
                    SessionInfo.Level0.of("127.0.0.1")), entries, "two held sessions and the enumerator's own");
        }
    }

    /**
     * S5 on Samba: a guest session (a logon with an unknown user, mapped to Samba's guest account
     * {@code nobody}) carries SESS_GUEST; the others carry no flag. Skipped, saying why, on a
     * server that grants no guest sessions. <em>If this fails:</em> look at how
     * {@code sesi1_user_flags} becomes {@link SessionFlags}.
     */
    @Test
    public void s05_samba_guestSessionIsFlagged() throws Exception {
        Assumptions.assumeTrue(samba().mapsToGuest(), () -> samba().serverName() + " grants no guest sessions");
        awaitNoSessions();
        try (SambaFixture.HeldConnection guest = samba().connectAsGuest();
             SambaFixture.HeldConnection admin = samba().connect(Account.ADMIN, "DATA");
             SessionEnumerator e = sessions(Account.ADMIN, TIMEOUT)) {
            admin.open("readme.txt");
            List<SessionInfo.Level1> entries = e.enumerateAll(query(SessionLevel.LEVEL_1));
            assertEquals(List.of(
                            "127.0.0.1 netadmin opens 0 idle 0 flags 0",
                            "127.0.0.1 netadmin opens 1 idle 0 flags 0",
                            "127.0.0.1 nobody opens 0 idle 0 flags 1"),
                    rows(entries), () -> "sessions at level 1: " + entries);
            SessionInfo.Level1 nobody = entries.stream().filter(s -> s.userName().orElseThrow().equals("nobody"))
                    .findFirst().orElseThrow();
            assertEquals(SessionFlags.of(SessionFlags.Flag.GUEST.mask()), nobody.flags(), "the guest's flags");
            assertTrue(nobody.flags().has(SessionFlags.Flag.GUEST), () -> "SESS_GUEST in " + nobody.flags());
        }
    }

    /**
     * S1 on Samba: the client filter is ignored. Samba answers every session, with no
     * NERR_ClientNameNotFound, for the held client's own address and for a client that has no
     * session. <em>If this fails:</em> the adapter filters or drops entries itself, or does not
     * send the filter as a string.
     */
    @Test
    public void s01_samba_clientFilterIgnored() throws Exception {
        assertFilterIgnored("client", List.of("127.0.0.1", "NOSUCHCLIENT"), SessionQuery::fromClient);
    }

    /**
     * S1 on Samba: the user filter is ignored. Samba answers every session, with no
     * NERR_UserNotFound, for a user who holds one and for a user who does not exist.
     * <em>If this fails:</em> the adapter filters or drops entries itself.
     */
    @Test
    public void s01_samba_userFilterIgnored() throws Exception {
        assertFilterIgnored("user", List.of(Account.PLAIN.user(), "nosuchuser"), SessionQuery::ofUser);
    }

    private void assertFilterIgnored(String filter, List<String> values,
            BiFunction<SessionQuery<SessionInfo.Level1>, String, SessionQuery<SessionInfo.Level1>> narrow)
            throws Exception {
        awaitNoSessions();
        try (SambaFixture.HeldConnection admin = samba().connect(Account.ADMIN, "DATA");
             SambaFixture.HeldConnection plain = samba().connect(Account.PLAIN, "PUBLIC");
             SessionEnumerator e = sessions(Account.ADMIN, TIMEOUT)) {
            admin.open("readme.txt");
            List<String> all = rows(e.enumerateAll(query(SessionLevel.LEVEL_1)));
            assertEquals(3, all.size(), () -> "two held sessions and the enumerator's own: " + all);
            for (String value : values) {
                SessionQuery<SessionInfo.Level1> filtered = narrow.apply(query(SessionLevel.LEVEL_1), value);
                assertEquals(all, rows(e.enumerateAll(filtered)), "sessions of " + filter + " " + value);
                assertEquals(3, e.enumerateAll(filtered.at(SessionLevel.LEVEL_0)).size(),
                        "sessions of " + filter + " " + value + " at level 0");
            }
        }
    }

    /**
     * S3 on Samba: level 2 is ERROR_INVALID_LEVEL. <em>If this fails:</em> look at how the
     * status of Samba's reply is mapped, or whether level 2 is sent as 2.
     */
    @Test
    public void s03_samba_level2Refused() throws Exception {
        assertLevelRefused(SessionLevel.LEVEL_2);
    }

    /**
     * S3 on Samba: level 10, the level most tools ask, is ERROR_INVALID_LEVEL. <em>If this
     * fails:</em> as for level 2.
     */
    @Test
    public void s03_samba_level10Refused() throws Exception {
        assertLevelRefused(SessionLevel.LEVEL_10);
    }

    /** S3 on Samba: level 502 is ERROR_INVALID_LEVEL. <em>If this fails:</em> as for level 2. */
    @Test
    public void s03_samba_level502Refused() throws Exception {
        assertLevelRefused(SessionLevel.LEVEL_502);
    }

    private void assertLevelRefused(SessionLevel<?> level) throws Exception {
        try (SessionEnumerator e = sessions(Account.ADMIN, TIMEOUT)) {
            assertStatus("level " + level.value(), () -> e.enumerateAll(query(level)), 124,
                    NetApiStatusException.Kind.INVALID_LEVEL);
            assertNull(catchAll(() -> e.enumerateAll(query(SessionLevel.LEVEL_1))), "level 1 after the refusal");
        }
    }

    /**
     * S9 on Samba: the plain account is denied (ERROR_ACCESS_DENIED) at every level, 10
     * included (Samba checks the caller before the level); the admin account works after.
     * <em>If this fails:</em> look at how the status of Samba's reply is mapped.
     */
    @Test
    public void s09_samba_plainAccountDenied() throws Exception {
        try (SessionEnumerator plain = sessions(Account.PLAIN, TIMEOUT);
             SessionEnumerator admin = sessions(Account.ADMIN, TIMEOUT)) {
            for (SessionLevel<?> level : List.of(SessionLevel.LEVEL_0, SessionLevel.LEVEL_1, SessionLevel.LEVEL_10)) {
                assertStatus("level " + level.value() + " as " + Account.PLAIN.user(),
                        () -> plain.enumerateAll(query(level)), 5, NetApiStatusException.Kind.ACCESS_DENIED);
            }
            Throwable thrown = catchAll(() -> admin.enumerateAll(query(SessionLevel.LEVEL_1)));
            assertNull(thrown, () -> "the admin account after the failures: " + describe(thrown));
        }
    }

    /**
     * S7 on Samba: the page size is ignored (a one-byte page holds every session, with no
     * "more data"); the resume handle is the index of the first entry (handle 1 skips one
     * session; the number of sessions gives none, with handle 0 back); the handle back is the
     * number of sessions; {@code enumerateAll} with a small page gets every session.
     * <em>If this fails:</em> look at which handle the adapter sends and returns, and at
     * whether it stops on Samba's final answer.
     */
    @Test
    public void s07_samba_pageSizeIgnoredAndResumeHandleHonoured() throws Exception {
        awaitNoSessions();
        try (SambaFixture.HeldConnection admin = samba().connect(Account.ADMIN, "DATA");
             SambaFixture.HeldConnection plain = samba().connect(Account.PLAIN, "PUBLIC");
             SessionEnumerator e = sessions(Account.ADMIN, TIMEOUT)) {
            admin.open("readme.txt");
            SessionQuery<SessionInfo.Level1> q = query(SessionLevel.LEVEL_1);
            Page<SessionInfo.Level1> first = e.enumeratePage(q, PageSize.ofBytes(1), ResumeHandle.START);
            assertEquals(3, first.entries().size(), () -> "a one-byte page: " + first);
            assertEquals(3, first.totalEntries(), "total entries");
            assertEquals(new ResumeHandle(3), first.resumeHandle(), "the handle back: the number of sessions");
            assertFalse(first.moreData(), "Samba never answers ERROR_MORE_DATA");

            Page<SessionInfo.Level1> rest = e.enumeratePage(q, PageSize.ALL, new ResumeHandle(1));
            assertEquals(2, rest.entries().size(), () -> "from handle 1: " + rest);
            List<String> tail = new ArrayList<>(rows(first.entries()));
            for (String row : rows(rest.entries())) {
                assertTrue(tail.remove(row), () -> "from handle 1, a session not in the first page: " + row);
            }
            assertEquals(new ResumeHandle(3), rest.resumeHandle(), "the handle back from handle 1");

            Page<SessionInfo.Level1> past = e.enumeratePage(q, PageSize.ALL, new ResumeHandle(3));
            assertEquals(List.of(), past.entries(), "from the handle past the last session");
            assertEquals(ResumeHandle.START, past.resumeHandle(), "the handle back past the end");
            assertFalse(past.moreData(), "more data past the end");

            assertEquals(rows(first.entries()), rows(e.enumerateAll(q, PageSize.ofBytes(1))),
                    "every session through enumerateAll with a one-byte page");
        }
    }

    /**
     * S7 on Samba: 60 sessions and the enumerator's own all arrive, at level 1 (about 88 bytes
     * each: a reply of two DCE/RPC fragments for a client that takes 4,280 bytes a fragment)
     * and at level 0. <em>If this fails:</em> look at how the fragments of one reply are put
     * together.
     */
    @Test
    public void s07_samba_manySessionsInSeveralFragments() throws Exception {
        awaitNoSessions();
        try (SessionEnumerator e = sessions(Account.ADMIN, TIMEOUT)) {
            whileHolding(60, "PUBLIC", () -> {
                List<SessionInfo.Level1> entries = e.enumerateAll(query(SessionLevel.LEVEL_1));
                assertEquals(61, entries.size(), "60 held sessions and the enumerator's own");
                assertEquals(30, entries.stream().filter(s -> s.userName().orElseThrow().equals(shown(Account.PLAIN)))
                        .count(), "sessions of " + Account.PLAIN.user());
                assertEquals(61, e.enumerateAll(query(SessionLevel.LEVEL_0)).size(), "sessions at level 0");
            });
        }
    }

    /**
     * S12 on Samba: five calls use one session as Samba sees it, and close() ends it.
     * <em>If this fails:</em> the adapter logs on per call, or close() does not log off.
     */
    @Test
    public void s12_samba_oneSessionReusedAndReleasedOnClose() throws Exception {
        assertOneSessionReusedAndReleasedOnClose(() -> sessions(Account.ADMIN, TIMEOUT),
                e -> e.enumerateAll(query(SessionLevel.LEVEL_1)));
    }

    /** Waits until the sessions of earlier rules are gone, so that a rule sees only its own. */
    private void awaitNoSessions() throws Exception {
        for (String user : List.of(Account.ADMIN.user(), Account.PLAIN.user(), "nobody")) {
            samba().awaitSessions(user, 0, Duration.ofSeconds(10));
        }
    }

    /** The entries as sorted rows of what does not change between two calls (the active time does). */
    private List<String> rows(List<SessionInfo.Level1> entries) {
        return entries.stream()
                .map(s -> s.clientName().orElse("NULL") + " " + s.userName().map(this::account).orElse("NULL") + " opens "
                        + s.openCount() + " idle " + s.idle().toSeconds() + " flags " + s.flags().raw())
                .sorted()
                .collect(Collectors.toList());
    }
}
