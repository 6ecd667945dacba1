package io.github.netconn.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
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
        for (String test : List.of("test_dcerpc.BindQuirkTest.test_accept_is_a_bind_ack_accepting_ndr",
                "test_dcerpc.BindQuirkTest.test_nak_is_a_bind_nak_with_local_limit_exceeded_and_no_versions",
                "test_dcerpc.BindQuirkTest.test_abstract_syntax_is_a_bind_ack_rejecting_the_context_with_reason_1",
                "test_dcerpc.BindQuirkTest.test_transfer_syntax_is_a_bind_ack_rejecting_the_context_with_reason_2",
                "test_sessions_files.SessionsAndFilesTest.test_every_session_level_carries_its_fields_in_order",
                "test_sessions_files.SessionsAndFilesTest.test_both_file_levels_carry_their_fields_in_order",
                "test_sessions_files.SessionsAndFilesTest.test_rule_13_client_then_user_ignoring_case",
                "test_sessions_files.RequestDecodingTest.test_session_request_with_entries_in_the_buffer")) {
            assertTrue(report.contains("(" + test + ") ... ok"), () -> test + " did not run and pass:\n" + report);
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

    /** The script's rules answer NetrSessionEnum and NetrFileEnum calls exactly as answerSessions and answerFiles. */
    @Test
    void theScriptAnswersSessionsAndFilesAsTheJavaReference() throws Exception {
        List<String> clients = Arrays.asList(null, "", "\\\\WS01", "\\\\ws0003", "WS01", "\\\\", "\\\\nosuch",
                "\\\\\uD83D\uDE00 \u00E9t\u00E9");
        List<String> users = Arrays.asList(null, "", "alice", "USER1", "nobody", "\u4E2D\u6587");
        List<String> paths = Arrays.asList(null, "", "c:\\DATA", "C:\\data\\dir1\\", "D:", "C:\\DATA\\\u00C9T\u00C9");
        for (Scenario scenario : sessionAndFileScenarios()) {
            server.load(scenario);
            Calls calls = new Calls();
            for (String caller : List.of("netadmin", "netuser")) {
                for (long level : new long[] {0, 1, 2, 3, 10, 501, 502}) {
                    for (String client : clients) {
                        for (String user : users) {
                            calls.sessions(scenario, caller, level, client, user, PAGINGS);
                        }
                    }
                }
                for (long level : new long[] {1, 2, 3, 4}) {
                    for (String path : paths) {
                        for (String user : users) {
                            calls.files(scenario, caller, level, path, user, PAGINGS);
                        }
                    }
                }
            }
            calls.assertLines(server.probeAnswers(calls.json()), scenario);
        }
    }

    /**
     * End to end: the server's NetrSessionEnum and NetrFileEnum replies over real SMB, decoded by
     * impacket's own client (wire_probe.py), are what answerSessions and answerFiles say. Fewer calls
     * than above (each is a round trip), with the rules' variety left to the test above.
     */
    @Test
    void theServerAnswersSessionsAndFilesOnTheWireAsTheJavaReference() throws Exception {
        List<String> clients = Arrays.asList(null, "\\\\WS01", "\\\\\uD83D\uDE00 \u00E9t\u00E9", "WS01", "\\\\nosuch");
        List<String> users = Arrays.asList(null, "alice", "nobody");
        List<String> paths = Arrays.asList(null, "c:\\DATA", "D:");
        List<Paging> pagings = List.of(new Paging(Scenario.MAX_PREFERRED_LENGTH, 0L), new Paging(100, 2L),
                new Paging(1, null));
        Scenario rich = ScenarioSessionsFilesTest.rich();
        Scenario.Quirks countAndNull = new Scenario.Quirks(false, Scenario.ResumeAtEnd.COUNT, Scenario.EmptyArray.NULL,
                false, 0);
        for (Scenario scenario : List.of(rich, rich.withQuirks(Scenario.Quirks.samba()),
                rich.withDeniedUsers("NETUSER"), rich.withQuirks(countAndNull),
                rich.withQuirks(Scenario.Quirks.samba()).withDeniedUsers("NETUSER"))) {
            server.load(scenario);
            Calls calls = new Calls();
            for (long level : new long[] {0, 1, 2, 10, 502}) {
                for (String client : clients) {
                    for (String user : users) {
                        calls.sessions(scenario, "netadmin", level, client, user, pagings);
                    }
                }
            }
            for (long level : new long[] {2, 3}) {
                for (String path : paths) {
                    for (String user : users) {
                        calls.files(scenario, "netadmin", level, path, user, pagings);
                    }
                }
            }
            for (long level : new long[] {1, 10}) {
                calls.sessions(scenario, "netuser", level, null, null, pagings);
            }
            for (long level : new long[] {2, 3}) {
                calls.files(scenario, "netuser", level, null, null, pagings);
            }
            calls.assertLines(server.probeWire(calls.json()), scenario);
        }
    }

    /** PreferedMaximumLength and the resume handle of one call (null: a NULL pointer). */
    private record Paging(long size, Long resume) {
    }

    /** With, for Samba's way with sessions, handles just below, at and past the number of rich()'s sessions (35). */
    private static final List<Paging> PAGINGS = List.of(new Paging(Scenario.MAX_PREFERRED_LENGTH, 0L),
            new Paging(1000, 3L), new Paging(100, 0L), new Paging(100, 3L), new Paging(1, 1000L), new Paging(1, null),
            new Paging(Scenario.MAX_PREFERRED_LENGTH, 34L), new Paging(50, 35L), new Paging(1, 0xFFFF_FFFFL));

    private static List<Scenario> sessionAndFileScenarios() {
        Scenario rich = ScenarioSessionsFilesTest.rich();
        return List.of(rich,
                rich.withQuirks(Scenario.Quirks.samba()),
                rich.withQuirks(Scenario.Quirks.NONE.withSambaSessionsFiles(true)),
                rich.withQuirks(Scenario.Quirks.samba()).withDeniedUsers("NETUSER"),
                rich.withQuirks(Scenario.Quirks.NONE.withSambaSessionsFiles(true)).withStatus(0xDEAD_BEEFL),
                rich.withDeniedUsers("NETUSER"),
                rich.withStatus(0xDEAD_BEEFL),
                rich.withQuirks(new Scenario.Quirks(false, Scenario.ResumeAtEnd.COUNT, Scenario.EmptyArray.NULL,
                        true, 0)),
                rich.withQuirks(new Scenario.Quirks(false, Scenario.ResumeAtEnd.COUNT, Scenario.EmptyArray.NULL,
                        false, 0)),
                Scenario.empty());
    }

    /** A list of calls as the probes read them, and the lines the Java reference expects for them. */
    private static final class Calls {
        private final List<String> calls = new ArrayList<>();
        private final List<String> expected = new ArrayList<>();

        void sessions(Scenario scenario, String caller, long level, String client, String user, List<Paging> pagings) {
            for (Paging p : pagings) {
                add("sessions", caller, level, "client", client, user, p);
                expected.add(line(scenario.answerSessions(caller, level, client, user, p.size(), p.resume()),
                        ScriptedServerTest::sessionFields));
            }
        }

        void files(Scenario scenario, String caller, long level, String path, String user, List<Paging> pagings) {
            for (Paging p : pagings) {
                add("files", caller, level, "basePath", path, user, p);
                expected.add(line(scenario.answerFiles(caller, level, path, user, p.size(), p.resume()),
                        ScriptedServerTest::fileFields));
            }
        }

        private void add(String op, String caller, long level, String filterKey, String filter, String user,
                         Paging paging) {
            StringBuilder json = new StringBuilder("{\"op\": \"").append(op).append("\", \"caller\": \"")
                    .append(caller).append("\", \"level\": ").append(level).append(", \"").append(filterKey)
                    .append("\": ");
            Scenario.string(json, filter);
            json.append(", \"user\": ");
            Scenario.string(json, user);
            json.append(", \"prefMaxLen\": ").append(paging.size()).append(", \"resume\": ").append(paging.resume())
                    .append('}');
            calls.add(json.toString());
        }

        String json() {
            return "[" + String.join(",\n", calls) + "]";
        }

        void assertLines(String output, Scenario scenario) {
            List<String> actual = List.of(output.split("\n"));
            assertEquals(expected.size(), actual.size(), "answers");
            for (int i = 0; i < expected.size(); i++) {
                int call = i;
                assertEquals(expected.get(i), actual.get(i),
                        () -> calls.get(call) + " in scenario " + scenario.toJson());
            }
        }
    }

    /** A session's values as SESSION_INFO_n carries them, in the structure's order. */
    private static List<Object> sessionFields(int level, Scenario.Session s) {
        return switch (level) {
            case 0 -> Arrays.asList(s.computer());
            case 1 -> Arrays.asList(s.computer(), s.user(), s.opens(), s.seconds(), s.idleSeconds(), s.flags());
            case 2 -> Arrays.asList(s.computer(), s.user(), s.opens(), s.seconds(), s.idleSeconds(), s.flags(),
                    s.clientType());
            case 10 -> Arrays.asList(s.computer(), s.user(), s.seconds(), s.idleSeconds());
            case 502 -> Arrays.asList(s.computer(), s.user(), s.opens(), s.seconds(), s.idleSeconds(), s.flags(),
                    s.clientType(), s.transport());
            default -> throw new IllegalArgumentException("no SESSION_INFO_" + level);
        };
    }

    /** An open file's values as FILE_INFO_n carries them, in the structure's order. */
    private static List<Object> fileFields(int level, Scenario.OpenFile f) {
        return level == 2 ? List.of(f.id()) : Arrays.asList(f.id(), f.permissions(), f.locks(), f.path(), f.user());
    }

    /** The canonical line answer_probe.py prints. */
    private static String line(Scenario.Answer<Scenario.Entry> answer) {
        return line(answer, (level, e) -> Arrays.asList(e.id(), e.type(), e.opens(), e.users(), e.seconds(),
                e.userName(), e.netName()));
    }

    /** The canonical line answer_probe.py prints, with {@code fields} the values of an entry at the answer's level. */
    private static <E> String line(Scenario.Answer<E> answer, BiFunction<Integer, E, List<Object>> fields) {
        StringBuilder text = new StringBuilder("status=").append(answer.status()).append(" total=")
                .append(answer.totalEntries()).append(" resume=").append(answer.resumeHandle()).append(" entries=");
        if (answer.entries() == null) {
            return text.append("null").toString();
        }
        text.append('[');
        for (int i = 0; i < answer.entries().size(); i++) {
            List<Object> values = fields.apply(answer.level(), answer.entries().get(i));
            text.append(i == 0 ? "" : ";");
            for (int v = 0; v < values.size(); v++) {
                text.append(v == 0 ? "" : ",");
                if (values.get(v) instanceof Long number) {
                    text.append(number);
                } else {
                    Scenario.string(text, (String) values.get(v));
                }
            }
        }
        return text.append(']').toString();
    }
}
