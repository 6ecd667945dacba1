package io.github.netconn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.netconn.api.AuthenticationException;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.fleet.ConnectionWatch;
import io.github.netconn.fleet.WatchEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The watch's events as {@code netconn watch} writes them, in text and JSON Lines: one
 * line per event (a snapshot: one per entry), the time in ISO-8601 UTC, NULL names as
 * {@code -} or {@code null}, every value read back exactly, flushed at once.
 */
class WatchOutputTest {

    private static final Instant AT = Instant.parse("2025-03-04T05:06:07.089Z");
    private static final ConnectionQuery<?> DATA = ConnectionQuery.on("fs01:4445", Qualifier.of("DATA"),
            ConnectionLevel.LEVEL_1);
    private static final ConnectionQuery<?> WS = ConnectionQuery.on("fs02", Qualifier.of("\\\\WS042"),
            ConnectionLevel.LEVEL_0);
    private static final ConnectionInfo.Level1 ALICE = ConnectionInfo.Level1.of(17, 0, 1, 1, 30, "alice", "WS042");
    private static final ConnectionInfo.Level1 ALICE_MORE = ConnectionInfo.Level1.of(17, 0, 3, 1, 35, "alice", "WS042");
    private static final ConnectionInfo.Level1 NOBODY = ConnectionInfo.Level1.of(18, 3, 0, 1, 5, null, "two words\t");

    private static List<WatchEvent> events() {
        return List.of(
                new WatchEvent.Snapshot(AT, DATA, List.of(ALICE, NOBODY)),
                new WatchEvent.Snapshot(AT, WS, List.of()),
                new WatchEvent.Changed(AT.plusSeconds(5), DATA, ALICE, ALICE_MORE),
                new WatchEvent.Connected(AT.plusSeconds(5), WS, new ConnectionInfo.Level0(4294967295L)),
                new WatchEvent.Disconnected(AT.plusSeconds(5), DATA, NOBODY),
                new WatchEvent.Failed(AT.plusSeconds(10), DATA, new AuthenticationException("logon refused", null)),
                new WatchEvent.Failed(AT.plusSeconds(10), WS, new NetApiStatusException(5, "NetrConnectionEnum")),
                new WatchEvent.Recovered(AT.plusSeconds(20), DATA, Duration.ofMillis(10_250), 2));
    }

    private static String write(WatchOutput.Format format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Integer> flushedAt = new ArrayList<>();
        PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8) {
            @Override
            public void flush() {
                super.flush();
                flushedAt.add(bytes.size());
            }
        };
        WatchOutput output = new WatchOutput(out, format);
        for (WatchEvent event : events()) {
            int before = bytes.size();
            output.event(event);
            assertTrue(bytes.size() > before && flushedAt.get(flushedAt.size() - 1) == bytes.size(),
                    "each event is written and flushed at once: " + event);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void textIsOneTabSeparatedLinePerEvent() {
        assertEquals(String.join("\n",
                "2025-03-04T05:06:07.089Z\tsnapshot\tfs01:4445\tDATA\talice\tWS042\tid=17\topens=1\tusers=1\tseconds=30",
                "2025-03-04T05:06:07.089Z\tsnapshot\tfs01:4445\tDATA\t-\t\"two words\\u0009\"\tid=18\topens=0\tusers=1"
                        + "\tseconds=5",
                "2025-03-04T05:06:07.089Z\tsnapshot\tfs02\t\\\\WS042\tNo connection to \\\\fs02 from \\\\WS042",
                "2025-03-04T05:06:12.089Z\tchanged\tfs01:4445\tDATA\talice\tWS042\tid=17\topens=1->3\tusers=1\tseconds=35",
                "2025-03-04T05:06:12.089Z\tconnected\tfs02\t\\\\WS042\tid=4294967295",
                "2025-03-04T05:06:12.089Z\tdisconnected\tfs01:4445\tDATA\t-\t\"two words\\u0009\"\tid=18\topens=0"
                        + "\tusers=1\tseconds=5",
                "2025-03-04T05:06:17.089Z\tfailed\tfs01:4445\tDATA\tError: 1326\tERROR_LOGON_FAILURE (1326),"
                        + " authentication failed: logon refused",
                "2025-03-04T05:06:17.089Z\tfailed\tfs02\t\\\\WS042\tError: 5\tERROR_ACCESS_DENIED (0x00000005):"
                        + " Access is denied. (NetrConnectionEnum)",
                "2025-03-04T05:06:27.089Z\trecovered\tfs01:4445\tDATA\tfailures=2\tdown=10.250s", ""),
                write(WatchOutput.Format.TEXT));
        List<List<Optional<String>>> names = Parse.text(write(WatchOutput.Format.TEXT).lines().limit(2)
                .map(line -> String.join("\t", List.of(line.split("\t")).subList(0, 6)))
                .reduce((a, b) -> a + "\n" + b).orElseThrow(), 4);
        assertEquals(List.of(List.of(Optional.of("alice"), Optional.of("WS042")),
                List.of(Optional.empty(), Optional.of("two words\t"))), names, "NULL is '-', the rest reads back exactly");
    }

    @Test
    void jsonLinesAreOneObjectPerEventWithStableFields() throws Exception {
        for (WatchOutput.Format format : List.of(WatchOutput.Format.JSON, WatchOutput.Format.JSONL)) {
            String out = write(format);
            List<String> lines = out.lines().toList();
            assertEquals(events().size(), lines.size(), out);
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : lines) {
                nodes.add(json.readTree(line));
            }
            for (JsonNode node : nodes) {
                assertEquals(List.of("time", "event", "server", "qualifier"), fieldNames(node).subList(0, 4), node::toString);
            }
            JsonNode snapshot = nodes.get(0);
            assertEquals("2025-03-04T05:06:07.089Z", snapshot.get("time").asText());
            assertEquals("snapshot", snapshot.get("event").asText());
            assertEquals("fs01:4445", snapshot.get("server").asText());
            assertEquals("DATA", snapshot.get("qualifier").asText());
            List<ConnectionInfo> entries = Parse.jsonArray(snapshot.get("entries").toString());
            assertEquals(List.of(ALICE, NOBODY), entries, "entries read back exactly, NULL as null");
            assertTrue(snapshot.get("entries").get(1).get("userName").isNull());

            assertEquals("\\\\WS042", nodes.get(1).get("qualifier").asText());
            assertEquals(0, nodes.get(1).get("entries").size());
            JsonNode changed = nodes.get(2);
            assertEquals(List.of(ALICE), Parse.jsonArray("[" + changed.get("before") + "]"));
            assertEquals(List.of(ALICE_MORE), Parse.jsonArray("[" + changed.get("entry") + "]"));
            assertEquals(4294967295L, nodes.get(3).get("entry").get("id").asLong(), "a DWORD is never negative");
            assertEquals("disconnected", nodes.get(4).get("event").asText());
            assertEquals(List.of(NOBODY), Parse.jsonArray("[" + nodes.get(4).get("entry") + "]"));
            JsonNode failed = nodes.get(5).get("error");
            assertEquals(Map.of("kind", "authentication", "code", 1326L, "name", "ERROR_LOGON_FAILURE",
                    "message", "logon refused"), Map.of("kind", failed.get("kind").asText(), "code",
                    failed.get("code").asLong(), "name", failed.get("name").asText(), "message",
                    failed.get("message").asText()));
            assertEquals("ERROR_ACCESS_DENIED", nodes.get(6).get("error").get("name").asText());
            assertEquals("status", nodes.get(6).get("error").get("kind").asText());
            assertEquals(2, nodes.get(7).get("failures").asLong());
            assertEquals(10.25, nodes.get(7).get("downSeconds").asDouble());
        }
    }

    @Test
    void theSummaryCountsServersPollsAndFailures() {
        WatchOutput output = new WatchOutput(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                WatchOutput.Format.TEXT);
        assertEquals("watch stopped: 0 servers polled 0 times, 0 polls failed", output.summary());
        output.polled(new ConnectionWatch.Poll(DATA, AT, Duration.ofMillis(3), List.of(ALICE), null));
        output.polled(new ConnectionWatch.Poll(DATA, AT, Duration.ofMillis(3), List.of(),
                new AuthenticationException("no", null)));
        output.polled(new ConnectionWatch.Poll(WS, AT, Duration.ofMillis(3), List.of(), null));
        assertEquals("watch stopped: 2 servers polled 3 times, 1 poll failed", output.summary());
        assertFalse(output.summary().contains("\n"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
