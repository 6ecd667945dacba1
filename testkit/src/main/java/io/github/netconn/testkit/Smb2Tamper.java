package io.github.netconn.testkit;

import io.github.netconn.testkit.FaultProxy.Direction;
import io.github.netconn.testkit.FaultProxy.Rewrite;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Built-in {@link Rewrite} rules for {@link FaultProxy#rewrite}: an attacker on the wire
 * between an SMB2 client and server. Each acts on the first message it is aimed at, once,
 * unless its Javadoc says otherwise; messages it is not aimed at pass as they are (and do not
 * use it up). It counts in {@link FaultProxy#rewritten()} only if it changed a byte. Each rule
 * is a fresh one: arm a new one for each test.
 */
public final class Smb2Tamper {

    private Smb2Tamper() {
    }

    /**
     * In the first server-to-client SMB2 message of {@code command} that holds {@code from}
     * (UTF-16LE, after the 64-byte header), replaces its first occurrence with {@code to}.
     * Nothing else changes, so a signature no longer matches.
     *
     * @throws IllegalArgumentException if {@code from} is empty or {@code to} is not as long
     */
    public static Rewrite replaceText(int command, String from, String to) {
        byte[] find = from.getBytes(StandardCharsets.UTF_16LE);
        byte[] put = to.getBytes(StandardCharsets.UTF_16LE);
        if (find.length == 0 || put.length != find.length) {
            throw new IllegalArgumentException("replaceText needs a non-empty text and a replacement as long: \""
                    + from + "\" -> \"" + to + "\"");
        }
        return once(Direction.SERVER_TO_CLIENT, "replaceText(" + command + ", \"" + from + "\", \"" + to + "\")",
                m -> Smb2Frames.isSmb2(m) && Smb2Frames.command(m) == command
                        && Smb2Frames.indexOf(m, find, Smb2Frames.HEADER_SIZE) >= 0,
                m -> {
                    System.arraycopy(put, 0, m, Smb2Frames.indexOf(m, find, Smb2Frames.HEADER_SIZE), put.length);
                    return m;
                });
    }

    /**
     * In the first server-to-client SMB2 message of {@code command} that is not an interim
     * response (ASYNC_COMMAND with STATUS_PENDING), zeroes the 16-byte Signature and clears
     * SMB2_FLAGS_SIGNED.
     */
    public static Rewrite stripSignature(int command) {
        return once(Direction.SERVER_TO_CLIENT, "stripSignature(" + command + ")",
                m -> Smb2Frames.isSmb2(m) && Smb2Frames.command(m) == command && !isInterim(m),
                m -> {
                    Smb2Frames.put32(m, 16, Smb2Frames.flags(m) & ~Smb2Frames.SMB2_FLAGS_SIGNED); // Flags
                    Arrays.fill(m, 48, 64, (byte) 0); // Signature
                    return m;
                });
    }

    /**
     * Replaces the {@code nth} server-to-client encrypted message (TRANSFORM_HEADER; 1 = the
     * first the rule sees) with the plaintext messages {@code forgery} returns for the
     * session id in its TRANSFORM_HEADER (an empty list drops it). Plain messages do not count.
     *
     * <p>The attacker cannot read the MessageId of the encrypted request it answers, so a
     * forgery usually returns one response for each id in a small range, of which the client
     * takes the one it waits for (and, depending on the client, ignores or trips over the rest):
     *
     * <pre>{@code
     * Smb2Tamper.replaceEncrypted(3, session -> LongStream.range(0, 64)
     *         .mapToObj(id -> Smb2Frames.ioctlResponse(session, treeId, id, forgedPdu))
     *         .toList());
     * }</pre>
     */
    public static Rewrite replaceEncrypted(int nth, LongFunction<List<byte[]>> forgery) {
        if (nth < 1) {
            throw new IllegalArgumentException("nth counts from 1: " + nth);
        }
        Objects.requireNonNull(forgery, "forgery");
        AtomicInteger seen = new AtomicInteger();
        return Rewrite.of(Direction.SERVER_TO_CLIENT, "replaceEncrypted(" + nth + ")", m -> {
            if (!Smb2Frames.isTransform(m) || seen.incrementAndGet() != nth) {
                return null;
            }
            return List.copyOf(forgery.apply(Smb2Frames.transformSessionId(m)));
        });
    }

    /**
     * In the first client-to-server SMB2 NEGOTIATE request (MS-SMB2 2.2.3), rewrites every
     * entry of Dialects to {@code dialect} (such as {@code 0x0300}): a downgrade, if the
     * client does not validate the negotiation. An SMB1 negotiate passes unchanged, as does a
     * request whose DialectCount overruns the message.
     */
    public static Rewrite offerOnly(int dialect) {
        if (dialect < 0 || dialect > 0xFFFF) {
            throw new IllegalArgumentException("a dialect is an unsigned 16-bit value: " + dialect);
        }
        return once(Direction.CLIENT_TO_SERVER, String.format("offerOnly(0x%04X)", dialect),
                m -> Smb2Frames.isSmb2(m) && Smb2Frames.command(m) == Smb2Frames.NEGOTIATE
                        && (Smb2Frames.flags(m) & Smb2Frames.SMB2_FLAGS_SERVER_TO_REDIR) == 0
                        && m.length >= 100 && m.length >= 100 + 2 * Smb2Frames.u16(m, 66),
                m -> {
                    int count = Smb2Frames.u16(m, 66); // DialectCount
                    for (int i = 0; i < count; i++) {
                        Smb2Frames.put16(m, 100 + 2 * i, dialect); // Dialects[i]
                    }
                    return m;
                });
    }

    /**
     * In the first server-to-client SESSION_SETUP response with STATUS_SUCCESS, sets
     * SessionFlags (MS-SMB2 2.2.6) to SMB2_SESSION_FLAG_IS_GUEST, as if the server had let the
     * client in as a guest; nothing else changes.
     */
    public static Rewrite guestSessionFlags() {
        return once(Direction.SERVER_TO_CLIENT, "guestSessionFlags()",
                m -> Smb2Frames.isSmb2(m) && Smb2Frames.command(m) == Smb2Frames.SESSION_SETUP
                        && Smb2Frames.status(m) == Smb2Frames.STATUS_SUCCESS && m.length >= 68,
                m -> {
                    Smb2Frames.put16(m, 66, Smb2Frames.SMB2_SESSION_FLAG_IS_GUEST); // SessionFlags
                    return m;
                });
    }

    /**
     * In the first server-to-client SESSION_SETUP response that carries an NTLM
     * CHALLENGE_MESSAGE (MS-NLMP 2.2.1.2), clears NTLMSSP_NEGOTIATE_SIGN, _SEAL and
     * _ALWAYS_SIGN from its NegotiateFlags and leaves KEY_EXCH as it is: a client that then
     * skips the key exchange but still sends "the" key gives it away.
     */
    public static Rewrite ntlmChallengeWithoutSigning() {
        byte[] challenge = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 2, 0, 0, 0};
        return once(Direction.SERVER_TO_CLIENT, "ntlmChallengeWithoutSigning()",
                m -> Smb2Frames.isSmb2(m) && Smb2Frames.command(m) == Smb2Frames.SESSION_SETUP
                        && Smb2Frames.indexOf(m, challenge, Smb2Frames.HEADER_SIZE) >= 0
                        && Smb2Frames.indexOf(m, challenge, Smb2Frames.HEADER_SIZE) + 24 <= m.length,
                m -> {
                    int flags = Smb2Frames.indexOf(m, challenge, Smb2Frames.HEADER_SIZE) + 20;   // CHALLENGE_MESSAGE.NegotiateFlags
                    long value = Smb2Frames.u16(m, flags) | (long) Smb2Frames.u16(m, flags + 2) << 16;
                    value &= ~(0x10L | 0x20L | 0x8000L);                              // SIGN, SEAL, ALWAYS_SIGN
                    Smb2Frames.put16(m, flags, (int) (value & 0xFFFF));
                    Smb2Frames.put16(m, flags + 2, (int) (value >>> 16));
                    return m;
                });
    }

    private static boolean isInterim(byte[] m) {
        return (Smb2Frames.flags(m) & Smb2Frames.SMB2_FLAGS_ASYNC_COMMAND) != 0
                && Smb2Frames.status(m) == Smb2Frames.STATUS_PENDING;
    }

    /** A rule that changes the first message {@code aimedAt} accepts, and no other. */
    private static Rewrite once(Direction direction, String name, Predicate<byte[]> aimedAt, UnaryOperator<byte[]> change) {
        AtomicBoolean spent = new AtomicBoolean();
        return Rewrite.of(direction, name, m -> aimedAt.test(m) && spent.compareAndSet(false, true)
                ? List.of(change.apply(m))
                : null);
    }
}
