package io.github.netconn.benchmarks;

import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.Qualifier;
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

    /** Connections to {@link #SHARE} in the call benchmarks: a small reply, one fragment. */
    static final int SMALL = 4;

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

    /** {@code count} connections to {@link #SHARE}, shaped like {@link SyntheticReply#entries}. */
    static Scenario scenario(int count) {
        List<Scenario.Connection> connections = new ArrayList<>(count);
        for (SyntheticReply.Entry e : SyntheticReply.entries(count)) {
            connections.add(Scenario.Connection.of(e.id(), e.userName(), e.netName(), SHARE)
                    .withCounts(e.type(), e.opens(), e.users(), e.seconds()));
        }
        return Scenario.empty().withShares(SHARE).withConnections(connections);
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
