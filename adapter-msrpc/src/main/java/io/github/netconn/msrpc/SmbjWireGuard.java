package io.github.netconn.msrpc;

import static io.github.netconn.msrpc.LittleEndian.u16;
import static io.github.netconn.msrpc.LittleEndian.u32;

import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2MessageConverter;
import com.hierynomus.mssmb2.SMB2MessageCommandCode;
import com.hierynomus.mssmb2.SMB2MessageFlag;
import com.hierynomus.mssmb2.SMB2Packet;
import com.hierynomus.mssmb2.SMB2PacketData;
import com.hierynomus.mssmb2.SMB2PacketHeader;
import com.hierynomus.mssmb2.SMB3EncryptedPacketData;
import com.hierynomus.mssmb2.messages.SMB2SessionSetup;
import com.hierynomus.protocol.commons.buffer.Buffer;
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
import com.hierynomus.smbj.common.SMBRuntimeException;
import com.hierynomus.smbj.connection.PacketEncryptor;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.transport.TransportLayerFactory;
import com.hierynomus.spnego.NegTokenTarg;
import com.hierynomus.spnego.SpnegoException;
import java.io.IOException;
import java.nio.channels.AsynchronousChannelGroup;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKey;

/**
 * What smbj 0.14.0 does not check on the wire, checked beside it through its public
 * {@link TransportLayerFactory} hook: every message smbj writes passes {@link Guard#sent}
 * and every frame it would read passes {@link Guard#handle} first. The guard decides on
 * what smbj itself uses — the message objects smbj writes, the message ids it waits for,
 * the state it negotiated — never on a parse of its own of what the server sent, so that a
 * decoy that smbj would skip cannot steer it. Default deny: a frame that the guard has not
 * positively accepted closes the connection.
 *
 * <table>
 * <caption>What is checked, and where</caption>
 * <tr><th>Message</th><th>Check</th><th>Where</th></tr>
 * <tr><td>any frame</td><td>an SMB2 response, or an SMB3 TRANSFORM frame once a session is
 * established; nothing compounded (refused before any other rule); no OPLOCK_BREAK (netconn
 * takes no oplocks or leases); a response only to a request smbj sent and still waits for,
 * with that request's command, once (an unsolicited, duplicate or mismatched response, a
 * NEGOTIATE response among them, is refused; an encrypted duplicate smbj drops itself, after
 * decrypting it)</td><td>{@link Guard#handle}</td></tr>
 * <tr><td>SESSION_SETUP request carrying the NTLM AUTHENTICATE</td><td>its NegotiateFlags —
 * the challenge's flags, as smbj acted on them — hold KEY_EXCH and one of SIGN, SEAL or
 * ALWAYS_SIGN whenever it carries a session key; otherwise smbj would send the key itself in
 * the clear, and the message never leaves the process</td><td>{@link Guard#sent}</td></tr>
 * <tr><td>NEGOTIATE and SESSION_SETUP responses (not signed yet)</td><td>the credits they
 * grant leave smbj at least one; every DER length in a SESSION_SETUP response's security token,
 * as smbj reads the message, fits inside it (smbj's ASN.1 decoder allocates what a length
 * says)</td><td>{@link Guard#handle}</td></tr>
 * <tr><td>final SESSION_SETUP response</td><td>its signature, when signed (smbj skips it:
 * "TODO Deviation from Spec"); on SMB 3.1.1 it must be signed, which makes the
 * pre-authentication integrity hash, and so the whole negotiation, tamper-evident</td>
 * <td>{@link Guard#established}</td></tr>
 * <tr><td>after the logon, encrypted</td><td>every frame an SMB3 TRANSFORM frame of the
 * session (smbj would take plaintext, as it does not require signatures once encrypting),
 * whose OriginalMessageSize is the ciphertext that follows (smbj allocates what it says)</td>
 * <td>{@link Guard#handle}</td></tr>
 * <tr><td>after the logon, signed</td><td>every frame of the session and signed with its key;
 * unsigned only where MS-SMB2 requires it: an interim (STATUS_PENDING) response, at most one
 * per request, as smbj adds the credits of each (smbj skips frames of session 0 and
 * SESSION_SETUP frames, and drops bad ones silently, so that a call would wait for its
 * time-out instead of failing)</td><td>{@link Guard#handle}</td></tr>
 * <tr><td>the negotiation on SMB 3.0 and 3.0.2</td><td>FSCTL_VALIDATE_NEGOTIATE_INFO: what
 * smbj sent against what the server signs, compared with the NEGOTIATE state smbj
 * completed</td><td>{@link SmbjLayer}, {@link FsctlValidateNegotiateInfo}</td></tr>
 * </table>
 *
 * <p>A frame that fails is refused: the connection is closed at once and every call waiting
 * on it fails with {@link Refused}, which the layer reports as a protocol violation. So is a
 * frame on which smbj itself throws, such as an encrypted frame that does not decrypt.
 */
final class SmbjWireGuard implements TransportLayerFactory<SMBPacketData<?>, SMBPacket<?, ?>> {

    private static final long STATUS_SUCCESS = 0;
    private static final long STATUS_PENDING = 0x0000_0103L;
    /** MS-NLMP 2.2.1.3: AUTHENTICATE_MESSAGE.Signature "NTLMSSP\0" and MessageType 3. */
    private static final byte[] NTLM_AUTHENTICATE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 3, 0, 0, 0};

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
        PacketSerializer<SMBPacket<?, ?>, SMBBuffer> guarded = packet -> guard.sent(packet, serializer);
        SmbjTransport transport = new SmbjTransport(readers, new PacketHandlers<>(guarded, guard,
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

    /** A request smbj waits for: its command, and whether an interim response to it came. */
    private record Asked(SMB2MessageCommandCode command, boolean interimSeen) {
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
        private volatile SmbjTransport transport;

        /** The plaintext requests smbj sent and waits for, by message id. */
        private final Map<Long, Asked> outstanding = new ConcurrentHashMap<>();
        /**
         * The credits smbj holds before the logon, counted as smbj counts them (one to start,
         * each request's charge taken, each response's grant added): the responses that grant
         * them are not signed yet.
         */
        private final AtomicInteger credits = new AtomicInteger(1);
        private volatile byte[] negotiateRequest;
        private volatile byte[] finalSessionSetup;
        private volatile Session session;
        private volatile boolean encrypted;
        private volatile boolean signed;
        private volatile boolean refused;

        Guard(PacketReceiver<SMBPacketData<?>> connection, SecurityProvider security) {
            this.connection = connection;
            this.security = security;
        }

        /**
         * smbj's message on its way out: recorded, and checked where smbj acts on what the
         * server said. A refused message is never written: the connection is closed and smbj
         * gets the {@link Refused} (in an unchecked wrapper, as serializers throw none).
         */
        SMBBuffer sent(SMBPacket<?, ?> packet, PacketSerializer<SMBPacket<?, ?>, SMBBuffer> serializer) {
            if (packet instanceof SMB2Packet smb2 && !(packet instanceof PacketEncryptor.EncryptedPacketWrapper)) {
                SMB2PacketHeader h = smb2.getHeader();
                SMB2MessageCommandCode command = h.getMessage();
                if (command == SMB2MessageCommandCode.SMB2_SESSION_SETUP
                        && smb2.getPacket() instanceof SMB2SessionSetup setup) {
                    String why = keyInTheClear(setup.getSecurityBuffer());
                    if (why != null) {
                        refuse(why);
                        throw new SMBRuntimeException(new Refused(why));
                    }
                }
                if (command != SMB2MessageCommandCode.SMB2_CANCEL) {
                    outstanding.put(h.getMessageId(), new Asked(command, false));
                    if (session == null) {
                        credits.addAndGet(-Math.max(1, h.getCreditCharge()));
                    }
                }
                SMBBuffer frame = serializer.write(packet);
                if (command == SMB2MessageCommandCode.SMB2_NEGOTIATE && negotiateRequest == null) {
                    negotiateRequest = Arrays.copyOfRange(frame.array(), frame.rpos(), frame.wpos());
                }
                return frame;
            }
            return serializer.write(packet);
        }

        /** The NEGOTIATE request as smbj wrote it. */
        byte[] negotiateRequest() {
            return negotiateRequest;
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
            String why = check(packet);
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
            } catch (Exception | Error e) { // an Error too: it would end smbj's reader, and nothing would close the connection
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

        /** Why a frame is refused, or null if it is one smbj may take; in the order of the class comment's table. */
        private String check(SMBPacketData<?> packet) {
            Session s = session;
            if (packet instanceof SMB3EncryptedPacketData e) {
                if (s == null) {
                    return "an encrypted frame before the logon";
                }
                if (e.getHeader().getSessionId() != s.getSessionId()) {
                    return "an encrypted frame of session " + Long.toHexString(e.getHeader().getSessionId())
                            + " on the connection of session " + Long.toHexString(s.getSessionId());
                }
                // smbj allocates OriginalMessageSize bytes for the ciphertext before it checks they are there.
                int size = e.getHeader().getOriginalMessageSize();
                if (size <= 0 || size != e.getDataBuffer().available() || e.getHeader().getFlagsEncryptionAlgorithm() != 1) {
                    return "an encrypted frame whose TRANSFORM_HEADER says " + Integer.toUnsignedString(size) + " bytes"
                            + " (flags " + e.getHeader().getFlagsEncryptionAlgorithm() + ") where "
                            + e.getDataBuffer().available() + " follow";
                }
                return null;
            }
            if (!(packet instanceof SMB2PacketData smb2)) {
                return "a " + packet.getClass().getSimpleName() + " frame, which netconn never asks for";
            }
            SMB2PacketHeader h = smb2.getHeader();
            if (smb2.isCompounded()) {
                return "a compounded " + h.getMessage() + " response, to requests that were not compounded";
            }
            if (h.getMessage() == SMB2MessageCommandCode.SMB2_OPLOCK_BREAK) {
                return "an OPLOCK_BREAK, though netconn takes no oplocks or leases";
            }
            if (!h.isFlagSet(SMB2MessageFlag.SMB2_FLAGS_SERVER_TO_REDIR)) {
                return "a " + h.getMessage() + " request from the server";
            }
            if (s != null && encrypted) {
                return "a plaintext " + h.getMessage() + " frame on an encrypted session";
            }
            boolean interim = smb2.isIntermediateAsyncResponse();
            Asked asked = interim ? outstanding.replace(h.getMessageId(), new Asked(h.getMessage(), true))
                    : outstanding.remove(h.getMessageId());
            if (asked == null || asked.command() != h.getMessage()) {
                return asked == null
                        ? "a " + h.getMessage() + " response with message id " + h.getMessageId() + ", which answers no request"
                                + " waiting (unsolicited, or a second answer)"
                        : "a " + h.getMessage() + " response to a " + asked.command() + " request (message id "
                                + h.getMessageId() + ")";
            }
            if (interim && asked.interimSeen()) {
                // Interim responses go unsigned, and smbj adds the credits each grants: a flood of them
                // would overflow its credit count (java.lang.Error: Maximum permit count exceeded).
                return "a second interim response to the " + h.getMessage() + " request with message id " + h.getMessageId();
            }
            if (s == null) {
                return checkLogon(h, smb2, interim);
            }
            if (h.getSessionId() != s.getSessionId()) {
                return "a " + h.getMessage() + " response of session " + Long.toHexString(h.getSessionId())
                        + " on the connection of session " + Long.toHexString(s.getSessionId());
            }
            if (h.isFlagSet(SMB2MessageFlag.SMB2_FLAGS_SIGNED)) {
                SecretKey key = s.getSigningKey(h, false);
                return key != null && verify(smb2.getDataBuffer().array(), h.getHeaderStartPosition(),
                        h.getMessageEndPosition(), key) ? null : "a " + h.getMessage() + " response whose signature is wrong";
            }
            if (signed && !(interim && h.getStatusCode() == STATUS_PENDING)) {
                return "an unsigned " + h.getMessage() + " response on a session that requires signing";
            }
            return null;
        }

        /**
         * Before the logon only the NEGOTIATE and SESSION_SETUP exchanges run, and nothing in
         * them is signed yet but the final SESSION_SETUP response, kept for {@link #established}
         * (it is the one smbj takes: the only answer to the request it waits for). What smbj
         * would act on unchecked is checked here: the credits granted, which must leave it at
         * least one (MS-SMB2 3.3.1.2; with none, smbj waits five seconds for a credit whatever
         * the time-outs), and the SPNEGO token of each SESSION_SETUP response, read as smbj reads
         * the message, whose DER lengths must fit inside it (its ASN.1 decoder allocates what a
         * length says before reading: one forged length, two gigabytes).
         */
        private String checkLogon(SMB2PacketHeader h, SMB2PacketData smb2, boolean interim) {
            int left = credits.addAndGet(h.getCreditResponse());
            if (!interim && left < 1) {
                return "a " + h.getMessage() + " response that leaves the client no credit";
            }
            if (h.getMessage() != SMB2MessageCommandCode.SMB2_NEGOTIATE
                    && h.getMessage() != SMB2MessageCommandCode.SMB2_SESSION_SETUP) {
                return "a " + h.getMessage() + " response before the logon";
            }
            if (h.getMessage() == SMB2MessageCommandCode.SMB2_SESSION_SETUP && !interim) {
                byte[] whole = Arrays.copyOfRange(smb2.getDataBuffer().array(), h.getHeaderStartPosition(),
                        h.getMessageEndPosition());
                String why = Der.overlong(securityBuffer(whole));
                if (why != null) {
                    return "a SESSION_SETUP response whose security token holds " + why;
                }
                if (h.getStatusCode() == STATUS_SUCCESS) {
                    finalSessionSetup = whole;
                }
            }
            return null;
        }

        /** The SESSION_SETUP response's SecurityBuffer as smbj reads it, or an empty one if smbj reads none. */
        private static byte[] securityBuffer(byte[] message) {
            try {
                SMB2Packet read = new SMB2MessageConverter().readPacket(null, new SMB2PacketData(message));
                byte[] token = read instanceof SMB2SessionSetup setup ? setup.getSecurityBuffer() : null;
                return token == null ? new byte[0] : token;
            } catch (Buffer.BufferException | RuntimeException e) {
                return new byte[0]; // smbj cannot read it either, and fails the logon on it
            }
        }

        /**
         * smbj 0.14.0 exchanges a random session key only if the NTLM CHALLENGE_MESSAGE has
         * KEY_EXCH and one of SIGN, SEAL or ALWAYS_SIGN. Otherwise it uses the KeyExchangeKey
         * itself as the session key and still writes it, unencrypted, into the
         * EncryptedRandomSessionKey field of its AUTHENTICATE (NtlmAuthenticator, "TODO"), so
         * that anyone who sees the logon can sign as the server. The AUTHENTICATE carries the
         * challenge's flags as smbj read and acted on them (NtlmAuthenticator passes them to
         * NtlmAuthenticate), so they are read here from smbj's own message, not from the
         * server's, whatever decoys the server's message held. Samba, Windows and the testkit's
         * servers all echo what smbj asks for (MS-NLMP 2.2.2.5); anything else is a server too
         * old to trust or flags removed on the wire. Returns why the message must not leave, or null.
         */
        static String keyInTheClear(byte[] securityBuffer) {
            if (securityBuffer == null || securityBuffer.length == 0 || (securityBuffer[0] & 0xFF) != 0xA1) {
                return null; // not a NegTokenTarg (SPNEGO's [1]): a NegTokenInit, which carries no session key
            }
            byte[] ntlm;
            try {
                ntlm = new NegTokenTarg().read(securityBuffer).getResponseToken();
            } catch (SpnegoException | RuntimeException e) {
                return "a SESSION_SETUP token that smbj wrote and cannot read back (" + e + ")";
            }
            if (ntlm == null || ntlm.length < 64 || !Arrays.equals(ntlm, 0, 12, NTLM_AUTHENTICATE, 0, 12)) {
                return null; // not an NTLM AUTHENTICATE_MESSAGE: a Kerberos AP-REQ, whose key travels encrypted
            }
            int keyLength = u16(ntlm, 52);                                       // EncryptedRandomSessionKeyFields.Len
            int flags = u32(ntlm, 60);                                           // NegotiateFlags
            boolean keyExchange = (flags & 0x4000_0000) != 0;                    // NTLMSSP_NEGOTIATE_KEY_EXCH
            boolean signOrSeal = (flags & (0x10 | 0x20 | 0x8000)) != 0;          // SIGN, SEAL, ALWAYS_SIGN
            return keyLength == 0 || keyExchange && signOrSeal ? null : String.format("an NTLM CHALLENGE without"
                    + " KEY_EXCH and SIGN, SEAL or ALWAYS_SIGN (flags 0x%08x), which would make smbj send its session"
                    + " key in the clear; the AUTHENTICATE was not sent", flags);
        }

        private void refuse(String why) {
            refused = true;
            MsrpcConnectionEnumerator.LOG.debug("SMB connection closed: {}", why);
            Refused refusal = new Refused(why);
            try {
                SmbjTransport t = transport;
                if (t != null) {
                    t.refuse(refusal); // first, so that smbj's clean-up cannot wait for answers on it
                }
            } catch (IOException e) {
                MsrpcConnectionEnumerator.LOG.debug("closing a refused connection: {}", e.toString());
            }
            connection.handleError(refusal);
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

    /** The lengths of a DER token, as an ASN.1 decoder that trusts them would allocate them. */
    static final class Der {
        private static final int MAX_DEPTH = 16;

        private Der() {
        }

        /**
         * Why the first DER element of {@code token}, or one nested in it, says it is longer
         * than the bytes that hold it; or null if every length fits (or the token is empty).
         * Nested means wherever smbj's decoder (asn-one) reads elements: inside a constructed
         * element, and inside a tagged one of a class other than universal, even in primitive
         * form. Definite lengths of up to four bytes only, as DER has them. Only lengths are
         * read: what the token means is smbj's to decide.
         */
        static String overlong(byte[] token) {
            try {
                if (token.length > 0) {
                    element(token, 0, token.length, 0);
                }
                return null;
            } catch (Overlong e) {
                return e.getMessage();
            }
        }

        /** Checks the element at {@code at}, which must end by {@code end}; returns where it ends. */
        private static int element(byte[] b, int at, int end, int depth) throws Overlong {
            if (depth > MAX_DEPTH) {
                throw new Overlong("elements nested deeper than " + MAX_DEPTH);
            }
            int tag = b[at++] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {                                      // a tag number in more bytes
                do {
                    if (at >= end) {
                        throw new Overlong("a tag cut short");
                    }
                } while ((b[at++] & 0x80) != 0);
            }
            if (at >= end) {
                throw new Overlong("a tag without a length");
            }
            int first = b[at++] & 0xFF;
            long length = first;
            if (first >= 0x80) {
                int bytes = first & 0x7F;
                if (bytes == 0 || bytes > 4 || at + bytes > end) {
                    throw new Overlong(String.format("a length of form 0x%02x that DER does not allow here", first));
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = length << 8 | (b[at++] & 0xFF);
                }
            }
            if (length > end - at) {
                throw new Overlong("a length of " + length + " bytes where " + (end - at) + " remain");
            }
            int contentEnd = at + (int) length;
            // A constructed element holds elements; so, to smbj's ASN.1 decoder, does a tagged one of any
            // class but universal, constructed or not (it reads what a tag wraps as an element).
            if ((tag & 0x20) != 0 || (tag & 0xC0) != 0) {
                for (int inner = at; inner < contentEnd; ) {
                    inner = element(b, inner, contentEnd, depth + 1);
                }
            }
            return contentEnd;
        }

        private static final class Overlong extends Exception {
            private static final long serialVersionUID = 1L;

            Overlong(String why) {
                super(why, null, false, false);
            }
        }
    }
}
