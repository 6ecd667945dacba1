package io.github.netconn.testkit;

import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.FileEnumerator;
import io.github.netconn.api.FileInfo;
import io.github.netconn.api.FileQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.SessionEnumerator;
import io.github.netconn.api.SessionInfo;
import io.github.netconn.api.SessionQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Samba in memory, with an adapter of its own for the three ports: what the Samba rules see
 * of a real Samba, so that the testkit can show each Samba rule failing
 * ({@link BrokenAdaptersTest}, {@link BrokenSambaSiblingsTest}) without a container.
 * <ul>
 * <li>Connections: held connections and their open files as the entries of a share, with
 * {@link SambaServer}'s placeholders in the other fields; one placeholder entry at level 0 and
 * for a computer; ERROR_INVALID_NAME for an unknown share; the page size ignored.
 * <li>Sessions: each held connection and each logged-on client is a session from 127.0.0.1,
 * in the order they began, with its open files and whole seconds since it began; the guest's
 * is {@code nobody}'s with SESS_GUEST; levels 0 and 1 only; filters and page size ignored; the
 * resume handle the index of the first entry.
 * <li>Files: each open file of a held connection, {@code C:} and its path with backslashes,
 * the locks on that file whoever holds them, the id the connection's number times 65536 plus
 * the file's; level 3 only (checked first); the user filter honoured; the base path, page size
 * and resume handle ignored (sent back as it came).
 * <li>Only the admin account may enumerate (ERROR_ACCESS_DENIED).
 * </ul>
 */
final class MemorySamba implements SambaFixture {

    static final String NAME = "samba.memory.test";

    private static final List<String> SHARES = List.of("DATA", "PUBLIC", "ARCHIVE", "IPC$");
    private static final String GUEST = "nobody";

    /** The sessions in the order they began: held connections and logged-on clients. */
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger processes = new AtomicInteger();

    /** A new client of this server, logging on as {@code account} at its first call. */
    Client enumerator(Account account) {
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
        return hold(account.user(), share);
    }

    @Override
    public boolean mapsToGuest() {
        return true;
    }

    @Override
    public HeldConnection connectAsGuest() throws IOException {
        return hold(GUEST, "IPC$");
    }

    private Held hold(String user, String share) throws IOException {
        if (!SHARES.contains(share)) {
            throw new IOException("no share " + share);
        }
        Held connection = new Held(user, share);
        sessions.add(connection);
        return connection;
    }

    @Override
    public String sharePath(String share) {
        return "/srv/" + share.toLowerCase(Locale.ROOT);
    }

    @Override
    public int sessionsOf(String user) {
        return (int) sessions.stream().filter(s -> s.user.equals(user)).count();
    }

    @Override
    public void close() {
        sessions.clear();
    }

    /** A level-1 entry as Samba fills it: only the count of entries and the open count are real. */
    private static ConnectionInfo placeholder(long count, long opens) {
        return ConnectionInfo.Level1.of(count, 3, opens, 1, 3, "dummy_user", "IPC$");
    }

    private static boolean accepts(Account account) {
        return account.equals(Account.ADMIN) || account.equals(Account.PLAIN);
    }

    /** An SMB session: its user, when it began, the number of the process serving it, its open files. */
    private class Session {
        final String user;
        final long began = System.nanoTime();
        final int process = processes.incrementAndGet();
        final List<OpenFile> files = new CopyOnWriteArrayList<>();

        Session(String user) {
            this.user = user;
        }

        SessionInfo.Level1 level1() {
            long seconds = (System.nanoTime() - began) / 1_000_000_000L;
            return SessionInfo.Level1.of("127.0.0.1", user, files.size(), seconds, 0, user.equals(GUEST) ? 1 : 0);
        }
    }

    /** An open file: where, how, with how many locks of its own. */
    private record OpenFile(String share, String path, long permissions, long id, AtomicInteger locks) {
    }

    private final class Held extends Session implements HeldConnection {
        final String share;

        Held(String user, String share) {
            super(user);
            this.share = share;
        }

        @Override
        public HeldFile open(String path, Access access) throws IOException {
            if (share.equals("IPC$")) {
                throw new IOException("IPC$ holds no files");
            }
            long permissions = switch (access) {
                case READ -> 1;
                case WRITE -> 2;
                case READ_WRITE -> 3;
            };
            OpenFile file = new OpenFile(share, path, permissions, ((long) process << 16) | (files.size() + 1),
                    new AtomicInteger());
            files.add(file);
            return (offset, length) -> file.locks.incrementAndGet();
        }

        @Override
        public void close() {
            sessions.remove(this);
        }
    }

    /** The adapter of this server for the three ports, one session for all of them. */
    final class Client implements ConnectionEnumerator, SessionEnumerator, FileEnumerator {
        private final Account account;
        private Session session;

        Client(Account account) {
            this.account = account;
        }

        @Override
        public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            String qualifier = query.qualifier().wireValue();
            String where = call("NetrConnectionEnum", query.server()) + ", qualifier " + qualifier;
            admit(where);
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
                List<Held> onShare = sessions.stream().filter(s -> s instanceof Held h && h.share.equals(qualifier))
                        .map(s -> (Held) s).toList();
                for (Held h : onShare) {
                    entries.add(placeholder(onShare.size(), h.files.size()));
                }
            }
            // Samba ignores the page size and ends with the count as the resume handle.
            return new Page<ConnectionInfo>(entries, entries.size(), new ResumeHandle(entries.size()),
                    false).as(query.level());
        }

        @Override
        public <T extends SessionInfo> Page<T> enumeratePage(SessionQuery<T> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            String where = call("NetrSessionEnum", query.server());
            admit(where);
            int level = query.level().value();
            if (level != 0 && level != 1) {
                throw new NetApiStatusException(124, where);
            }
            List<Session> all = List.copyOf(sessions);
            List<SessionInfo> entries = new ArrayList<>();
            for (int i = (int) Math.min(resume.value(), all.size()); i < all.size(); i++) {
                SessionInfo.Level1 one = all.get(i).level1();
                entries.add(level == 0 ? new SessionInfo.Level0(one.clientName()) : one);
            }
            long handle = resume.value() >= all.size() ? 0 : all.size();
            return new Page<SessionInfo>(entries, all.size(), new ResumeHandle(handle), false).as(query.level());
        }

        @Override
        public <T extends FileInfo> Page<T> enumeratePage(FileQuery<T> query, PageSize pageSize, ResumeHandle resume)
                throws NetConnException {
            String where = call("NetrFileEnum", query.server());
            if (query.level().value() != 3) {
                throw new NetApiStatusException(124, where);
            }
            admit(where);
            List<FileInfo> entries = new ArrayList<>();
            for (Session s : sessions) {
                if (query.user().map(u -> !u.equalsIgnoreCase(s.user)).orElse(false)) {
                    continue;
                }
                for (OpenFile f : s.files) {
                    String path = "C:" + (sharePath(f.share) + "/" + f.path).replace('/', '\\');
                    entries.add(FileInfo.Level3.of(f.id, f.permissions, locksOn(f), path, s.user));
                }
            }
            return new Page<FileInfo>(entries, entries.size(), resume, false).as(query.level());
        }

        /** The locks on {@code file}'s file, whoever holds them. */
        private long locksOn(OpenFile file) {
            return sessions.stream().flatMap(s -> s.files.stream())
                    .filter(f -> f.share.equals(file.share) && f.path.equals(file.path))
                    .mapToLong(f -> f.locks.get()).sum();
        }

        private String call(String operation, String server) throws NetConnException {
            if (!NAME.equals(server)) {
                throw new HostUnreachableException("no route to " + server, null);
            }
            logOnOnce();
            return operation + " on " + NAME;
        }

        private void admit(String where) throws NetApiStatusException {
            if (!account.user().equals(Account.ADMIN.user())) {
                throw new NetApiStatusException(5, where);
            }
        }

        private synchronized void logOnOnce() throws AuthenticationException {
            if (session != null) {
                return;
            }
            if (!accepts(account)) {
                throw new AuthenticationException("logon failure for " + account.domain() + "\\" + account.user(),
                        null);
            }
            session = new Session(account.user());
            sessions.add(session);
        }

        @Override
        public synchronized void close() {
            if (session != null) {
                sessions.remove(session);
                session = null;
            }
        }
    }
}
