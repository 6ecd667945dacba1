package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.FileInfo;
import io.github.netconn.api.SessionInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire classes against stubs that impacket's independent NDR engine encoded
 * (src/test/vectors/gen_vectors.py wrote src/test/resources/vectors: NetrConnectionEnum there,
 * NetrSessionEnum in sessions/, NetrFileEnum in files/): our encoders write every request byte
 * for byte as impacket does (so impacket decodes it to the same call), and our decoders read
 * every reply to the values impacket put in.
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

    /** The vectors in {@code directory} below /vectors ("" for NetrConnectionEnum's) whose names start with {@code prefix}. */
    static Stream<Vector> vectors(String directory, String prefix) throws IOException, URISyntaxException {
        Path dir = Path.of(GoldenVectorsTest.class.getResource("/vectors").toURI()).resolve(directory);
        List<Vector> list = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().forEach(f -> list.add(read(f)));
        }
        assertTrue(list.size() >= 10, "too few " + prefix + " vectors: " + list.size());
        return list.stream();
    }

    static Stream<Vector> requests() throws Exception {
        return vectors("", "request-");
    }

    static Stream<Vector> replies() throws Exception {
        return vectors("", "reply-");
    }

    static Stream<Vector> sessionRequests() throws Exception {
        return vectors("sessions", "request-");
    }

    static Stream<Vector> sessionReplies() throws Exception {
        return vectors("sessions", "reply-");
    }

    static Stream<Vector> fileRequests() throws Exception {
        return vectors("files", "request-");
    }

    static Stream<Vector> fileReplies() throws Exception {
        return vectors("files", "reply-");
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Long resumeHandle(JsonNode e) {
        JsonNode resume = e.get("resumeHandle");
        return resume.isNull() ? null : resume.asLong();
    }

    private static void assertRequest(Vector v, byte[] ours) {
        assertArrayEquals(v.stub(), ours, () -> "request differs:\n ours " + HexFormat.of().formatHex(ours)
                + "\n impacket " + HexFormat.of().formatHex(v.stub()));
    }

    /** The reply decodes to the vector's expectation, its entries built from the JSON by {@code entry}. */
    private static <E> void assertReply(Vector v, EnumReply<E> reply, BiFunction<Integer, JsonNode, E> entry) {
        JsonNode e = v.expect();
        assertEquals(e.get("level").asInt(), reply.level(), "level");
        assertEquals(e.get("status").asLong(), reply.status(), "status");
        assertEquals(e.get("totalEntries").asLong(), reply.totalEntries(), "totalEntries");
        assertEquals(resumeHandle(e), reply.resumeHandle(), "resumeHandle");
        JsonNode entries = e.get("entries");
        if (entries == null || entries.isNull()) {
            assertEquals(null, reply.entries(), "a NULL buffer");
            return;
        }
        List<E> expected = new ArrayList<>();
        for (JsonNode x : entries) {
            expected.add(entry.apply(e.get("level").asInt(), x));
        }
        assertEquals(expected, reply.entries());
        assertEquals(e.get("entriesRead").asInt(), reply.entries().size(), "entriesRead");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void requestsAreEncodedAsImpacketEncodesThem(Vector v) {
        JsonNode e = v.expect();
        assertRequest(v, NetrConnectionEnum.request(text(e.get("serverName")), text(e.get("qualifier")),
                e.get("level").asInt(), e.get("preferedMaximumLength").asLong(), resumeHandle(e)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void repliesDecodeToWhatImpacketEncoded(Vector v) throws Exception {
        assertReply(v, NetrConnectionEnum.reply(v.stub(), 0, v.stub().length), (level, x) -> level == 0
                ? new ConnectionInfo.Level0(x.get("id").asLong())
                : ConnectionInfo.Level1.of(x.get("id").asLong(), x.get("type").asLong(), x.get("opens").asLong(),
                        x.get("users").asLong(), x.get("time").asLong(), text(x.get("username")), text(x.get("netname"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sessionRequests")
    void sessionRequestsAreEncodedAsImpacketEncodesThem(Vector v) {
        JsonNode e = v.expect();
        assertRequest(v, NetrSessionEnum.request(text(e.get("serverName")), text(e.get("clientName")),
                text(e.get("userName")), e.get("level").asInt(), e.get("preferedMaximumLength").asLong(),
                resumeHandle(e)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sessionReplies")
    void sessionRepliesDecodeToWhatImpacketEncoded(Vector v) throws Exception {
        assertReply(v, NetrSessionEnum.reply(v.stub(), 0, v.stub().length), GoldenVectorsTest::session);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileRequests")
    void fileRequestsAreEncodedAsImpacketEncodesThem(Vector v) {
        JsonNode e = v.expect();
        assertRequest(v, NetrFileEnum.request(text(e.get("serverName")), text(e.get("basePath")),
                text(e.get("userName")), e.get("level").asInt(), e.get("preferedMaximumLength").asLong(),
                resumeHandle(e)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileReplies")
    void fileRepliesDecodeToWhatImpacketEncoded(Vector v) throws Exception {
        assertReply(v, NetrFileEnum.reply(v.stub(), 0, v.stub().length), (level, x) -> level == 2
                ? new FileInfo.Level2(x.get("id").asLong())
                : FileInfo.Level3.of(x.get("id").asLong(), x.get("permissions").asLong(), x.get("num_locks").asLong(),
                        text(x.get("path_name")), text(x.get("username"))));
    }

    /** A SESSION_INFO_N from impacket's values (member names without their {@code sesiN_} prefix). */
    private static SessionInfo session(int level, JsonNode x) {
        String client = text(x.get("cname"));
        if (level == 0) {
            return SessionInfo.Level0.of(client);
        }
        String user = text(x.get("username"));
        if (level == 10) {
            return SessionInfo.Level10.of(client, user, x.get("time").asLong(), x.get("idle_time").asLong());
        }
        long opens = x.get("num_opens").asLong();
        long time = x.get("time").asLong();
        long idle = x.get("idle_time").asLong();
        long flags = x.get("user_flags").asLong();
        return switch (level) {
            case 1 -> SessionInfo.Level1.of(client, user, opens, time, idle, flags);
            case 2 -> SessionInfo.Level2.of(client, user, opens, time, idle, flags, text(x.get("cltype_name")));
            case 502 -> SessionInfo.Level502.of(client, user, opens, time, idle, flags, text(x.get("cltype_name")),
                    text(x.get("transport")));
            default -> throw new AssertionError("no SESSION_INFO_" + level);
        };
    }
}
