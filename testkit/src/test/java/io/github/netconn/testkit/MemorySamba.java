package io.github.netconn.testkit;

import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ResumeHandle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Samba in memory, with an adapter of its own: what the Samba rules see of a real Samba
 * (held connections and their open files as the entries of a share, with
 * {@link SambaServer}'s placeholders in the other fields; one placeholder entry at level 0 and
 * for a computer; the plain account denied; ERROR_INVALID_NAME for an unknown share; the page
 * size ignored; a session per logged-on client), so that the testkit can show each Samba rule
 * failing ({@link BrokenAdaptersTest}) without a container.
 */
final class MemorySamba implements SambaFixture {

    static final String NAME = "samba.memory.test";

    private static final List<String> SHARES = List.of("DATA", "PUBLIC", "ARCHIVE", "IPC$");

    private final List<Held> held = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> sessions = new ConcurrentHashMap<>();

    /** A new client of this server, logging on as {@code account} at its first call. */
    ConnectionEnumerator enumerator(Account account) {
        return new Client(account);
    }

    @Override
    public String serverName() {
        return NAME;
    }

    @Override
    public HeldConnection connect(Account account, String share) throws IOException {
        if (!accepts(account)) {
            throw new IOException("logon failure for " + account.user());
        }
        if (!SHARES.contains(share)) {
            throw new IOException("no share " + share);
        }
        Held connection = new Held(account.user(), share);
        held.add(connection);
        return connection;
    }

    @Override
    public String sharePath(String share) {
        return "/srv/" + share.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public int sessionsOf(String user) {
        long holding = held.stream().filter(h -> h.user.equals(user)).count();
        return (int) holding + sessions.computeIfAbsent(user, u -> new AtomicInteger()).get();
    }

    @Override
    public void close() {
        held.clear();
    }

    /** A level-1 entry as Samba fills it: only the count of entries and the open count are real. */
    private static ConnectionInfo placeholder(long count, long opens) {
        return ConnectionInfo.Level1.of(count, 3, opens, 1, 3, "dummy_user", "IPC$");
    }

    private static boolean accepts(Account account) {
        return account.equals(Account.ADMIN) || account.equals(Account.PLAIN);
    }

    private final class Held implements HeldConnection {
        final String user;
        final String share;
        final AtomicInteger opens = new AtomicInteger();

        Held(String user, String share) {
            this.user = user;
            this.share = share;
        }

        @Override
        public HeldFile open(String path, Access access) {
            opens.incrementAndGet();
            return (offset, length) -> { };
        }

        @Override
        public void close() {
            held.remove(this);
        }
    }

    private final class Client implements ConnectionEnumerator {
        private final Account account;
        private boolean loggedOn;

        Client(Account account) {
            this.account = account;
        }

        @Override
        public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            if (!NAME.equals(query.server())) {
                throw new HostUnreachableException("no route to " + query.server(), null);
            }
            logOnOnce();
            String qualifier = query.qualifier().wireValue();
            String where = "NetrConnectionEnum on " + NAME + ", qualifier " + qualifier;
            if (!account.user().equals(Account.ADMIN.user())) {
                throw new NetApiStatusException(5, where);
            }
            List<ConnectionInfo> entries = new ArrayList<>();
            boolean computer = qualifier.startsWith("\\\\");
            if (!computer && !SHARES.contains(qualifier)) {
                throw new NetApiStatusException(123, where);
            }
            // One placeholder entry at level 0 and for a computer.
            if (query.level().value() == 0) {
                entries.add(new ConnectionInfo.Level0(1));
            } else if (computer) {
                entries.add(placeholder(1, 0));
            } else {
                List<Held> onShare = held.stream().filter(h -> h.share.equals(qualifier)).toList();
                for (Held h : onShare) {
                    entries.add(placeholder(onShare.size(), h.opens.get()));
                }
            }
            // Samba ignores the page size and ends with the count as the resume handle.
            return new Page<ConnectionInfo>(entries, entries.size(), new ResumeHandle(entries.size()),
                    false).as(query.level());
        }

        private synchronized void logOnOnce() throws AuthenticationException {
            if (loggedOn) {
                return;
            }
            if (!accepts(account)) {
                throw new AuthenticationException("logon failure for " + account.domain() + "\\" + account.user(),
                        null);
            }
            sessions.computeIfAbsent(account.user(), u -> new AtomicInteger()).incrementAndGet();
            loggedOn = true;
        }

        @Override
        public synchronized void close() {
            if (loggedOn) {
                sessions.get(account.user()).decrementAndGet();
                loggedOn = false;
            }
        }
    }
}
