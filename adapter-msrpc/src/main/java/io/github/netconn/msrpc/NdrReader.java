package io.github.netconn.msrpc;

import io.github.netconn.api.ProtocolViolationException;
import java.util.Arrays;

/**
 * Strict NDR20 little-endian input over one reply stub of one call. Every violation is a
 * {@link ProtocolViolationException} saying {@code malformed <call> reply at stub offset <n> of
 * <length>: <what>}, with the offset counted from the stub's start.
 */
final class NdrReader {

    private final String call;
    private final byte[] data;
    private final int start;
    private final int end;
    private int pos;

    /** {@code call} names the operation in messages ({@code NetrConnectionEnum}). */
    NdrReader(String call, byte[] data, int offset, int length) {
        this.call = call;
        this.data = data;
        this.start = offset;
        this.end = offset + length;
        this.pos = offset;
    }

    ProtocolViolationException violation(String what) {
        return new ProtocolViolationException("malformed " + call + " reply at stub offset "
                + (pos - start) + " of " + (end - start) + ": " + what, null);
    }

    // Field names come in two parts, joined only for a message: decoding a good reply
    // allocates nothing for them (the field name of a string is shared by its counts).
    private void align(String field, String part) throws ProtocolViolationException {
        int pad = -(pos - start) & 3;
        if (pos + pad > end) {
            throw violation(field + part + " is missing: the reply ends");
        }
        pos += pad;
    }

    int int32(String field) throws ProtocolViolationException {
        return int32(field, "");
    }

    int int32(String field, String part) throws ProtocolViolationException {
        align(field, part);
        if (end - pos < 4) {
            throw violation(field + part + " is missing: the reply ends");
        }
        int v = (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8 | (data[pos + 2] & 0xFF) << 16 | data[pos + 3] << 24;
        pos += 4;
        return v;
    }

    long dword(String field) throws ProtocolViolationException {
        return Integer.toUnsignedLong(int32(field, ""));
    }

    long dword(String field, String part) throws ProtocolViolationException {
        return Integer.toUnsignedLong(int32(field, part));
    }

    boolean pointer(String field) throws ProtocolViolationException {
        return int32(field, " referent") != 0;
    }

    /** Checks that {@code count} items of {@code size} bytes can be present, before allocating them. */
    void require(long count, int size, String what) throws ProtocolViolationException {
        if (count * size > end - pos) {
            throw violation(what + " claims " + count + " entries (" + count * size + " bytes) but "
                    + (end - pos) + " bytes remain");
        }
    }

    /** A deferred conformant varying string with its terminating NUL. */
    String string(String field) throws ProtocolViolationException {
        long maxCount = dword(field, " max_count");
        long offset = dword(field, " offset");
        long actual = dword(field, " actual_count");
        if (offset != 0) {
            throw violation(field + " offset " + offset + "; only 0 is valid for a [string]");
        }
        if (actual > maxCount) {
            throw violation(field + " actual_count " + actual + " exceeds max_count " + maxCount);
        }
        if (actual == 0) {
            throw violation(field + " has no terminating NUL (actual_count 0)");
        }
        if (actual * 2 > end - pos) {
            throw violation(field + " claims " + actual + " UTF-16 units but " + (end - pos) + " bytes remain");
        }
        int units = (int) actual - 1;
        char[] chars = new char[units];
        for (int i = 0; i < units; i++, pos += 2) {
            chars[i] = (char) ((data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8);
        }
        if (data[pos] != 0 || data[pos + 1] != 0) {
            throw violation(field + " does not end with a NUL");
        }
        pos += 2;
        // Exact: new String(char[]) keeps every UTF-16 unit, lone surrogates included.
        return new String(chars);
    }

    void end() throws ProtocolViolationException {
        int left = end - pos;
        // Up to 7 zero bytes may pad a stub to an 8-byte boundary; anything else is left over.
        boolean padding = left < 8 && Arrays.equals(data, pos, end, new byte[left], 0, left);
        if (left != 0 && !padding) {
            throw violation(left + " bytes left over after the return value");
        }
    }
}
