package io.github.netconn.msrpc;

import static io.github.netconn.msrpc.LittleEndian.u16;
import static io.github.netconn.msrpc.LittleEndian.u32;

import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2MessageCommandCode;
import com.hierynomus.mssmb2.SMB2MessageFlag;
import com.hierynomus.mssmb2.SMB2PacketData;
import com.hierynomus.mssmb2.SMB2PacketHeader;
import com.hierynomus.mssmb2.SMB3EncryptedPacketData;
import com.hierynomus.protocol.transport.PacketHandlers;
import com.hierynomus.protocol.transport.PacketReceiver;
import com.hierynomus.protocol.transport.PacketSerializer;
import com.hierynomus.protocol.transport.TransportException;
import com.hierynomus.protocol.transport.TransportLayer;
import com.hierynomus.security.Mac;
import com.hierynomus.security.SecurityException;
import com.hierynomus.security.SecurityProvider;
import com.hierynomus.smb.SMBBuffer;
import com.hierynomus.smb.SMBPacket;
import com.hierynomus.smb.SMBPacketData;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.transport.TransportLayerFactory;
import java.io.IOException;
import java.nio.channels.AsynchronousChannelGroup;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javax.crypto.SecretKey;

/**
 * What smbj 0.14.0 does not check on the wire, checked beside it through its public
 * {@link TransportLayerFactory} hook: every frame smbj reads passes a {@link Guard} first.
 * Before the session exists it only records the NEGOTIATE request and response (for
 * {@link FsctlValidateNegotiateInfo}) and the final SESSION_SETUP response. Once the
 * session is established ({@link Guard#established}):
 * <ul>
 * <li>the final SESSION_SETUP response's signature is verified when it is signed (smbj skips
 * it: "TODO Deviation from Spec"); on SMB 3.1.1 it must be signed, which is what makes the
 * pre-authentication integrity hash, and so the whole negotiation, tamper-evident;</li>
 * <li>on an encrypted session every frame must be an SMB3 TRANSFORM frame of that session
 * (smbj would take a plaintext frame, as it does not require signatures once encrypting);</li>
 * <li>otherwise every frame must belong to the session, must not be compounded, and must
 * carry a valid signature when signing is required (smbj skips frames with session id 0 or
 * a SESSION_SETUP command, and drops bad ones silently, so that a call waits for its
 * time-out instead of failing).</li>
 * </ul>
 * A frame that fails is refused: the connection is closed at once and every call waiting on
 * it fails with {@link Refused}, which the layer reports as a protocol violation. So is a
 * frame on which smbj itself throws, such as an encrypted frame that does not decrypt.
 */
final class SmbjWireGuard implements TransportLayerFactory<SMBPacketData<?>, SMBPacket<?, ?>> {

    private static final int STATUS_SUCCESS = 0;
    /** MS-NLMP 2.2.1.2: CHALLENGE_MESSAGE.Signature "NTLMSSP\0" and MessageType 2. */
    private static final byte[] NTLM_CHALLENGE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 2, 0, 0, 0};

    private final Map<Object, Guard> guards = Collections.synchronizedMap(new WeakHashMap<>());
    private final AsynchronousChannelGroup readers;
    private final long connectTimeoutMillis;

    SmbjWireGuard(AsynchronousChannelGroup readers, long connectTimeoutMillis) {
        this.readers = readers;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TransportLayer<SMBPacket<?, ?>> createTransportLayer(
            PacketHandlers<SMBPacketData<?>, SMBPacket<?, ?>> handlers, SmbConfig config) {
        Guard guard = new Guard(handlers.getReceiver(), config.getSecurityProvider());
        PacketSerializer<SMBPacket<?, ?>, SMBBuffer> serializer =
                (PacketSerializer<SMBPacket<?, ?>, SMBBuffer>) handlers.getSerializer();
        PacketSerializer<SMBPacket<?, ?>, SMBBuffer> recording = packet -> guard.sent(serializer.write(packet));
        SmbjTransport transport = new SmbjTransport(readers, new PacketHandlers<>(recording, guard,
                handlers.getPacketFactory()), connectTimeoutMillis, config.getWriteTimeout());
        guard.transport = transport;
        guards.put(handlers.getReceiver(), guard);
        return transport;
    }

    /** The guard of the connection whose packets go to {@code receiver} (smbj's {@code Connection}). */
    Guard of(Object receiver) {
        Guard guard = guards.remove(receiver);
        if (guard == null) {
            throw new IllegalStateException("the connection was not made through this guard");
        }
        return guard;
    }

    /**
     * Forgets the guard of a connection that failed before {@link #of} took it (a refused port,
     * a connect time-out). The map's weak keys do not free it by themselves: the guard refers
     * to its connection, the key, so without this every failed server's connection stayed
     * reachable (about 5 KB each: 46 MB over a sweep of 9,000 failed servers, MsrpcFleetTest).
     */
    void forget(Object receiver) {
        guards.remove(receiver);
    }

    /** A frame the guard refused; the connection is closed. */
    static final class Refused extends TransportException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** One connection's guard. */
    static final class Guard implements PacketReceiver<SMBPacketData<?>> {
        private final PacketReceiver<SMBPacketData<?>> connection;
        private final SecurityProvider security;
        private volatile TransportLayer<SMBPacket<?, ?>> transport;

        private volatile byte[] negotiateRequest;
        private volatile byte[] negotiateResponse;
        private volatile byte[] finalSessionSetup;
        private volatile Session session;
        private volatile boolean encrypted;
        private volatile boolean signed;
        private volatile boolean refused;

        Guard(PacketReceiver<SMBPacketData<?>> connection, SecurityProvider security) {
            this.connection = connection;
            this.security = security;
        }

        SMBBuffer sent(SMBBuffer frame) {
            if (negotiateRequest == null && isSmb2(frame.array(), frame.rpos())
                    && u16(frame.array(), frame.rpos() + 12) == SMB2MessageCommandCode.SMB2_NEGOTIATE.getValue()) {
                negotiateRequest = Arrays.copyOfRange(frame.array(), frame.rpos(), frame.wpos());
            }
            return frame;
        }

        /** The NEGOTIATE request as smbj wrote it. */
        byte[] negotiateRequest() {
            return negotiateRequest;
        }

        /** The NEGOTIATE response as it arrived. */
        byte[] negotiateResponse() {
            return negotiateResponse;
        }

        /**
         * From now on every frame is checked against {@code session}. Returns why the session
         * itself is refused (its final SESSION_SETUP response was forged or unsigned), or null.
         */
        String established(Session session, boolean encrypted) {
            boolean smb3 = session.getConnection().getNegotiatedProtocol().getDialect().isSmb3x();
            boolean smb311 = session.getConnection().getNegotiatedProtocol().getDialect() == SMB2Dialect.SMB_3_1_1;
            boolean nullOrGuest = session.isAnonymous() || session.isGuest();
            this.encrypted = encrypted;
            this.signed = !encrypted && session.isSigningRequired();
            this.session = session;
            byte[] last = finalSessionSetup;
            if (nullOrGuest) {
                return null; // no key to check with; the layer refuses such sessions unless anonymous was asked for
            }
            if (last == null) {
                return "no final SESSION_SETUP response was seen";
            }
            SecretKey key = smb3 ? session.getSessionContext().getSigningKey() : session.getSessionContext().getSessionKey();
            if ((u32(last, 16) & SMB2MessageFlag.SMB2_FLAGS_SIGNED.getValue()) == 0) {
                return smb311 ? "the final SESSION_SETUP response is not signed, which SMB 3.1.1 requires" : null;
            }
            return key != null && verify(last, 0, last.length, key) ? null
                    : "the final SESSION_SETUP response's signature is wrong: the negotiation or the logon was altered";
        }

        @Override
        public void handle(SMBPacketData<?> packet) throws TransportException {
            if (refused) {
                return;
            }
            String why = session == null ? record(packet) : check(packet);
            if (why != null) {
                refuse(why);
                return;
            }
            pass(packet);
        }

        /**
         * Hands the frame to smbj. smbj throws out of its packet handlers for a frame it cannot
         * process. An unchecked exception — an encrypted frame whose AEAD tag does not match
         * ({@code PacketEncryptor.decrypt}: SMBRuntimeException "mac check in GCM failed")
         * among them — ends its packet reader, and every waiting call runs into its time-out on
         * a connection that looks alive; a TransportException ("Unable to deserialize SMB2 Packet
         * Data") makes the reader close the connection itself, logging off first, which waits
         * for an answer only that reader could read. Such a frame is refused instead, like any
         * other: the connection closes at once.
         */
        private void pass(SMBPacketData<?> packet) throws TransportException {
            try {
                connection.handle(packet);
            } catch (RuntimeException | TransportException e) {
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                refuse((packet instanceof SMB3EncryptedPacketData ? "an encrypted frame that does not decrypt"
                        : "a frame smbj could not process") + " (" + root + ")");
            }
        }

        @Override
        public void handleError(Throwable t) {
            connection.handleError(t);
        }

        /** Records what {@link #established} and the negotiation check need; returns why a frame is refused, or null. */
        private String record(SMBPacketData<?> packet) {
            if (!(packet instanceof SMB2PacketData smb2) || packet instanceof SMB3EncryptedPacketData) {
                return null;
            }
            SMB2PacketHeader h = smb2.getHeader();
            byte[] whole = Arrays.copyOfRange(smb2.getDataBuffer().array(), h.getHeaderStartPosition(),
                    h.getMessageEndPosition());
            if (h.getMessage() == SMB2MessageCommandCode.SMB2_NEGOTIATE && negotiateResponse == null) {
                negotiateResponse = whole;
            } else if (h.getMessage() == SMB2MessageCommandCode.SMB2_SESSION_SETUP && h.getStatusCode() == STATUS_SUCCESS) {
                finalSessionSetup = whole;
            } else if (h.getMessage() == SMB2MessageCommandCode.SMB2_SESSION_SETUP) {
                return challengeThatLeaksTheKey(whole);
            }
            return null;
        }

        /**
         * smbj 0.14.0 exchanges a random session key only if the NTLM CHALLENGE_MESSAGE has
         * KEY_EXCH and one of SIGN, SEAL or ALWAYS_SIGN. Otherwise it uses the KeyExchangeKey
         * itself as the session key and still writes it, unencrypted, into the
         * EncryptedRandomSessionKey field of its AUTHENTICATE (NtlmAuthenticator, "TODO"), so
         * that anyone who sees the logon can sign as the server. Samba, Windows and the testkit's
         * servers all echo what smbj asks for (MS-NLMP 2.2.2.5); a challenge without it is a
         * server too old to trust or flags removed on the wire, and is refused before smbj answers.
         */
        private static String challengeThatLeaksTheKey(byte[] message) {
            for (int at = SMB2PacketHeader.STRUCTURE_SIZE; at + 24 <= message.length; at++) {
                if (Arrays.equals(message, at, at + 12, NTLM_CHALLENGE, 0, 12)) {
                    int flags = u32(message, at + 20);                          // CHALLENGE_MESSAGE.NegotiateFlags
                    boolean keyExchange = (flags & 0x4000_0000) != 0;           // NTLMSSP_NEGOTIATE_KEY_EXCH
                    boolean signOrSeal = (flags & (0x10 | 0x20 | 0x8000)) != 0; // SIGN, SEAL, ALWAYS_SIGN
                    return keyExchange && signOrSeal ? null : String.format("an NTLM CHALLENGE without KEY_EXCH and"
                            + " SIGN, SEAL or ALWAYS_SIGN (flags 0x%08x), which would make smbj send its session key in the"
                            + " clear", flags);
                }
            }
            return null;
        }

        private String check(SMBPacketData<?> packet) {
            long id = session.getSessionId();
            if (packet instanceof SMB3EncryptedPacketData e) {
                return e.getHeader().getSessionId() == id ? null
                        : "an encrypted frame of session " + Long.toHexString(e.getHeader().getSessionId())
                                + " on the connection of session " + Long.toHexString(id);
            }
            if (!(packet instanceof SMB2PacketData smb2)) {
                return "an SMB1 frame on an SMB2 connection";
            }
            SMB2PacketHeader h = smb2.getHeader();
            if (encrypted) {
                return "a plaintext " + h.getMessage() + " frame on an encrypted session";
            }
            if (smb2.isOplockBreakNotification()) {
                return null; // unsigned by design, and harmless: netconn takes no oplocks
            }
            if (smb2.isCompounded()) {
                return "a compounded " + h.getMessage() + " response, to requests that were not compounded";
            }
            if (h.getSessionId() != id) {
                return "a " + h.getMessage() + " response of session " + Long.toHexString(h.getSessionId())
                        + " on the connection of session " + Long.toHexString(id);
            }
            if (h.isFlagSet(SMB2MessageFlag.SMB2_FLAGS_SIGNED)) {
                SecretKey key = session.getSigningKey(h, false);
                return key != null && verify(smb2.getDataBuffer().array(), h.getHeaderStartPosition(),
                        h.getMessageEndPosition(), key) ? null : "a " + h.getMessage() + " response whose signature is wrong";
            }
            if (signed && !smb2.isIntermediateAsyncResponse()) {
                return "an unsigned " + h.getMessage() + " response on a session that requires signing";
            }
            return null;
        }

        private void refuse(String why) {
            refused = true;
            MsrpcConnectionEnumerator.LOG.debug("SMB connection closed: {}", why);
            try {
                transport.disconnect(); // first, so that smbj's clean-up cannot wait for answers on it
            } catch (IOException e) {
                MsrpcConnectionEnumerator.LOG.debug("closing a refused connection: {}", e.toString());
            }
            connection.handleError(new Refused(why));
        }

        /** MS-SMB2 3.1.5.1: the MAC of the message with its signature field zeroed. */
        private boolean verify(byte[] message, int start, int end, SecretKey key) {
            if (end - start < SMB2PacketHeader.STRUCTURE_SIZE) {
                return false;
            }
            try {
                Mac mac = security.getMac(key.getAlgorithm());
                mac.init(key.getEncoded());
                mac.update(message, start, SMB2PacketHeader.SIGNATURE_OFFSET);
                mac.update(SMB2PacketHeader.EMPTY_SIGNATURE);
                mac.update(message, start + SMB2PacketHeader.STRUCTURE_SIZE, end - start - SMB2PacketHeader.STRUCTURE_SIZE);
                byte[] expected = Arrays.copyOf(mac.doFinal(), SMB2PacketHeader.SIGNATURE_SIZE);
                return MessageDigest.isEqual(expected, Arrays.copyOfRange(message, start + SMB2PacketHeader.SIGNATURE_OFFSET,
                        start + SMB2PacketHeader.SIGNATURE_OFFSET + SMB2PacketHeader.SIGNATURE_SIZE));
            } catch (SecurityException e) {
                return false;
            }
        }
    }

    static boolean isSmb2(byte[] b, int at) {
        return b.length >= at + 64 && (b[at] & 0xFF) == 0xFE && b[at + 1] == 'S' && b[at + 2] == 'M' && b[at + 3] == 'B';
    }

}
