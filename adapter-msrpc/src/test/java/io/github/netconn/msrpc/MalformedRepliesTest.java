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

/** A broken or hostile server gets a typed protocol error, never an index exception or a large allocation. */
class MalformedRepliesTest {

    private static List<GoldenVectorsTest.Vector> replies() throws Exception {
        return GoldenVectorsTest.replies().collect(Collectors.toList());
    }

    private static byte[] hex(String words) {
        return HexFormat.of().parseHex(words.replaceAll("\\s+", ""));
    }

    private static String violation(byte[] stub) {
        return assertThrows(ProtocolViolationException.class, () -> NetrConnectionEnum.reply(stub, 0, stub.length))
                .getMessage();
    }

    @Test
    void everyTruncationOfEveryReplyIsAProtocolViolation() throws Exception {
        for (GoldenVectorsTest.Vector v : replies()) {
            for (int length = 0; length < v.stub().length; length++) {
                int cut = length;
                ProtocolViolationException e = assertThrows(ProtocolViolationException.class,
                        () -> NetrConnectionEnum.reply(v.stub(), 0, cut), () -> v.name() + " cut to " + cut + " bytes");
                assertTrue(e.getMessage().startsWith("malformed NetrConnectionEnum reply at stub offset "), e.getMessage());
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

    @Test
    void randomCorruptionGivesAResultOrAProtocolViolation() throws Exception {
        Random random = new Random(8);
        List<GoldenVectorsTest.Vector> vectors = replies();
        for (int round = 0; round < 20_000; round++) {
            byte[] stub = vectors.get(random.nextInt(vectors.size())).stub().clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                stub[random.nextInt(stub.length)] = (byte) random.nextInt(256);
            }
            try {
                NetrConnectionEnum.reply(stub, 0, stub.length);
            } catch (ProtocolViolationException expected) {
                // fine: a typed error
            } catch (RuntimeException | Error e) {
                fail("corrupted stub " + HexFormat.of().formatHex(stub) + " threw " + e, e);
            }
        }
    }
}
