package io.github.netconn.netapi32;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.StatusCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The copy out of a buffer that a Netapi32 enumeration returned: an array of one level's
 * structures, then the UTF-16 strings they point to, in one allocation. Nothing in it is
 * trusted: the entry count is bounded by the buffer's size (NetApiBufferSize) before anything
 * is allocated for it or read, and each string pointer must point into the strings after the
 * array, its NUL before the buffer's end. So nothing outside the buffer is ever read.
 */
final class Netapi32Buffer {

    /** Longest string read from a native buffer, in UTF-16 units: past it the buffer is broken. */
    private static final int MAX_STRING_UNITS = 1 << 20;

    private Netapi32Buffer() {
    }

    /** Reads one structure, at {@code entry}, into its record; its strings through {@code strings}. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Pointer entry, Strings strings) throws ProtocolViolationException;
    }

    /**
     * One level's structure: its size in the array, as JNA lays it out on this platform, and how
     * one becomes a record.
     */
    record Layout<T>(int size, Reader<T> reader) {
    }

    /**
     * The {@code count} entries of {@code layout} in {@code buffer}, once the buffer is known to
     * hold them; {@code count} is {@code function}'s {@code entriesread}, an unsigned DWORD.
     *
     * @throws ProtocolViolationException if entries are claimed from a NULL buffer, the buffer's
     *                                    size cannot be had or is too small, or a string lies
     *                                    outside the strings
     */
    static <T> List<T> copy(Netapi32 netapi32, String function, Pointer buffer, Layout<T> layout, int count)
            throws ProtocolViolationException {
        long n = Integer.toUnsignedLong(count);
        if (n == 0) {
            return List.of();
        }
        if (buffer == null) {
            throw new ProtocolViolationException(function + " reported entriesread " + n + " with a NULL buffer", null);
        }
        IntByReference byteCount = new IntByReference();
        int status = netapi32.NetApiBufferSize(buffer, byteCount);
        if (status != 0) {
            throw new ProtocolViolationException(function + " reported entriesread " + n
                    + ", but NetApiBufferSize failed on its buffer with "
                    + StatusCode.describe(Integer.toUnsignedLong(status)) + ", so the entries cannot be bounded", null);
        }
        long size = Integer.toUnsignedLong(byteCount.getValue());
        int entrySize = layout.size();
        if (n * entrySize > size) { // at most (2^32 - 1) * 48: no overflow
            throw new ProtocolViolationException(function + " reported entriesread " + n + ": " + n
                    + " entries of " + entrySize + " bytes need " + n * entrySize
                    + " bytes, but NetApiBufferSize says its buffer holds " + size + " bytes", null);
        }
        List<T> entries = new ArrayList<>((int) n); // n <= size / 4 < 2^30
        long strings = n * entrySize;
        for (int i = 0; i < n; i++) {
            entries.add(layout.reader().read(buffer.share((long) i * entrySize),
                    new Strings(buffer, strings, size, i)));
        }
        return entries;
    }

    /**
     * The strings of one entry: a pointer must point between {@code from} (the end of the array)
     * and {@code size} bytes into the buffer, and its NUL come before the end. A pointer
     * elsewhere is refused before it is followed: a lying count that the buffer can still hold
     * reads string bytes as structures, and their pointers lead anywhere.
     */
    static final class Strings {
        private final Pointer buffer;
        private final long from;
        private final long size;
        private final int entry;

        Strings(Pointer buffer, long from, long size, int entry) {
            this.buffer = buffer;
            this.from = from;
            this.size = size;
            this.entry = entry;
        }

        /**
         * The NUL-terminated UTF-16LE string at {@code p}, read unit by unit so that every unit is
         * kept exactly; null for NULL.
         *
         * @param field the structure's field, for messages
         */
        String read(Pointer p, String field) throws ProtocolViolationException {
            if (p == null) {
                return null;
            }
            String what = "entry " + entry + "'s " + field;
            long offset = Pointer.nativeValue(p) - Pointer.nativeValue(buffer);
            if (offset < from || offset >= size) {
                throw new ProtocolViolationException(what + " points at byte " + offset + " of the Netapi32 buffer,"
                        + " outside its strings (bytes " + from + " to " + size + ")", null);
            }
            StringBuilder text = new StringBuilder();
            for (long at = offset; at + 2 <= size; at += 2) {
                char c = (char) buffer.getShort(at); // getChar would read a wchar_t: 4 bytes on Linux
                if (c == 0) {
                    return text.toString();
                }
                if (text.length() == MAX_STRING_UNITS) {
                    throw new ProtocolViolationException(what + " has no NUL within " + MAX_STRING_UNITS + " units",
                            null);
                }
                text.append(c);
            }
            throw new ProtocolViolationException(what + " has no NUL before the end of the Netapi32 buffer ("
                    + size + " bytes)", null);
        }
    }
}
