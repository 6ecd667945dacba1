package io.github.netconn.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * The testkit tests itself (as the Reactive Streams TCK does): each deliberately wrong
 * adapter of {@link BrokenAdapters} must fail the rule its defect breaks, with a message
 * that says what went wrong; every rule of both parts, {@link ScenarioContract} and
 * {@link SambaContract}, is broken by at least one. The references pass the same rules in
 * {@link ReferenceScenarioContractTest} and {@link ReferenceSambaContractTest}.
 */
class BrokenAdaptersTest {

    static Stream<Arguments> defects() {
        return Stream.of(
                Arguments.of(BrokenAdapters.CutsLongQualifiers.class, "c01_qualifierAtTheLimitReachesTheServer",
                        "NERR_NetNameNotFound"),
                Arguments.of(BrokenAdapters.BackslashesTheServerTwice.class, "c02_backslashedServerNameIsTheSameHost",
                        "server name contains the character U+005C"),
                Arguments.of(BrokenAdapters.DropsAnEntry.class, "c03_levelsGiveIdsOrEverything", "expected: <["),
                Arguments.of(BrokenAdapters.DropsAnEntry.class, "c07_pagesUnionToFullResult", "one-shot result"),
                Arguments.of(BrokenAdapters.DropsAnEntry.class, "c13_agreesWithTheReference", "entries: "),
                Arguments.of(BrokenAdapters.SignedDwords.class, "c05_fieldsRoundTripExactly",
                        "must be an unsigned 32-bit value (0 to 4294967295), not -1"),
                Arguments.of(BrokenAdapters.NullAsText.class, "c05_fieldsRoundTripExactly", "Optional[null]"),
                Arguments.of(BrokenAdapters.BmpOnly.class, "c05_fieldsRoundTripExactly", "expected: <["),
                Arguments.of(BrokenAdapters.SortsEntries.class, "c06_entriesComeInServerOrder",
                        "expected: <[42, 7, 4294967295, 0, 99, 7, 13]>"),
                Arguments.of(BrokenAdapters.IgnoresThePageSize.class, "c04_pageSizeReachesTheServer",
                        "first page with a page size of 1 bytes"),
                Arguments.of(BrokenAdapters.LoopsOnAStuckHandle.class, "c07_noProgressEndsInAProtocolError",
                        "did not end"),
                Arguments.of(BrokenAdapters.TrustsTheLastHandle.class, "c08_serverQuirksGiveTheSameResult",
                        "paging made no progress"),
                Arguments.of(BrokenAdapters.ThrowsRawRuntimeException.class, "c09_statusesKeepTheirCodeAndKind",
                        "expected NetApiStatusException 5 for DATA, got java.lang.IllegalStateException"),
                Arguments.of(BrokenAdapters.MapsFailuresWrongly.class, "c09_wrongPasswordIsAnAuthenticationFailure",
                        "expected AuthenticationException, got io.github.netconn.api.NetApiStatusException"),
                Arguments.of(BrokenAdapters.MapsFailuresWrongly.class, "c09_unreachableHostIsHostUnreachable",
                        "expected HostUnreachableException, got io.github.netconn.api.ProtocolViolationException"),
                Arguments.of(BrokenAdapters.IgnoresTheTimeout.class, "c09_slowServerTimesOut",
                        "expected NetConnTimeoutException, got a result"),
                Arguments.of(BrokenAdapters.LeaksAHandle.class, "c10_failuresLeakNothingAndLeaveTheEnumeratorUsable",
                        "handles held after the calls"),
                Arguments.of(BrokenAdapters.LeavesAThreadBehind.class, "c10_failuresLeakNothingAndLeaveTheEnumeratorUsable",
                        "threads left behind after close: [broken-keepalive]"),
                Arguments.of(BrokenAdapters.ShowsThePassword.class, "c11_secretsNeverShown", "a password shows in"),
                Arguments.of(BrokenAdapters.SharesStateBetweenThreads.class, "c12_concurrentCallsGetCorrectAnswers",
                        "a concurrent call went wrong"),
                Arguments.of(BrokenAdapters.LogsOnForEveryCall.class, "c12_repeatedCallsReuseTheSession",
                        "logons for five calls"),
                Arguments.of(BrokenAdapters.DropsAnEntryOnSamba.class, "c03_samba_computerQualifier", "entries: "),
                Arguments.of(BrokenAdapters.DropsAnEntryOnSamba.class, "c05_samba_countsRealConnectionsAndOpenFiles",
                        "entries for DATA"),
                Arguments.of(BrokenAdapters.DropsAnEntryOnSamba.class, "c07_samba_manyConnectionsInSeveralFragments",
                        "expected: <110> but was: <109>"),
                Arguments.of(BrokenAdapters.ThrowsRawRuntimeExceptionOnSamba.class,
                        "c09_samba_accessDeniedAndUnknownShare",
                        "expected NetApiStatusException 5 for DATA, got java.lang.IllegalStateException"),
                Arguments.of(BrokenAdapters.MapsFailuresWronglyOnSamba.class, "c09_samba_wrongPassword",
                        "expected AuthenticationException, got io.github.netconn.api.NetApiStatusException"),
                Arguments.of(BrokenAdapters.LogsOnForEveryCallOnSamba.class,
                        "c12_samba_oneSessionReusedAndReleasedOnClose",
                        "sessions after five calls"),
                Arguments.of(BrokenAdapters.KeepsTheSessionOnSamba.class,
                        "c12_samba_oneSessionReusedAndReleasedOnClose",
                        "netadmin has 1 sessions on samba.memory.test after 10000 ms; expected 0"));
    }

    @ParameterizedTest(name = "{0} fails {1}")
    @MethodSource("defects")
    void eachDefectFailsItsRuleReadably(Class<?> adapter, String rule, String message) {
        assertFailsReadably(adapter, rule, message);
    }

    /** Runs {@code rule} of {@code adapter}'s contract alone and asserts that it fails, saying {@code message}. */
    static void assertFailsReadably(Class<?> adapter, String rule, String message) {
        List<Event> finished = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(adapter, rule))
                .execute()
                .testEvents()
                .filter(event -> event.getType() == EventType.FINISHED)
                .collect(Collectors.toList());
        assertEquals(1, finished.size(), () -> "expected one run of " + rule + ", got " + finished);
        TestExecutionResult result = finished.get(0).getPayload(TestExecutionResult.class).orElseThrow();
        assertEquals(TestExecutionResult.Status.FAILED, result.getStatus(),
                () -> adapter.getSimpleName() + " should fail " + rule + " but " + result);
        String shown = result.getThrowable().map(Throwable::toString).orElse("");
        assertTrue(shown.contains(message), () -> adapter.getSimpleName() + " failed " + rule
                + " without saying \"" + message + "\": " + shown);
    }
}
