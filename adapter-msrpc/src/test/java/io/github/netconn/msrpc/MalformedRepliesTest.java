package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.netconn.api.ProtocolViolationException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A broken or hostile server gets a typed protocol error, never an index exception or a large allocation. */
class MalformedRepliesTest {

    private static byte[] hex(String words) {
        return HexFormat.of().parseHex(words.replaceAll("\\s+", ""));
    }

    private static String violation(byte[] stub) {
        return assertThrows(ProtocolViolationException.class, () -> NetrConnectionEnum.reply(stub, 0, stub.length))
                .getMessage();
    }

    private static String sessionViolation(byte[] stub) {
        return assertThrows(ProtocolViolationException.class, () -> NetrSessionEnum.reply(stub, 0, stub.length))
                .getMessage();
    }

    private static String fileViolation(byte[] stub) {
        return assertThrows(ProtocolViolationException.class, () -> NetrFileEnum.reply(stub, 0, stub.length))
                .getMessage();
    }

    @ParameterizedTest
    @EnumSource(EnumCall.class)
    void everyTruncationOfEveryReplyIsAProtocolViolation(EnumCall call) throws Exception {
        for (GoldenVectorsTest.Vector v : call.replies().collect(Collectors.toList())) {
            for (int length = 0; length < v.stub().length; length++) {
                int cut = length;
                ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                        () -> call.reply(v.stub(), 0, cut), () -> v.name() + " cut to " + cut + " bytes");
                assertTrue(e.getMessage().startsWith(call.violationPrefix), e.getMessage());
            }
        }
    }

    @Test
    void aHugeCountInASmallReplyAllocatesNothing() {
        String message = violation(hex(""
                + "01000000 01000000 00000200"        // Level 1, switch 1, container
                + "ffffff7f 04000200 ffffff7f"        // EntriesRead 2^31-1, Buffer, max_count 2^31-1
                + "00000000 00000000 00000000 00000000")); // 16 bytes where 60 GB are claimed
        assertEquals("malformed NetrConnectionEnum reply at stub offset 24 of 40: CONNECTION_INFO_1 array claims"
                + " 2147483647 entries (60129542116 bytes) but 16 bytes remain", message);
    }

    @Test
    void aHugeStringClaimIsRefusedBeforeAllocating() {
        String message = violation(hex(""
                + "01000000 01000000 00000200 01000000 04000200 01000000"
                + "01000000 00000000 00000000 00000000 00000000 08000200 00000000" // entry: username present
                + "ffffffff 00000000 ffffffff 41004200"));                       // 4 billion units claimed
        assertTrue(message.contains("coni1_username claims 4294967295 UTF-16 units but 4 bytes remain"), message);
    }

    @Test
    void inconsistentCountsAreNamed() {
        assertTrue(violation(hex("01000000 00000000 00000000 00000000 00000000 00000000"))
                .contains("switch 0 differs from InfoStruct.Level 1"));
        assertTrue(violation(hex("00000000 00000000 00000200 02000000 04000200 03000000 01000000 02000000 03000000"
                + "00000000 00000000 00000000")).contains("Buffer max_count 3 differs from EntriesRead 2"));
        assertTrue(violation(hex("00000000 00000000 00000200 02000000 00000000 00000000 00000000 00000000"))
                .contains("EntriesRead 2 with a NULL Buffer"));
        assertTrue(violation(hex("02000000 02000000 00000200 01000000 04000200 01000000 07000000"
                + "00000000 00000000 00000000")).contains("an array at level 2, which has no layout"));
    }

    @Test
    void stringsMustBeWellFormed() {
        String entry = "01000000 01000000 00000200 01000000 04000200 01000000"
                + "01000000 00000000 00000000 00000000 00000000 08000200 00000000";
        String tail = "00000000 00000000 00000000";
        assertTrue(violation(hex(entry + "02000000 00000000 03000000 41004200 00000000" + tail))
                .contains("actual_count 3 exceeds max_count 2"));
        assertTrue(violation(hex(entry + "02000000 01000000 02000000 41000000" + tail))
                .contains("offset 1; only 0 is valid"));
        assertTrue(violation(hex(entry + "02000000 00000000 02000000 41004200" + tail))
                .contains("does not end with a NUL"));
        assertTrue(violation(hex(entry + "00000000 00000000 00000000" + tail))
                .contains("has no terminating NUL (actual_count 0)"));
    }

    @Test
    void leftoverBytesAreAnErrorButZeroPaddingIsNot() throws Exception {
        byte[] ok = hex("00000000 00000000 00000000 00000000 00000000 00000000");
        assertEquals(0, NetrConnectionEnum.reply(ok, 0, ok.length).status());
        byte[] padded = hex("00000000 00000000 00000000 00000000 00000000 00000000 00000000");
        assertEquals(0, NetrConnectionEnum.reply(padded, 0, padded.length).status());
        assertTrue(violation(hex("00000000 00000000 00000000 00000000 00000000 00000000 01000000"))
                .contains("4 bytes left over after the return value"));
    }

    @ParameterizedTest
    @EnumSource(EnumCall.class)
    void randomCorruptionGivesAResultOrAProtocolViolation(EnumCall call) throws Exception {
        Random random = new Random(8);
        List<GoldenVectorsTest.Vector> vectors = call.replies().collect(Collectors.toList());
        for (int round = 0; round < 20_000; round++) {
            byte[] stub = vectors.get(random.nextInt(vectors.size())).stub().clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                stub[random.nextInt(stub.length)] = (byte) random.nextInt(256);
            }
            try {
                call.reply(stub, 0, stub.length);
            } catch (ProtocolViolationException expected) {
                assertTrue(expected.getMessage().startsWith(call.violationPrefix), expected.getMessage());
            } catch (RuntimeException | Error e) {
                fail("corrupted stub " + HexFormat.of().formatHex(stub) + " threw " + e, e);
            }
        }
    }

    @Test
    void hugeSessionAndFileCountsAllocateNothing() {
        String tail = "ffffff7f 04000200 ffffff7f 00000000 00000000 00000000 00000000"; // 2^31-1 claimed, 16 bytes
        assertEquals("malformed NetrSessionEnum reply at stub offset 24 of 40: SESSION_INFO_502 array claims"
                + " 2147483647 entries (68719476704 bytes) but 16 bytes remain",
                sessionViolation(hex("f6010000 f6010000 00000200" + tail)));
        assertEquals("malformed NetrFileEnum reply at stub offset 24 of 40: FILE_INFO_3 array claims"
                + " 2147483647 entries (42949672940 bytes) but 16 bytes remain",
                fileViolation(hex("03000000 03000000 00000200" + tail)));
    }

    @Test
    void aHugeStringClaimNamesItsMember() {
        String message = sessionViolation(hex(""
                + "02000000 02000000 00000200 01000000 04000200 01000000"
                + "00000000 00000000 01000000 02000000 03000000 00000000 08000200" // cname, username NULL; cltype_name
                + "ffffffff 00000000 ffffffff 41004200"));                         // 4 billion units claimed
        assertEquals("malformed NetrSessionEnum reply at stub offset 64 of 68: sesi2_cltype_name claims 4294967295"
                + " UTF-16 units but 4 bytes remain", message);
    }

    @Test
    void inconsistentSessionAndFileRepliesAreNamed() {
        assertTrue(sessionViolation(hex("0a000000 01000000 00000000 00000000 00000000 00000000"))
                .contains("InfoStruct.SessionInfo switch 1 differs from InfoStruct.Level 10"));
        assertTrue(fileViolation(hex("03000000 02000000 00000000 00000000 00000000 00000000"))
                .contains("InfoStruct.FileInfo switch 2 differs from InfoStruct.Level 3"));
        assertTrue(fileViolation(hex("02000000 02000000 00000200 02000000 04000200 03000000 01000000 02000000 03000000"
                + "00000000 00000000 00000000")).contains("Buffer max_count 3 differs from EntriesRead 2"));
        assertTrue(sessionViolation(hex("0a000000 0a000000 00000200 02000000 00000000 00000000 00000000 00000000"))
                .contains("EntriesRead 2 with a NULL Buffer"));
        assertTrue(sessionViolation(hex("00000000 00000000 00000000 00000000 00000000 00000000 01000000"))
                .contains("4 bytes left over after the return value"));
        assertTrue(fileViolation(hex("03000000 03000000 00000200 01000000 04000200 01000000"
                + "01000000 01000000 00000000 08000200 00000000"
                + "02000000 00000000 02000000 41004200 00000000 00000000 00000000"))
                .contains("fi3_path_name does not end with a NUL"));
    }

    /** Each call has its own levels: an array at a level of another call, or of none, has no layout. */
    @Test
    void anArrayAtALevelTheCallDoesNotHaveIsRefused() {
        String array = " 00000200 01000000 04000200 01000000 07000000 00000000 00000000 00000000";
        assertTrue(sessionViolation(hex("03000000 03000000" + array)).contains("an array at level 3, which has no layout"));
        assertTrue(fileViolation(hex("01000000 01000000" + array)).contains("an array at level 1, which has no layout"));
        assertTrue(fileViolation(hex("0a000000 0a000000" + array)).contains("an array at level 10, which has no layout"));
        assertTrue(violation(hex("0a000000 0a000000" + array)).contains("an array at level 10, which has no layout"));
    }

    @Test
    void aNullContainerOrBufferIsNoEntries() throws Exception {
        byte[] nullContainer = hex("0a000000 0a000000 00000000 00000000 00000000 00000000");
        assertEquals(null, NetrSessionEnum.reply(nullContainer, 0, nullContainer.length).entries());
        byte[] nullBuffer = hex("03000000 03000000 00000200 00000000 00000000 00000000 00000000 00000000");
        EnumReply<?> reply = NetrFileEnum.reply(nullBuffer, 0, nullBuffer.length);
        assertEquals(null, reply.entries());
        assertEquals(3, reply.level());
    }
}
