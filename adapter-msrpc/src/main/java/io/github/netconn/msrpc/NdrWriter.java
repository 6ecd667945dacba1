package io.github.netconn.msrpc;

import java.io.ByteArrayOutputStream;

/**
 * NDR20 little-endian output of a request stub, with MIDL's referent ids: {@code 0x00020000 + 4·k}
 * over the non-NULL pointers in wire order, as MIDL and Samba write them.
 */
final class NdrWriter {

    private static final int FIRST_REFERENT = 0x0002_0000;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    private int nextReferent = FIRST_REFERENT;

    void dword(long value) {
        align();
        out.write((int) value);
        out.write((int) (value >>> 8));
        out.write((int) (value >>> 16));
        out.write((int) (value >>> 24));
    }

    /** The referent id of the next non-NULL unique pointer. */
    void referent() {
        dword(nextReferent);
        nextReferent += 4;
    }

    /** A top-level unique [string] pointer: referent, then the conformant varying string at once. */
    void string(String s) {
        if (s == null) {
            dword(0);
            return;
        }
        referent();
        int units = s.length() + 1;
        dword(units);                                    // max_count
        dword(0);                                        // offset
        dword(units);                                    // actual_count
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.write(c);
            out.write(c >>> 8);
        }
        out.write(0);                                    // terminating NUL
        out.write(0);
    }

    private void align() {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
