package io.github.netconn.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.testkit.FaultProxy.Action;
import io.github.netconn.testkit.FaultProxy.Direction;
import io.github.netconn.testkit.FaultProxy.Fault;
import io.github.netconn.testkit.FaultProxy.Rewrite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rewrite rules: the SMB2 built-ins byte by byte on hand-built messages, and the proxy
 * holding, replacing, dropping and injecting whole messages between a client and a fake
 * server whose socket the test holds.
 */
class FaultProxyRewriteTest {

    private ServerSocket listener;
    private final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
    private Thread acceptor;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (true) {
                try {
                    Socket s = listener.accept();
                    s.setTcpNoDelay(true); // so that writing byte by byte sends a segment a byte
                    s.setSoTimeout(5_000);
                    accepted.add(s);
                } catch (IOException closed) {
                    return;
                }
            }
        }, "fake-server");
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = FaultProxy.to(listener.getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        listener.close();
        acceptor.join(2_000);
        for (Socket s : accepted) {
            s.close();
        }
    }

    /** A client through the proxy, and the fake server's end of the same connection. */
    private record Pair(Socket client, Socket server) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            client.close();
            server.close();
        }
    }

    private Pair connect() throws Exception {
        Socket c = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        c.setTcpNoDelay(true);
        c.setSoTimeout(5_000);
        Socket s = accepted.poll(5, TimeUnit.SECONDS);
        assertNotNull(s, "the proxy did not connect to the fake server");
        return new Pair(c, s);
    }

    // ---------------------------------------------------------------- hand-built messages

    private static final byte[] SIGNATURE = HexFormat.of().parseHex("a1a2a3a4a5a6a7a8a9aaabacadaeafb0");

    /** An SMB2 message: a signed-looking header (MS-SMB2 2.2.1.2) and {@code payload}. */
    private static byte[] smb2(int command, int flags, long status, long messageId, long sessionId, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(64 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0xFE, 'S', 'M', 'B'});
        b.putShort((short) 64); // StructureSize
        b.putShort((short) 1); // CreditCharge
        b.putInt((int) status); // Status
        b.putShort((short) command); // Command
        b.putShort((short) 31); // Credit
        b.putInt(flags); // Flags
        b.putInt(0); // NextCommand
        b.putLong(messageId); // MessageId
        b.putInt(0x0000FEFF); // Reserved (AsyncId low half when async)
        b.putInt(0x00000007); // TreeId
        b.putLong(sessionId); // SessionId
        b.put(SIGNATURE); // Signature
        b.put(payload);
        return b.array();
    }

    /** An SMB3 TRANSFORM_HEADER (MS-SMB2 2.2.41) and some "ciphertext". */
    private static byte[] transform(long sessionId, int cipherLength) {
        ByteBuffer b = ByteBuffer.allocate(52 + cipherLength).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0xFD, 'S', 'M', 'B'});
        b.put(SIGNATURE); // Signature
        b.put(bytes(16, 3)); // Nonce
        b.putInt(cipherLength); // OriginalMessageSize
        b.putShort((short) 0); // Reserved
        b.putShort((short) 1); // Flags: encrypted
        b.putLong(sessionId); // SessionId
        b.put(bytes(cipherLength, 11));
        return b.array();
    }

    /** An SMB2 NEGOTIATE request (MS-SMB2 2.2.3) for 3.1.1 and below, with one negotiate context after the dialects. */
    private static byte[] negotiateRequest() {
        int[] dialects = {0x0202, 0x0210, 0x0300, 0x0302, 0x0311};
        ByteBuffer b = ByteBuffer.allocate(36 + 2 * dialects.length + 6 + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 36); // StructureSize
        b.putShort((short) dialects.length); // DialectCount
        b.putShort((short) 1); // SecurityMode: signing enabled
        b.putShort((short) 0); // Reserved
        b.putInt(0x7F); // Capabilities
        b.put(bytes(16, 5)); // ClientGuid
        b.putInt(64 + 36 + 2 * dialects.length + 6); // NegotiateContextOffset
        b.putShort((short) 1); // NegotiateContextCount
        b.putShort((short) 0); // Reserved2
        for (int d : dialects) {
            b.putShort((short) d); // Dialects[]
        }
        b.put(new byte[6]); // padding to 8
        b.putShort((short) 1).putShort((short) 8).putInt(0); // a PREAUTH_INTEGRITY_CAPABILITIES context
        b.put(bytes(8, 9));
        return smb2(Smb2Frames.NEGOTIATE, 0, 0, 0, 0, b.array());
    }

    /** An SMB1 negotiate, as clients that still offer SMB1 open with. */
    private static byte[] smb1Negotiate() {
        byte[] m = bytes(60, 13);
        m[0] = (byte) 0xFF;
        m[1] = 'S';
        m[2] = 'M';
        m[3] = 'B';
        m[4] = 0x72;
        return m;
    }

    /** A SESSION_SETUP response (MS-SMB2 2.2.6) with SessionFlags {@code sessionFlags}. */
    private static byte[] sessionSetupResponse(long status, int sessionFlags) {
        ByteBuffer b = ByteBuffer.allocate(8 + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 9); // StructureSize
        b.putShort((short) sessionFlags); // SessionFlags
        b.putShort((short) 72); // SecurityBufferOffset
        b.putShort((short) 12); // SecurityBufferLength
        b.put(bytes(12, 17));
        return smb2(Smb2Frames.SESSION_SETUP, Smb2Frames.SMB2_FLAGS_SERVER_TO_REDIR | Smb2Frames.SMB2_FLAGS_SIGNED,
                status, 2, 0x0000_1234_0000_0001L, b.array());
    }

    private static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + seed);
        }
        return b;
    }

    private static byte[] frame(byte[] body) {
        byte[] f = new byte[4 + body.length];
        f[1] = (byte) (body.length >> 16);
        f[2] = (byte) (body.length >> 8);
        f[3] = (byte) body.length;
        System.arraycopy(body, 0, f, 4, body.length);
        return f;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] only(List<byte[]> result) {
        assertNotNull(result, "the rule left the message as it was");
        assertEquals(1, result.size(), "bodies returned");
        return result.get(0);
    }

    // ---------------------------------------------------------------- Smb2Frames

    @Test
    void smb2FramesReadsTheHeaderFields() {
        byte[] m = smb2(Smb2Frames.TREE_CONNECT, 0x0000_0009, 0xC000_0022L, 0x0102_0304_0506_0708L,
                0x8000_0000_0000_0001L, new byte[16]);
        assertTrue(Smb2Frames.isSmb2(m));
        assertFalse(Smb2Frames.isTransform(m));
        assertEquals(3, Smb2Frames.command(m));
        assertEquals(0x9, Smb2Frames.flags(m));
        assertEquals(0xC000_0022L, Smb2Frames.status(m));
        assertEquals(0x0102_0304_0506_0708L, Smb2Frames.messageId(m));
        assertEquals(7, Smb2Frames.treeId(m));
        assertEquals(0x8000_0000_0000_0001L, Smb2Frames.sessionId(m));

        byte[] t = transform(0x0123_4567_89AB_CDEFL, 30);
        assertTrue(Smb2Frames.isTransform(t));
        assertFalse(Smb2Frames.isSmb2(t));
        assertEquals(0x0123_4567_89AB_CDEFL, Smb2Frames.transformSessionId(t));

        assertFalse(Smb2Frames.isSmb2(smb1Negotiate()));
        assertFalse(Smb2Frames.isSmb2(Arrays.copyOf(m, 63)), "shorter than a header");
        assertFalse(Smb2Frames.isTransform(Arrays.copyOf(t, 51)), "shorter than a TRANSFORM_HEADER");
    }

    @Test
    void ioctlResponseIsTheBytesOfMsSmb2Section2_2_32() {
        byte[] got = Smb2Frames.ioctlResponse(0x1122_3344_5566_7788L, 0xAABB_CCDDL, 0x0102_0304_0506_0708L,
                new byte[] {5, 0, 2, 3});
        String expected = ""
                + "fe534d42" + "4000" + "0100" // ProtocolId, StructureSize 64, CreditCharge 1
                + "00000000" + "0b00" + "0100" // Status SUCCESS, Command IOCTL, CreditResponse 1
                + "01000000" + "00000000" // Flags SERVER_TO_REDIR, NextCommand
                + "0807060504030201" // MessageId
                + "00000000" + "ddccbbaa" // Reserved, TreeId
                + "8877665544332211" // SessionId
                + "00000000000000000000000000000000" // Signature: none
                + "3100" + "0000" + "17c01100" // StructureSize 49, Reserved, CtlCode FSCTL_PIPE_TRANSCEIVE
                + "00000000000000000000000000000000" // FileId
                + "00000000" + "00000000" // InputOffset, InputCount
                + "70000000" + "04000000" // OutputOffset 112, OutputCount 4
                + "00000000" + "00000000" // Flags, Reserved2
                + "05000203"; // Buffer
        assertEquals(expected, HexFormat.of().formatHex(got));
        assertThrows(IllegalArgumentException.class, () -> Smb2Frames.ioctlResponse(1, -1, 1, new byte[0]));
    }

    // ---------------------------------------------------------------- the built-ins, byte by byte

    @Test
    void replaceTextChangesTheFirstOccurrenceInTheFirstMatchingResponseOnly() {
        Rewrite rule = Smb2Tamper.replaceText(Smb2Frames.READ, "share", "SHARE");
        assertEquals(Direction.SERVER_TO_CLIENT, rule.direction());
        byte[] payload = concat(bytes(16, 1), utf16("\\\\srv\\share"), utf16("|share"), bytes(5, 2));
        int first = 64 + 16 + utf16("\\\\srv\\").length;
        byte[] read = smb2(Smb2Frames.READ, 0x9, 0, 5, 1, payload);

        assertNull(rule.apply(smb2(Smb2Frames.CREATE, 0x9, 0, 4, 1, payload)), "another command");
        assertNull(rule.apply(smb2(Smb2Frames.READ, 0x9, 0, 4, 1, bytes(40, 1))), "without the text");
        byte[] got = only(rule.apply(read.clone()));
        byte[] expected = read.clone();
        System.arraycopy(utf16("SHARE"), 0, expected, first, 10);
        assertArrayEquals(expected, got);
        assertNull(rule.apply(read.clone()), "fires once");

        assertThrows(IllegalArgumentException.class, () -> Smb2Tamper.replaceText(Smb2Frames.READ, "share", "shares"));
        assertThrows(IllegalArgumentException.class, () -> Smb2Tamper.replaceText(Smb2Frames.READ, "", ""));
    }

    @Test
    void stripSignatureSkipsTheInterimResponseAndStripsTheFinalOne() {
        Rewrite rule = Smb2Tamper.stripSignature(Smb2Frames.CREATE);
        int s2r = Smb2Frames.SMB2_FLAGS_SERVER_TO_REDIR;
        byte[] interim = smb2(Smb2Frames.CREATE, s2r | 0x2 | 0x8, 0x103, 9, 1, new byte[9]);
        byte[] response = smb2(Smb2Frames.CREATE, s2r | 0x8, 0, 9, 1, bytes(88, 4));

        assertNull(rule.apply(smb2(Smb2Frames.READ, s2r | 0x8, 0, 8, 1, bytes(20, 4))), "another command");
        assertNull(rule.apply(interim.clone()), "an interim response");
        byte[] got = only(rule.apply(response.clone()));
        byte[] expected = response.clone();
        expected[16] = 0x01; // Flags: SIGNED cleared, SERVER_TO_REDIR kept
        Arrays.fill(expected, 48, 64, (byte) 0); // Signature
        assertArrayEquals(expected, got);
        assertNull(rule.apply(response.clone()), "fires once");
    }

    @Test
    void replaceEncryptedReplacesTheNthTransformMessageWithTheForgery() {
        List<Long> asked = new ArrayList<>();
        List<byte[]> forged = List.of(bytes(70, 1), bytes(80, 2));
        Rewrite rule = Smb2Tamper.replaceEncrypted(2, session -> {
            asked.add(session);
            return forged;
        });
        assertEquals(Direction.SERVER_TO_CLIENT, rule.direction());

        assertNull(rule.apply(smb2(Smb2Frames.IOCTL, 1, 0, 1, 1, new byte[48])), "a plain message does not count");
        assertNull(rule.apply(transform(0x42, 100)), "the first");
        assertEquals(forged, rule.apply(transform(0x0000_5555_0000_0043L, 100)));
        assertNull(rule.apply(transform(0x44, 100)), "the third");
        assertEquals(List.of(0x0000_5555_0000_0043L), asked);
        assertThrows(IllegalArgumentException.class, () -> Smb2Tamper.replaceEncrypted(0, s -> List.of()));
    }

    @Test
    void offerOnlyRewritesEveryDialectAndNothingElse() {
        Rewrite rule = Smb2Tamper.offerOnly(0x0300);
        assertEquals(Direction.CLIENT_TO_SERVER, rule.direction());
        byte[] request = negotiateRequest();

        assertNull(rule.apply(smb1Negotiate()), "SMB1 passes");
        byte[] overrun = request.clone();
        overrun[66] = (byte) 200; // DialectCount past the end
        assertNull(rule.apply(overrun), "a malformed request passes");
        byte[] got = only(rule.apply(request.clone()));
        byte[] expected = request.clone();
        for (int at = 100; at < 110; at += 2) {
            expected[at] = 0x00; // Dialects[i] = 0x0300, little-endian
            expected[at + 1] = 0x03;
        }
        assertArrayEquals(expected, got);
        assertNull(rule.apply(request.clone()), "fires once");
    }

    @Test
    void guestSessionFlagsMarksTheSuccessfulSessionSetupOnly() {
        Rewrite rule = Smb2Tamper.guestSessionFlags();
        byte[] more = sessionSetupResponse(0xC000_0016L, 0); // STATUS_MORE_PROCESSING_REQUIRED
        byte[] success = sessionSetupResponse(0, 0);

        assertNull(rule.apply(more), "the intermediate leg");
        byte[] got = only(rule.apply(success.clone()));
        byte[] expected = success.clone();
        expected[66] = 0x01; // SessionFlags: SMB2_SESSION_FLAG_IS_GUEST
        assertArrayEquals(expected, got);
        assertNull(rule.apply(success.clone()), "fires once");
    }

    // ---------------------------------------------------------------- through the proxy

    private static void writeByteByByte(Socket s, byte[] b) throws IOException {
        OutputStream out = s.getOutputStream();
        for (byte x : b) {
            out.write(x);
            out.flush();
        }
    }

    private static byte[] readExactly(Socket s, int n) throws IOException {
        InputStream in = s.getInputStream();
        byte[] b = in.readNBytes(n);
        assertEquals(n, b.length, "bytes before the end of stream");
        return b;
    }

    /** A rule of the server's replies that records what it is offered. */
    private static Rewrite rule(Direction direction, List<byte[]> offered, Function<byte[], List<byte[]>> apply) {
        return Rewrite.of(direction, "a test's rule", body -> {
            offered.add(body.clone());
            return apply.apply(body);
        });
    }

    @Test
    void aMessageWrittenByteByByteIsHeldWholeAndSentReframed() throws Exception {
        List<byte[]> offered = new CopyOnWriteArrayList<>();
        byte[] tail = {(byte) 0xEE, (byte) 0xFF};
        proxy.rewrite(rule(Direction.SERVER_TO_CLIENT, offered, b -> List.of(concat(b, tail))));
        byte[] body = bytes(300, 1);
        try (Pair p = connect()) {
            writeByteByByte(p.server(), frame(body));
            assertArrayEquals(frame(concat(body, tail)), readExactly(p.client(), 4 + 302), "a fresh header for the longer body");
        }
        assertEquals(1, offered.size(), "offered once");
        assertArrayEquals(body, offered.get(0), "offered whole");
        assertEquals(1, proxy.rewritten());
    }

    @Test
    void theOtherDirectionIsNotOfferedNorChanged() throws Exception {
        List<byte[]> offered = new CopyOnWriteArrayList<>();
        proxy.rewrite(rule(Direction.SERVER_TO_CLIENT, offered, b -> List.of()));
        byte[] sent = concat(frame(bytes(100, 1)), frame(new byte[0]), frame(bytes(5_000, 2)));
        try (Pair p = connect()) {
            writeByteByByte(p.client(), Arrays.copyOf(sent, 150));
            p.client().getOutputStream().write(sent, 150, sent.length - 150);
            assertArrayEquals(sent, readExactly(p.server(), sent.length));
        }
        assertEquals(List.of(), offered);
        assertEquals(0, proxy.rewritten());
    }

    @Test
    void aRuleDropsExpandsAndLeavesMessages() throws Exception {
        byte[] a = bytes(10, 100);
        byte[] b = bytes(20, 120);
        proxy.rewrite(rule(Direction.SERVER_TO_CLIENT, new ArrayList<>(), m -> {
            if (m.length == 0) {
                return null; // left as it was
            }
            return switch (m[0]) {
                case 1 -> List.of(); // dropped
                case 2 -> List.of(a, b); // expanded
                default -> List.of(m); // the same body: left as it was
            };
        }));
        byte[] m1 = frame(bytes(50, 1));
        byte[] m2 = frame(bytes(60, 2));
        byte[] m3 = frame(bytes(70, 3));
        byte[] keepAlive = {(byte) 0x85, 0, 0, 0}; // a NetBIOS keep-alive: type 0x85, no body
        try (Pair p = connect()) {
            p.server().getOutputStream().write(concat(m1, m2, m3, keepAlive, m3));
            byte[] expected = concat(frame(a), frame(b), m3, keepAlive, m3);
            assertArrayEquals(expected, readExactly(p.client(), expected.length));
        }
        assertEquals(2, proxy.rewritten(), "the drop and the expansion");
    }

    @Test
    void clearReturnsToPassThrough() throws Exception {
        List<byte[]> offered = new CopyOnWriteArrayList<>();
        proxy.rewrite(rule(Direction.SERVER_TO_CLIENT, offered, m -> List.of()));
        byte[] m1 = frame(bytes(50, 1));
        byte[] m2 = frame(bytes(60, 2));
        try (Pair p = connect()) {
            p.server().getOutputStream().write(m1);
            awaitRewritten(1);
            proxy.clear();
            writeByteByByte(p.server(), m2);
            assertArrayEquals(m2, readExactly(p.client(), m2.length), "m1 dropped, m2 passed");
        }
        assertEquals(1, offered.size());
        assertEquals(1, proxy.rewritten());
    }

    @Test
    void aMessageUnderWayWhenTheRuleIsArmedPassesAsItIs() throws Exception {
        byte[] m1 = frame(bytes(100, 1));
        byte[] m2 = frame(bytes(60, 2));
        byte[] m3 = frame(bytes(70, 3));
        try (Pair p = connect()) {
            p.server().getOutputStream().write(m1, 0, 50);
            assertArrayEquals(Arrays.copyOf(m1, 50), readExactly(p.client(), 50));
            proxy.rewrite(rule(Direction.SERVER_TO_CLIENT, new ArrayList<>(), m -> List.of()));
            p.server().getOutputStream().write(concat(Arrays.copyOfRange(m1, 50, m1.length), m2));
            assertArrayEquals(Arrays.copyOfRange(m1, 50, m1.length), readExactly(p.client(), m1.length - 50));
            awaitRewritten(1);
            proxy.clear();
            p.server().getOutputStream().write(m3);
            assertArrayEquals(m3, readExactly(p.client(), m3.length), "m2 dropped");
        }
    }

    @Test
    void aMessageCutShortByTheSenderIsForwardedAsItWas() throws Exception {
        proxy.rewrite(rule(Direction.SERVER_TO_CLIENT, new ArrayList<>(), m -> List.of()));
        byte[] partial = Arrays.copyOf(frame(bytes(100, 1)), 30);
        try (Pair p = connect()) {
            p.server().getOutputStream().write(partial);
            p.server().shutdownOutput();
            assertArrayEquals(partial, readExactly(p.client(), partial.length));
            assertEquals(-1, p.client().getInputStream().read(), "then the end of stream");
        }
        assertEquals(0, proxy.rewritten());
    }

    @Test
    void theFaultCountsTheMessagesActuallySent() throws Exception {
        proxy.rewrite(rule(Direction.SERVER_TO_CLIENT, new ArrayList<>(), m -> m[0] == 1 ? List.of() : null));
        proxy.inject(Fault.at(Direction.SERVER_TO_CLIENT, 1, 5, Action.CORRUPT));
        byte[] m1 = frame(bytes(50, 1));
        byte[] m2 = frame(bytes(60, 2));
        try (Pair p = connect()) {
            p.server().getOutputStream().write(concat(m1, m2));
            byte[] expected = m2.clone();
            expected[5] ^= (byte) 0xFF; // in the first message sent: m1 was dropped
            assertArrayEquals(expected, readExactly(p.client(), m2.length));
        }
        assertEquals(1, proxy.fired());
        assertEquals(1, proxy.rewritten());
    }

    @Test
    void stripSignatureThroughTheProxy() throws Exception {
        proxy.rewrite(Smb2Tamper.stripSignature(Smb2Frames.CREATE));
        byte[] interim = smb2(Smb2Frames.CREATE, 0x1 | 0x2 | 0x8, 0x103, 9, 1, new byte[9]);
        byte[] response = smb2(Smb2Frames.CREATE, 0x1 | 0x8, 0, 9, 1, bytes(88, 4));
        byte[] stripped = response.clone();
        stripped[16] = 0x01;
        Arrays.fill(stripped, 48, 64, (byte) 0);
        try (Pair p = connect()) {
            writeByteByByte(p.server(), concat(frame(interim), frame(response), frame(response)));
            byte[] expected = concat(frame(interim), frame(stripped), frame(response));
            assertArrayEquals(expected, readExactly(p.client(), expected.length));
        }
        assertEquals(1, proxy.rewritten());
    }

    @Test
    void replaceEncryptedThroughTheProxyInjectsOneResponsePerMessageId() throws Exception {
        long session = 0x0000_4400_0000_0021L;
        byte[] pdu = bytes(24, 5);
        proxy.rewrite(Smb2Tamper.replaceEncrypted(2, s -> LongStream.range(0, 64)
                .mapToObj(id -> Smb2Frames.ioctlResponse(s, 1, id, pdu))
                .toList()));
        byte[] t1 = transform(session, 200);
        byte[] t2 = transform(session, 300);
        try (Pair p = connect()) {
            p.server().getOutputStream().write(concat(frame(t1), frame(t2), frame(t1)));
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.writeBytes(frame(t1));
            for (long id = 0; id < 64; id++) {
                expected.writeBytes(frame(Smb2Frames.ioctlResponse(session, 1, id, pdu)));
            }
            expected.writeBytes(frame(t1));
            assertArrayEquals(expected.toByteArray(), readExactly(p.client(), expected.size()));
        }
        assertEquals(1, proxy.rewritten());
    }

    @Test
    void offerOnlyThroughTheProxyRewritesTheClientsSmb2Negotiate() throws Exception {
        proxy.rewrite(Smb2Tamper.offerOnly(0x0202));
        byte[] request = negotiateRequest();
        byte[] downgraded = request.clone();
        for (int at = 100; at < 110; at += 2) {
            downgraded[at] = 0x02;
            downgraded[at + 1] = 0x02;
        }
        try (Pair p = connect()) {
            writeByteByByte(p.client(), concat(frame(smb1Negotiate()), frame(request)));
            byte[] expected = concat(frame(smb1Negotiate()), frame(downgraded));
            assertArrayEquals(expected, readExactly(p.server(), expected.length));
            byte[] reply = frame(sessionSetupResponse(0, 0));
            p.server().getOutputStream().write(reply);
            assertArrayEquals(reply, readExactly(p.client(), reply.length), "the server's direction untouched");
        }
        assertEquals(1, proxy.rewritten());
    }

    @Test
    void aBuiltInThatChangesNothingIsNotCounted() throws Exception {
        proxy.rewrite(Smb2Tamper.guestSessionFlags());
        byte[] guest = frame(sessionSetupResponse(0, Smb2Frames.SMB2_SESSION_FLAG_IS_GUEST));
        byte[] user = frame(sessionSetupResponse(0, 0));
        try (Pair p = connect()) {
            p.server().getOutputStream().write(concat(guest, user));
            assertArrayEquals(concat(guest, user), readExactly(p.client(), guest.length + user.length),
                    "already a guest; and the rule is spent on it");
        }
        assertEquals(0, proxy.rewritten());
    }

    private void awaitRewritten(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (proxy.rewritten() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(n, proxy.rewritten(), "messages rewritten");
    }
}
