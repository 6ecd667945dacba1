package io.github.netconn.msrpc;

import io.github.netconn.testkit.FaultProxy.Direction;
import io.github.netconn.testkit.FaultProxy.Rewrite;
import io.github.netconn.testkit.Smb2Frames;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Mutations of the messages an attacker on the wire can change without a key: the NEGOTIATE
 * response and the SESSION_SETUP responses, which come before any signature. Each aims at
 * the differences between two parsers — the guard's and smbj's — with decoys, duplicates,
 * reordering and moved offsets, rather than at one field. Used by {@link MsrpcWireAttackTest}.
 */
final class WireMutations {

    /** The unauthenticated server messages, in the order a logon meets them. */
    enum Target {
        NEGOTIATE(m -> command(m) == Smb2Frames.NEGOTIATE),
        /** The SESSION_SETUP response that carries the NTLM CHALLENGE. */
        CHALLENGE(m -> command(m) == Smb2Frames.SESSION_SETUP && Smb2Frames.indexOf(m, NTLM_CHALLENGE, Smb2Frames.HEADER_SIZE) >= 0),
        /** The final SESSION_SETUP response (STATUS_SUCCESS). */
        FINAL_SESSION_SETUP(m -> command(m) == Smb2Frames.SESSION_SETUP && Smb2Frames.status(m) == Smb2Frames.STATUS_SUCCESS);

        final Predicate<byte[]> matches;

        Target(Predicate<byte[]> matches) {
            this.matches = matches;
        }
    }

    /** What an attacker sends in place of the target message. */
    enum Mutation {
        /** The message twice. */
        DUPLICATE((t, m) -> List.of(m, m.clone())),
        /** The genuine message with another MessageId (which the client discards), then the genuine one. */
        WRONG_ID_FIRST((t, m) -> List.of(withMessageId(m, Smb2Frames.messageId(m) + 1), m)),
        /** The genuine message with another MessageId, then a weakened one with the right id: the decoy of a guard that records the first. */
        GENUINE_DECOY_THEN_WEAKENED((t, m) -> List.of(withMessageId(m, Smb2Frames.messageId(m) + 1), weakened(t, m))),
        /** A weakened copy with the right id first, then the genuine message: reordered. */
        WEAKENED_THEN_GENUINE((t, m) -> List.of(weakened(t, m), m)),
        /** A weakened copy alone: the single rewrite. */
        WEAKENED((t, m) -> List.of(weakened(t, m))),
        /**
         * The security buffer moved: a genuine copy of it first, where a scanner would find it,
         * then a weakened one, at which SecurityBufferOffset now points.
         */
        DECOY_BUFFER_AHEAD((t, m) -> List.of(decoyBufferAhead(t, m))),
        /** Eight bytes of padding before the security buffer, every offset moved to match: the same message, laid out anew. */
        PADDED((t, m) -> List.of(padded(t, m))),
        /** SecurityBufferLength eight bytes longer than what follows. */
        LENGTH_OVERRUNS((t, m) -> List.of(lengthPlus(t, m, 8)));

        final BiFunction<Target, byte[], List<byte[]>> apply;

        Mutation(BiFunction<Target, byte[], List<byte[]>> apply) {
            this.apply = apply;
        }
    }

    static final byte[] NTLM_CHALLENGE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 2, 0, 0, 0};
    static final byte[] NTLM_AUTHENTICATE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 3, 0, 0, 0};
    /** SMB2_GLOBAL_CAP_ENCRYPTION (MS-SMB2 2.2.4). */
    private static final int CAP_ENCRYPTION = 0x40;
    /** NTLMSSP_NEGOTIATE_SIGN, _SEAL, _ALWAYS_SIGN (MS-NLMP 2.2.2.5). */
    private static final int NTLM_SIGN_SEAL_ALWAYS_SIGN = 0x10 | 0x20 | 0x8000;

    private WireMutations() {
    }

    /** A rule that replaces the first message of {@code target} by what {@code mutation} makes of it. */
    static Rewrite rule(Target target, Mutation mutation) {
        AtomicInteger left = new AtomicInteger(1);
        return Rewrite.of(Direction.SERVER_TO_CLIENT, target + " " + mutation, m -> Smb2Frames.isSmb2(m)
                && target.matches.test(m) && left.getAndDecrement() > 0 ? mutation.apply.apply(target, m) : null);
    }

    /**
     * Counts the client's SESSION_SETUP requests and records the NegotiateFlags of every NTLM
     * AUTHENTICATE among them (the proxy sees the client's own message here, so a plain scan
     * finds it), changing nothing. One rule: a proxy arms one rule per direction.
     */
    static Rewrite sessionSetups(AtomicInteger count, List<Integer> authenticateFlags) {
        return Rewrite.of(Direction.CLIENT_TO_SERVER, "sessionSetups", m -> {
            if (Smb2Frames.isSmb2(m) && command(m) == Smb2Frames.SESSION_SETUP) {
                count.incrementAndGet();
                int at = Smb2Frames.indexOf(m, NTLM_AUTHENTICATE, Smb2Frames.HEADER_SIZE);
                if (at >= 0 && at + 64 <= m.length) {
                    authenticateFlags.add(le(m).getInt(at + 60));
                }
            }
            return null;
        });
    }

    /**
     * {@code change}, with {@code observe} shown every message that then goes out: a proxy arms
     * one rule per direction, so an observer of the same direction rides along this way.
     */
    static Rewrite observed(Rewrite change, Rewrite observe) {
        if (change.direction() != observe.direction()) {
            throw new IllegalArgumentException("two directions: " + change + ", " + observe);
        }
        return Rewrite.of(change.direction(), change + " observed by " + observe, m -> {
            List<byte[]> out = change.apply(m.clone());
            for (byte[] sent : out == null ? List.of(m) : out) {
                observe.apply(sent.clone());
            }
            return out;
        });
    }

    /**
     * The target weakened where a client that believed it would be weaker: the NEGOTIATE
     * response without the encryption capability and without "signing required"; the NTLM
     * CHALLENGE without SIGN, SEAL and ALWAYS_SIGN (KEY_EXCH kept); the final SESSION_SETUP
     * response flagged IS_GUEST.
     */
    static byte[] weakened(Target target, byte[] genuine) {
        byte[] m = genuine.clone();
        ByteBuffer b = le(m);
        switch (target) {
            case NEGOTIATE -> {
                b.putInt(88, b.getInt(88) & ~CAP_ENCRYPTION);             // Capabilities
                b.putShort(66, (short) (b.getShort(66) & ~0x2));           // SecurityMode: SIGNING_REQUIRED
            }
            case CHALLENGE -> {
                int at = Smb2Frames.indexOf(m, NTLM_CHALLENGE, bufferOffset(target, m)) + 20; // CHALLENGE_MESSAGE.NegotiateFlags
                b.putInt(at, b.getInt(at) & ~NTLM_SIGN_SEAL_ALWAYS_SIGN);
            }
            case FINAL_SESSION_SETUP -> b.putShort(66, (short) Smb2Frames.SMB2_SESSION_FLAG_IS_GUEST); // SessionFlags
        }
        return m;
    }

    /** [header and fixed part][genuine security buffer][weakened security buffer], the offset at the second. */
    private static byte[] decoyBufferAhead(Target target, byte[] genuine) {
        int offset = bufferOffset(target, genuine);
        int length = bufferLength(target, genuine);
        byte[] weak = weakened(target, genuine);
        byte[] m = new byte[genuine.length + length];
        System.arraycopy(genuine, 0, m, 0, offset + length);                          // all up to the buffer's end
        System.arraycopy(weak, offset, m, offset + length, genuine.length - offset);  // the weakened buffer, and the rest
        moveOffsets(target, m, offset, length);
        return m;
    }

    private static byte[] padded(Target target, byte[] genuine) {
        int offset = bufferOffset(target, genuine);
        byte[] m = new byte[genuine.length + 8];
        System.arraycopy(genuine, 0, m, 0, offset);
        System.arraycopy(genuine, offset, m, offset + 8, genuine.length - offset);
        moveOffsets(target, m, offset, 8);
        return m;
    }

    private static byte[] lengthPlus(Target target, byte[] genuine, int more) {
        byte[] m = genuine.clone();
        int at = target == Target.NEGOTIATE ? 122 : 70; // SecurityBufferLength
        le(m).putShort(at, (short) (bufferLength(target, m) + more));
        return m;
    }

    /** Every offset at or past {@code from} moved by {@code by}: SecurityBufferOffset, and NegotiateContextOffset. */
    private static void moveOffsets(Target target, byte[] m, int from, int by) {
        ByteBuffer b = le(m);
        if (target == Target.NEGOTIATE) {
            b.putShort(120, (short) (b.getShort(120) + by));                 // SecurityBufferOffset
            int contexts = b.getInt(124);                                      // NegotiateContextOffset (3.1.1)
            if (u16(m, 70) > 0 && contexts >= from) {
                b.putInt(124, contexts + by);
            }
        } else {
            b.putShort(68, (short) (b.getShort(68) + by));                   // SecurityBufferOffset
        }
    }

    private static int bufferOffset(Target target, byte[] m) {
        return u16(m, target == Target.NEGOTIATE ? 120 : 68);
    }

    private static int bufferLength(Target target, byte[] m) {
        return u16(m, target == Target.NEGOTIATE ? 122 : 70);
    }

    private static byte[] withMessageId(byte[] genuine, long id) {
        byte[] m = genuine.clone();
        le(m).putLong(24, id);
        return m;
    }

    private static int u16(byte[] m, int at) {
        return le(m).getShort(at) & 0xFFFF;
    }

    private static int command(byte[] m) {
        return Smb2Frames.command(m);
    }

    private static ByteBuffer le(byte[] m) {
        return ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
    }
}
