package io.github.netconn.testkit;

import java.util.Arrays;
import java.util.Objects;

/**
 * Reads SMB2 messages, and builds the one a forgery needs, for {@link FaultProxy.Rewrite}
 * rules. A message here is the body of one direct-TCP frame, without its 4-byte header.
 *
 * <p>The readers take the fields of a plain SMB2 header (MS-SMB2 2.2.1.2, all
 * little-endian): first check {@link #isSmb2}; on anything else they read garbage or throw
 * {@link IndexOutOfBoundsException}. Of a compounded message they read the first header only.
 */
public final class Smb2Frames {

    /** Size of the plain SMB2 header (StructureSize 64). */
    public static final int HEADER_SIZE = 64;
    /** Size of the SMB3 TRANSFORM_HEADER (MS-SMB2 2.2.41). */
    public static final int TRANSFORM_HEADER_SIZE = 52;

    /** Command codes (MS-SMB2 2.2.1.2, Command). */
    public static final int NEGOTIATE = 0x0000;
    public static final int SESSION_SETUP = 0x0001;
    public static final int TREE_CONNECT = 0x0003;
    public static final int CREATE = 0x0005;
    public static final int READ = 0x0008;
    public static final int WRITE = 0x0009;
    public static final int IOCTL = 0x000B;

    /** Flags bits (MS-SMB2 2.2.1.2, Flags). */
    public static final int SMB2_FLAGS_SERVER_TO_REDIR = 0x00000001;
    public static final int SMB2_FLAGS_ASYNC_COMMAND = 0x00000002;
    public static final int SMB2_FLAGS_SIGNED = 0x00000008;

    /** Status codes (MS-ERREF 2.3.1), as the unsigned values {@link #status} returns. */
    public static final long STATUS_SUCCESS = 0x00000000L;
    public static final long STATUS_PENDING = 0x00000103L;

    /** SessionFlags of a SESSION_SETUP response (MS-SMB2 2.2.6). */
    public static final int SMB2_SESSION_FLAG_IS_GUEST = 0x0001;

    /** The FSCTL of a named-pipe transceive, as DCE/RPC over SMB2 uses it (MS-FSCC 2.3). */
    public static final int FSCTL_PIPE_TRANSCEIVE = 0x0011C017;

    private Smb2Frames() {
    }

    /** A plain SMB2 message: ProtocolId 0xFE 'S' 'M' 'B' and room for the whole header. */
    public static boolean isSmb2(byte[] body) {
        return body.length >= HEADER_SIZE && hasProtocolId(body, 0xFE);
    }

    /** An SMB3 encrypted message: ProtocolId 0xFD 'S' 'M' 'B' and room for the TRANSFORM_HEADER. */
    public static boolean isTransform(byte[] body) {
        return body.length >= TRANSFORM_HEADER_SIZE && hasProtocolId(body, 0xFD);
    }

    /** SessionId of a TRANSFORM_HEADER (u64 at 44): the one thing an attacker can read of an encrypted message. */
    public static long transformSessionId(byte[] body) {
        return u64(body, 44);
    }

    /** Command (u16 at 12). */
    public static int command(byte[] body) {
        return u16(body, 12);
    }

    /** Flags (u32 at 16), a bit set; bit 31 is unused, so the value is never negative. */
    public static int flags(byte[] body) {
        return (int) u32(body, 16);
    }

    /** Status (u32 at 8), unsigned: compare with {@code 0xC0000022L}, not {@code 0xC0000022}. */
    public static long status(byte[] body) {
        return u32(body, 8);
    }

    /** MessageId (u64 at 24), as raw 64 bits. */
    public static long messageId(byte[] body) {
        return u64(body, 24);
    }

    /** TreeId (u32 at 36) of a synchronous message, unsigned. */
    public static long treeId(byte[] body) {
        return u32(body, 36);
    }

    /** SessionId (u64 at 40), as raw 64 bits. */
    public static long sessionId(byte[] body) {
        return u64(body, 40);
    }

    /**
     * A complete, unsigned SMB2 IOCTL response (MS-SMB2 2.2.32) to an
     * {@link #FSCTL_PIPE_TRANSCEIVE} with {@code output} as its data: what a server would send
     * for a DCE/RPC call over a named pipe, for a forgery to put in place of the real one.
     *
     * @param treeId unsigned 32 bits
     */
    public static byte[] ioctlResponse(long sessionId, long treeId, long messageId, byte[] output) {
        Objects.requireNonNull(output, "output");
        if (treeId < 0 || treeId > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("treeId is an unsigned 32-bit value: " + treeId);
        }
        byte[] m = new byte[HEADER_SIZE + 48 + output.length];
        // SMB2 header (2.2.1.2), synchronous
        m[0] = (byte) 0xFE; // ProtocolId
        m[1] = 'S';
        m[2] = 'M';
        m[3] = 'B';
        put16(m, 4, HEADER_SIZE); // StructureSize
        put16(m, 6, 1); // CreditCharge
        put32(m, 8, STATUS_SUCCESS); // Status
        put16(m, 12, IOCTL); // Command
        put16(m, 14, 1); // CreditResponse
        put32(m, 16, SMB2_FLAGS_SERVER_TO_REDIR); // Flags
        put32(m, 20, 0); // NextCommand
        put64(m, 24, messageId); // MessageId
        put32(m, 32, 0); // Reserved
        put32(m, 36, treeId); // TreeId
        put64(m, 40, sessionId); // SessionId
        // Signature (16 bytes at 48): zero, not signed
        // SMB2 IOCTL Response (2.2.32)
        int r = HEADER_SIZE;
        put16(m, r, 49); // StructureSize
        put16(m, r + 2, 0); // Reserved
        put32(m, r + 4, FSCTL_PIPE_TRANSCEIVE); // CtlCode
        // FileId (16 bytes at r + 8): zero
        put32(m, r + 24, 0); // InputOffset
        put32(m, r + 28, 0); // InputCount
        put32(m, r + 32, HEADER_SIZE + 48); // OutputOffset
        put32(m, r + 36, output.length); // OutputCount
        put32(m, r + 40, 0); // Flags
        put32(m, r + 44, 0); // Reserved2
        System.arraycopy(output, 0, m, HEADER_SIZE + 48, output.length); // Buffer
        return m;
    }

    /** Where {@code find} first occurs in {@code in} at or after {@code from}, or -1. */
    public static int indexOf(byte[] in, byte[] find, int from) {
        for (int i = Math.max(0, from); i + find.length <= in.length; i++) {
            if (Arrays.equals(in, i, i + find.length, find, 0, find.length)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean hasProtocolId(byte[] b, int first) {
        return (b[0] & 0xFF) == first && b[1] == 'S' && b[2] == 'M' && b[3] == 'B';
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int at) {
        return u16(b, at) | (long) u16(b, at + 2) << 16;
    }

    static long u64(byte[] b, int at) {
        return u32(b, at) | u32(b, at + 4) << 32;
    }

    static void put16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
    }

    static void put32(byte[] b, int at, long v) {
        put16(b, at, (int) v);
        put16(b, at + 2, (int) (v >> 16));
    }

    static void put64(byte[] b, int at, long v) {
        put32(b, at, v);
        put32(b, at + 4, v >>> 32);
    }
}
