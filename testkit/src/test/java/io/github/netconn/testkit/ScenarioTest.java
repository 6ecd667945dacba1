package io.github.netconn.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.Qualifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
                + "  \"sessions\": [],\n"
                + "  \"files\": [],\n"
                + "  \"status\": null,\n"
                + "  \"deniedUsers\": [\"bob\"],\n"
                + "  \"quirks\": {\"ignorePageSize\": false, \"resumeAtEnd\": \"zero\", \"emptyArray\": \"empty\","
                + " \"noProgress\": false, \"delayMillis\": 0, \"bind\": \"accept\", \"hostile\": \"none\","
                + " \"sambaSessionsFiles\": false}\n"
                + "}\n", scenario.toJson());
    }

    @Test
    void everyQuirkIsWrittenWithSpecSpelling() {
        Scenario.Quirks quirks = new Scenario.Quirks(true, Scenario.ResumeAtEnd.COUNT, Scenario.EmptyArray.NULL, true,
                0xFFFF_FFFFL, Scenario.Bind.TRANSFER_SYNTAX, Scenario.Hostile.ENDLESS_FRAGMENTS);
        assertTrue(Scenario.empty().withQuirks(quirks).toJson().contains("  \"quirks\": {\"ignorePageSize\": true,"
                + " \"resumeAtEnd\": \"count\", \"emptyArray\": \"null\", \"noProgress\": true,"
                + " \"delayMillis\": 4294967295, \"bind\": \"transferSyntax\", \"hostile\": \"endlessFragments\","
                + " \"sambaSessionsFiles\": false}\n"));
        Map<Scenario.Bind, String> spelling = spelling(Scenario.Bind.class, Scenario.Quirks.NONE::withBind, "bind");
        assertEquals(Map.of(Scenario.Bind.ACCEPT, "\"bind\": \"accept\"",
                Scenario.Bind.NAK, "\"bind\": \"nak\"",
                Scenario.Bind.ABSTRACT_SYNTAX, "\"bind\": \"abstractSyntax\"",
                Scenario.Bind.TRANSFER_SYNTAX, "\"bind\": \"transferSyntax\""), spelling);
        Map<Scenario.Hostile, String> hostile = spelling(Scenario.Hostile.class, Scenario.Quirks.NONE::withHostile,
                "hostile");
        assertEquals(Map.of(Scenario.Hostile.NONE, "\"hostile\": \"none\"",
                Scenario.Hostile.ENDLESS_PAGES, "\"hostile\": \"endlessPages\"",
                Scenario.Hostile.FRESH_HANDLES, "\"hostile\": \"freshHandles\"",
                Scenario.Hostile.EMPTY_FRAGMENTS, "\"hostile\": \"emptyFragments\"",
                Scenario.Hostile.ENDLESS_FRAGMENTS, "\"hostile\": \"endlessFragments\"",
                Scenario.Hostile.TRICKLE, "\"hostile\": \"trickle\""), hostile);
    }

    /** For each value of a quirk, that quirk's key and value as the scenario's JSON has them. */
    private static <E extends Enum<E>> Map<E, String> spelling(Class<E> quirk, Function<E, Scenario.Quirks> with,
                                                               String key) {
        Map<E, String> spelling = new EnumMap<>(quirk);
        for (E value : quirk.getEnumConstants()) {
            String json = Scenario.empty().withQuirks(with.apply(value)).toJson();
            String from = json.substring(json.indexOf("\"" + key + "\": "));
            spelling.put(value, from.substring(0, from.indexOf(',')));
        }
        return spelling;
    }

    @Test
    void theBindIsAcceptedUnlessAScenarioSaysOtherwise() {
        assertEquals(Scenario.Bind.ACCEPT, Scenario.Quirks.NONE.bind());
        assertEquals(new Scenario.Quirks(true, Scenario.ResumeAtEnd.COUNT, Scenario.EmptyArray.NULL, false, 0,
                Scenario.Bind.ACCEPT, Scenario.Hostile.NONE, true), Scenario.Quirks.samba());
        assertEquals(false, Scenario.Quirks.NONE.sambaSessionsFiles());
        assertEquals(new Scenario.Quirks(false, Scenario.ResumeAtEnd.ZERO, Scenario.EmptyArray.EMPTY, false, 0,
                Scenario.Bind.ACCEPT, Scenario.Hostile.NONE), new Scenario.Quirks(false, Scenario.ResumeAtEnd.ZERO,
                Scenario.EmptyArray.EMPTY, false, 0));
        assertThrows(NullPointerException.class, () -> Scenario.Quirks.NONE.withBind(null));
    }

    /** The reference does not speak DCE/RPC: a refused bind is the scripted server's alone. */
    @Test
    void theReferenceAnswersAlikeWhateverTheBind() throws Exception {
        Scenario plain = ScenarioContract.rich();
        MemoryServer memory = new MemoryServer();
        ConnectionEnumerator reference = new ReferenceConnectionEnumerator(memory, Account.ADMIN, Duration.ofSeconds(5));
        ConnectionQuery<?> query = ConnectionQuery.on(MemoryServer.NAME, Qualifier.of("DATA"), ConnectionLevel.LEVEL_1);
        memory.load(plain);
        List<? extends ConnectionInfo> accepted = reference.enumerateAll(query);
        assertFalse(accepted.isEmpty());
        for (Scenario.Bind bind : Scenario.Bind.values()) {
            Scenario refusing = plain.withQuirks(plain.quirks().withBind(bind));
            memory.load(refusing);
            assertEquals(accepted, reference.enumerateAll(query), bind.json());
            for (String qualifier : new String[] {"DATA", "\\\\WS0001", "NOSUCH", null}) {
                for (long level = 0; level <= 2; level++) {
                    assertEquals(plain.answer("netadmin", level, qualifier, 100, 0L),
                            refusing.answer("netadmin", level, qualifier, 100, 0L), bind + " " + qualifier);
                }
            }
        }
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
