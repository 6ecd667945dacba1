package io.github.netconn.msrpc;

/** Little-endian fields of NDR, DCE/RPC and SMB2, read and written in place. */
final class LittleEndian {

    private LittleEndian() {
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    /** The 32 bits as an {@code int}: widen with {@link Integer#toUnsignedLong} where the value matters. */
    static int u32(byte[] b, int at) {
        return u16(b, at) | u16(b, at + 2) << 16;
    }

    static void u16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    static void u32(byte[] b, int at, int v) {
        u16(b, at, v);
        u16(b, at + 2, v >>> 16);
    }
}
