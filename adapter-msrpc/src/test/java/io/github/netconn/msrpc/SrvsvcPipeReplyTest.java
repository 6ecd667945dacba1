package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The response fragments of a call are joined only when every header is right; anything
 * else is refused with what was wrong. The headers are built here by hand, field by field
 * (C706 12.6.3.1), as a broken server would send them; real replies, many fragments long,
 * come from Samba and impacket in the contract and fault tests.
 */
class SrvsvcPipeReplyTest {

    private static final int CALL = 7;
    private static final int FIRST = 1;
    private static final int LAST = 2;

    /** A response PDU of call {@link #CALL} carrying {@code stub}, then edited by {@code change}. */
    static byte[] pdu(int flags, byte[] stub, Consumer<byte[]> change) {
        byte[] pdu = new byte[SrvsvcPipe.HEADER + stub.length];
        pdu[0] = 5;
        pdu[2] = 2;
        pdu[3] = (byte) flags;
        pdu[4] = 0x10;
        pdu[8] = (byte) pdu.length;
        pdu[9] = (byte) (pdu.length >> 8);
        pdu[12] = CALL;
        System.arraycopy(stub, 0, pdu, SrvsvcPipe.HEADER, stub.length);
        change.accept(pdu);
        return pdu;
    }

    private static byte[] pdu(int flags, byte[] stub) {
        return pdu(flags, stub, p -> { });
    }

    private static byte[] bytes(int from, int count) {
        byte[] b = new byte[count];
        for (int i = 0; i < count; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private static String refused(SrvsvcPipe.Reply reply, byte[] pdu) {
        return assertThrows(SrvsvcPipe.ReplyRefused.class, () -> reply.add(pdu, pdu.length)).getMessage();
    }

    private static String refusedFirst(byte[] pdu) {
        return refused(new SrvsvcPipe.Reply(CALL, 1 << 20), pdu);
    }

    @Test
    void fragmentsAreJoinedInOrder() throws Exception {
        SrvsvcPipe.Reply reply = new SrvsvcPipe.Reply(CALL, 1 << 20);
        byte[] all = bytes(0, 10_000);
        reply.add(pdu(FIRST, Arrays.copyOfRange(all, 0, 4_000)), 4_000 + SrvsvcPipe.HEADER);
        assertFalse(reply.complete());
        reply.add(pdu(0, Arrays.copyOfRange(all, 4_000, 8_000)), 4_000 + SrvsvcPipe.HEADER);
        reply.add(pdu(LAST, Arrays.copyOfRange(all, 8_000, 10_000)), 2_000 + SrvsvcPipe.HEADER);
        assertTrue(reply.complete());
        assertEquals(3, reply.fragments());
        assertArrayEquals(all, reply.stub());
    }

    @Test
    void anAuthVerifierIsNotPartOfTheStub() throws Exception {
        SrvsvcPipe.Reply reply = new SrvsvcPipe.Reply(CALL, 1 << 20);
        byte[] pdu = pdu(FIRST | LAST, bytes(1, 40), p -> p[10] = 16); // 8-byte auth header + 16-byte verifier
        reply.add(pdu, pdu.length);
        assertArrayEquals(bytes(1, 40 - 24), reply.stub());
    }

    @Test
    void badHeadersAreRefusedNamingTheField() {
        assertTrue(refusedFirst(Arrays.copyOf(pdu(FIRST | LAST, bytes(0, 8)), 20)).contains("shorter than its 24-byte header"));
        assertTrue(refusedFirst(pdu(FIRST | LAST, bytes(0, 8), p -> p[0] = 4)).contains("version 4.0, not 5.0"));
        assertTrue(refusedFirst(pdu(FIRST | LAST, bytes(0, 8), p -> p[4] = 0x00)).contains("not little-endian"));
        assertTrue(refusedFirst(pdu(FIRST | LAST, bytes(0, 8), p -> p[8]++)).contains("says it has 33 bytes but has 32"));
        assertTrue(refusedFirst(pdu(FIRST | LAST, bytes(0, 8), p -> p[12] = 9)).contains("of call 9 during call 7"));
        assertTrue(refusedFirst(pdu(LAST, bytes(0, 8))).contains("first fragment is not marked first"));
        assertTrue(refusedFirst(pdu(FIRST | LAST, bytes(0, 8), p -> p[2] = 12)).contains("a PDU of type 12"));
        assertTrue(refusedFirst(pdu(FIRST | LAST, bytes(0, 8), p -> p[10] = 1)).contains("cannot hold its 1-byte verifier"));
    }

    @Test
    void aFaultIsRefusedWithItsName() {
        byte[] fault = pdu(FIRST | LAST, new byte[] {2, 0, 1, 0x1C, 0, 0, 0, 0}, p -> p[2] = 3);
        assertEquals("DCE/RPC fault nca_s_op_rng_error (0x1c010002)", refusedFirst(fault));
    }

    @Test
    void fragmentsOutOfPlaceAreRefused() throws Exception {
        SrvsvcPipe.Reply reply = new SrvsvcPipe.Reply(CALL, 1 << 20);
        reply.add(pdu(FIRST, bytes(0, 8)), 32);
        assertTrue(refused(reply, pdu(FIRST, bytes(0, 8))).contains("fragment 2 of the reply is marked first"));

        SrvsvcPipe.Reply done = new SrvsvcPipe.Reply(CALL, 1 << 20);
        done.add(pdu(FIRST | LAST, bytes(0, 8)), 32);
        assertTrue(refused(done, pdu(LAST, bytes(0, 8))).contains("after the last one"));
    }

    @Test
    void aReplyPastTheLimitIsRefusedBeforeItIsCopied() throws Exception {
        SrvsvcPipe.Reply reply = new SrvsvcPipe.Reply(CALL, 5_000);
        reply.add(pdu(FIRST, bytes(0, 4_000)), 4_024);
        assertTrue(refused(reply, pdu(0, bytes(0, 4_000))).contains("exceeds 5000 bytes after 1 fragments"));
    }
}
