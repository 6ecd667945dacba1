package io.github.netconn.testkit;

import static io.github.netconn.testkit.ContractEnvironment.TIMEOUT;
import static io.github.netconn.testkit.ContractEnvironment.assertStatus;
import static io.github.netconn.testkit.ContractEnvironment.catchAll;
import static io.github.netconn.testkit.ContractEnvironment.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.Qualifier;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Samba rules of the {@link ConnectionEnumerator} contract: the rules that need a real SMB
 * server, checked against a real Samba ({@link SambaServer}, or the domain controller
 * {@link SambaDomainController} for a logon with Kerberos) with real connections and open
 * files held by the test. An adapter that can reach a network SMB server joins them by
 * subclassing this class and implementing {@link #enumerator}, independently of
 * {@link ScenarioContract} (a logon the scenario server cannot take, such as Kerberos, joins
 * this part alone); it overrides {@link #startSamba()} for another server than Samba's
 * defaults ({@link SambaPart}). Both parts use {@link ContractEnvironment}.
 *
 * <p>Each test is named after its rule ({@code c07_samba_...} checks C7 on Samba).
 */
public abstract class SambaContract extends SambaPart {

    /** A new enumerator of the adapter under test, logging on as {@code account}. */
    protected abstract ConnectionEnumerator enumerator(Account account, Duration responseTimeout) throws Exception;

    private <T extends ConnectionInfo> ConnectionQuery<T> query(String qualifier, ConnectionLevel<T> level) {
        return new ConnectionQuery<>(samba().serverName(), Qualifier.of(qualifier), level);
    }

    /**
     * C5 on Samba: the entries for a share are the tree connects the test holds, and their
     * open counts add up to the files the test holds open (Samba's other level-1 fields are
     * placeholders). Level 0 is Samba's single placeholder entry. <em>If this fails:</em> look
     * at which entries are kept and at the open count read from each.
     */
    @Test
    public void c05_samba_countsRealConnectionsAndOpenFiles() throws Exception {
        try (SambaFixture.HeldConnection a = samba().connect(Account.ADMIN, "DATA");
             SambaFixture.HeldConnection b = samba().connect(Account.ADMIN, "DATA");
             SambaFixture.HeldConnection c = samba().connect(Account.PLAIN, "DATA");
             ConnectionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            b.open("readme.txt");
            c.open("readme.txt");
            c.open("table.csv");
            List<? extends ConnectionInfo> entries = e.enumerateAll(query("DATA", ConnectionLevel.LEVEL_1));
            assertEquals(3, entries.size(), () -> "entries for DATA: " + entries);
            long opens = entries.stream().mapToLong(x -> ((ConnectionInfo.Level1) x).openCount()).sum();
            assertEquals(3, opens, () -> "open files over the entries: " + entries);
            assertEquals(List.of(), e.enumerateAll(query("ARCHIVE", ConnectionLevel.LEVEL_1)), "nobody on ARCHIVE");
            assertEquals(List.of(new ConnectionInfo.Level0(1)), e.enumerateAll(query("DATA", ConnectionLevel.LEVEL_0)));
        }
    }

    /**
     * C3 on Samba: a {@code \\computer} qualifier gives Samba's one placeholder entry.
     * <em>If this fails:</em> the computer qualifier does not reach Samba as {@code \\NAME}.
     */
    @Test
    public void c03_samba_computerQualifier() throws Exception {
        try (ConnectionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            List<? extends ConnectionInfo> entries = e.enumerateAll(query("\\\\NETCONNSRV", ConnectionLevel.LEVEL_1));
            assertEquals(1, entries.size(), () -> "entries: " + entries);
        }
    }

    /**
     * C9 on Samba: the plain account is denied; an unknown share is not found
     * (ERROR_INVALID_NAME); the admin account works after both. <em>If this fails:</em> look at
     * how the status of Samba's reply is mapped, and at what a failed call leaves behind.
     */
    @Test
    public void c09_samba_accessDeniedAndUnknownShare() throws Exception {
        try (ConnectionEnumerator plain = enumerator(Account.PLAIN, TIMEOUT);
             ConnectionEnumerator admin = enumerator(Account.ADMIN, TIMEOUT)) {
            assertStatus(plain, query("DATA", ConnectionLevel.LEVEL_1), 5, NetApiStatusException.Kind.ACCESS_DENIED);
            assertStatus(admin, query("NOSUCH", ConnectionLevel.LEVEL_1), 123, NetApiStatusException.Kind.NOT_FOUND);
            Throwable thrown = catchAll(() -> admin.enumerateAll(query("DATA", ConnectionLevel.LEVEL_1)));
            assertEquals(null, thrown, "the admin account works after the failures");
        }
    }

    /**
     * C9 on Samba: a wrong password is an AuthenticationException. <em>If this fails:</em> look
     * at how the logon failure from below is mapped.
     */
    @Test
    public void c09_samba_wrongPassword() throws Exception {
        try (ConnectionEnumerator e = enumerator(Account.ADMIN.withWrongPassword(), TIMEOUT)) {
            Throwable thrown = catchAll(() -> e.enumerateAll(query("DATA", ConnectionLevel.LEVEL_1)));
            assertInstanceOf(io.github.netconn.api.AuthenticationException.class, thrown,
                    () -> "expected AuthenticationException, got " + (thrown == null ? "a result" : describe(thrown)));
        }
    }

    /**
     * C7 on Samba: more than 100 connections (a reply of several DCE/RPC fragments) all arrive.
     * <em>If this fails:</em> look at how the fragments of one reply are put together.
     */
    @Test
    public void c07_samba_manyConnectionsInSeveralFragments() throws Exception {
        try (ConnectionEnumerator e = enumerator(Account.ADMIN, TIMEOUT)) {
            whileHolding(110, "PUBLIC", () -> {
                assertEquals(110, e.enumerateAll(query("PUBLIC", ConnectionLevel.LEVEL_1)).size());
                assertEquals(110, e.enumerateAll(query("PUBLIC", ConnectionLevel.LEVEL_1), PageSize.ofBytes(512))
                        .size());
            });
        }
    }

    /**
     * C10 and C12 on Samba: five calls use one session as Samba sees it, and close() ends it.
     * <em>If this fails:</em> the adapter logs on per call, or close() does not log off.
     */
    @Test
    public void c12_samba_oneSessionReusedAndReleasedOnClose() throws Exception {
        assertOneSessionReusedAndReleasedOnClose(() -> enumerator(Account.ADMIN, TIMEOUT),
                e -> e.enumerateAll(query("DATA", ConnectionLevel.LEVEL_1)));
    }
}
