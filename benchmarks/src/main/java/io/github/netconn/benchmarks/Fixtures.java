package io.github.netconn.benchmarks;

import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.FileLevel;
import io.github.netconn.api.FileQuery;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.SessionLevel;
import io.github.netconn.api.SessionQuery;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator;
import io.github.netconn.testkit.Account;
import io.github.netconn.testkit.Scenario;
import java.util.ArrayList;
import java.util.List;

/** What the benchmarks share: the account, the share, the query and the enumerator's options. */
final class Fixtures {

    /** In BUILTIN\Administrators on the testkit's Samba; allowed on the scripted server. */
    static final Account ACCOUNT = Account.ADMIN;

    /** The share every call asks about. */
    static final String SHARE = "DATA";

    /**
     * Connections to {@link #SHARE} in the call benchmarks, each its own session with one file
     * open: small replies, one fragment each.
     */
    static final int SMALL = 4;

    /** The files the held connections open in turn (testkit/servers/samba/setup.sh makes them in every share). */
    static final List<String> FILES = List.of("readme.txt", "table.csv", "docs/notes.txt");

    /** The calls the benchmarks time, by the names their {@code call} parameter and option take. */
    static final List<String> CALLS = List.of("connections", "sessions", "files");

    private Fixtures() {
    }

    /** The adapter with its defaults (smbj, SMB 2.0.2 to 3.1.1, signing required, encryption if the server can, DNS only, no DFS). */
    static MsrpcConnectionEnumerator enumerator() {
        return enumerator(MsrpcConnectionEnumerator.SmbLibrary.SMBJ, MsrpcConnectionEnumerator.Encryption.IF_SERVER_REQUIRES);
    }

    /** The adapter with its defaults but for the SMB layer and the encryption. */
    static MsrpcConnectionEnumerator enumerator(MsrpcConnectionEnumerator.SmbLibrary library,
                                                MsrpcConnectionEnumerator.Encryption encryption) {
        return MsrpcConnectionEnumerator.builder()
                .credentials(ACCOUNT.domain(), ACCOUNT.user(), ACCOUNT.password().toCharArray())
                .smbLibrary(library)
                .encryption(encryption)
                // the scripted server (impacket 0.10) speaks SMB 2.0.2 only; Samba still chooses 3.1.1
                .dialects(MsrpcConnectionEnumerator.Dialect.SMB202, MsrpcConnectionEnumerator.Dialect.SMB311)
                .build();
    }

    static ConnectionQuery<?> query(String serverName) {
        return ConnectionQuery.on(serverName, Qualifier.of(SHARE), ConnectionLevel.LEVEL_1);
    }

    /**
     * One srvsvc enumeration on one server, every entry in one call ({@link #all}) or a page
     * at a time ({@link #page}): {@code connections} to {@link #SHARE} at level 1
     * (NetrConnectionEnum), {@code sessions} at level 1 (NetrSessionEnum), {@code files} at
     * level 3 (NetrFileEnum), no filters; the levels at which Samba answers sessions and files.
     */
    record Call(String name, All all, Paged page) {

        @FunctionalInterface
        interface All {
            List<?> of(MsrpcConnectionEnumerator enumerator) throws NetConnException;
        }

        @FunctionalInterface
        interface Paged {
            Page<?> of(MsrpcConnectionEnumerator enumerator, PageSize size, ResumeHandle resume)
                    throws NetConnException;
        }
    }

    /** The call named {@code name} (one of {@link #CALLS}) on {@code serverName}, its query built once. */
    static Call call(String name, String serverName) {
        switch (name) {
            case "connections": {
                ConnectionQuery<?> q = query(serverName);
                return new Call(name, e -> e.enumerateAll(q), (e, size, resume) -> e.enumeratePage(q, size, resume));
            }
            case "sessions": {
                SessionQuery<?> q = SessionQuery.on(serverName, SessionLevel.LEVEL_1);
                return new Call(name, e -> e.enumerateAll(q), (e, size, resume) -> e.enumeratePage(q, size, resume));
            }
            case "files": {
                FileQuery<?> q = FileQuery.on(serverName, FileLevel.LEVEL_3);
                return new Call(name, e -> e.enumerateAll(q), (e, size, resume) -> e.enumeratePage(q, size, resume));
            }
            default:
                throw new IllegalArgumentException("no such call: " + name + " (one of " + CALLS + ")");
        }
    }

    /**
     * {@code count} connections to {@link #SHARE}, shaped like {@link SyntheticReply#entries},
     * and as Samba has them from the held connections: a session per connection and one file
     * open in each.
     */
    static Scenario scenario(int count) {
        List<Scenario.Connection> connections = new ArrayList<>(count);
        List<Scenario.Session> sessions = new ArrayList<>(count);
        List<Scenario.OpenFile> files = new ArrayList<>(count);
        for (SyntheticReply.Entry e : SyntheticReply.entries(count)) {
            connections.add(Scenario.Connection.of(e.id(), e.userName(), e.netName(), SHARE)
                    .withCounts(e.type(), e.opens(), e.users(), e.seconds()));
            sessions.add(Scenario.Session.of(e.netName(), e.userName()).withCounts(1, e.seconds(), 0, 0));
            String file = FILES.get((int) (e.id() - 1) % FILES.size()).replace('/', '\\');
            files.add(Scenario.OpenFile.of(e.id(), "C:\\srv\\data\\" + file, e.userName()));
        }
        return Scenario.empty().withShares(SHARE).withConnections(connections).withSessions(sessions)
                .withFiles(files);
    }

    /**
     * Testcontainers reads these settings from the environment only;
     * without them it tries to pull Ryuk's image and hangs or fails obscurely.
     */
    static void requireContainerEnvironment() {
        for (String name : List.of("TESTCONTAINERS_RYUK_DISABLED", "TESTCONTAINERS_CHECKS_DISABLE")) {
            if (!"true".equalsIgnoreCase(System.getenv(name))) {
                throw new IllegalStateException(name + " is not true: run the benchmarks through benchmarks/jmh.sh,"
                        + " or export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_CHECKS_DISABLE=true"
                        + " TESTCONTAINERS_HOST_OVERRIDE=localhost first");
            }
        }
    }
}
