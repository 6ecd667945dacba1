package io.github.netconn.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.netconn.testkit.BrokenScenarioSiblings.AsksLevel1ForMore;
import io.github.netconn.testkit.BrokenScenarioSiblings.AsksLevel3ForLevel2;
import io.github.netconn.testkit.BrokenScenarioSiblings.BackslashesTheServerTwiceForFiles;
import io.github.netconn.testkit.BrokenScenarioSiblings.BackslashesTheServerTwiceForSessions;
import io.github.netconn.testkit.BrokenScenarioSiblings.BmpOnlyFileStrings;
import io.github.netconn.testkit.BrokenScenarioSiblings.BmpOnlySessionStrings;
import io.github.netconn.testkit.BrokenScenarioSiblings.CutsLongFileFilters;
import io.github.netconn.testkit.BrokenScenarioSiblings.CutsLongSessionFilters;
import io.github.netconn.testkit.BrokenScenarioSiblings.DropsAFile;
import io.github.netconn.testkit.BrokenScenarioSiblings.DropsASession;
import io.github.netconn.testkit.BrokenScenarioSiblings.DropsTheUserFilter;
import io.github.netconn.testkit.BrokenScenarioSiblings.FiltersTheSessionsItself;
import io.github.netconn.testkit.BrokenScenarioSiblings.IgnoresThePageSizeForFiles;
import io.github.netconn.testkit.BrokenScenarioSiblings.IgnoresThePageSizeForSessions;
import io.github.netconn.testkit.BrokenScenarioSiblings.IgnoresTheTimeoutForFiles;
import io.github.netconn.testkit.BrokenScenarioSiblings.IgnoresTheTimeoutForSessions;
import io.github.netconn.testkit.BrokenScenarioSiblings.LeaksAHandleForFiles;
import io.github.netconn.testkit.BrokenScenarioSiblings.LeaksAHandleForSessions;
import io.github.netconn.testkit.BrokenScenarioSiblings.LeavesAThreadBehindForFiles;
import io.github.netconn.testkit.BrokenScenarioSiblings.LeavesAThreadBehindForSessions;
import io.github.netconn.testkit.BrokenScenarioSiblings.LogsOnForEveryFilesCall;
import io.github.netconn.testkit.BrokenScenarioSiblings.LogsOnForEverySessionsCall;
import io.github.netconn.testkit.BrokenScenarioSiblings.LogsOnOncePerPortForFiles;
import io.github.netconn.testkit.BrokenScenarioSiblings.LogsOnOncePerPortForSessions;
import io.github.netconn.testkit.BrokenScenarioSiblings.LoopsOnAStuckFileHandle;
import io.github.netconn.testkit.BrokenScenarioSiblings.LoopsOnAStuckSessionHandle;
import io.github.netconn.testkit.BrokenScenarioSiblings.MapsFileFailuresWrongly;
import io.github.netconn.testkit.BrokenScenarioSiblings.MapsSessionFailuresWrongly;
import io.github.netconn.testkit.BrokenScenarioSiblings.MasksThePermissions;
import io.github.netconn.testkit.BrokenScenarioSiblings.NullFileStringsAsText;
import io.github.netconn.testkit.BrokenScenarioSiblings.NullSessionStringsAsText;
import io.github.netconn.testkit.BrokenScenarioSiblings.RejectsANullFileArray;
import io.github.netconn.testkit.BrokenScenarioSiblings.RejectsANullSessionArray;
import io.github.netconn.testkit.BrokenScenarioSiblings.SendsTheClientWithoutBackslashes;
import io.github.netconn.testkit.BrokenScenarioSiblings.SharesFileStateBetweenThreads;
import io.github.netconn.testkit.BrokenScenarioSiblings.SharesSessionStateBetweenThreads;
import io.github.netconn.testkit.BrokenScenarioSiblings.ShowsThePasswordForFiles;
import io.github.netconn.testkit.BrokenScenarioSiblings.ShowsThePasswordForSessions;
import io.github.netconn.testkit.BrokenScenarioSiblings.SignedFileDwords;
import io.github.netconn.testkit.BrokenScenarioSiblings.SignedSessionDwords;
import io.github.netconn.testkit.BrokenScenarioSiblings.SortsFiles;
import io.github.netconn.testkit.BrokenScenarioSiblings.SortsSessions;
import io.github.netconn.testkit.BrokenScenarioSiblings.SwapsTheFileFilters;
import io.github.netconn.testkit.BrokenScenarioSiblings.TakesNotFoundForNoFiles;
import io.github.netconn.testkit.BrokenScenarioSiblings.TakesNotFoundForNoSessions;
import io.github.netconn.testkit.BrokenScenarioSiblings.ThrowsRawRuntimeExceptionForFiles;
import io.github.netconn.testkit.BrokenScenarioSiblings.ThrowsRawRuntimeExceptionForSessions;
import io.github.netconn.testkit.BrokenScenarioSiblings.TrustsTheLastFileHandle;
import io.github.netconn.testkit.BrokenScenarioSiblings.TrustsTheLastSessionHandle;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The testkit tests the scenario rules of the sessions and open-files ports
 * ({@link SessionContract}, {@link FileContract}) as {@link BrokenAdaptersTest} tests the
 * connections': each deliberately wrong adapter of {@link BrokenScenarioSiblings} must fail the
 * rule its defect breaks, saying what went wrong, and every rule is broken by at least one. The
 * references pass them all ({@link ReferenceSessionContractTest}, {@link ReferenceFileContractTest}).
 */
class BrokenScenarioSiblingsTest {

    static Stream<Arguments> defects() {
        return Stream.of(
                Arguments.of(CutsLongSessionFilters.class, "s01_filtersReachTheServer", "NERR_ClientNameNotFound"),
                Arguments.of(DropsTheUserFilter.class, "s01_filtersReachTheServer",
                        "every client, user alice, LEVEL_1 ==> expected"),
                Arguments.of(SendsTheClientWithoutBackslashes.class, "s01_filtersReachTheServer",
                        "ERROR_INVALID_PARAMETER"),
                Arguments.of(BackslashesTheServerTwiceForSessions.class, "s02_backslashedServerNameIsTheSameHost",
                        "server name contains the character U+005C"),
                Arguments.of(AsksLevel1ForMore.class, "s03_everyLevelGivesItsRecords",
                        "every client, every user, LEVEL_2 ==> expected"),
                Arguments.of(DropsASession.class, "s03_everyLevelGivesItsRecords",
                        "every client, every user, LEVEL_0 ==> expected"),
                Arguments.of(IgnoresThePageSizeForSessions.class, "s04_pageSizeReachesTheServer",
                        "first page with a page size of 1 bytes"),
                Arguments.of(SignedSessionDwords.class, "s05_fieldsRoundTripExactly",
                        "must be an unsigned 32-bit value (0 to 4294967295), not -1"),
                Arguments.of(NullSessionStringsAsText.class, "s05_fieldsRoundTripExactly", "Optional[null]"),
                Arguments.of(BmpOnlySessionStrings.class, "s05_fieldsRoundTripExactly", "LEVEL_0 ==> expected: <["),
                Arguments.of(SortsSessions.class, "s06_entriesComeInServerOrder",
                        "expected: <[WS7, AB, ZZ, WS1, AB, M]> but was: <[AB, AB, M, WS1, WS7, ZZ]>"),
                Arguments.of(DropsASession.class, "s07_pagesUnionToFullResult",
                        "one-shot result of every client, every user, LEVEL_1"),
                Arguments.of(LoopsOnAStuckSessionHandle.class, "s07_noProgressEndsInAProtocolError", "did not end"),
                Arguments.of(RejectsANullSessionArray.class, "s08_serverQuirksGiveTheSameResult",
                        "a NULL buffer where the sessions should be"),
                Arguments.of(TrustsTheLastSessionHandle.class, "s08_serverQuirksGiveTheSameResult",
                        "paging made no progress"),
                Arguments.of(FiltersTheSessionsItself.class, "s08_serverQuirksGiveTheSameResult",
                        "client \\\\WS0003, every user, LEVEL_1, PageSize[300 bytes] with Samba's quirks"),
                Arguments.of(ThrowsRawRuntimeExceptionForSessions.class, "s09_statusesKeepTheirCodeAndKind",
                        "expected NetApiStatusException 5 for every client, every user, LEVEL_1, got "
                                + "java.lang.IllegalStateException"),
                Arguments.of(TakesNotFoundForNoSessions.class, "s09_statusesKeepTheirCodeAndKind",
                        "expected NetApiStatusException 2312 for client \\\\NOSUCH, every user, LEVEL_1, got a result"),
                Arguments.of(MapsSessionFailuresWrongly.class, "s09_wrongPasswordIsAnAuthenticationFailure",
                        "expected AuthenticationException, got io.github.netconn.api.NetApiStatusException"),
                Arguments.of(MapsSessionFailuresWrongly.class, "s09_unreachableHostIsHostUnreachable",
                        "expected HostUnreachableException, got io.github.netconn.api.ProtocolViolationException"),
                Arguments.of(IgnoresTheTimeoutForSessions.class, "s09_slowServerTimesOut",
                        "expected NetConnTimeoutException, got a result"),
                Arguments.of(LeaksAHandleForSessions.class, "s10_failuresLeakNothingAndLeaveTheEnumeratorUsable",
                        "handles held after the calls"),
                Arguments.of(LeavesAThreadBehindForSessions.class, "s10_failuresLeakNothingAndLeaveTheEnumeratorUsable",
                        "threads left behind after close: [broken-keepalive]"),
                Arguments.of(ShowsThePasswordForSessions.class, "s11_secretsNeverShown", "a password shows in"),
                Arguments.of(SharesSessionStateBetweenThreads.class, "s12_concurrentCallsGetCorrectAnswers",
                        "a concurrent call went wrong"),
                Arguments.of(LogsOnForEverySessionsCall.class, "s12_repeatedCallsReuseTheSession",
                        "logons for five calls"),
                Arguments.of(LogsOnOncePerPortForSessions.class, "s12_repeatedCallsReuseTheSession",
                        "one call of each port it implements [connections, sessions, files] ==> expected: <"),
                Arguments.of(DropsASession.class, "s13_agreesWithTheReference", "entries: "),
                Arguments.of(CutsLongFileFilters.class, "f01_filtersReachTheServer", "1,023-character filters"),
                Arguments.of(SwapsTheFileFilters.class, "f01_filtersReachTheServer",
                        "base path C:\\data\\dir1, every user, LEVEL_3 ==> expected"),
                Arguments.of(BackslashesTheServerTwiceForFiles.class, "f02_backslashedServerNameIsTheSameHost",
                        "server name contains the character U+005C"),
                Arguments.of(AsksLevel3ForLevel2.class, "f03_levelsGiveIdsOrEverything",
                        "expected NetApiStatusException 124 for every path, every user, LEVEL_2, got a result"),
                Arguments.of(DropsAFile.class, "f03_levelsGiveIdsOrEverything",
                        "every path, every user, LEVEL_2 ==> expected"),
                Arguments.of(IgnoresThePageSizeForFiles.class, "f04_pageSizeReachesTheServer",
                        "first page with a page size of 1 bytes"),
                Arguments.of(SignedFileDwords.class, "f05_fieldsRoundTripExactly",
                        "id must be an unsigned 32-bit value (0 to 4294967295), not -1"),
                Arguments.of(MasksThePermissions.class, "f05_fieldsRoundTripExactly",
                        "but was: <[Level3[id=4294967295, permissions=READ|WRITE|CREATE (0x00000007)"),
                Arguments.of(NullFileStringsAsText.class, "f05_fieldsRoundTripExactly", "Optional[null]"),
                Arguments.of(BmpOnlyFileStrings.class, "f05_fieldsRoundTripExactly",
                        "pathName=Optional[C:\\?? \u00E9\u4E2D]"),
                Arguments.of(SortsFiles.class, "f06_entriesComeInServerOrder",
                        "expected: <[42, 7, 4294967295, 0, 99, 7, 13]> but was: <[0, 13, 4294967295, 42, 7, 7, 99]>"),
                Arguments.of(DropsAFile.class, "f07_pagesUnionToFullResult",
                        "one-shot result of every path, every user, LEVEL_3"),
                Arguments.of(LoopsOnAStuckFileHandle.class, "f07_noProgressEndsInAProtocolError", "did not end"),
                Arguments.of(TrustsTheLastFileHandle.class, "f08_serverQuirksGiveTheSameResult",
                        "paging made no progress"),
                Arguments.of(RejectsANullFileArray.class, "f08_serverQuirksGiveTheSameResult",
                        "a NULL buffer where the files should be"),
                Arguments.of(ThrowsRawRuntimeExceptionForFiles.class, "f09_statusesKeepTheirCodeAndKind",
                        "expected NetApiStatusException 5 for every path, every user, LEVEL_3, got "
                                + "java.lang.IllegalStateException"),
                Arguments.of(TakesNotFoundForNoFiles.class, "f09_statusesKeepTheirCodeAndKind",
                        "expected NetApiStatusException 2221 for every path, every user, LEVEL_3, got a result"),
                Arguments.of(MapsFileFailuresWrongly.class, "f09_wrongPasswordIsAnAuthenticationFailure",
                        "expected AuthenticationException, got io.github.netconn.api.NetApiStatusException"),
                Arguments.of(MapsFileFailuresWrongly.class, "f09_unreachableHostIsHostUnreachable",
                        "expected HostUnreachableException, got io.github.netconn.api.ProtocolViolationException"),
                Arguments.of(IgnoresTheTimeoutForFiles.class, "f09_slowServerTimesOut",
                        "expected NetConnTimeoutException, got a result"),
                Arguments.of(LeaksAHandleForFiles.class, "f10_failuresLeakNothingAndLeaveTheEnumeratorUsable",
                        "handles held after the calls"),
                Arguments.of(LeavesAThreadBehindForFiles.class, "f10_failuresLeakNothingAndLeaveTheEnumeratorUsable",
                        "threads left behind after close: [broken-keepalive]"),
                Arguments.of(ShowsThePasswordForFiles.class, "f11_secretsNeverShown", "a password shows in"),
                Arguments.of(SharesFileStateBetweenThreads.class, "f12_concurrentCallsGetCorrectAnswers",
                        "a concurrent call went wrong"),
                Arguments.of(LogsOnForEveryFilesCall.class, "f12_repeatedCallsReuseTheSession",
                        "logons for five calls"),
                Arguments.of(LogsOnOncePerPortForFiles.class, "f12_repeatedCallsReuseTheSession",
                        "one call of each port it implements [connections, sessions, files] ==> expected: <"),
                Arguments.of(DropsAFile.class, "f13_agreesWithTheReference", "entries: ")
        );
    }

    /** Every rule of both parts is broken by at least one defect. */
    @Test
    void everyRuleIsBrokenByADefect() {
        Set<String> broken = defects().map(arguments -> (String) arguments.get()[1]).collect(Collectors.toSet());
        List<String> unbroken = Stream.of(SessionContract.class, FileContract.class)
                .flatMap(part -> Arrays.stream(part.getDeclaredMethods()))
                .filter(method -> method.isAnnotationPresent(Test.class)).map(Method::getName)
                .filter(rule -> !broken.contains(rule)).sorted().toList();
        assertEquals(List.of(), unbroken, "rules no defect breaks");
    }

    @ParameterizedTest(name = "{0} fails {1}")
    @MethodSource("defects")
    void eachDefectFailsItsRuleReadably(Class<?> adapter, String rule, String message) {
        BrokenAdaptersTest.assertFailsReadably(adapter, rule, message);
    }
}
