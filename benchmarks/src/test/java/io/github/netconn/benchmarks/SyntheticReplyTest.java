package io.github.netconn.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks decode hand-made stubs; a wrong stub would make every figure meaningless.
 * So the encoder must reproduce, byte for byte, a golden vector that impacket's NDR
 * engine made (adapter-msrpc/src/test/vectors/gen_vectors.py).
 */
class SyntheticReplyTest {

    private static final Path VECTORS = Path.of("..", "adapter-msrpc", "src", "test", "resources", "vectors");

    @Test
    void fiveEntriesMatchImpacketsBytes() throws IOException {
        List<SyntheticReply.Entry> five = List.of(
                new SyntheticReply.Entry(1, 0, 2, 1, 300, "alice", "WS01"),
                new SyntheticReply.Entry(2, 3, 0, 1, 5, "bob", "WS02"),
                new SyntheticReply.Entry(3, 0x8000_0003L, 0, 1, 86400, "Administrator", "WS03"),
                new SyntheticReply.Entry(4, 1, 1, 1, 1, "print", "PRN-07"),
                new SyntheticReply.Entry(5, 0x4000_0000L, 7, 2, 0, "svc_backup", "BACKUP01"));

        byte[] made = SyntheticReply.level1(five, 5, 0L, 0);

        assertArrayEquals(vector("reply-l1-five.ndr"), made, "the stub differs from impacket's reply-l1-five.ndr");
    }

    @Test
    void fragmentsCarryTheWholeStub() {
        byte[] stub = SyntheticReply.level1(100);
        List<byte[]> pdus = SyntheticReply.fragments(stub, 4280, 7);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] pdu : pdus) {
            joined.write(pdu, 24, pdu.length - 24);
        }
        assertEquals(96 * 100 + 40, stub.length, "96 bytes per entry plus 40");
        assertEquals(3, pdus.size());
        assertEquals(1, pdus.get(0)[3], "first fragment: PFC_FIRST_FRAG only");
        assertEquals(2, pdus.get(2)[3], "last fragment: PFC_LAST_FRAG only");
        assertArrayEquals(stub, joined.toByteArray());
    }

    /** The stub of a vector file: the hex word at the start of every row that is not a comment. */
    private static byte[] vector(String name) throws IOException {
        ByteArrayOutputStream stub = new ByteArrayOutputStream();
        for (String line : Files.readAllLines(VECTORS.resolve(name))) {
            if (!line.startsWith("#") && !line.isBlank()) {
                stub.writeBytes(HexFormat.of().parseHex(line.split("\\s+")[0]));
            }
        }
        return stub.toByteArray();
    }
}
