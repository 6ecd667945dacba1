package io.github.netconn.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.FileEnumerator;
import io.github.netconn.api.FileInfo;
import io.github.netconn.api.FileLevel;
import io.github.netconn.api.FileQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.SessionEnumerator;
import io.github.netconn.api.SessionInfo;
import io.github.netconn.api.SessionLevel;
import io.github.netconn.api.SessionQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * SCENARIO.md's rules 10-18 (NetrSessionEnum and NetrFileEnum) in {@link Scenario#answerSessions} and
 * {@link Scenario#answerFiles}, and the reference adapters built on them. ScriptedServerTest checks that
 * the Python server answers the same.
 */
class ScenarioSessionsFilesTest {

    private static final long ALL = Scenario.MAX_PREFERRED_LENGTH;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Scenario.Session ALICE = new Scenario.Session("WS01", "alice", 2, 60, 5, 0, "Windows 10",
            "\\Device\\NetbiosSmb");
    private static final Scenario.Session BOB = new Scenario.Session("ws02", "Bob", 0, 7, 7, 1, null, null);
    private static final Scenario.Session ALICE_AGAIN = new Scenario.Session("Ws02", "ALICE", 1, 1, 0, 2, "Samba", "");
    private static final Scenario.Session NOBODY = new Scenario.Session(null, null, 0, 0, 0, 0, null, null);
    private static final Scenario.OpenFile REPORT = new Scenario.OpenFile(7, 3, 1, "C:\\data\\report.txt", "alice");
    private static final Scenario.OpenFile NOTES = new Scenario.OpenFile(8, 1, 0, "C:\\Data\\notes.txt", "bob");
    private static final Scenario.OpenFile OTHER = new Scenario.OpenFile(0xFFFF_FFFFL, 7, 0xFFFF_FFFFL,
            "D:\\other\\x", "ALICE");
    private static final Scenario.OpenFile NAMELESS = new Scenario.OpenFile(9, 0, 0, null, null);

    private static final Scenario SESSIONS = Scenario.empty().withSessions(List.of(ALICE, BOB, ALICE_AGAIN, NOBODY));
    private static final Scenario FILES = Scenario.empty().withFiles(List.of(REPORT, NOTES, OTHER, NAMELESS));

    /** Sessions and files with every kind of value, for comparing the Java and the Python rules. */
    static Scenario rich() {
        List<Scenario.Session> sessions = new ArrayList<>(List.of(ALICE, BOB, ALICE_AGAIN, NOBODY,
                new Scenario.Session("\uD83D\uDE00 \u00E9t\u00E9", "\u4E2D\u6587", 0xFFFF_FFFFL, 0xFFFF_FFFFL,
                        0xFFFF_FFFFL, 0xFFFF_FFFFL, "\u00E9", "\uD83D\uDE00")));
        List<Scenario.OpenFile> files = new ArrayList<>(List.of(REPORT, NOTES, OTHER, NAMELESS,
                new Scenario.OpenFile(10, 2, 3, "C:\\DATA\\\u00E9t\u00E9\\\uD83D\uDE00.txt", "\u4E2D\u6587")));
        for (int i = 0; i < 30; i++) {
            sessions.add(new Scenario.Session(String.format("WS%04d", i % 7), "user" + i % 5, i, 100 + i, i % 3, i % 4,
                    i % 2 == 0 ? "Windows 10" : null, i % 3 == 0 ? null : "\\Device\\NetbiosSmb"));
            files.add(new Scenario.OpenFile(1000 + i, 1 + i % 7, i % 3, i % 4 == 0 ? null
                    : "C:\\data\\dir" + i % 3 + "\\file" + i + ".txt", i % 5 == 0 ? null : "user" + i % 5));
        }
        return ScenarioContract.rich().withSessions(sessions).withFiles(files);
    }

    // ---------------------------------------------------------------- NetrSessionEnum

    @Test
    void sessionsInScenarioOrderAtEveryLevel() {
        for (long level : new long[] {0, 1, 2, 10, 502}) {
            Scenario.Answer<Scenario.Session> answer = SESSIONS.answerSessions("netadmin", level, null, null, ALL, 0L);
            assertEquals(new Scenario.Answer<>(0, (int) level, List.of(ALICE, BOB, ALICE_AGAIN, NOBODY), 4, 0L), answer,
                    "level " + level);
        }
    }

    @Test
    void rule10SessionLevels() {
        for (long level : new long[] {3, 9, 11, 100, 501, 503, 0xFFFF_FFFFL}) {
            assertFailed(Scenario.ERROR_INVALID_LEVEL, 4L, SESSIONS.answerSessions("netadmin", level, null, null,
                    ALL, 4L));
        }
        // Rule 1 comes first: a denied caller is denied at any level.
        assertFailed(Scenario.ERROR_ACCESS_DENIED, null, SESSIONS.withDeniedUsers("NetUser")
                .answerSessions("netuser", 7, "WS01", null, ALL, null));
    }

    @Test
    void rule11ClientNameMustStartWithTwoBackslashesUnlessEmpty() {
        assertFailed(Scenario.ERROR_INVALID_PARAMETER, 0L,
                SESSIONS.answerSessions("netadmin", 10, "WS01", null, ALL, 0L));
        assertFailed(Scenario.ERROR_INVALID_PARAMETER, 0L, SESSIONS.answerSessions("netadmin", 10, "\\WS01", null, ALL,
                0L));
        // After the level, before the status override.
        assertFailed(Scenario.ERROR_INVALID_LEVEL, 0L, SESSIONS.answerSessions("netadmin", 3, "WS01", null, ALL, 0L));
        assertFailed(Scenario.ERROR_INVALID_PARAMETER, 0L, SESSIONS.withStatus(0xDEADL)
                .answerSessions("netadmin", 1, "WS01", null, ALL, 0L));
        assertFailed(0xDEADL, 0L,
                SESSIONS.withStatus(0xDEADL).answerSessions("netadmin", 1, "\\\\WS01", null, ALL, 0L));
        // An empty string is a NULL (zero-length) string: no filter.
        assertEquals(4, SESSIONS.answerSessions("netadmin", 1, "", "", ALL, 0L).totalEntries());
    }

    @Test
    void rule12StatusAndNoProgressAsForConnections() {
        assertFailed(0, 9L, SESSIONS.withStatus(0L).answerSessions("netadmin", 0, null, null, ALL, 9L));
        Scenario stuck = SESSIONS.withQuirks(new Scenario.Quirks(false, Scenario.ResumeAtEnd.ZERO,
                Scenario.EmptyArray.NULL, true, 0));
        assertEquals(new Scenario.Answer<>(Scenario.ERROR_MORE_DATA, 1, null, 0, 1L),
                stuck.answerSessions("netadmin", 1, null, null, ALL, 0L));
        assertEquals(new Scenario.Answer<>(Scenario.ERROR_MORE_DATA, 1, null, 0, 5L),
                stuck.answerSessions("netadmin", 1, "\\\\nosuch", "nobody", ALL, 5L));
    }

    @Test
    void rule13ClientThenUserIgnoringCase() {
        assertEquals(List.of(BOB, ALICE_AGAIN), SESSIONS.answerSessions("netadmin", 1, "\\\\WS02", null, ALL, 0L)
                .entries());
        assertEquals(List.of(ALICE, ALICE_AGAIN), SESSIONS.answerSessions("netadmin", 1, null, "Alice", ALL, 0L)
                .entries());
        assertEquals(List.of(ALICE_AGAIN), SESSIONS.answerSessions("netadmin", 502, "\\\\ws02", "alice", ALL, 0L)
                .entries());
        assertFailed(Scenario.NERR_CLIENT_NAME_NOT_FOUND, 3L, SESSIONS.answerSessions("netadmin", 1, "\\\\WS03", null,
                ALL, 3L));
        // A NULL computer never matches, not even an empty name; the client is judged before the user.
        assertFailed(Scenario.NERR_CLIENT_NAME_NOT_FOUND, 0L, SESSIONS.answerSessions("netadmin", 0, "\\\\", null, ALL,
                0L));
        assertFailed(Scenario.NERR_CLIENT_NAME_NOT_FOUND, 0L, SESSIONS.answerSessions("netadmin", 0, "\\\\WS03",
                "nobody", ALL, 0L));
        assertFailed(Scenario.NERR_USER_NOT_FOUND, null, SESSIONS.answerSessions("netadmin", 10, null, "carol", ALL,
                null));
        assertFailed(Scenario.NERR_USER_NOT_FOUND, 0L, SESSIONS.answerSessions("netadmin", 10, "\\\\WS01", "bob", ALL,
                0L));
        // No sessions at all and no filter: a success with nothing in it.
        assertEquals(new Scenario.Answer<>(0, 10, List.of(), 0, 0L),
                Scenario.empty().answerSessions("netadmin", 10, null, null, ALL, 0L));
    }

    /** Each level's fixed part and strings, at the boundary where a second entry just fits or just does not. */
    @Test
    void rule14SessionCostPerLevel() {
        // ALICE: computer "WS01" 10 bytes, user "alice" 12, client type "Windows 10" 22, transport 38.
        assertEquals(14, Scenario.sessionCost(0, ALICE));
        assertEquals(24 + 22, Scenario.sessionCost(1, ALICE));
        assertEquals(28 + 44, Scenario.sessionCost(2, ALICE));
        assertEquals(16 + 22, Scenario.sessionCost(10, ALICE));
        assertEquals(32 + 44 + 38, Scenario.sessionCost(502, ALICE));
        // NOBODY: no strings at all.
        assertEquals(List.of(4L, 24L, 28L, 16L, 32L), Arrays.stream(new int[] {0, 1, 2, 10, 502})
                .mapToObj(level -> Scenario.sessionCost(level, NOBODY)).toList());
        Scenario two = Scenario.empty().withSessions(List.of(ALICE, ALICE, ALICE));
        for (int level : new int[] {0, 1, 2, 10, 502}) {
            long cost = Scenario.sessionCost(level, ALICE);
            assertEquals(new Scenario.Answer<>(Scenario.ERROR_MORE_DATA, level, List.of(ALICE, ALICE), 3, 2L),
                    two.answerSessions("netadmin", level, null, null, 2 * cost, 0L), "level " + level);
            assertEquals(new Scenario.Answer<>(Scenario.ERROR_MORE_DATA, level, List.of(ALICE), 3, 1L),
                    two.answerSessions("netadmin", level, null, null, 2 * cost - 1, 0L), "level " + level);
            // At least one entry, however small the page.
            assertEquals(new Scenario.Answer<>(0, level, List.of(ALICE), 1, 0L),
                    two.answerSessions("netadmin", level, null, null, 1, 2L), "level " + level);
        }
    }

    @Test
    void rule14PagingQuirksAsForConnections() {
        Scenario quirky = SESSIONS.withQuirks(new Scenario.Quirks(true, Scenario.ResumeAtEnd.COUNT,
                Scenario.EmptyArray.NULL, false, 0));
        assertEquals(new Scenario.Answer<>(0, 1, List.of(ALICE, BOB, ALICE_AGAIN, NOBODY), 4, 4L),
                quirky.answerSessions("netadmin", 1, null, null, 1, 0L));
        assertEquals(new Scenario.Answer<>(0, 1, null, 0, 4L), quirky.answerSessions("netadmin", 1, null, null, 1, 9L));
        assertEquals(new Scenario.Answer<>(0, 1, List.of(), 0, 0L),
                SESSIONS.answerSessions("netadmin", 1, null, null, 1, 9L));
        assertEquals(new Scenario.Answer<>(0, 1, List.of(ALICE, BOB, ALICE_AGAIN, NOBODY), 4, null),
                SESSIONS.answerSessions("netadmin", 1, null, null, ALL, null));
    }

    // ---------------------------------------------------------------- NetrFileEnum

    @Test
    void rule15FileLevels() {
        assertEquals(new Scenario.Answer<>(0, 2, List.of(REPORT, NOTES, OTHER, NAMELESS), 4, 0L),
                FILES.answerFiles("netadmin", 2, null, null, ALL, 0L));
        assertEquals(new Scenario.Answer<>(0, 3, List.of(REPORT, NOTES, OTHER, NAMELESS), 4, 0L),
                FILES.answerFiles("netadmin", 3, null, null, ALL, 0L));
        for (long level : new long[] {0, 1, 4, 502, 0xFFFF_FFFFL}) {
            assertFailed(Scenario.ERROR_INVALID_LEVEL, 2L, FILES.answerFiles("netadmin", level, null, null, ALL, 2L));
        }
        assertFailed(Scenario.ERROR_ACCESS_DENIED, 0L, FILES.withDeniedUsers("netuser")
                .answerFiles("NETUSER", 3, null, null, ALL, 0L));
    }

    @Test
    void rule16StatusAndNoProgressAsForConnections() {
        assertFailed(Scenario.ERROR_MORE_DATA, 1L, FILES.withStatus(Scenario.ERROR_MORE_DATA)
                .answerFiles("netadmin", 3, "any path", "anyone", ALL, 1L));
        Scenario stuck = FILES.withQuirks(new Scenario.Quirks(false, Scenario.ResumeAtEnd.ZERO,
                Scenario.EmptyArray.EMPTY, true, 0));
        assertEquals(new Scenario.Answer<>(Scenario.ERROR_MORE_DATA, 2, List.of(), 0, null),
                stuck.answerFiles("netadmin", 2, null, null, ALL, null));
    }

    @Test
    void rule17BasePathPrefixAndUserIgnoringCaseNoMatchIsEmpty() {
        assertEquals(List.of(REPORT, NOTES), FILES.answerFiles("netadmin", 3, "c:\\DATA", null, ALL, 0L).entries());
        assertEquals(List.of(REPORT), FILES.answerFiles("netadmin", 3, "C:\\data\\report.txt", null, ALL, 0L)
                .entries());
        assertEquals(List.of(REPORT, OTHER), FILES.answerFiles("netadmin", 3, null, "Alice", ALL, 0L).entries());
        assertEquals(List.of(OTHER), FILES.answerFiles("netadmin", 2, "d:", "alice", ALL, 0L).entries());
        // No match is a success with no entries (MS-SRVS lists no not-found status for NetrFileEnum).
        assertEquals(new Scenario.Answer<>(0, 3, List.of(), 0, 0L),
                FILES.answerFiles("netadmin", 3, "E:\\", null, ALL, 0L));
        assertEquals(new Scenario.Answer<>(0, 3, List.of(), 0, 0L),
                FILES.answerFiles("netadmin", 3, null, "carol", ALL, 0L));
        // A longer base path than any file's path matches nothing; empty strings are no filter.
        assertEquals(List.of(), FILES.answerFiles("netadmin", 3, "C:\\data\\report.txt.bak", null, ALL, 0L)
                .entries());
        assertEquals(4, FILES.answerFiles("netadmin", 3, "", "", ALL, 0L).totalEntries());
    }

    @Test
    void rule18FileCost() {
        assertEquals(4, Scenario.fileCost(2, REPORT));
        // REPORT: path 38 bytes, user 12; NOTES: 36 and 8; OTHER: 22 and 12.
        assertEquals(20 + 38 + 12, Scenario.fileCost(3, REPORT));
        assertEquals(20, Scenario.fileCost(3, NAMELESS));
        assertEquals(new Scenario.Answer<>(Scenario.ERROR_MORE_DATA, 2, List.of(REPORT, NOTES), 4, 2L),
                FILES.answerFiles("netadmin", 2, null, null, 8, 0L));
        assertEquals(new Scenario.Answer<>(Scenario.ERROR_MORE_DATA, 3, List.of(REPORT), 4, 1L),
                FILES.answerFiles("netadmin", 3, null, null, 70 + 64 - 1, 0L));
        assertEquals(new Scenario.Answer<>(Scenario.ERROR_MORE_DATA, 3, List.of(NOTES, OTHER), 3, 3L),
                FILES.answerFiles("netadmin", 3, null, null, 64 + 54, 1L));
    }

    // ---------------------------------------------------------------- Samba's way (quirks.sambaSessionsFiles)

    /** The quirk alone: no page-size or resume quirk of rule 8 with it, so that those play no part. */
    private static final Scenario.Quirks SAMBA_ALONE = Scenario.Quirks.NONE.withSambaSessionsFiles(true);
    private static final List<Scenario.Session> EVERY_SESSION = List.of(ALICE, BOB, ALICE_AGAIN, NOBODY);
    private static final List<Scenario.OpenFile> EVERY_FILE = List.of(REPORT, NOTES, OTHER, NAMELESS);

    @Test
    void sambaServesSessionsAtLevels0And1Only() {
        Scenario samba = SESSIONS.withQuirks(SAMBA_ALONE);
        for (long level : new long[] {0, 1}) {
            assertEquals(new Scenario.Answer<>(0, (int) level, EVERY_SESSION, 4, 4L),
                    samba.answerSessions("netadmin", level, null, null, ALL, 0L), "level " + level);
        }
        for (long level : new long[] {2, 3, 10, 502, 0xFFFF_FFFFL}) {
            assertFailed(Scenario.ERROR_INVALID_LEVEL, 3L, samba.answerSessions("netadmin", level, null, null, ALL,
                    3L));
        }
    }

    /** Samba checks for an administrator before it looks at the level of NetrSessionEnum. */
    @Test
    void sambaJudgesTheSessionCallerBeforeTheLevel() {
        Scenario samba = SESSIONS.withQuirks(Scenario.Quirks.samba()).withDeniedUsers("netuser");
        for (long level : new long[] {0, 1, 10, 502, 7}) {
            assertFailed(Scenario.ERROR_ACCESS_DENIED, 0L, samba.answerSessions("NetUser", level, null, null, ALL,
                    0L));
        }
        assertEquals(4, samba.answerSessions("netadmin", 1, null, null, ALL, 0L).totalEntries());
    }

    /** Neither filter is looked at: every session, status 0, never 2312, 2221 or 87. */
    @Test
    void sambaIgnoresBothSessionFilters() {
        Scenario samba = SESSIONS.withQuirks(SAMBA_ALONE);
        String[][] filters = {{"\\\\WS09", null}, {"WS01", null}, {"\\WS01", null}, {"\\\\", null},
            {null, "carol"}, {"\\\\WS09", "carol"}, {"\\\\WS01", "bob"}, {"\\\\ws02", "alice"}, {"", ""}};
        for (String[] filter : filters) {
            for (long level : new long[] {0, 1}) {
                assertEquals(new Scenario.Answer<>(0, (int) level, EVERY_SESSION, 4, 4L),
                        samba.answerSessions("netadmin", level, filter[0], filter[1], ALL, 0L),
                        Arrays.toString(filter) + " at level " + level);
            }
        }
    }

    /** The page size is ignored: a one-byte page holds every session, and "more data" is never sent. */
    @Test
    void sambaIgnoresTheSessionPageSize() {
        Scenario samba = SESSIONS.withQuirks(SAMBA_ALONE);
        for (long size : new long[] {0, 1, 20, 100}) {
            assertEquals(new Scenario.Answer<>(0, 1, EVERY_SESSION, 4, 4L),
                    samba.answerSessions("netadmin", 1, null, null, size, 0L), "page size " + size);
        }
    }

    /**
     * The resume handle is the index of the first session; TotalEntries is every session; the
     * handle back is the number of sessions, or 0 from an index past the end, whatever
     * {@code resumeAtEnd} says.
     */
    @Test
    void sambaTakesTheSessionResumeHandleAsAnIndex() {
        for (Scenario.Quirks quirks : List.of(SAMBA_ALONE, Scenario.Quirks.samba())) {
            Scenario samba = SESSIONS.withQuirks(quirks);
            assertEquals(new Scenario.Answer<>(0, 1, List.of(BOB, ALICE_AGAIN, NOBODY), 4, 4L),
                    samba.answerSessions("netadmin", 1, null, null, 1, 1L), quirks.toString());
            assertEquals(new Scenario.Answer<>(0, 0, List.of(NOBODY), 4, 4L),
                    samba.answerSessions("netadmin", 0, null, null, ALL, 3L), quirks.toString());
            assertEquals(new Scenario.Answer<>(0, 1, EVERY_SESSION, 4, null),
                    samba.answerSessions("netadmin", 1, null, null, 1, null), quirks.toString());
            List<Scenario.Session> none = quirks.emptyArray() == Scenario.EmptyArray.NULL ? null : List.of();
            for (long past : new long[] {4, 5, 0xFFFF_FFFFL}) {
                assertEquals(new Scenario.Answer<>(0, 1, none, 4, 0L),
                        samba.answerSessions("netadmin", 1, "\\\\WS09", null, 1, past), quirks + ", from " + past);
            }
        }
        assertEquals(new Scenario.Answer<>(0, 1, List.of(), 0, 0L),
                Scenario.empty().withQuirks(SAMBA_ALONE).answerSessions("netadmin", 1, null, "bob", ALL, 0L));
    }

    /** Rule 12 still holds: the scenario's status and the no-progress server are not Samba's to drop. */
    @Test
    void sambaKeepsTheStatusAndNoProgressForSessionsAndFiles() {
        Scenario status = SESSIONS.withFiles(EVERY_FILE).withQuirks(SAMBA_ALONE).withStatus(0xDEADL);
        assertFailed(0xDEADL, 2L, status.answerSessions("netadmin", 1, "WS01", null, ALL, 2L));
        assertFailed(0xDEADL, 2L, status.answerFiles("netadmin", 3, null, null, ALL, 2L));
        Scenario stuck = SESSIONS.withFiles(EVERY_FILE).withQuirks(new Scenario.Quirks(false, Scenario.ResumeAtEnd.ZERO,
                Scenario.EmptyArray.EMPTY, true, 0).withSambaSessionsFiles(true));
        assertEquals(new Scenario.Answer<>(Scenario.ERROR_MORE_DATA, 1, List.of(), 0, 1L),
                stuck.answerSessions("netadmin", 1, null, null, ALL, 0L));
        assertEquals(new Scenario.Answer<>(Scenario.ERROR_MORE_DATA, 3, List.of(), 0, 1L),
                stuck.answerFiles("netadmin", 3, null, null, ALL, 0L));
    }

    @Test
    void sambaServesFilesAtLevel3Only() {
        Scenario samba = FILES.withQuirks(SAMBA_ALONE);
        assertEquals(new Scenario.Answer<>(0, 3, EVERY_FILE, 4, 0L), samba.answerFiles("netadmin", 3, null, null, ALL,
                0L));
        for (long level : new long[] {2, 0, 1, 502, 0xFFFF_FFFFL}) {
            assertFailed(Scenario.ERROR_INVALID_LEVEL, 5L, samba.answerFiles("netadmin", level, null, null, ALL, 5L));
        }
    }

    /** Samba looks at the level of NetrFileEnum before it checks for an administrator. */
    @Test
    void sambaJudgesTheFileLevelBeforeTheCaller() {
        Scenario samba = FILES.withQuirks(Scenario.Quirks.samba()).withDeniedUsers("netuser");
        for (long level : new long[] {2, 0, 10}) {
            assertFailed(Scenario.ERROR_INVALID_LEVEL, 0L, samba.answerFiles("NETUSER", level, null, null, ALL, 0L));
        }
        assertFailed(Scenario.ERROR_ACCESS_DENIED, 0L, samba.answerFiles("NETUSER", 3, null, null, ALL, 0L));
        // Without the quirk the caller comes first, as rule 1 says.
        assertFailed(Scenario.ERROR_ACCESS_DENIED, 0L, FILES.withDeniedUsers("netuser")
                .answerFiles("NETUSER", 2, null, null, ALL, 0L));
    }

    /** The base path is ignored; the user filter is honoured, ignoring case, and an unknown user is an empty list. */
    @Test
    void sambaIgnoresTheBasePathAndHonoursTheUser() {
        Scenario samba = FILES.withQuirks(SAMBA_ALONE);
        for (String path : new String[] {"E:\\nothing", "c:\\data", "", null}) {
            assertEquals(new Scenario.Answer<>(0, 3, EVERY_FILE, 4, 0L),
                    samba.answerFiles("netadmin", 3, path, null, ALL, 0L), "base path " + path);
            assertEquals(new Scenario.Answer<>(0, 3, List.of(REPORT, OTHER), 2, 0L),
                    samba.answerFiles("netadmin", 3, path, "Alice", ALL, 0L), "base path " + path);
        }
        assertEquals(new Scenario.Answer<>(0, 3, List.of(), 0, 0L), samba.answerFiles("netadmin", 3, null, "carol",
                ALL, 0L));
        assertEquals(new Scenario.Answer<>(0, 3, null, 0, null), FILES.withQuirks(Scenario.Quirks.samba())
                .answerFiles("netadmin", 3, "C:\\data", "carol", ALL, null));
    }

    /**
     * The page size and the resume handle are ignored: every call lists every matching file from
     * the first, never with "more data", and sends the handle back exactly as it came.
     */
    @Test
    void sambaIgnoresTheFilePageSizeAndSendsTheResumeHandleBackAsItCame() {
        for (Scenario.Quirks quirks : List.of(SAMBA_ALONE, Scenario.Quirks.samba())) {
            Scenario samba = FILES.withQuirks(quirks);
            for (long resume : new long[] {0, 1, 2, 4, 1000, 0xFFFF_FFFFL}) {
                for (long size : new long[] {1, 70, ALL}) {
                    assertEquals(new Scenario.Answer<>(0, 3, EVERY_FILE, 4, resume),
                            samba.answerFiles("netadmin", 3, null, null, size, resume),
                            quirks + ", handle " + resume + ", page size " + size);
                }
            }
            assertEquals(new Scenario.Answer<>(0, 3, List.of(NOTES), 1, null),
                    samba.answerFiles("netadmin", 3, null, "BOB", 1, null), quirks.toString());
            assertEquals(new Scenario.Answer<>(0, 3, List.of(REPORT, OTHER), 2, 2L),
                    samba.answerFiles("netadmin", 3, "D:", "alice", 1, 2L), quirks.toString());
        }
    }

    // ---------------------------------------------------------------- the reference adapters

    @Test
    void theReferenceSessionEnumeratorMapsEveryLevel() throws Exception {
        MemoryServer memory = new MemoryServer();
        memory.load(SESSIONS);
        try (SessionEnumerator reference = new ReferenceSessionEnumerator(memory, Account.ADMIN, TIMEOUT)) {
            assertEquals(List.of(SessionInfo.Level0.of("WS01"), SessionInfo.Level0.of("ws02"),
                    SessionInfo.Level0.of("Ws02"), SessionInfo.Level0.of(null)),
                    reference.enumerateAll(SessionQuery.on(MemoryServer.NAME, SessionLevel.LEVEL_0)));
            assertEquals(List.of(SessionInfo.Level1.of("WS01", "alice", 2, 60, 5, 0)),
                    reference.enumerateAll(SessionQuery.on(MemoryServer.NAME, SessionLevel.LEVEL_1)
                            .fromClient("ws01")));
            assertEquals(List.of(SessionInfo.Level2.of("ws02", "Bob", 0, 7, 7, 1, null)),
                    reference.enumerateAll(SessionQuery.on(MemoryServer.NAME, SessionLevel.LEVEL_2).ofUser("bob")));
            assertEquals(List.of(SessionInfo.Level10.of("WS01", "alice", 60, 5), SessionInfo.Level10.of("Ws02", "ALICE",
                    1, 0)), reference.enumerateAll(SessionQuery.on(MemoryServer.NAME, SessionLevel.LEVEL_10)
                    .ofUser("alice"), PageSize.ofBytes(1)));
            assertEquals(List.of(SessionInfo.Level502.of("Ws02", "ALICE", 1, 1, 0, 2, "Samba", "")),
                    reference.enumerateAll(SessionQuery.on(MemoryServer.NAME, SessionLevel.LEVEL_502)
                            .fromClient("\\\\WS02").ofUser("Alice")));
            NetApiStatusException notFound = assertThrows(NetApiStatusException.class, () -> reference.enumerateAll(
                    SessionQuery.on(MemoryServer.NAME, SessionLevel.LEVEL_0).fromClient("WS09")));
            assertEquals(Scenario.NERR_CLIENT_NAME_NOT_FOUND, notFound.code());
            assertEquals(NetApiStatusException.Kind.NOT_FOUND, notFound.kind());
            assertEquals(Scenario.NERR_USER_NOT_FOUND, assertThrows(NetApiStatusException.class,
                    () -> reference.enumerateAll(SessionQuery.on(MemoryServer.NAME, SessionLevel.LEVEL_0)
                            .ofUser("carol"))).code());
            assertThrows(HostUnreachableException.class,
                    () -> reference.enumerateAll(SessionQuery.on("elsewhere", SessionLevel.LEVEL_0)));
        }
        assertEquals(0, memory.outstandingHandles().getAsLong());
        assertEquals(1, memory.logins().getAsLong());
    }

    @Test
    void theReferenceFileEnumeratorMapsBothLevels() throws Exception {
        MemoryServer memory = new MemoryServer();
        memory.load(FILES);
        try (FileEnumerator reference = new ReferenceFileEnumerator(memory, Account.ADMIN, TIMEOUT)) {
            assertEquals(List.of(new FileInfo.Level2(7), new FileInfo.Level2(8), new FileInfo.Level2(0xFFFF_FFFFL),
                    new FileInfo.Level2(9)), reference.enumerateAll(FileQuery.on(MemoryServer.NAME, FileLevel.LEVEL_2),
                    PageSize.ofBytes(1)));
            assertEquals(List.of(FileInfo.Level3.of(7, 3, 1, "C:\\data\\report.txt", "alice"),
                    FileInfo.Level3.of(0xFFFF_FFFFL, 7, 0xFFFF_FFFFL, "D:\\other\\x", "ALICE")),
                    reference.enumerateAll(FileQuery.on(MemoryServer.NAME, FileLevel.LEVEL_3).ofUser("alice")));
            assertEquals(List.of(FileInfo.Level3.of(8, 1, 0, "C:\\Data\\notes.txt", "bob")),
                    reference.enumerateAll(FileQuery.on(MemoryServer.NAME, FileLevel.LEVEL_3).under("c:\\data\\n")));
            memory.load(FILES.withDeniedUsers(Account.ADMIN.user()));
            assertEquals(NetApiStatusException.Kind.ACCESS_DENIED, assertThrows(NetApiStatusException.class,
                    () -> reference.enumerateAll(FileQuery.on(MemoryServer.NAME, FileLevel.LEVEL_3))).kind());
        }
        assertEquals(0, memory.outstandingHandles().getAsLong());
    }

    /** Pages of every size add up to the one-shot answer, at every level, for both calls, also Samba's way. */
    @Test
    void pagesUnionToTheWholeAnswer() {
        for (Scenario scenario : List.of(rich(), rich().withQuirks(SAMBA_ALONE))) {
            assertPagesUnionToTheWholeAnswer(scenario);
        }
    }

    private static void assertPagesUnionToTheWholeAnswer(Scenario scenario) {
        for (long level : new long[] {0, 1, 2, 10, 502}) {
            if (scenario.quirks().sambaSessionsFiles() && level > 1) {
                continue;
            }
            for (long size = 1; size < 400; size += 7) {
                long pageSize = size;
                assertEquals(scenario.answerSessions("x", level, null, null, ALL, 0L).entries(),
                        collect(resume -> scenario.answerSessions("x", level, null, null, pageSize, resume)));
            }
        }
        for (long level : new long[] {2, 3}) {
            if (scenario.quirks().sambaSessionsFiles() && level == 2) {
                continue;
            }
            for (long size = 1; size < 400; size += 7) {
                long pageSize = size;
                assertEquals(scenario.answerFiles("x", level, "c:\\data", null, ALL, 0L).entries(),
                        collect(resume -> scenario.answerFiles("x", level, "c:\\data", null, pageSize, resume)));
            }
        }
    }

    private static <E> List<E> collect(Function<Long, Scenario.Answer<E>> call) {
        List<E> all = new ArrayList<>();
        long resume = 0;
        for (int calls = 0; calls < 1000; calls++) {
            Scenario.Answer<E> answer = call.apply(resume);
            assertTrue(answer.ok(), () -> "status " + answer.status());
            all.addAll(answer.entries());
            if (answer.status() == Scenario.NERR_SUCCESS) {
                return all;
            }
            resume = answer.resumeHandle();
        }
        throw new AssertionError("no end after 1000 pages");
    }

    @Test
    void valuesAreUnsignedDwords() {
        assertThrows(IllegalArgumentException.class, () -> new Scenario.Session("c", "u", -1, 0, 0, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new Scenario.Session("c", "u", 0, 0, 0x1_0000_0000L, 0, null,
                null));
        assertThrows(IllegalArgumentException.class, () -> new Scenario.OpenFile(1, 0x1_0000_0000L, 0, "p", "u"));
        assertThrows(IllegalArgumentException.class, () -> Scenario.OpenFile.of(-1, "p", "u"));
    }

    @Test
    void jsonHoldsSessionsFilesAndTheQuirk() {
        Scenario scenario = Scenario.empty().withSessions(List.of(ALICE, NOBODY))
                .withFiles(List.of(new Scenario.OpenFile(7, 3, 1, "C:\\d\u00E9", null)))
                .withQuirks(Scenario.Quirks.samba());
        String json = scenario.toJson();
        assertTrue(json.contains("  \"sessions\": [\n"
                + "    {\"computer\": \"WS01\", \"user\": \"alice\", \"opens\": 2, \"seconds\": 60, \"idleSeconds\": 5,"
                + " \"flags\": 0, \"clientType\": \"Windows 10\", \"transport\": \"\\\\Device\\\\NetbiosSmb\"},\n"
                + "    {\"computer\": null, \"user\": null, \"opens\": 0, \"seconds\": 0, \"idleSeconds\": 0,"
                + " \"flags\": 0, \"clientType\": null, \"transport\": null}],\n"
                + "  \"files\": [\n"
                + "    {\"id\": 7, \"permissions\": 3, \"locks\": 1, \"path\": \"C:\\\\d\\u00e9\","
                + " \"user\": null}],\n"),
                json);
        assertTrue(json.endsWith("\"hostile\": \"none\", \"sambaSessionsFiles\": true}\n}\n"), json);
    }

    private static void assertFailed(long status, Long resume, Scenario.Answer<?> answer) {
        assertEquals(status, answer.status(), "status");
        assertEquals(null, answer.entries(), "a failed call's array is NULL");
        assertEquals(0, answer.totalEntries(), "a failed call's TotalEntries");
        assertEquals(resume, answer.resumeHandle(), "a failed call's resume handle");
    }
}
