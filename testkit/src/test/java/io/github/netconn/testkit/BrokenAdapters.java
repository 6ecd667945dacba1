package io.github.netconn.testkit;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Deliberately wrong adapters, each the reference with one defect a real adapter could
 * have: for the scenario rules the reference adapter ({@link ReferenceScenarioContractTest}),
 * for the Samba rules {@link MemorySamba}'s ({@link ReferenceSambaContractTest}).
 * {@link BrokenAdaptersTest} runs the contract on each and expects the rule the defect breaks
 * to fail. Nested classes, so that surefire does not run them by itself.
 */
final class BrokenAdapters {

    private BrokenAdapters() {
    }

    /** The reference, with each one-page call passing through {@link #page}. */
    abstract static class Intercepting extends ReferenceScenarioContractTest {
        abstract Page<? extends ConnectionInfo> page(ConnectionEnumerator reference, ConnectionQuery<?> query, PageSize pageSize,
                                     ResumeHandle resume) throws NetConnException;

        @Override
        protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) {
            return intercepted(super.enumerator(account, responseTimeout), this::page);
        }
    }

    /** One page of {@code reference}'s, as a defect changes it. */
    interface Interception {
        Page<? extends ConnectionInfo> page(ConnectionEnumerator reference, ConnectionQuery<?> query, PageSize pageSize,
                            ResumeHandle resume) throws NetConnException;
    }

    /** {@code reference}, with each one-page call passing through {@code interception}. */
    static ConnectionEnumerator intercepted(ConnectionEnumerator reference, Interception interception) {
        return new ConnectionEnumerator() {
            @Override
            public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query,
                    PageSize pageSize, ResumeHandle resume)
                    throws NetConnException {
                return interception.page(reference, query, pageSize, resume).as(query.level());
            }

            @Override
            public void close() {
                reference.close();
            }
        };
    }

    /** The reference, with each page passed through a distortion. */
    abstract static class Distorted extends Intercepting {
        abstract Page<? extends ConnectionInfo> distort(ConnectionQuery<?> query, Page<? extends ConnectionInfo> page) throws NetConnException;

        @Override
        Page<? extends ConnectionInfo> page(ConnectionEnumerator reference, ConnectionQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            return distort(query, reference.enumeratePage(query, pageSize, resume));
        }

        static Page<? extends ConnectionInfo> entries(Page<? extends ConnectionInfo> page, UnaryOperator<List<ConnectionInfo>> change) {
            return new Page<>(change.apply(new ArrayList<ConnectionInfo>(page.entries())), page.totalEntries(),
                    page.resumeHandle(), page.moreData());
        }

        static Page<? extends ConnectionInfo> level1(Page<? extends ConnectionInfo> page, UnaryOperator<ConnectionInfo.Level1> change) {
            return entries(page, list -> {
                list.replaceAll(e -> e instanceof ConnectionInfo.Level1 l1 ? change.apply(l1) : e);
                return list;
            });
        }
    }

    /** Loses the last entry of every non-empty page. Breaks C3, C5, C7, C13. */
    static class DropsAnEntry extends Distorted {
        @Override
        Page<? extends ConnectionInfo> distort(ConnectionQuery<?> query, Page<? extends ConnectionInfo> page) {
            return dropLastEntry(page);
        }

        static Page<? extends ConnectionInfo> dropLastEntry(Page<? extends ConnectionInfo> page) {
            return entries(page, list -> list.isEmpty() ? list : list.subList(0, list.size() - 1));
        }
    }

    /** Cuts a qualifier to 1,000 characters, as a buffer one size too small would. Breaks C1. */
    static class CutsLongQualifiers extends Intercepting {
        @Override
        Page<? extends ConnectionInfo> page(ConnectionEnumerator reference, ConnectionQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            String qualifier = query.qualifier().wireValue();
            ConnectionQuery<?> cut = new ConnectionQuery<>(query.server(),
                    Qualifier.of(qualifier.substring(0, Math.min(1_000, qualifier.length()))), query.level());
            return reference.enumeratePage(cut, pageSize, resume);
        }
    }

    /**
     * Puts {@code \\} before the server name once more, as if the port had not taken them off.
     * Breaks C2 (and every rule that reaches a server).
     */
    static class BackslashesTheServerTwice extends Intercepting {
        @Override
        Page<? extends ConnectionInfo> page(ConnectionEnumerator reference, ConnectionQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            ConnectionQuery<?> twice = new ConnectionQuery<>("\\\\\\\\" + query.server(), query.qualifier(),
                    query.level());
            return reference.enumeratePage(twice, pageSize, resume);
        }
    }

    /** Reads DWORDs as signed ints: 0xFFFFFFFF becomes -1, which the records refuse. Breaks C5. */
    static class SignedDwords extends Distorted {
        @Override
        Page<? extends ConnectionInfo> distort(ConnectionQuery<?> query, Page<? extends ConnectionInfo> page) {
            return level1(page, e -> ConnectionInfo.Level1.of((int) e.id(), e.shareType().raw(), (int) e.openCount(),
                    e.userCount(), e.secondsConnected(), e.userName().orElse(null), e.netName().orElse(null)));
        }
    }

    /** Turns a NULL string into the text "null". Breaks C5. */
    static class NullAsText extends Distorted {
        @Override
        Page<? extends ConnectionInfo> distort(ConnectionQuery<?> query, Page<? extends ConnectionInfo> page) {
            return level1(page, e -> new ConnectionInfo.Level1(e.id(), e.shareType(), e.openCount(), e.userCount(),
                    e.secondsConnected(), Optional.of(String.valueOf(e.userName().orElse(null))), e.netName()));
        }
    }

    /** Decodes strings as UCS-2: characters outside the BMP are lost. Breaks C5. */
    static class BmpOnly extends Distorted {
        @Override
        Page<? extends ConnectionInfo> distort(ConnectionQuery<?> query, Page<? extends ConnectionInfo> page) {
            return level1(page, e -> new ConnectionInfo.Level1(e.id(), e.shareType(), e.openCount(), e.userCount(),
                    e.secondsConnected(), e.userName().map(s -> s.codePoints().map(c -> c > 0xFFFF ? '?' : c)
                            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString()), e.netName()));
        }
    }

    /** Sorts entries by id. Breaks C6. */
    static class SortsEntries extends Distorted {
        @Override
        Page<? extends ConnectionInfo> distort(ConnectionQuery<?> query, Page<? extends ConnectionInfo> page) {
            return entries(page, list -> {
                list.sort((a, b) -> Long.compare(a.id(), b.id()));
                return list;
            });
        }
    }

    /** Trusts the resume handle of the last page: a non-zero one means more data. Breaks C8 on Samba's quirks. */
    static class TrustsTheLastHandle extends Distorted {
        @Override
        Page<? extends ConnectionInfo> distort(ConnectionQuery<?> query, Page<? extends ConnectionInfo> page) {
            boolean more = page.moreData() || page.resumeHandle().value() != 0;
            return new Page<>(page.entries(), page.totalEntries(), page.resumeHandle(), more);
        }
    }

    /** Throws a raw runtime exception for a status. Breaks C9. */
    static class ThrowsRawRuntimeException extends Intercepting {
        @Override
        Page<? extends ConnectionInfo> page(ConnectionEnumerator reference, ConnectionQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            return throwingRaw(reference, query, pageSize, resume);
        }

        static Page<? extends ConnectionInfo> throwingRaw(ConnectionEnumerator reference, ConnectionQuery<?> query,
                PageSize pageSize,
                                          ResumeHandle resume) throws NetConnException {
            try {
                return reference.enumeratePage(query, pageSize, resume);
            } catch (NetApiStatusException e) {
                throw new IllegalStateException("server said " + e.code());
            }
        }
    }

    /** Reports a wrong password as a status and an unreachable host as a protocol error. Breaks C9. */
    static class MapsFailuresWrongly extends Intercepting {
        @Override
        Page<? extends ConnectionInfo> page(ConnectionEnumerator reference, ConnectionQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            return mappedWrongly(reference, query, pageSize, resume);
        }

        static Page<? extends ConnectionInfo> mappedWrongly(ConnectionEnumerator reference, ConnectionQuery<?> query,
                PageSize pageSize,
                                            ResumeHandle resume) throws NetConnException {
            try {
                return reference.enumeratePage(query, pageSize, resume);
            } catch (io.github.netconn.api.AuthenticationException e) {
                throw new NetApiStatusException(1326, null);
            } catch (HostUnreachableException e) {
                throw new ProtocolViolationException("connection failed", e);
            }
        }
    }

    /** Waits for the server whatever the time-out says. Breaks C9. */
    static class IgnoresTheTimeout extends ReferenceScenarioContractTest {
        @Override
        protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) {
            return super.enumerator(account, Duration.ofHours(1));
        }
    }

    /** Sends MAX_PREFERRED_LENGTH whatever the page size. Breaks C4. */
    static class IgnoresThePageSize extends Intercepting {
        @Override
        Page<? extends ConnectionInfo> page(ConnectionEnumerator reference, ConnectionQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            return reference.enumeratePage(query, PageSize.ALL, resume);
        }
    }

    /** Its own enumerateAll, without the port's no-progress guard. Breaks C7 (and must not hang the suite). */
    static class LoopsOnAStuckHandle extends ReferenceScenarioContractTest {
        @Override
        protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) {
            ConnectionEnumerator reference = super.enumerator(account, responseTimeout);
            return new ConnectionEnumerator() {
                @Override
                public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query,
                        PageSize pageSize, ResumeHandle resume)
                        throws NetConnException {
                    return reference.enumeratePage(query, pageSize, resume);
                }

                @Override
                public <T extends ConnectionInfo> List<T> enumerateAll(ConnectionQuery<T> query, PageSize pageSize)
                        throws NetConnException {
                    List<T> all = new ArrayList<>();
                    Page<T> page = enumeratePage(query, pageSize, ResumeHandle.START);
                    all.addAll(page.entries());
                    while (page.moreData() && !Thread.currentThread().isInterrupted()) {
                        page = enumeratePage(query, pageSize, page.resumeHandle());
                        all.addAll(page.entries());
                    }
                    return Collections.unmodifiableList(all);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** Opens a handle per call and never closes it. Breaks C10. */
    static class LeaksAHandle extends Distorted {
        @Override
        Page<? extends ConnectionInfo> distort(ConnectionQuery<?> query, Page<? extends ConnectionInfo> page) {
            memory.openHandle();
            return page;
        }
    }

    /** Starts a thread per enumerator that close() does not stop. Breaks C10. */
    static class LeavesAThreadBehind extends ReferenceScenarioContractTest {
        @Override
        protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) {
            Thread keepAlive = new Thread(() -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "broken-keepalive");
            keepAlive.setDaemon(true);
            keepAlive.start();
            return super.enumerator(account, responseTimeout);
        }
    }

    /** Shows the password in toString. Breaks C11. */
    static class ShowsThePassword extends ReferenceScenarioContractTest {
        @Override
        protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) {
            return new ReferenceConnectionEnumerator(memory, account, responseTimeout) {
                @Override
                public String toString() {
                    return "Enumerator[" + account.user() + ":" + account.password() + "]";
                }
            };
        }
    }

    /** Keeps the query of the call in progress in a field shared by all threads. Breaks C12. */
    static class SharesStateBetweenThreads extends Intercepting {
        private ConnectionQuery<?> current;

        @Override
        Page<? extends ConnectionInfo> page(ConnectionEnumerator reference, ConnectionQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            current = query;
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return reference.enumeratePage(current, pageSize, resume);
        }
    }

    /** Logs on again for every call. Breaks C12. */
    static class LogsOnForEveryCall extends ReferenceScenarioContractTest {
        @Override
        protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) {
            return new ConnectionEnumerator() {
                @Override
                public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query,
                        PageSize pageSize, ResumeHandle resume)
                        throws NetConnException {
                    return new ReferenceConnectionEnumerator(memory, account, responseTimeout)
                            .enumeratePage(query, pageSize, resume);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    // ---------------------------------------------------------------- the Samba rules

    /** {@link MemorySamba}'s adapter, with each one-page call passing through {@link #page}. */
    abstract static class InterceptingOnSamba extends ReferenceSambaContractTest {
        abstract Page<? extends ConnectionInfo> page(ConnectionEnumerator reference, ConnectionQuery<?> query, PageSize pageSize,
                                     ResumeHandle resume) throws NetConnException;

        @Override
        protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) {
            return intercepted(super.enumerator(account, responseTimeout), this::page);
        }
    }

    /** Loses the last entry of every non-empty page. Breaks C3, C5 and C7 on Samba. */
    static class DropsAnEntryOnSamba extends InterceptingOnSamba {
        @Override
        Page<? extends ConnectionInfo> page(ConnectionEnumerator reference, ConnectionQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            return DropsAnEntry.dropLastEntry(reference.enumeratePage(query, pageSize, resume));
        }
    }

    /** Throws a raw runtime exception for a status. Breaks C9 on Samba. */
    static class ThrowsRawRuntimeExceptionOnSamba extends InterceptingOnSamba {
        @Override
        Page<? extends ConnectionInfo> page(ConnectionEnumerator reference, ConnectionQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            return ThrowsRawRuntimeException.throwingRaw(reference, query, pageSize, resume);
        }
    }

    /** Reports a wrong password as a status. Breaks C9 on Samba. */
    static class MapsFailuresWronglyOnSamba extends InterceptingOnSamba {
        @Override
        Page<? extends ConnectionInfo> page(ConnectionEnumerator reference, ConnectionQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            return MapsFailuresWrongly.mappedWrongly(reference, query, pageSize, resume);
        }
    }

    /** Logs on again for every call, with a client it never closes. Breaks C12 on Samba. */
    static class LogsOnForEveryCallOnSamba extends ReferenceSambaContractTest {
        @Override
        protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) {
            return intercepted(super.enumerator(account, responseTimeout),
                    (reference, query, pageSize, resume) -> memory.enumerator(account).enumeratePage(query, pageSize,
                            resume));
        }
    }

    /** Does not log off when closed. Breaks C10 on Samba. */
    static class KeepsTheSessionOnSamba extends ReferenceSambaContractTest {
        @Override
        protected ConnectionEnumerator enumerator(Account account, Duration responseTimeout) {
            ConnectionEnumerator reference = super.enumerator(account, responseTimeout);
            return new ConnectionEnumerator() {
                @Override
                public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query,
                        PageSize pageSize, ResumeHandle resume)
                        throws NetConnException {
                    return reference.enumeratePage(query, pageSize, resume);
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
