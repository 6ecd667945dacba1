package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.netconn.api.ConnectionInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire class against stubs that impacket's independent NDR engine encoded
 * (src/test/vectors/gen_vectors.py wrote src/test/resources/vectors): our encoder writes
 * every request byte for byte as impacket does (so impacket decodes it to the same call),
 * and our decoder reads every reply to the values impacket put in.
 */
class GoldenVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One vector file: its expectation and its stub bytes. */
    record Vector(String name, JsonNode expect, byte[] stub) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Vector read(Path file) {
        try {
            JsonNode expect = null;
            ByteArrayOutputStream stub = new ByteArrayOutputStream();
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("# expect: ")) {
                    expect = JSON.readTree(line.substring("# expect: ".length()));
                } else if (!line.startsWith("#") && !line.isBlank()) {
                    String hex = line.split("#", 2)[0].trim();
                    stub.writeBytes(HexFormat.of().parseHex(hex));
                }
            }
            return new Vector(file.getFileName().toString(), expect, stub.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Vector> vectors(String prefix) throws IOException, URISyntaxException {
        Path dir = Path.of(GoldenVectorsTest.class.getResource("/vectors").toURI());
        List<Vector> list = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().forEach(f -> list.add(read(f)));
        }
        assertTrue(list.size() >= 10, "too few " + prefix + " vectors: " + list.size());
        return list.stream();
    }

    static Stream<Vector> requests() throws Exception {
        return vectors("request-");
    }

    static Stream<Vector> replies() throws Exception {
        return vectors("reply-");
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void requestsAreEncodedAsImpacketEncodesThem(Vector v) {
        JsonNode e = v.expect();
        JsonNode resume = e.get("resumeHandle");
        byte[] ours = NetrConnectionEnum.request(text(e.get("serverName")), text(e.get("qualifier")),
                e.get("level").asInt(), e.get("preferedMaximumLength").asLong(), resume.isNull() ? null : resume.asLong());
        assertArrayEquals(v.stub(), ours, () -> "request differs:\n ours " + HexFormat.of().formatHex(ours)
                + "\n impacket " + HexFormat.of().formatHex(v.stub()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void repliesDecodeToWhatImpacketEncoded(Vector v) throws Exception {
        EnumReply<ConnectionInfo> reply = NetrConnectionEnum.reply(v.stub(), 0, v.stub().length);
        JsonNode e = v.expect();
        assertEquals(e.get("level").asInt(), reply.level(), "level");
        assertEquals(e.get("status").asLong(), reply.status(), "status");
        assertEquals(e.get("totalEntries").asLong(), reply.totalEntries(), "totalEntries");
        JsonNode resume = e.get("resumeHandle");
        assertEquals(resume.isNull() ? null : resume.asLong(), reply.resumeHandle(), "resumeHandle");
        JsonNode entries = e.get("entries");
        if (entries == null || entries.isNull()) {
            assertEquals(null, reply.entries(), "a NULL buffer");
            return;
        }
        List<ConnectionInfo> expected = new ArrayList<>();
        for (JsonNode x : entries) {
            expected.add(e.get("level").asInt() == 0 ? new ConnectionInfo.Level0(x.get("id").asLong())
                    : ConnectionInfo.Level1.of(x.get("id").asLong(), x.get("type").asLong(), x.get("opens").asLong(),
                            x.get("users").asLong(), x.get("time").asLong(), text(x.get("username")), text(x.get("netname"))));
        }
        assertEquals(expected, reply.entries());
        assertEquals(e.get("entriesRead").asInt(), reply.entries().size(), "entriesRead");
    }
}
