package io.github.netconn.testkit;

import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.Enumerator;
import io.github.netconn.api.FileEnumerator;
import io.github.netconn.api.FileInfo;
import io.github.netconn.api.FileQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.InfoLevel;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.SessionEnumerator;
import io.github.netconn.api.SessionInfo;
import io.github.netconn.api.SessionQuery;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * Deliberately wrong adapters of the sessions and open-files ports, each the reference with one
 * defect a real adapter could have, for the scenario rules of those ports
 * ({@link ReferenceSessionContractTest}, {@link ReferenceFileContractTest}).
 * {@link BrokenScenarioSiblingsTest} runs the rules on each and expects the rule the defect
 * breaks to fail. A defect that any port can have is written once ({@link Defect}) and put on
 * each port by a class of a line or two; nested classes, so that surefire does not run them by
 * themselves.
 */
final class BrokenScenarioSiblings {

    private BrokenScenarioSiblings() {
    }

    // ---------------------------------------------------------------- one mechanism for every port

    /** The reference's one-page call, for a defect to make, change or skip. */
    interface Next<Q> {
        Page<?> page(Q query, PageSize pageSize, ResumeHandle resume) throws NetConnException;
    }

    /** A defect of one-page calls, on the port whose queries are {@code Q}. */
    interface Defect<Q> {
        Page<?> page(Next<Q> reference, Q query, PageSize pageSize, ResumeHandle resume) throws NetConnException;
    }

    /** {@code page} with {@code entries} in place of its own. */
    static Page<?> withEntries(Page<?> page, List<?> entries) {
        return new Page<>(entries, page.totalEntries(), page.resumeHandle(), page.moreData());
    }

    /** Loses the last entry of every non-empty page. */
    static <Q> Defect<Q> dropsTheLastEntry() {
        return (reference, query, size, resume) -> {
            Page<?> page = reference.page(query, size, resume);
            return withEntries(page, page.entries().subList(0, Math.max(0, page.entries().size() - 1)));
        };
    }

    /** Sorts each page's entries by their text. */
    static <Q> Defect<Q> sortsTheEntries() {
        return (reference, query, size, resume) -> {
            Page<?> page = reference.page(query, size, resume);
            return withEntries(page, page.entries().stream().sorted(Comparator.comparing(Object::toString)).toList());
        };
    }

    /** Changes each entry of every page with {@code change}. */
    static <Q> Defect<Q> changesEntries(UnaryOperator<Object> change) {
        return (reference, query, size, resume) -> {
            Page<?> page = reference.page(query, size, resume);
            return withEntries(page, page.entries().stream().map(change).toList());
        };
    }

    /** Sends MAX_PREFERRED_LENGTH whatever the page size. */
    static <Q> Defect<Q> ignoresThePageSize() {
        return (reference, query, size, resume) -> reference.page(query, PageSize.ALL, resume);
    }

    /** Takes a non-zero resume handle on the last page to mean more data. */
    static <Q> Defect<Q> trustsTheLastHandle() {
        return (reference, query, size, resume) -> {
            Page<?> page = reference.page(query, size, resume);
            boolean more = page.moreData() || page.resumeHandle().value() != 0;
            return new Page<>(page.entries(), page.totalEntries(), page.resumeHandle(), more);
        };
    }

    /** Throws a raw runtime exception for a status. */
    static <Q> Defect<Q> throwsRawRuntimeExceptions() {
        return (reference, query, size, resume) -> {
            try {
                return reference.page(query, size, resume);
            } catch (NetApiStatusException e) {
                throw new IllegalStateException("server said " + e.code());
            }
        };
    }

    /** Takes "not found" for "none": an empty page for NERR_ClientNameNotFound and NERR_UserNotFound. */
    static <Q> Defect<Q> takesNotFoundForNone() {
        return (reference, query, size, resume) -> {
            try {
                return reference.page(query, size, resume);
            } catch (NetApiStatusException e) {
                if (e.kind() != NetApiStatusException.Kind.NOT_FOUND) {
                    throw e;
                }
                return new Page<>(List.of(), 0, ResumeHandle.START, false);
            }
        };
    }

    /** Reports a wrong password as a status and an unreachable host as a protocol error. */
    static <Q> Defect<Q> mapsFailuresWrongly() {
        return (reference, query, size, resume) -> {
            try {
                return reference.page(query, size, resume);
            } catch (AuthenticationException e) {
                throw new NetApiStatusException(1326, null);
            } catch (HostUnreachableException e) {
                throw new ProtocolViolationException("connection failed", e);
            }
        };
    }

    /** Opens a handle of {@code memory} per call and never closes it. */
    static <Q> Defect<Q> leaksAHandle(MemoryServer memory) {
        return (reference, query, size, resume) -> {
            memory.openHandle();
            return reference.page(query, size, resume);
        };
    }

    /** Keeps the query of the call in progress in a field that every thread of an enumerator shares. */
    static <Q> Defect<Q> sharesStateBetweenThreads() {
        return new Defect<>() {
            private Q current;

            @Override
            public Page<?> page(Next<Q> reference, Q query, PageSize size, ResumeHandle resume)
                    throws NetConnException {
                current = query;
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return reference.page(current, size, resume);
            }
        };
    }

    /**
     * The entries' every string through {@code text} (null for NULL) and every DWORD through
     * {@code dword}, at any level of sessions and open files.
     */
    static UnaryOperator<Object> rebuilt(UnaryOperator<String> text, LongUnaryOperator dword) {
        return entry -> {
            if (entry instanceof SessionInfo session) {
                return rebuilt(session, text, dword);
            }
            if (entry instanceof FileInfo.Level3 f) {
                return FileInfo.Level3.of(dword.applyAsLong(f.id()), dword.applyAsLong(f.permissions().raw()),
                        dword.applyAsLong(f.lockCount()), text.apply(f.pathName().orElse(null)),
                        text.apply(f.userName().orElse(null)));
            }
            if (entry instanceof FileInfo.Level2 f) {
                return new FileInfo.Level2(dword.applyAsLong(f.id()));
            }
            throw new IllegalArgumentException("not an entry of sessions or files: " + entry);
        };
    }

    private static SessionInfo rebuilt(SessionInfo s, UnaryOperator<String> text, LongUnaryOperator dword) {
        String client = text.apply(s.clientName().orElse(null));
        if (s instanceof SessionInfo.Level0) {
            return SessionInfo.Level0.of(client);
        }
        if (s instanceof SessionInfo.Level10 l) {
            return SessionInfo.Level10.of(client, text.apply(l.userName().orElse(null)),
                    dword.applyAsLong(l.active().getSeconds()), dword.applyAsLong(l.idle().getSeconds()));
        }
        SessionInfo.Level502 all = widened(s);
        SessionInfo.Level502 changed = SessionInfo.Level502.of(client, text.apply(all.userName().orElse(null)),
                dword.applyAsLong(all.openCount()), dword.applyAsLong(all.active().getSeconds()),
                dword.applyAsLong(all.idle().getSeconds()), dword.applyAsLong(all.flags().raw()),
                text.apply(all.clientType().orElse(null)), text.apply(all.transport().orElse(null)));
        if (s instanceof SessionInfo.Level1) {
            return new SessionInfo.Level1(changed.clientName(), changed.userName(), changed.openCount(),
                    changed.active(), changed.idle(), changed.flags());
        }
        if (s instanceof SessionInfo.Level2) {
            return new SessionInfo.Level2(changed.clientName(), changed.userName(), changed.openCount(),
                    changed.active(), changed.idle(), changed.flags(), changed.clientType());
        }
        return changed;
    }

    /** A level 1, 2 or 502 session as a level-502 one, the fields it lacks empty. */
    private static SessionInfo.Level502 widened(SessionInfo s) {
        if (s instanceof SessionInfo.Level1 l) {
            return new SessionInfo.Level502(l.clientName(), l.userName(), l.openCount(), l.active(), l.idle(),
                    l.flags(), Optional.empty(), Optional.empty());
        }
        if (s instanceof SessionInfo.Level2 l) {
            return new SessionInfo.Level502(l.clientName(), l.userName(), l.openCount(), l.active(), l.idle(),
                    l.flags(), l.clientType(), Optional.empty());
        }
        return (SessionInfo.Level502) s;
    }

    /** Reads DWORDs as signed ints: 0xFFFFFFFF becomes -1, which the records refuse. */
    static final UnaryOperator<Object> SIGNED = rebuilt(UnaryOperator.identity(), v -> (int) v);

    /** Turns a NULL string into the text "null". */
    static final UnaryOperator<Object> NULL_AS_TEXT = rebuilt(String::valueOf, LongUnaryOperator.identity());

    /** Decodes strings as UCS-2: characters outside the BMP are lost. */
    static final UnaryOperator<Object> BMP_ONLY = rebuilt(s -> s == null ? null : s.codePoints()
            .map(c -> c > 0xFFFF ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString(),
            LongUnaryOperator.identity());

    /** A page loop of its own, without the port's no-progress guard (and so never ending on a stuck server). */
    static <T> List<T> loopWithoutGuard(ScenarioPart.PageCall page) throws NetConnException {
        List<T> all = new ArrayList<>();
        ResumeHandle resume = ResumeHandle.START;
        Page<?> last;
        do {
            last = page.at(resume);
            @SuppressWarnings("unchecked")
            List<T> entries = (List<T>) last.entries();
            all.addAll(entries);
            resume = last.resumeHandle();
        } while (last.moreData() && !Thread.currentThread().isInterrupted());
        return all;
    }

    /** A thread per call of this, that nobody stops for a minute. */
    static void leaveAThreadBehind() {
        Thread keepAlive = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "broken-keepalive");
        keepAlive.setDaemon(true);
        keepAlive.start();
    }

    /** The text an enumerator that shows the password gives as its toString. */
    static String showing(Account account) {
        return "Enumerator[" + account.user() + ":" + account.password() + "]";
    }

    /**
     * An enumerator of every port whose three parts log on apart, each with a reference of its
     * own: one session per port rather than one per server.
     */
    static final class OneLogonPerPort implements ConnectionEnumerator, SessionEnumerator, FileEnumerator {
        private final ConnectionEnumerator connections;
        private final SessionEnumerator sessions;
        private final FileEnumerator files;

        OneLogonPerPort(MemoryServer memory, Account account, Duration responseTimeout) {
            connections = new ReferenceConnectionEnumerator(memory, account, responseTimeout);
            sessions = new ReferenceSessionEnumerator(memory, account, responseTimeout);
            files = new ReferenceFileEnumerator(memory, account, responseTimeout);
        }

        @Override
        public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query, PageSize pageSize,
                                                                ResumeHandle resume) throws NetConnException {
            return connections.enumeratePage(query, pageSize, resume);
        }

        @Override
        public <T extends SessionInfo> Page<T> enumeratePage(SessionQuery<T> query, PageSize pageSize,
                                                             ResumeHandle resume) throws NetConnException {
            return sessions.enumeratePage(query, pageSize, resume);
        }

        @Override
        public <T extends FileInfo> Page<T> enumeratePage(FileQuery<T> query, PageSize pageSize, ResumeHandle resume)
                throws NetConnException {
            return files.enumeratePage(query, pageSize, resume);
        }

        @Override
        public void close() {
            connections.close();
            sessions.close();
            files.close();
        }
    }

    /**
     * {@code reference}, an enumerator of {@code port}, with each one-page call passing through
     * {@code defect}; with {@code ownLoop}, enumerateAll is a loop of its own without the
     * no-progress guard; shown as {@code shown} when not null. One wrapper for every port: a
     * proxy of the port's interface, whose default methods (enumerateAll, stream) run as written
     * on top of the defective page.
     */
    static <E extends Enumerator, Q> E broken(Class<E> port, E reference, Defect<Q> defect, boolean ownLoop,
                                              String shown) {
        Method pageMethod = Arrays.stream(port.getMethods()).filter(m -> m.getName().equals("enumeratePage"))
                .findFirst().orElseThrow();
        Defective<Q> page = (query, size, resume) -> defect.page(
                (q, s, r) -> (Page<?>) unwrapped(pageMethod, reference, q, s, r), query, size, resume)
                .as(levelOf(query));
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "enumeratePage":
                    return page.page(query(args[0]), (PageSize) args[1], (ResumeHandle) args[2]);
                case "close":
                    reference.close();
                    return null;
                case "toString":
                    return shown != null ? shown : reference.toString();
                default:
                    break;
            }
            if (ownLoop && method.getName().equals("enumerateAll") && args.length == 2) {
                return loopWithoutGuard(resume -> page.page(query(args[0]), (PageSize) args[1], resume));
            }
            return method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args)
                    : unwrapped(method, reference, args);
        };
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
    }

    /** The defective one-page call of {@link #broken}, with the entries as the query's level. */
    private interface Defective<Q> {
        Page<?> page(Q query, PageSize pageSize, ResumeHandle resume) throws NetConnException;
    }

    @SuppressWarnings("unchecked")
    private static <Q> Q query(Object query) {
        return (Q) query;
    }

    /** {@code method} on {@code target}, throwing what it throws. */
    private static Object unwrapped(Method method, Object target, Object... args) throws NetConnException {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof NetConnException failure) {
                throw failure;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The level of a query of any port. */
    private static InfoLevel<?> levelOf(Object query) {
        if (query instanceof SessionQuery<?> q) {
            return q.level();
        }
        if (query instanceof FileQuery<?> q) {
            return q.level();
        }
        return ((ConnectionQuery<?>) query).level();
    }

    // ---------------------------------------------------------------- sessions

    /** The sessions' reference with a defect. */
    abstract static class BrokenSessions extends ReferenceSessionContractTest {
        abstract Defect<SessionQuery<?>> defect();

        @Override
        protected SessionEnumerator enumerator(Account account, Duration responseTimeout) {
            return broken(SessionEnumerator.class, super.enumerator(account, responseTimeout), defect(), false, null);
        }
    }

    /** Cuts each filter to 1,000 characters, as a buffer one size too small would. Breaks S1. */
    static class CutsLongSessionFilters extends BrokenSessions {
        @Override
        Defect<SessionQuery<?>> defect() {
            return (reference, q, size, resume) -> reference.page(new SessionQuery<>(q.server(),
                    q.client().map(c -> c.substring(0, Math.min(1_000, c.length()))),
                    q.user().map(u -> u.substring(0, Math.min(1_000, u.length()))), q.level()), size, resume);
        }
    }

    /** Leaves the user filter out. Breaks S1. */
    static class DropsTheUserFilter extends BrokenSessions {
        @Override
        Defect<SessionQuery<?>> defect() {
            return (reference, q, size, resume) -> reference.page(new SessionQuery<>(q.server(), q.client(),
                    Optional.empty(), q.level()), size, resume);
        }
    }

    /** Sends the client filter without its {@code \\}, which the server refuses. Breaks S1. */
    static class SendsTheClientWithoutBackslashes extends ReferenceSessionContractTest {
        @Override
        protected SessionEnumerator enumerator(Account account, Duration responseTimeout) {
            return new ReferenceSessionEnumerator(memory, account, responseTimeout) {
                @Override
                public <T extends SessionInfo> Page<T> enumeratePage(SessionQuery<T> q, PageSize size,
                                                                     ResumeHandle resume) throws NetConnException {
                    return call(q.server(), "NetrSessionEnum", q.level(), scenario -> scenario.answerSessions(user(),
                            q.level().value(), q.client().orElse(null), q.user().orElse(null),
                            size.preferredMaximumLength(), resume.value()), ReferenceSessionEnumerator::entries);
                }
            };
        }
    }

    /** Puts {@code \\} before the server name once more. Breaks S2 (and every rule that reaches a server). */
    static class BackslashesTheServerTwiceForSessions extends BrokenSessions {
        @Override
        Defect<SessionQuery<?>> defect() {
            return (reference, q, size, resume) -> reference.page(new SessionQuery<>("\\\\\\\\" + q.server(),
                    q.client(), q.user(), q.level()), size, resume);
        }
    }

    /** Asks level 1 for levels 2 and 502 and fills in what level 1 lacks as NULL. Breaks S3. */
    static class AsksLevel1ForMore extends BrokenSessions {
        @Override
        Defect<SessionQuery<?>> defect() {
            return (reference, q, size, resume) -> {
                if (q.level() != io.github.netconn.api.SessionLevel.LEVEL_2
                        && q.level() != io.github.netconn.api.SessionLevel.LEVEL_502) {
                    return reference.page(q, size, resume);
                }
                Page<?> page = reference.page(q.at(io.github.netconn.api.SessionLevel.LEVEL_1), size, resume);
                return withEntries(page, page.entries().stream().map(e -> {
                    SessionInfo.Level502 wide = widened((SessionInfo) e);
                    return q.level() == io.github.netconn.api.SessionLevel.LEVEL_502 ? wide
                            : new SessionInfo.Level2(wide.clientName(), wide.userName(), wide.openCount(),
                                    wide.active(), wide.idle(), wide.flags(), Optional.empty());
                }).toList());
            };
        }
    }

    /** Sends MAX_PREFERRED_LENGTH whatever the page size. Breaks S4. */
    static class IgnoresThePageSizeForSessions extends BrokenSessions {
        @Override
        Defect<SessionQuery<?>> defect() {
            return ignoresThePageSize();
        }
    }

    /** Reads DWORDs as signed ints. Breaks S5. */
    static class SignedSessionDwords extends BrokenSessions {
        @Override
        Defect<SessionQuery<?>> defect() {
            return changesEntries(SIGNED);
        }
    }

    /** Turns a NULL string into "null". Breaks S5. */
    static class NullSessionStringsAsText extends BrokenSessions {
        @Override
        Defect<SessionQuery<?>> defect() {
            return changesEntries(NULL_AS_TEXT);
        }
    }

    /** Decodes strings as UCS-2. Breaks S5. */
    static class BmpOnlySessionStrings extends BrokenSessions {
        @Override
        Defect<SessionQuery<?>> defect() {
            return changesEntries(BMP_ONLY);
        }
    }

    /** Sorts the sessions. Breaks S6. */
    static class SortsSessions extends BrokenSessions {
        @Override
        Defect<SessionQuery<?>> defect() {
            return sortsTheEntries();
        }
    }

    /** Loses the last session of every page. Breaks S3, S7 and S13. */
    static class DropsASession extends BrokenSessions {
        @Override
        Defect<SessionQuery<?>> defect() {
            return dropsTheLastEntry();
        }
    }

    /** Its own enumerateAll, without the no-progress guard. Breaks S7 (and must not hang the suite). */
    static class LoopsOnAStuckSessionHandle extends ReferenceSessionContractTest {
        @Override
        protected SessionEnumerator enumerator(Account account, Duration responseTimeout) {
            return broken(SessionEnumerator.class, super.enumerator(account, responseTimeout), Next::page, true, null);
        }
    }

    /** Rejects a NULL array where a page has no entries. Breaks S8 on Samba's quirks. */
    static class RejectsANullSessionArray extends ReferenceSessionContractTest {
        @Override
        protected SessionEnumerator enumerator(Account account, Duration responseTimeout) {
            return new ReferenceSessionEnumerator(memory, account, responseTimeout) {
                @Override
                public <T extends SessionInfo> Page<T> enumeratePage(SessionQuery<T> q, PageSize size,
                                                                     ResumeHandle resume) throws NetConnException {
                    return call(q.server(), "NetrSessionEnum", q.level(), scenario -> scenario.answerSessions(user(),
                            q.level().value(), q.clientWireValue(), q.user().orElse(null),
                            size.preferredMaximumLength(), resume.value()), answer -> {
                                if (answer.entries() == null) {
                                    throw new IllegalStateException("a NULL buffer where the sessions should be");
                                }
                                return ReferenceSessionEnumerator.entries(answer);
                            });
                }
            };
        }
    }

    /** Trusts the last page's resume handle. Breaks S8 on a server that sends the count with its last page. */
    static class TrustsTheLastSessionHandle extends BrokenSessions {
        @Override
        Defect<SessionQuery<?>> defect() {
            return trustsTheLastHandle();
        }
    }

    /**
     * Keeps only the sessions from the queried client, not trusting the server to have filtered.
     * Breaks S8 on Samba's quirks, which ignore the filters.
     */
    static class FiltersTheSessionsItself extends BrokenSessions {
        @Override
        Defect<SessionQuery<?>> defect() {
            return (reference, q, size, resume) -> {
                Page<?> page = reference.page(q, size, resume);
                return withEntries(page, page.entries().stream().filter(s -> q.client().map(
                        c -> c.equalsIgnoreCase(((SessionInfo) s).clientName().orElse(null))).orElse(true)).toList());
            };
        }
    }

    /** Throws a raw runtime exception for a status. Breaks S9. */
    static class ThrowsRawRuntimeExceptionForSessions extends BrokenSessions {
        @Override
        Defect<SessionQuery<?>> defect() {
            return throwsRawRuntimeExceptions();
        }
    }

    /** An empty list for an unknown client or user. Breaks S9. */
    static class TakesNotFoundForNoSessions extends BrokenSessions {
        @Override
        Defect<SessionQuery<?>> defect() {
            return takesNotFoundForNone();
        }
    }

    /** A wrong password as a status, an unreachable host as a protocol error. Breaks S9. */
    static class MapsSessionFailuresWrongly extends BrokenSessions {
        @Override
        Defect<SessionQuery<?>> defect() {
            return mapsFailuresWrongly();
        }
    }

    /** Waits for the server whatever the time-out says. Breaks S9. */
    static class IgnoresTheTimeoutForSessions extends ReferenceSessionContractTest {
        @Override
        protected SessionEnumerator enumerator(Account account, Duration responseTimeout) {
            return super.enumerator(account, Duration.ofHours(1));
        }
    }

    /** Opens a handle per call and never closes it. Breaks S10. */
    static class LeaksAHandleForSessions extends BrokenSessions {
        @Override
        Defect<SessionQuery<?>> defect() {
            return leaksAHandle(memory);
        }
    }

    /** Starts a thread per enumerator that close() does not stop. Breaks S10. */
    static class LeavesAThreadBehindForSessions extends ReferenceSessionContractTest {
        @Override
        protected SessionEnumerator enumerator(Account account, Duration responseTimeout) {
            leaveAThreadBehind();
            return super.enumerator(account, responseTimeout);
        }
    }

    /** Shows the password in toString. Breaks S11. */
    static class ShowsThePasswordForSessions extends ReferenceSessionContractTest {
        @Override
        protected SessionEnumerator enumerator(Account account, Duration responseTimeout) {
            return broken(SessionEnumerator.class, super.enumerator(account, responseTimeout), Next::page, false,
                    showing(account));
        }
    }

    /** Keeps the query in progress in a field shared by all threads. Breaks S12. */
    static class SharesSessionStateBetweenThreads extends BrokenSessions {
        @Override
        Defect<SessionQuery<?>> defect() {
            return sharesStateBetweenThreads();
        }
    }

    /** Logs on again for every call. Breaks S12. */
    static class LogsOnForEverySessionsCall extends ReferenceSessionContractTest {
        @Override
        protected SessionEnumerator enumerator(Account account, Duration responseTimeout) {
            Defect<SessionQuery<?>> anew = (reference, q, size, resume) ->
                    new ReferenceSessionEnumerator(memory, account, responseTimeout).enumeratePage(q, size, resume);
            return broken(SessionEnumerator.class, super.enumerator(account, responseTimeout), anew, false, null);
        }
    }

    /** Implements every port, logging on once per port. Breaks S12. */
    static class LogsOnOncePerPortForSessions extends ReferenceSessionContractTest {
        @Override
        protected SessionEnumerator enumerator(Account account, Duration responseTimeout) {
            return new OneLogonPerPort(memory, account, responseTimeout);
        }
    }

    // ---------------------------------------------------------------- open files

    /** The open files' reference with a defect. */
    abstract static class BrokenFiles extends ReferenceFileContractTest {
        abstract Defect<FileQuery<?>> defect();

        @Override
        protected FileEnumerator enumerator(Account account, Duration responseTimeout) {
            return broken(FileEnumerator.class, super.enumerator(account, responseTimeout), defect(), false, null);
        }
    }

    /** Cuts each filter to 1,000 characters. Breaks F1. */
    static class CutsLongFileFilters extends BrokenFiles {
        @Override
        Defect<FileQuery<?>> defect() {
            return (reference, q, size, resume) -> reference.page(new FileQuery<>(q.server(),
                    q.basePath().map(p -> p.substring(0, Math.min(1_000, p.length()))),
                    q.user().map(u -> u.substring(0, Math.min(1_000, u.length()))), q.level()), size, resume);
        }
    }

    /** Sends the base path as the user and the user as the base path. Breaks F1. */
    static class SwapsTheFileFilters extends BrokenFiles {
        @Override
        Defect<FileQuery<?>> defect() {
            return (reference, q, size, resume) -> reference.page(new FileQuery<>(q.server(), q.user(),
                    q.basePath(), q.level()), size, resume);
        }
    }

    /** Puts {@code \\} before the server name once more. Breaks F2 (and every rule that reaches a server). */
    static class BackslashesTheServerTwiceForFiles extends BrokenFiles {
        @Override
        Defect<FileQuery<?>> defect() {
            return (reference, q, size, resume) -> reference.page(new FileQuery<>("\\\\\\\\" + q.server(),
                    q.basePath(), q.user(), q.level()), size, resume);
        }
    }

    /** Asks level 3 for level 2 too, keeping the ids, so a server without level 2 seems to have it. Breaks F3. */
    static class AsksLevel3ForLevel2 extends BrokenFiles {
        @Override
        Defect<FileQuery<?>> defect() {
            return (reference, q, size, resume) -> {
                if (q.level() != io.github.netconn.api.FileLevel.LEVEL_2) {
                    return reference.page(q, size, resume);
                }
                Page<?> page = reference.page(q.at(io.github.netconn.api.FileLevel.LEVEL_3), size, resume);
                return withEntries(page, page.entries().stream().map(e -> new FileInfo.Level2(((FileInfo) e).id()))
                        .toList());
            };
        }
    }

    /** Sends MAX_PREFERRED_LENGTH whatever the page size. Breaks F4. */
    static class IgnoresThePageSizeForFiles extends BrokenFiles {
        @Override
        Defect<FileQuery<?>> defect() {
            return ignoresThePageSize();
        }
    }

    /** Reads DWORDs as signed ints. Breaks F5. */
    static class SignedFileDwords extends BrokenFiles {
        @Override
        Defect<FileQuery<?>> defect() {
            return changesEntries(SIGNED);
        }
    }

    /** Keeps only the permission bits it knows (read, write, create). Breaks F5. */
    static class MasksThePermissions extends BrokenFiles {
        @Override
        Defect<FileQuery<?>> defect() {
            return changesEntries(e -> e instanceof FileInfo.Level3 f ? FileInfo.Level3.of(f.id(),
                    f.permissions().raw() & 7, f.lockCount(), f.pathName().orElse(null), f.userName().orElse(null))
                    : e);
        }
    }

    /** Turns a NULL string into "null". Breaks F5. */
    static class NullFileStringsAsText extends BrokenFiles {
        @Override
        Defect<FileQuery<?>> defect() {
            return changesEntries(NULL_AS_TEXT);
        }
    }

    /** Decodes strings as UCS-2. Breaks F5. */
    static class BmpOnlyFileStrings extends BrokenFiles {
        @Override
        Defect<FileQuery<?>> defect() {
            return changesEntries(BMP_ONLY);
        }
    }

    /** Sorts the files. Breaks F6. */
    static class SortsFiles extends BrokenFiles {
        @Override
        Defect<FileQuery<?>> defect() {
            return sortsTheEntries();
        }
    }

    /** Loses the last file of every page. Breaks F3, F7 and F13. */
    static class DropsAFile extends BrokenFiles {
        @Override
        Defect<FileQuery<?>> defect() {
            return dropsTheLastEntry();
        }
    }

    /** Its own enumerateAll, without the no-progress guard. Breaks F7 (and must not hang the suite). */
    static class LoopsOnAStuckFileHandle extends ReferenceFileContractTest {
        @Override
        protected FileEnumerator enumerator(Account account, Duration responseTimeout) {
            return broken(FileEnumerator.class, super.enumerator(account, responseTimeout), Next::page, true, null);
        }
    }

    /** Trusts the last page's resume handle. Breaks F8 on a server that sends the count with its last page. */
    static class TrustsTheLastFileHandle extends BrokenFiles {
        @Override
        Defect<FileQuery<?>> defect() {
            return trustsTheLastHandle();
        }
    }

    /** Rejects a NULL array where a page has no entries. Breaks F8 on Samba's quirks. */
    static class RejectsANullFileArray extends ReferenceFileContractTest {
        @Override
        protected FileEnumerator enumerator(Account account, Duration responseTimeout) {
            return new ReferenceFileEnumerator(memory, account, responseTimeout) {
                @Override
                public <T extends FileInfo> Page<T> enumeratePage(FileQuery<T> q, PageSize size, ResumeHandle resume)
                        throws NetConnException {
                    return call(q.server(), "NetrFileEnum", q.level(), scenario -> scenario.answerFiles(user(),
                            q.level().value(), q.basePath().orElse(null), q.user().orElse(null),
                            size.preferredMaximumLength(), resume.value()), answer -> {
                                if (answer.entries() == null) {
                                    throw new IllegalStateException("a NULL buffer where the files should be");
                                }
                                return ReferenceFileEnumerator.entries(answer);
                            });
                }
            };
        }
    }

    /** Throws a raw runtime exception for a status. Breaks F9. */
    static class ThrowsRawRuntimeExceptionForFiles extends BrokenFiles {
        @Override
        Defect<FileQuery<?>> defect() {
            return throwsRawRuntimeExceptions();
        }
    }

    /** An empty list for NERR_UserNotFound. Breaks F9. */
    static class TakesNotFoundForNoFiles extends BrokenFiles {
        @Override
        Defect<FileQuery<?>> defect() {
            return takesNotFoundForNone();
        }
    }

    /** A wrong password as a status, an unreachable host as a protocol error. Breaks F9. */
    static class MapsFileFailuresWrongly extends BrokenFiles {
        @Override
        Defect<FileQuery<?>> defect() {
            return mapsFailuresWrongly();
        }
    }

    /** Waits for the server whatever the time-out says. Breaks F9. */
    static class IgnoresTheTimeoutForFiles extends ReferenceFileContractTest {
        @Override
        protected FileEnumerator enumerator(Account account, Duration responseTimeout) {
            return super.enumerator(account, Duration.ofHours(1));
        }
    }

    /** Opens a handle per call and never closes it. Breaks F10. */
    static class LeaksAHandleForFiles extends BrokenFiles {
        @Override
        Defect<FileQuery<?>> defect() {
            return leaksAHandle(memory);
        }
    }

    /** Starts a thread per enumerator that close() does not stop. Breaks F10. */
    static class LeavesAThreadBehindForFiles extends ReferenceFileContractTest {
        @Override
        protected FileEnumerator enumerator(Account account, Duration responseTimeout) {
            leaveAThreadBehind();
            return super.enumerator(account, responseTimeout);
        }
    }

    /** Shows the password in toString. Breaks F11. */
    static class ShowsThePasswordForFiles extends ReferenceFileContractTest {
        @Override
        protected FileEnumerator enumerator(Account account, Duration responseTimeout) {
            return broken(FileEnumerator.class, super.enumerator(account, responseTimeout), Next::page, false,
                    showing(account));
        }
    }

    /** Keeps the query in progress in a field shared by all threads. Breaks F12. */
    static class SharesFileStateBetweenThreads extends BrokenFiles {
        @Override
        Defect<FileQuery<?>> defect() {
            return sharesStateBetweenThreads();
        }
    }

    /** Logs on again for every call. Breaks F12. */
    static class LogsOnForEveryFilesCall extends ReferenceFileContractTest {
        @Override
        protected FileEnumerator enumerator(Account account, Duration responseTimeout) {
            Defect<FileQuery<?>> anew = (reference, q, size, resume) ->
                    new ReferenceFileEnumerator(memory, account, responseTimeout).enumeratePage(q, size, resume);
            return broken(FileEnumerator.class, super.enumerator(account, responseTimeout), anew, false, null);
        }
    }

    /** Implements every port, logging on once per port. Breaks F12. */
    static class LogsOnOncePerPortForFiles extends ReferenceFileContractTest {
        @Override
        protected FileEnumerator enumerator(Account account, Duration responseTimeout) {
            return new OneLogonPerPort(memory, account, responseTimeout);
        }
    }
}
