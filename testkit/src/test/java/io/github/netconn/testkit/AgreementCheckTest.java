package io.github.netconn.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.FileLevel;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.SessionLevel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The agreement check (C13, S13, F13) reports nothing for equal adapters and every field that differs otherwise. */
class AgreementCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static MemoryServer serving(Scenario scenario) {
        MemoryServer server = new MemoryServer();
        server.load(scenario);
        return server;
    }

    @Test
    void twoReferencesAgree() {
        MemoryServer server = serving(ScenarioContract.rich());
        AgreementCheck.Report report = AgreementCheck.compare(
                new AgreementCheck.Side("a", new ReferenceConnectionEnumerator(server, Account.ADMIN, TIMEOUT), MemoryServer.NAME),
                new AgreementCheck.Side("b", new ReferenceConnectionEnumerator(server, Account.ADMIN, TIMEOUT), MemoryServer.NAME),
                AgreementCheck.standardQueries("DATA", "\\\\WS0001"));
        assertTrue(report.agrees(), report::toString);
        assertEquals(24, report.queries());
    }

    @Test
    void differencesAreReportedFieldByField() {
        Scenario scenario = ScenarioContract.rich();
        MemoryServer server = serving(scenario);
        ConnectionEnumerator reference = new ReferenceConnectionEnumerator(server, Account.ADMIN, TIMEOUT);
        ConnectionEnumerator renamesTheThird = new ConnectionEnumerator() {
            @Override
            public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query,
                    PageSize pageSize, ResumeHandle resume)
                    throws NetConnException {
                Page<T> page = reference.enumeratePage(query, pageSize, resume);
                List<ConnectionInfo> entries = page.entries().stream().map(e -> e.id() == 1002
                        && e instanceof ConnectionInfo.Level1 l1
                        ? new ConnectionInfo.Level1(l1.id(), l1.shareType(), l1.openCount() + 1, l1.userCount(),
                                l1.secondsConnected(), Optional.of("mallory"), l1.netName())
                        : e).collect(Collectors.toList());
                return new Page<ConnectionInfo>(entries, page.totalEntries(), page.resumeHandle(),
                        page.moreData()).as(query.level());
            }

            @Override
            public void close() {
            }
        };
        AgreementCheck.Report report = AgreementCheck.compare(
                new AgreementCheck.Side("reference", reference, MemoryServer.NAME),
                new AgreementCheck.Side("renaming", renamesTheThird, MemoryServer.NAME),
                List.of(new AgreementCheck.Query("DATA", io.github.netconn.api.ConnectionLevel.LEVEL_1, PageSize.ALL)));
        assertFalse(report.agrees());
        assertEquals(List.of(
                "DATA at LEVEL_1, PageSize[ALL]: page 1 entry 3 openCount: 2 <> 3",
                "DATA at LEVEL_1, PageSize[ALL]: page 1 entry 3 userName: Optional[alice] <> Optional[mallory]"),
                report.differences().stream().map(Object::toString).collect(Collectors.toList()));
        assertTrue(report.toString().startsWith("reference and renaming: 1 queries, 2 differences"), report::toString);
    }

    @Test
    void failuresAndPagingAreCompared() {
        MemoryServer plain = serving(ScenarioContract.rich());
        MemoryServer samba = serving(ScenarioContract.rich().withQuirks(Scenario.Quirks.samba()));
        AgreementCheck.Report report = AgreementCheck.compare(
                new AgreementCheck.Side("plain", new ReferenceConnectionEnumerator(plain, Account.ADMIN, TIMEOUT), MemoryServer.NAME),
                new AgreementCheck.Side("samba-like", new ReferenceConnectionEnumerator(samba, Account.ADMIN, TIMEOUT), MemoryServer.NAME),
                List.of(new AgreementCheck.Query("DATA", io.github.netconn.api.ConnectionLevel.LEVEL_0, PageSize.ofBytes(40)),
                        new AgreementCheck.Query("NOSUCH", io.github.netconn.api.ConnectionLevel.LEVEL_0, PageSize.ALL)));
        List<String> found = report.differences().stream().map(Object::toString).collect(Collectors.toList());
        assertTrue(found.contains("DATA at LEVEL_0, PageSize[40 bytes]: number of pages: 4 <> 1"), found::toString);
        assertTrue(found.contains("DATA at LEVEL_0, PageSize[40 bytes]: page 1 more data: true <> false"), found::toString);
        assertTrue(found.stream().noneMatch(d -> d.startsWith("NOSUCH")), "both fail alike on NOSUCH: " + found);
    }

    @Test
    void twoReferencesAgreeOnSessionsAndFiles() {
        MemoryServer server = serving(SessionContract.rich());
        AgreementCheck.Report sessions = AgreementCheck.compare(
                new AgreementCheck.Side("a", new ReferenceSessionEnumerator(server, Account.ADMIN, TIMEOUT),
                        MemoryServer.NAME),
                new AgreementCheck.Side("b", new ReferenceSessionEnumerator(server, Account.ADMIN, TIMEOUT),
                        MemoryServer.NAME),
                AgreementCheck.standardSessionQueries("WS0003", "alice"));
        assertTrue(sessions.agrees(), sessions::toString);
        assertEquals(90, sessions.queries());
        AgreementCheck.Report files = AgreementCheck.compare(
                new AgreementCheck.Side("a", new ReferenceFileEnumerator(server, Account.ADMIN, TIMEOUT),
                        MemoryServer.NAME),
                new AgreementCheck.Side("b", new ReferenceFileEnumerator(server, Account.ADMIN, TIMEOUT),
                        MemoryServer.NAME),
                AgreementCheck.standardFileQueries("C:\\data\\dir1", "alice"));
        assertTrue(files.agrees(), files::toString);
        assertEquals(36, files.queries());
    }

    @Test
    void sessionFieldsAreComparedOneByOneAndTheTimesCanBeLeftOut() {
        Scenario scenario = Scenario.empty().withSessions(List.of(
                new Scenario.Session("WS01", "alice", 2, 60, 5, 0, "Windows 10", "\\Device\\NetbiosSmb")));
        Scenario later = Scenario.empty().withSessions(List.of(
                new Scenario.Session("WS01", "alice", 3, 61, 6, 1, "Windows 10", "\\Device\\NetbiosSmb")));
        List<AgreementCheck.SessionQuery> queries = List.of(
                new AgreementCheck.SessionQuery(null, null, SessionLevel.LEVEL_502, PageSize.ALL));
        AgreementCheck.Side left = new AgreementCheck.Side("then",
                new ReferenceSessionEnumerator(serving(scenario), Account.ADMIN, TIMEOUT), MemoryServer.NAME);
        AgreementCheck.Side right = new AgreementCheck.Side("later",
                new ReferenceSessionEnumerator(serving(later), Account.ADMIN, TIMEOUT), MemoryServer.NAME);
        String query = "sessions of client null, user null at LEVEL_502, PageSize[ALL]: page 1 entry 1 ";
        assertEquals(List.of(query + "openCount: 2 <> 3", query + "active: PT1M <> PT1M1S", query + "idle: PT5S <> PT6S",
                        query + "flags: 0x00000000 <> GUEST (0x00000001)"),
                AgreementCheck.compare(left, right, queries).differences().stream().map(Object::toString).toList());
        assertEquals(List.of(query + "openCount: 2 <> 3", query + "flags: 0x00000000 <> GUEST (0x00000001)"),
                AgreementCheck.compare(left, right, queries, true).differences().stream().map(Object::toString)
                        .toList(), "without the times");
    }

    @Test
    void fileFailuresAndLevelsAreCompared() {
        MemoryServer plain = serving(SessionContract.rich());
        MemoryServer samba = serving(SessionContract.rich().withQuirks(Scenario.Quirks.samba()));
        AgreementCheck.Report report = AgreementCheck.compare(
                new AgreementCheck.Side("plain", new ReferenceFileEnumerator(plain, Account.ADMIN, TIMEOUT),
                        MemoryServer.NAME),
                new AgreementCheck.Side("samba-like", new ReferenceFileEnumerator(samba, Account.ADMIN, TIMEOUT),
                        MemoryServer.NAME),
                List.of(new AgreementCheck.FileQuery(null, "alice", FileLevel.LEVEL_2, PageSize.ALL),
                        new AgreementCheck.FileQuery(null, "alice", FileLevel.LEVEL_3, PageSize.ALL)));
        assertEquals(List.of("files under null, user alice at LEVEL_2, PageSize[ALL]: outcome: success <> "
                        + "NetApiStatusException ERROR_INVALID_LEVEL",
                "files under null, user alice at LEVEL_2, PageSize[ALL]: number of pages: 1 <> 0"),
                report.differences().stream().map(Object::toString).toList());
    }

    @Test
    void aSideOfAnotherPortIsRefused() {
        MemoryServer server = serving(SessionContract.rich());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> AgreementCheck.compare(
                new AgreementCheck.Side("sessions", new ReferenceSessionEnumerator(server, Account.ADMIN, TIMEOUT),
                        MemoryServer.NAME),
                new AgreementCheck.Side("files", new ReferenceFileEnumerator(server, Account.ADMIN, TIMEOUT),
                        MemoryServer.NAME),
                AgreementCheck.standardFileQueries("C:\\data", "alice")));
        assertEquals("sessions's enumerator is not a FileEnumerator", refused.getMessage());
    }
}
