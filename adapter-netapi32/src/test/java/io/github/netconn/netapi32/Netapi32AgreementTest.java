package io.github.netconn.netapi32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.FileLevel;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.SessionLevel;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.AgreementCheck;
import io.github.netconn.testkit.Scenario;
import io.github.netconn.testkit.ScriptedServer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * C13, S13 and F13: the netapi32 adapter over the native stand-in and the msrpc adapter over
 * the scripted server, fed the same scenario, return the same connections, sessions and open
 * files, in the same order, with the same statuses and the same paging; and so do the msrpc
 * adapter's two SMB libraries, smbj and jcifs.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the native stand-in is a Linux library; WindowsNetapi32Test covers Windows")
class Netapi32AgreementTest {

    static StandIn standIn;
    static ScriptedServer scripted;
    static Netapi32ConnectionEnumerator netapi32;
    static MsrpcConnectionEnumerator msrpc;
    static MsrpcConnectionEnumerator msrpcOnJcifs;

    @BeforeAll
    static void start() {
        standIn = new StandIn();
        scripted = ScriptedServer.start();
        netapi32 = Netapi32ConnectionEnumerator.builder().library(StandIn.library()).build();
        // The scripted server (impacket 0.10) speaks SMB 2.0.2 only, which must be asked for.
        msrpc = MsrpcConnectionEnumerator.builder().dialects(MsrpcConnectionEnumerator.Dialect.SMB202,
                        MsrpcConnectionEnumerator.Dialect.SMB311)
                .credentials(Account.ADMIN.domain(), Account.ADMIN.user(),
                        Account.ADMIN.password().toCharArray()).build();
        msrpcOnJcifs = MsrpcConnectionEnumerator.builder().smbLibrary(MsrpcConnectionEnumerator.SmbLibrary.JCIFS)
                .dialects(MsrpcConnectionEnumerator.Dialect.SMB202, MsrpcConnectionEnumerator.Dialect.SMB311)
                .credentials(Account.ADMIN.domain(), Account.ADMIN.user(),
                        Account.ADMIN.password().toCharArray()).build();
    }

    @AfterAll
    static void stop() {
        netapi32.close();
        msrpc.close();
        msrpcOnJcifs.close();
        scripted.close();
        standIn.close();
    }

    static List<Scenario.Connection> connections(int count) {
        List<Scenario.Connection> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String odd = oddName(i);
            list.add(new Scenario.Connection(i * 7L % 0xFFFF_FFFFL, i % 4 | (i % 3 == 0 ? 0x8000_0000L : 0), i % 11,
                    1 + i % 3, 0xFFFF_FFFFL - i, odd, i % 13 == 0 ? null : "WS" + (i % 50), i % 2 == 0 ? "DATA" : "PUBLIC"));
        }
        return list;
    }

    /** {@code count} sessions from fifty computers, with the five kinds of name as user and client type. */
    static List<Scenario.Session> sessions(int count) {
        List<Scenario.Session> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new Scenario.Session(i % 13 == 0 ? null : "WS" + (i % 50), oddName(i), i % 11,
                    0xFFFF_FFFFL - i, i % 7, i % 4, oddName(i + 1), i % 3 == 0 ? null : "\\Device\\NetbiosSmb"));
        }
        return list;
    }

    /** {@code count} open files under C:\data and C:\public, with the five kinds of name as path tail and user. */
    static List<Scenario.OpenFile> files(int count) {
        List<Scenario.OpenFile> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String tail = oddName(i + 2);
            list.add(new Scenario.OpenFile(i * 13L % 0xFFFF_FFFFL, i % 8, i % 5,
                    tail == null ? null : (i % 2 == 0 ? "C:\\data\\" : "C:\\public\\") + tail, oddName(i)));
        }
        return list;
    }

    /** Every port's standard queries, and for small scenarios pages of one entry as well. */
    private static List<AgreementCheck.PortQuery> everyPort() {
        List<AgreementCheck.PortQuery> queries = new ArrayList<>(smallPages());
        queries.addAll(AgreementCheck.standardSessionQueries("WS7", "user0"));
        queries.addAll(AgreementCheck.standardFileQueries("C:\\DATA", "user0"));
        queries.add(new AgreementCheck.SessionQuery(null, null, SessionLevel.LEVEL_502, PageSize.ofBytes(1)));
        queries.add(new AgreementCheck.FileQuery(null, null, FileLevel.LEVEL_3, PageSize.ofBytes(1)));
        return queries;
    }

    /** The {@code i}th of five kinds of name: plain, NULL, outside the BMP and accented, up to 1,023 units, empty. */
    static String oddName(int i) {
        return switch (i % 5) {
            case 0 -> "user" + i;
            case 1 -> null;
            case 2 -> "\uD83D\uDE00 " + i + " \u00E9t\u00E9";
            case 3 -> "u".repeat(1 + i % 1023);
            default -> "";
        };
    }

    /** The standard queries, and for small scenarios pages of one entry as well. */
    private static List<AgreementCheck.Query> smallPages() {
        List<AgreementCheck.Query> queries = new ArrayList<>(AgreementCheck.standardQueries("DATA", "\\\\WS7"));
        for (ConnectionLevel<?> level : ConnectionLevel.values()) {
            queries.add(new AgreementCheck.Query("PUBLIC", level, PageSize.ofBytes(1)));
        }
        return queries;
    }

    /** Thousands of entries, in pages of some tens of entries (pages of one would take minutes). */
    private static List<AgreementCheck.Query> largePages() {
        List<AgreementCheck.Query> queries = new ArrayList<>();
        for (String qualifier : List.of("DATA", "PUBLIC", "\\\\WS7", "NO_SUCH_SHARE")) {
            for (ConnectionLevel<?> level : ConnectionLevel.values()) {
                for (PageSize size : List.of(PageSize.ALL, PageSize.ofBytes(2_000), PageSize.ofBytes(20_000))) {
                    queries.add(new AgreementCheck.Query(qualifier, level, size));
                }
            }
        }
        return queries;
    }

    static Stream<Arguments> scenarios() {
        Scenario base = Scenario.empty().withShares("DATA", "PUBLIC", "ARCHIVE");
        List<Arguments> list = new ArrayList<>();
        Scenario some = base.withConnections(connections(60)).withSessions(sessions(60)).withFiles(files(60));
        Scenario few = base.withConnections(connections(10)).withSessions(sessions(10)).withFiles(files(10));
        list.add(Arguments.of("thousands of entries", base.withConnections(connections(3_000)), largePages()));
        list.add(Arguments.of("unusual strings, small pages", some, everyPort()));
        list.add(Arguments.of("Samba's quirks", some.withQuirks(Scenario.Quirks.samba()), everyPort()));
        list.add(Arguments.of("no connections, sessions or files", base, everyPort()));
        for (long status : new long[] {5, 8, 87, 123, 124, 2123, 2221, 2310, 2312, 0xC000_0022L}) {
            list.add(Arguments.of("status " + status, few.withStatus(status), everyPort()));
        }
        list.add(Arguments.of("access denied", few.withDeniedUsers("netadmin"), everyPort()));
        return list.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void bothAdaptersAgree(String name, Scenario scenario, List<? extends AgreementCheck.PortQuery> queries)
            throws Exception {
        standIn.load(scenario);
        scripted.load(scenario);
        AgreementCheck.Report report = AgreementCheck.compare(
                new AgreementCheck.Side("netapi32 over the stand-in", netapi32, StandIn.SERVER),
                new AgreementCheck.Side("msrpc over the scripted server", msrpc, scripted.serverName()),
                queries);
        assertTrue(report.agrees(), report::toString);
        AgreementCheck.Report libraries = AgreementCheck.compare(
                new AgreementCheck.Side("msrpc on smbj", msrpc, scripted.serverName()),
                new AgreementCheck.Side("msrpc on jcifs", msrpcOnJcifs, scripted.serverName()),
                queries);
        assertTrue(libraries.agrees(), libraries::toString);
        assertEquals(0, standIn.outstandingBuffers(), "buffers not freed");
        assertEquals(0, standIn.badFrees(), "buffers freed twice or never allocated");
    }
}
