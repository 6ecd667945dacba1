package io.github.netconn.netapi32;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.FileEnumerator;
import io.github.netconn.api.FileInfo;
import io.github.netconn.api.FileQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.InfoLevel;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.SessionEnumerator;
import io.github.netconn.api.SessionInfo;
import io.github.netconn.api.SessionQuery;
import io.github.netconn.api.StatusCode;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Windows adapter: the real Win32 {@code NetConnectionEnum}, {@code NetSessionEnum} and
 * {@code NetFileEnum} of Netapi32, through JNA, behind the three ports. It runs as the calling
 * process's user (Windows logon, Kerberos or NTLM as Windows chooses), on the local computer (a
 * query with no server) or on a remote one ({@code \\name} or {@code name}), for which Netapi32
 * makes the MS-SRVS call itself.
 *
 * <pre>{@code
 * try (Netapi32ConnectionEnumerator enumerator = Netapi32ConnectionEnumerator.builder().build()) {
 *     enumerator.enumerateAll(ConnectionQuery.local(Qualifier.of("DATA"), ConnectionLevel.LEVEL_1));
 *     enumerator.enumerateAll(SessionQuery.on("fs01", SessionLevel.LEVEL_10));
 *     enumerator.enumerateAll(FileQuery.local(FileLevel.LEVEL_3).ofUser("alice"));
 * }
 * }</pre>
 *
 * <p>Each call runs on a worker thread, so that the response time-out holds although a
 * native call cannot be interrupted: a call past its time-out fails with a
 * {@link NetConnTimeoutException}, and its worker frees the buffer when Netapi32 returns.
 * The buffer is freed exactly once on every path (C10, S10, F10). The entry count Netapi32
 * reports is not trusted: a count that the buffer, by its size from {@code NetApiBufferSize},
 * cannot hold, or a string pointer outside it, is a {@link ProtocolViolationException}, and
 * nothing outside the buffer is read. Safe for concurrent use (C12, S12, F12). Holding no
 * session of its own, it has nothing to release, and a call that runs past its deadline ends
 * within the time-out (see Release in {@link ConnectionEnumerator}).
 */
public final class Netapi32ConnectionEnumerator implements ConnectionEnumerator, SessionEnumerator, FileEnumerator {

    private static final Logger LOG = LoggerFactory.getLogger(Netapi32ConnectionEnumerator.class);

    private static final int ERROR_MORE_DATA = 234;
    private static final long MAX_DWORD = 0xFFFF_FFFFL;

    private final Netapi32 netapi32;
    private final String library;
    private final Duration timeout;
    private final ThreadPoolExecutor workers;

    /** For tests: an enumerator over any implementation of the binding. */
    Netapi32ConnectionEnumerator(Netapi32 netapi32, String library, Duration timeout) {
        this.netapi32 = netapi32;
        this.library = library;
        this.timeout = timeout;
        AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "netconn-netapi32-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The page as copied out of the native buffer, with the raw status and resume handle. */
    private record Result(int status, List<?> entries, long totalEntries, long resumeHandle) {
    }

    /**
     * One call of a Netapi32 enumeration function with the outputs it fills; its inputs, the
     * resume handle among them, are the caller's.
     */
    @FunctionalInterface
    private interface Call {
        int invoke(PointerByReference bufptr, IntByReference entriesRead, IntByReference totalEntries);
    }

    @Override
    public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query, PageSize pageSize,
            ResumeHandle resume)
            throws NetConnException {
        String server = server(query.serverName());
        int level = query.level().value();
        String where = "NetConnectionEnum on " + describe(server) + ", qualifier " + query.qualifier().wireValue()
                + ", level " + level;
        Memory serverName = utf16(server);
        Memory qualifier = utf16(query.qualifier().wireValue());
        IntByReference handle = new IntByReference((int) resume.value());
        Netapi32Buffer.Layout<?> layout = level == 0 ? Netapi32.CONNECTION_INFO_0.LAYOUT
                : Netapi32.CONNECTION_INFO_1.LAYOUT;
        return page(query.level(), where, () -> call("NetConnectionEnum", layout,
                (bufptr, read, total) -> netapi32.NetConnectionEnum(serverName, qualifier, level, bufptr,
                        prefMaxLen(pageSize), read, total, handle),
                () -> Integer.toUnsignedLong(handle.getValue())));
    }

    @Override
    public <T extends SessionInfo> Page<T> enumeratePage(SessionQuery<T> query, PageSize pageSize,
            ResumeHandle resume)
            throws NetConnException {
        String server = server(query.serverName());
        int level = query.level().value();
        String where = "NetSessionEnum on " + describe(server)
                + query.client().map(c -> ", client \\\\" + c).orElse("")
                + query.user().map(u -> ", user " + u).orElse("") + ", level " + level;
        Memory serverName = utf16(server);
        Memory client = utf16(query.clientWireValue());
        Memory user = utf16(query.user().orElse(null));
        IntByReference handle = new IntByReference((int) resume.value());
        Netapi32Buffer.Layout<?> layout = switch (level) {
            case 0 -> Netapi32.SESSION_INFO_0.LAYOUT;
            case 1 -> Netapi32.SESSION_INFO_1.LAYOUT;
            case 2 -> Netapi32.SESSION_INFO_2.LAYOUT;
            case 10 -> Netapi32.SESSION_INFO_10.LAYOUT;
            case 502 -> Netapi32.SESSION_INFO_502.LAYOUT;
            default -> throw new IllegalStateException("no SESSION_INFO_" + level);
        };
        return page(query.level(), where, () -> call("NetSessionEnum", layout,
                (bufptr, read, total) -> netapi32.NetSessionEnum(serverName, client, user, level, bufptr,
                        prefMaxLen(pageSize), read, total, handle),
                () -> Integer.toUnsignedLong(handle.getValue())));
    }

    /**
     * {@inheritDoc}
     *
     * <p>NetFileEnum's resume handle is pointer-sized (PDWORD_PTR) while the handle on the wire,
     * and in {@link ResumeHandle}, is a DWORD: the adapter passes it with the upper half zero,
     * and a handle that comes back past a DWORD is a {@link ProtocolViolationException}.
     */
    @Override
    public <T extends FileInfo> Page<T> enumeratePage(FileQuery<T> query, PageSize pageSize, ResumeHandle resume)
            throws NetConnException {
        String server = server(query.serverName());
        int level = query.level().value();
        String where = "NetFileEnum on " + describe(server) + query.basePath().map(p -> ", base path " + p).orElse("")
                + query.user().map(u -> ", user " + u).orElse("") + ", level " + level;
        Memory serverName = utf16(server);
        Memory basePath = utf16(query.basePath().orElse(null));
        Memory user = utf16(query.user().orElse(null));
        Netapi32.DWORD_PTRByReference handle = new Netapi32.DWORD_PTRByReference(resume.value());
        Netapi32Buffer.Layout<?> layout = level == 2 ? Netapi32.FILE_INFO_2.LAYOUT : Netapi32.FILE_INFO_3.LAYOUT;
        return page(query.level(), where, () -> call("NetFileEnum", layout,
                (bufptr, read, total) -> netapi32.NetFileEnum(serverName, basePath, user, level, bufptr,
                        prefMaxLen(pageSize), read, total, handle),
                handle::getValue));
    }

    /** {@code \\name} for a server, null for the local computer. */
    private static String server(Optional<String> name) {
        return name.map(n -> "\\\\" + n).orElse(null);
    }

    private static String describe(String server) {
        return server == null ? "the local computer" : server;
    }

    private static int prefMaxLen(PageSize pageSize) {
        return (int) pageSize.preferredMaximumLength();
    }

    /**
     * Runs {@code call} on a worker within the time-out, and turns what it copied into a page of
     * {@code level}'s entries, or its status into the exception C9 asks for.
     */
    private <T> Page<T> page(InfoLevel<T> level, String where, Callable<Result> call) throws NetConnException {
        Future<Result> running;
        try {
            running = workers.submit(call);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the enumerator is closed", e);
        }
        Result result;
        try {
            result = running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The worker goes on until Netapi32 returns, then frees the buffer.
            throw new NetConnTimeoutException(NetConnTimeoutException.Phase.RESPONSE, timeout, where, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetConnTimeoutException(NetConnTimeoutException.Phase.RESPONSE, timeout, where + ", interrupted",
                    e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ProtocolViolationException p) {
                throw new ProtocolViolationException(p.getMessage() + " (" + where + ")", p);
            }
            throw new ProtocolViolationException("Netapi32 failed: " + cause + " (" + where + ")", cause);
        }
        int status = result.status();
        if (status != 0 && status != ERROR_MORE_DATA) {
            throw failure(Integer.toUnsignedLong(status), where);
        }
        if (result.resumeHandle() < 0 || result.resumeHandle() > MAX_DWORD) {
            throw new ProtocolViolationException("the resume handle came back as "
                    + Long.toUnsignedString(result.resumeHandle()) + ", more than a DWORD holds (" + where + ")", null);
        }
        return new Page<>(level.cast(result.entries()), result.totalEntries(), new ResumeHandle(result.resumeHandle()),
                status == ERROR_MORE_DATA);
    }

    /**
     * One native call: call, copy every value into records, free the buffer in any case. The
     * resume handle is read after the call, as {@code resumeHandle} gives it.
     */
    private Result call(String function, Netapi32Buffer.Layout<?> layout, Call call, LongSupplier resumeHandle)
            throws ProtocolViolationException {
        PointerByReference bufptr = new PointerByReference();
        IntByReference entriesRead = new IntByReference();
        IntByReference totalEntries = new IntByReference();
        int status = call.invoke(bufptr, entriesRead, totalEntries);
        Pointer buffer = bufptr.getValue();
        try {
            List<?> entries = status == 0 || status == ERROR_MORE_DATA
                    ? Netapi32Buffer.copy(netapi32, function, buffer, layout, entriesRead.getValue()) : List.of();
            return new Result(status, entries, Integer.toUnsignedLong(totalEntries.getValue()),
                    resumeHandle.getAsLong());
        } finally {
            if (buffer != null) {
                free(buffer);
            }
        }
    }

    private void free(Pointer buffer) {
        try {
            int freed = netapi32.NetApiBufferFree(buffer);
            if (freed != 0) {
                LOG.warn("NetApiBufferFree returned {}", freed);
            }
        } catch (RuntimeException | Error e) {
            LOG.warn("NetApiBufferFree failed: {}", e.toString());
        }
    }

    /** UTF-16LE with a NUL, in native memory; null for null. */
    private static Memory utf16(String s) {
        if (s == null) {
            return null;
        }
        Memory m = new Memory(2L * (s.length() + 1));
        for (int i = 0; i < s.length(); i++) {
            m.setShort(2L * i, (short) s.charAt(i)); // setChar would write a wchar_t: 4 bytes on Linux
        }
        m.setShort(2L * s.length(), (short) 0);
        return m;
    }

    private static NetConnException failure(long status, String where) {
        String what = StatusCode.describe(status) + " (" + where + ")";
        switch ((int) status) {
            case 53:    // ERROR_BAD_NETPATH
            case 1722:  // RPC_S_SERVER_UNAVAILABLE
            case 1231:  // ERROR_NETWORK_UNREACHABLE
            case 1232:  // ERROR_HOST_UNREACHABLE
                return new HostUnreachableException(what, null);
            case 1326:  // ERROR_LOGON_FAILURE
            case 1327:  // ERROR_ACCOUNT_RESTRICTION
            case 1331:  // ERROR_ACCOUNT_DISABLED
            case 1909:  // ERROR_ACCOUNT_LOCKED_OUT
                return new AuthenticationException(what, null);
            default:
                return new NetApiStatusException(status, where);
        }
    }

    @Override
    public void close() {
        workers.shutdown();
    }

    @Override
    public String toString() {
        return "Netapi32ConnectionEnumerator[library " + library + ", time-out " + timeout.toMillis() + " ms]";
    }

    /** The options of an enumerator; {@link #build()} loads the library. */
    public static final class Builder {
        private String library = "Netapi32";
        private Duration timeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The native library to load: {@code Netapi32} by default; a path for a stand-in. */
        public Builder library(String nameOrPath) {
            if (nameOrPath == null || nameOrPath.isBlank()) {
                throw new IllegalArgumentException("library must name a native library");
            }
            this.library = nameOrPath;
            return this;
        }

        /** How long a call may take before it fails with a time-out; 60 s by default. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, not " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** @throws IllegalStateException if the library cannot be loaded */
        public Netapi32ConnectionEnumerator build() {
            Netapi32 netapi32;
            try {
                netapi32 = Native.load(library, Netapi32.class);
            } catch (UnsatisfiedLinkError e) {
                throw new IllegalStateException("cannot load the native library '" + library + "': " + e.getMessage(), e);
            }
            return new Netapi32ConnectionEnumerator(netapi32, library, timeout);
        }
    }
}
