package io.github.netconn.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;

/**
 * The scripted server is what the testkit says it is: its own tests (impacket's client over
 * real SMB, including one test per fixed impacket defect) pass inside its container, and
 * its implementation of SCENARIO.md's rules answers every call exactly as the Java
 * reference {@link Scenario#answer} does.
 */
class ScriptedServerTest {

    static ScriptedServer server;

    @BeforeAll
    static void start() {
        server = ScriptedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theScriptsOwnTestsPass() throws Exception {
        Container.ExecResult result = server.runScriptTests();
        String report = result.getStderr();
        assertEquals(0, result.getExitCode(), () -> "the server script's tests failed:\n" + report);
        assertTrue(report.matches("(?s).*Ran \\d+ tests.*\\nOK.*"), () -> "unexpected unittest output:\n" + report);
        for (String test : List.of("test_accept_is_a_bind_ack_accepting_ndr",
                "test_nak_is_a_bind_nak_with_local_limit_exceeded_and_no_versions",
                "test_abstract_syntax_is_a_bind_ack_rejecting_the_context_with_reason_1",
                "test_transfer_syntax_is_a_bind_ack_rejecting_the_context_with_reason_2")) {
            assertTrue(report.contains("(test_dcerpc.BindQuirkTest." + test + ") ... ok"),
                    () -> "quirks.bind test " + test + " did not run and pass:\n" + report);
        }
    }

    /** The script reads every quirks.bind value as the Java side writes it (and answers calls as before). */
    @Test
    void theScriptReadsEveryBindSpelling() throws Exception {
        String call = "[{\"caller\": \"netadmin\", \"level\": 1, \"qualifier\": \"DATA\", \"prefMaxLen\": 100,"
                + " \"resume\": 0}]";
        for (Scenario.Bind bind : Scenario.Bind.values()) {
            Scenario scenario = ScenarioContract.rich().withQuirks(Scenario.Quirks.NONE.withBind(bind));
            server.load(scenario);
            assertEquals(line(scenario.answer("netadmin", 1, "DATA", 100, 0L)) + "\n", server.probeAnswers(call),
                    bind.json());
        }
    }

    @Test
    void theScriptAnswersAsTheJavaReference() throws Exception {
        List<Scenario> scenarios = List.of(
                ScenarioContract.rich(),
                ScenarioContract.rich().withQuirks(Scenario.Quirks.samba()),
                ScenarioContract.rich().withDeniedUsers("NETUSER"),
                ScenarioContract.rich().withStatus(0xDEAD_BEEFL),
                ScenarioContract.rich().withQuirks(
                        new Scenario.Quirks(false, Scenario.ResumeAtEnd.COUNT, Scenario.EmptyArray.NULL, true, 0)),
                Scenario.empty().withShares("EMPTY"));
        List<String> qualifiers = Arrays.asList("DATA", "data", "PUBLIC", "IPC$", "ARCHIVE", "EMPTY", "\\\\WS0001",
                "\\\\ws0002", "\\\\NOSUCH", "NOSUCH", "", null, "L".repeat(1023), "L".repeat(1024), "\uD83D\uDE00");
        List<Long> resumes = Arrays.asList(0L, 3L, 39L, 1000L, null);
        for (Scenario scenario : scenarios) {
            server.load(scenario);
            List<String> expected = new ArrayList<>();
            StringBuilder calls = new StringBuilder("[");
            for (String caller : List.of("netadmin", "netuser")) {
                for (long level : new long[] {0, 1, 2}) {
                    for (String qualifier : qualifiers) {
                        for (long prefMaxLen : new long[] {1, 50, 100, 301, 1000, Scenario.MAX_PREFERRED_LENGTH}) {
                            for (Long resume : resumes) {
                                if (calls.length() > 1) {
                                    calls.append(",\n");
                                }
                                calls.append("{\"caller\": \"").append(caller).append("\", \"level\": ").append(level)
                                        .append(", \"qualifier\": ");
                                Scenario.string(calls, qualifier);
                                calls.append(", \"prefMaxLen\": ").append(prefMaxLen).append(", \"resume\": ")
                                        .append(resume).append('}');
                                expected.add(line(scenario.answer(caller, level, qualifier, prefMaxLen, resume)));
                            }
                        }
                    }
                }
            }
            calls.append(']');
            List<String> actual = List.of(server.probeAnswers(calls.toString()).split("\n"));
            assertEquals(expected.size(), actual.size(), "answers");
            for (int i = 0; i < expected.size(); i++) {
                int call = i;
                assertEquals(expected.get(i), actual.get(i), () -> "call " + call + " of scenario " + scenario.toJson());
            }
        }
    }

    /** The canonical line answer_probe.py prints. */
    private static String line(Scenario.Answer<Scenario.Entry> answer) {
        StringBuilder text = new StringBuilder("status=").append(answer.status()).append(" total=")
                .append(answer.totalEntries()).append(" resume=").append(answer.resumeHandle()).append(" entries=");
        if (answer.entries() == null) {
            return text.append("null").toString();
        }
        text.append('[');
        for (int i = 0; i < answer.entries().size(); i++) {
            Scenario.Entry e = answer.entries().get(i);
            text.append(i == 0 ? "" : ";").append(e.id()).append(',').append(e.type()).append(',').append(e.opens())
                    .append(',').append(e.users()).append(',').append(e.seconds()).append(',');
            Scenario.string(text, e.userName());
            text.append(',');
            Scenario.string(text, e.netName());
        }
        return text.append(']').toString();
    }
}
