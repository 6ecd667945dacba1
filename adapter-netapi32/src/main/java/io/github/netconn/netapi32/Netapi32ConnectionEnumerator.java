package io.github.netconn.netapi32;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.HostUnreachableException;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.NetConnTimeoutException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.StatusCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Windows adapter: the real Win32 {@code NetConnectionEnum} of Netapi32, through JNA.
 * It runs as the calling process's user (Windows logon, Kerberos or NTLM as Windows
 * chooses), on the local computer (a query with no server) or on a remote one
 * ({@code \\name} or {@code name}), for which Netapi32 makes the MS-SRVS call itself.
 *
 * <pre>{@code
 * try (Netapi32ConnectionEnumerator enumerator = Netapi32ConnectionEnumerator.builder().build()) {
 *     enumerator.enumerateAll(ConnectionQuery.local(Qualifier.of("DATA"), ConnectionLevel.LEVEL_1));
 * }
 * }</pre>
 *
 * <p>Each call runs on a worker thread, so that the response time-out holds although a
 * native call cannot be interrupted: a call past its time-out fails with a
 * {@link NetConnTimeoutException}, and its worker frees the buffer when Netapi32 returns.
 * The buffer is freed exactly once on every path (C10). The entry count Netapi32 reports is
 * not trusted: a count that the buffer, by its size from {@code NetApiBufferSize}, cannot hold,
 * or a string pointer outside it, is a {@link ProtocolViolationException}, and nothing outside
 * the buffer is read. Safe for concurrent use (C12).
 */
public final class Netapi32ConnectionEnumerator implements ConnectionEnumerator {

    private static final Logger LOG = LoggerFactory.getLogger(Netapi32ConnectionEnumerator.class);

    private static final int ERROR_MORE_DATA = 234;
    /** Longest string read from a native buffer, in UTF-16 units: past it the buffer is broken. */
    private static final int MAX_STRING_UNITS = 1 << 20;

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

    /** The page as copied out of the native buffer, with the raw status. */
    private record Result(int status, List<ConnectionInfo> entries, long totalEntries, long resumeHandle) {
    }

    @Override
    public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query, PageSize pageSize,
            ResumeHandle resume)
            throws NetConnException {
        String server = query.serverName().map(name -> "\\\\" + name).orElse(null);
        String where = "NetConnectionEnum on " + (server == null ? "the local computer" : server)
                + ", qualifier " + query.qualifier().wireValue() + ", level " + query.level().value();
        Future<Result> call;
        try {
            call = workers.submit(() -> call(server, query.qualifier().wireValue(), query.level().value(),
                    (int) pageSize.preferredMaximumLength(), (int) resume.value()));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("the enumerator is closed", e);
        }
        Result result;
        try {
            result = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The worker goes on until Netapi32 returns, then frees the buffer.
            throw new NetConnTimeoutException(NetConnTimeoutException.Phase.RESPONSE, timeout, where, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetConnTimeoutException(NetConnTimeoutException.Phase.RESPONSE, timeout, where + ", interrupted", e);
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
        return new Page<>(query.level().cast(result.entries()), result.totalEntries(),
                new ResumeHandle(result.resumeHandle()),
                status == ERROR_MORE_DATA);
    }

    /** One native call: call, copy every value into records, free the buffer in any case. */
    private Result call(String server, String qualifier, int level, int prefMaxLen, int resume)
            throws ProtocolViolationException {
        PointerByReference bufptr = new PointerByReference();
        IntByReference entriesRead = new IntByReference();
        IntByReference totalEntries = new IntByReference();
        IntByReference resumeHandle = new IntByReference(resume);
        int status = netapi32.NetConnectionEnum(utf16(server), utf16(qualifier), level, bufptr, prefMaxLen,
                entriesRead, totalEntries, resumeHandle);
        Pointer buffer = bufptr.getValue();
        try {
            List<ConnectionInfo> entries = status == 0 || status == ERROR_MORE_DATA
                    ? copy(buffer, level, entriesRead.getValue()) : List.of();
            return new Result(status, entries, Integer.toUnsignedLong(totalEntries.getValue()),
                    Integer.toUnsignedLong(resumeHandle.getValue()));
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

    /**
     * The {@code count} entries in the buffer, once the buffer is known to hold them: the count is
     * Netapi32's {@code entriesread}, a DWORD, and is checked against the size of the buffer
     * (NetApiBufferSize) before anything is allocated for it or read from the buffer. The strings
     * are read only inside the buffer too (see {@link #string}).
     */
    private List<ConnectionInfo> copy(Pointer buffer, int level, int count) throws ProtocolViolationException {
        long n = Integer.toUnsignedLong(count);
        if (n == 0) {
            return List.of();
        }
        if (buffer == null) {
            throw new ProtocolViolationException("NetConnectionEnum reported entriesread " + n + " with a NULL buffer", null);
        }
        IntByReference byteCount = new IntByReference();
        int status = netapi32.NetApiBufferSize(buffer, byteCount);
        if (status != 0) {
            throw new ProtocolViolationException("NetConnectionEnum reported entriesread " + n
                    + ", but NetApiBufferSize failed on its buffer with "
                    + StatusCode.describe(Integer.toUnsignedLong(status)) + ", so the entries cannot be bounded", null);
        }
        long size = Integer.toUnsignedLong(byteCount.getValue());
        int entrySize = level == 0 ? Netapi32.CONNECTION_INFO_0.SIZE : Netapi32.CONNECTION_INFO_1.SIZE;
        if (n * entrySize > size) { // at most (2^32 - 1) * 40: no overflow
            throw new ProtocolViolationException("NetConnectionEnum reported entriesread " + n + ": " + n
                    + " entries of " + entrySize + " bytes need " + n * entrySize
                    + " bytes, but NetApiBufferSize says its buffer holds " + size + " bytes", null);
        }
        List<ConnectionInfo> entries = new ArrayList<>((int) n); // n <= size / 4 < 2^30
        if (level == 0) {
            Netapi32.CONNECTION_INFO_0 first = new Netapi32.CONNECTION_INFO_0(buffer);
            for (Structure s : first.toArray((int) n)) {
                entries.add(new ConnectionInfo.Level0(Integer.toUnsignedLong(((Netapi32.CONNECTION_INFO_0) s).coni0_id)));
            }
            return entries;
        }
        Netapi32.CONNECTION_INFO_1 first = new Netapi32.CONNECTION_INFO_1(buffer);
        long strings = n * entrySize;
        Structure[] array = first.toArray((int) n);
        for (int i = 0; i < array.length; i++) {
            Netapi32.CONNECTION_INFO_1 e = (Netapi32.CONNECTION_INFO_1) array[i];
            entries.add(ConnectionInfo.Level1.of(Integer.toUnsignedLong(e.coni1_id), Integer.toUnsignedLong(e.coni1_type),
                    Integer.toUnsignedLong(e.coni1_num_opens), Integer.toUnsignedLong(e.coni1_num_users),
                    Integer.toUnsignedLong(e.coni1_time),
                    string(buffer, strings, size, e.coni1_username, "entry " + i + "'s coni1_username"),
                    string(buffer, strings, size, e.coni1_netname, "entry " + i + "'s coni1_netname")));
        }
        return entries;
    }

    /**
     * A NUL-terminated UTF-16LE string, read unit by unit so that every unit is kept exactly.
     * Netapi32 puts the strings in the buffer after the array, so {@code p} must point between
     * {@code from} and {@code size} bytes into it, and the NUL come before its end. A pointer
     * elsewhere is refused before it is followed: a lying count that the buffer can still hold
     * reads string bytes as structures, and their pointers lead anywhere.
     */
    private static String string(Pointer buffer, long from, long size, Pointer p, String what)
            throws ProtocolViolationException {
        if (p == null) {
            return null;
        }
        long offset = Pointer.nativeValue(p) - Pointer.nativeValue(buffer);
        if (offset < from || offset >= size) {
            throw new ProtocolViolationException(what + " points at byte " + offset + " of the Netapi32 buffer, outside"
                    + " its strings (bytes " + from + " to " + size + ")", null);
        }
        StringBuilder text = new StringBuilder();
        for (long at = offset; at + 2 <= size; at += 2) {
            char c = (char) buffer.getShort(at); // getChar would read a wchar_t: 4 bytes on Linux
            if (c == 0) {
                return text.toString();
            }
            if (text.length() == MAX_STRING_UNITS) {
                throw new ProtocolViolationException(what + " has no NUL within " + MAX_STRING_UNITS + " units", null);
            }
            text.append(c);
        }
        throw new ProtocolViolationException(what + " has no NUL before the end of the Netapi32 buffer ("
                + size + " bytes)", null);
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
