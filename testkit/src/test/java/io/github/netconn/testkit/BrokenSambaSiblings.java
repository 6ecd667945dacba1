package io.github.netconn.testkit;

import io.github.netconn.api.FileEnumerator;
import io.github.netconn.api.FileInfo;
import io.github.netconn.api.FileQuery;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.SessionEnumerator;
import io.github.netconn.api.SessionInfo;
import io.github.netconn.api.SessionQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Deliberately wrong adapters of the sessions and open-files ports, each {@link MemorySamba}'s
 * adapter with one defect a real adapter could have, for the Samba rules of those ports
 * ({@link ReferenceSambaSessionContractTest}, {@link ReferenceSambaFileContractTest}).
 * {@link BrokenSambaSiblingsTest} runs the rules on each and expects the rule the defect breaks
 * to fail. Nested classes, so that surefire does not run them by itself.
 */
final class BrokenSambaSiblings {

    private BrokenSambaSiblings() {
    }

    /** One call of the reference: a page, or a status. */
    interface Call<P> {
        P page() throws NetConnException;
    }

    /** {@code call}, with a status thrown as a raw runtime exception. */
    static <P> P raw(Call<P> call) throws NetConnException {
        try {
            return call.page();
        } catch (NetApiStatusException e) {
            throw new IllegalStateException("server said " + e.code());
        }
    }

    /** {@code page} with its entries changed. */
    static <T> Page<T> withEntries(Page<? extends T> page, UnaryOperator<List<T>> change) {
        return new Page<>(change.apply(new ArrayList<>(page.entries())), page.totalEntries(), page.resumeHandle(),
                page.moreData());
    }

    /** {@code page} with each entry of {@code type} changed. */
    static <T, E extends T> Page<T> eachOf(Page<? extends T> page, Class<E> type, UnaryOperator<E> change) {
        return withEntries(page, list -> {
            list.replaceAll(e -> type.isInstance(e) ? change.apply(type.cast(e)) : e);
            return list;
        });
    }

    /** {@code page} without its last entry. */
    static <T> Page<T> dropLast(Page<? extends T> page) {
        return withEntries(page, list -> list.isEmpty() ? list : list.subList(0, list.size() - 1));
    }

    // ---------------------------------------------------------------- sessions

    /** The reference, with each one-page call passing through {@link #page}. */
    abstract static class InterceptingSessions extends ReferenceSambaSessionContractTest {
        abstract Page<? extends SessionInfo> page(SessionEnumerator reference, SessionQuery<?> query,
                PageSize pageSize, ResumeHandle resume) throws NetConnException;

        @Override
        protected SessionEnumerator sessions(Account account, Duration responseTimeout) {
            SessionEnumerator reference = super.sessions(account, responseTimeout);
            return new SessionEnumerator() {
                @Override
                public <T extends SessionInfo> Page<T> enumeratePage(SessionQuery<T> query, PageSize pageSize,
                        ResumeHandle resume)
                        throws NetConnException {
                    return page(reference, query, pageSize, resume).as(query.level());
                }

                @Override
                public void close() {
                    reference.close();
                }
            };
        }
    }

    /** The reference, with each level-1 entry changed. */
    abstract static class DistortsSessions extends InterceptingSessions {
        abstract SessionInfo.Level1 distort(SessionInfo.Level1 entry);

        @Override
        Page<? extends SessionInfo> page(SessionEnumerator reference, SessionQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            return eachOf(reference.enumeratePage(query, pageSize, resume), SessionInfo.Level1.class, this::distort);
        }
    }

    /** Loses the last entry of every page. Breaks S1, S5 and S7 on Samba. */
    static class DropsASession extends InterceptingSessions {
        @Override
        Page<? extends SessionInfo> page(SessionEnumerator reference, SessionQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            return dropLast(reference.enumeratePage(query, pageSize, resume));
        }
    }

    /** Applies the filters itself, as if Samba honoured them. Breaks S1 on Samba. */
    static class FiltersSessionsItself extends InterceptingSessions {
        @Override
        Page<? extends SessionInfo> page(SessionEnumerator reference, SessionQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            return withEntries(reference.enumeratePage(query, pageSize, resume), list -> {
                list.removeIf(e -> query.client().map(c -> !e.clientName().equals(Optional.of(c))).orElse(false)
                        || e instanceof SessionInfo.Level1 one
                        && query.user().map(u -> !one.userName().equals(Optional.of(u))).orElse(false));
                return list;
            });
        }
    }

    /** Reads the open count from the idle time's place. Breaks S5 on Samba. */
    static class OpenCountFromTheIdleTime extends DistortsSessions {
        @Override
        SessionInfo.Level1 distort(SessionInfo.Level1 e) {
            return new SessionInfo.Level1(e.clientName(), e.userName(), e.idle().toSeconds(), e.active(), e.idle(),
                    e.flags());
        }
    }

    /** Reads the active time from the idle time's place. Breaks S5 on Samba. */
    static class ActiveTimeFromTheIdleTime extends DistortsSessions {
        @Override
        SessionInfo.Level1 distort(SessionInfo.Level1 e) {
            return new SessionInfo.Level1(e.clientName(), e.userName(), e.openCount(), e.idle(), e.idle(), e.flags());
        }
    }

    /** Loses the user flags. Breaks S5 (the guest) on Samba. */
    static class DropsTheFlags extends DistortsSessions {
        @Override
        SessionInfo.Level1 distort(SessionInfo.Level1 e) {
            return SessionInfo.Level1.of(e.clientName().orElse(null), e.userName().orElse(null), e.openCount(),
                    e.active().toSeconds(), e.idle().toSeconds(), 0);
        }
    }

    /** Sends every call from the start, whatever handle it is given. Breaks S7 on Samba. */
    static class IgnoresTheResumeHandle extends InterceptingSessions {
        @Override
        Page<? extends SessionInfo> page(SessionEnumerator reference, SessionQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            return reference.enumeratePage(query, pageSize, ResumeHandle.START);
        }
    }

    /** Trusts the handle back: a non-zero one means more data. Breaks S7 on Samba. */
    static class TrustsTheHandleBack extends InterceptingSessions {
        @Override
        Page<? extends SessionInfo> page(SessionEnumerator reference, SessionQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            Page<? extends SessionInfo> page = reference.enumeratePage(query, pageSize, resume);
            return new Page<>(page.entries(), page.totalEntries(), page.resumeHandle(),
                    page.moreData() || page.resumeHandle().value() != 0);
        }
    }

    /** Throws a raw runtime exception for a status. Breaks S3 and S9 on Samba. */
    static class ThrowsRawRuntimeExceptionForSessions extends InterceptingSessions {
        @Override
        Page<? extends SessionInfo> page(SessionEnumerator reference, SessionQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            return raw(() -> reference.enumeratePage(query, pageSize, resume));
        }
    }

    /** Logs on again for every call, with a client it never closes. Breaks S12 on Samba. */
    static class LogsOnForEverySessionsCall extends ReferenceSambaSessionContractTest {
        @Override
        protected SessionEnumerator sessions(Account account, Duration responseTimeout) {
            return new SessionEnumerator() {
                @Override
                public <T extends SessionInfo> Page<T> enumeratePage(SessionQuery<T> query, PageSize pageSize,
                        ResumeHandle resume)
                        throws NetConnException {
                    return memory.enumerator(account).enumeratePage(query, pageSize, resume);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    // ---------------------------------------------------------------- open files

    /** The reference, with each one-page call passing through {@link #page}. */
    abstract static class InterceptingFiles extends ReferenceSambaFileContractTest {
        abstract Page<? extends FileInfo> page(FileEnumerator reference, FileQuery<?> query, PageSize pageSize,
                ResumeHandle resume) throws NetConnException;

        @Override
        protected FileEnumerator files(Account account, Duration responseTimeout) {
            FileEnumerator reference = super.files(account, responseTimeout);
            return new FileEnumerator() {
                @Override
                public <T extends FileInfo> Page<T> enumeratePage(FileQuery<T> query, PageSize pageSize,
                        ResumeHandle resume)
                        throws NetConnException {
                    return page(reference, query, pageSize, resume).as(query.level());
                }

                @Override
                public void close() {
                    reference.close();
                }
            };
        }
    }

    /** The reference, with each level-3 entry changed. */
    abstract static class DistortsFiles extends InterceptingFiles {
        abstract FileInfo.Level3 distort(FileInfo.Level3 entry);

        @Override
        Page<? extends FileInfo> page(FileEnumerator reference, FileQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            return eachOf(reference.enumeratePage(query, pageSize, resume), FileInfo.Level3.class, this::distort);
        }
    }

    /** Loses the last entry of every page. Breaks F1, F5 and F7 on Samba. */
    static class DropsAFile extends InterceptingFiles {
        @Override
        Page<? extends FileInfo> page(FileEnumerator reference, FileQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            return dropLast(reference.enumeratePage(query, pageSize, resume));
        }
    }

    /** Sends no user filter. Breaks F1 on Samba. */
    static class SendsNoUserFilter extends InterceptingFiles {
        @Override
        Page<? extends FileInfo> page(FileEnumerator reference, FileQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            return reference.enumeratePage(new FileQuery<>(query.server(), query.basePath(), Optional.empty(),
                    query.level()), pageSize, resume);
        }
    }

    /** Applies the base path itself, as if Samba honoured it. Breaks F1 on Samba. */
    static class FiltersByBasePathItself extends InterceptingFiles {
        @Override
        Page<? extends FileInfo> page(FileEnumerator reference, FileQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            return withEntries(reference.enumeratePage(query, pageSize, resume), list -> {
                list.removeIf(e -> e instanceof FileInfo.Level3 three && query.basePath()
                        .map(base -> !three.pathName().orElse("").startsWith(base)).orElse(false));
                return list;
            });
        }
    }

    /** Reads no lock count. Breaks F5 on Samba. */
    static class LosesTheLockCount extends DistortsFiles {
        @Override
        FileInfo.Level3 distort(FileInfo.Level3 e) {
            return new FileInfo.Level3(e.id(), e.permissions(), 0, e.pathName(), e.userName());
        }
    }

    /** Loses the last character of a path, as a length counted without the NUL would. Breaks F5 on Samba. */
    static class CutsThePath extends DistortsFiles {
        @Override
        FileInfo.Level3 distort(FileInfo.Level3 e) {
            return new FileInfo.Level3(e.id(), e.permissions(), e.lockCount(),
                    e.pathName().map(p -> p.substring(0, p.length() - 1)), e.userName());
        }
    }

    /** Keeps the low 16 bits of an id only. Breaks F5 and F7 on Samba. */
    static class ShortIds extends DistortsFiles {
        @Override
        FileInfo.Level3 distort(FileInfo.Level3 e) {
            return new FileInfo.Level3(e.id() & 0xFFFF, e.permissions(), e.lockCount(), e.pathName(), e.userName());
        }
    }

    /** Gives handle 0 back whatever the server sent. Breaks F7 on Samba. */
    static class LosesTheHandleBack extends InterceptingFiles {
        @Override
        Page<? extends FileInfo> page(FileEnumerator reference, FileQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            Page<? extends FileInfo> page = reference.enumeratePage(query, pageSize, resume);
            return new Page<>(page.entries(), page.totalEntries(), ResumeHandle.START, page.moreData());
        }
    }

    /** Throws a raw runtime exception for a status. Breaks F3 and F9 on Samba. */
    static class ThrowsRawRuntimeExceptionForFiles extends InterceptingFiles {
        @Override
        Page<? extends FileInfo> page(FileEnumerator reference, FileQuery<?> query, PageSize pageSize,
                ResumeHandle resume)
                throws NetConnException {
            return raw(() -> reference.enumeratePage(query, pageSize, resume));
        }
    }

    /** Logs on again for every call, with a client it never closes. Breaks F12 on Samba. */
    static class LogsOnForEveryFilesCall extends ReferenceSambaFileContractTest {
        @Override
        protected FileEnumerator files(Account account, Duration responseTimeout) {
            return new FileEnumerator() {
                @Override
                public <T extends FileInfo> Page<T> enumeratePage(FileQuery<T> query, PageSize pageSize,
                        ResumeHandle resume)
                        throws NetConnException {
                    return memory.enumerator(account).enumeratePage(query, pageSize, resume);
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
