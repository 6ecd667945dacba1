package io.github.netconn.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenario's JSON (the rules themselves are checked against the Python server in ScriptedServerTest). */
class ScenarioTest {

    @Test
    void jsonIsAsciiWithEveryFieldAndEscapes() {
        Scenario scenario = Scenario.empty().withShares("DATA").withDeniedUsers("bob")
                .withConnections(List.of(new Scenario.Connection(0xFFFF_FFFFL, 3, 1, 2, 60,
                        "a\"b\\c \uD83D\uDE00\n", null, "DATA")));
        assertEquals("{\n"
                + "  \"shares\": [\"DATA\"],\n"
                + "  \"connections\": [\n"
                + "    {\"id\": 4294967295, \"type\": 3, \"opens\": 1, \"users\": 2, \"seconds\": 60,"
                + " \"user\": \"a\\\"b\\\\c \\ud83d\\ude00\\u000a\", \"computer\": null, \"share\": \"DATA\"}],\n"
                + "  \"status\": null,\n"
                + "  \"deniedUsers\": [\"bob\"],\n"
                + "  \"quirks\": {\"ignorePageSize\": false, \"resumeAtEnd\": \"zero\", \"emptyArray\": \"empty\","
                + " \"noProgress\": false, \"delayMillis\": 0}\n"
                + "}\n", scenario.toJson());
    }

    @Test
    void writtenAtomically(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scenario.json");
        Scenario.empty().withStatus(5L).writeTo(file);
        assertEquals(Scenario.empty().withStatus(5L).toJson(), Files.readString(file));
        assertEquals(List.of(file), Files.list(dir).toList());
    }

    @Test
    void valuesAreUnsignedDwords() {
        assertThrows(IllegalArgumentException.class, () -> Scenario.Connection.of(-1, "u", "c", "s"));
        assertThrows(IllegalArgumentException.class, () -> Scenario.empty().withStatus(0x1_0000_0000L));
        assertThrows(NullPointerException.class, () -> Scenario.Connection.of(1, "u", "c", null));
    }
}
