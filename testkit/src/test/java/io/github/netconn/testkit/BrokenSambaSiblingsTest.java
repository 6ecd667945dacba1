package io.github.netconn.testkit;

import io.github.netconn.testkit.BrokenSambaSiblings.ActiveTimeFromTheIdleTime;
import io.github.netconn.testkit.BrokenSambaSiblings.CutsThePath;
import io.github.netconn.testkit.BrokenSambaSiblings.DropsAFile;
import io.github.netconn.testkit.BrokenSambaSiblings.DropsASession;
import io.github.netconn.testkit.BrokenSambaSiblings.DropsTheFlags;
import io.github.netconn.testkit.BrokenSambaSiblings.FiltersByBasePathItself;
import io.github.netconn.testkit.BrokenSambaSiblings.FiltersSessionsItself;
import io.github.netconn.testkit.BrokenSambaSiblings.IgnoresTheResumeHandle;
import io.github.netconn.testkit.BrokenSambaSiblings.LogsOnForEveryFilesCall;
import io.github.netconn.testkit.BrokenSambaSiblings.LogsOnForEverySessionsCall;
import io.github.netconn.testkit.BrokenSambaSiblings.LosesTheHandleBack;
import io.github.netconn.testkit.BrokenSambaSiblings.LosesTheLockCount;
import io.github.netconn.testkit.BrokenSambaSiblings.OpenCountFromTheIdleTime;
import io.github.netconn.testkit.BrokenSambaSiblings.SendsNoUserFilter;
import io.github.netconn.testkit.BrokenSambaSiblings.ShortIds;
import io.github.netconn.testkit.BrokenSambaSiblings.ThrowsRawRuntimeExceptionForFiles;
import io.github.netconn.testkit.BrokenSambaSiblings.ThrowsRawRuntimeExceptionForSessions;
import io.github.netconn.testkit.BrokenSambaSiblings.TrustsTheHandleBack;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The testkit tests the Samba rules of the sessions and open-files ports
 * ({@link SambaSessionContract}, {@link SambaFileContract}) as {@link BrokenAdaptersTest} tests
 * the others: each deliberately wrong adapter of {@link BrokenSambaSiblings} must fail the rule
 * its defect breaks, saying what went wrong, and every rule is broken by at least one. The
 * reference passes them all ({@link ReferenceSambaSessionContractTest},
 * {@link ReferenceSambaFileContractTest}).
 */
class BrokenSambaSiblingsTest {

    static Stream<Arguments> defects() {
        return Stream.of(
                Arguments.of(DropsASession.class, "s05_samba_level1GivesEachHeldSession", "sessions at level 1"),
                Arguments.of(DropsASession.class, "s05_samba_level0GivesTheClientNames",
                        "two held sessions and the enumerator's own"),
                Arguments.of(DropsASession.class, "s05_samba_guestSessionIsFlagged", "sessions at level 1"),
                Arguments.of(DropsASession.class, "s07_samba_pageSizeIgnoredAndResumeHandleHonoured",
                        "a one-byte page"),
                Arguments.of(DropsASession.class, "s07_samba_manySessionsInSeveralFragments",
                        "60 held sessions and the enumerator's own"),
                Arguments.of(FiltersSessionsItself.class, "s01_samba_clientFilterIgnored",
                        "sessions of client NOSUCHCLIENT"),
                Arguments.of(FiltersSessionsItself.class, "s01_samba_userFilterIgnored", "sessions of user netuser"),
                Arguments.of(OpenCountFromTheIdleTime.class, "s05_samba_level1GivesEachHeldSession",
                        "sessions at level 1"),
                Arguments.of(ActiveTimeFromTheIdleTime.class, "s05_samba_level1GivesEachHeldSession",
                        "s active"),
                Arguments.of(DropsTheFlags.class, "s05_samba_guestSessionIsFlagged", "nobody opens 0 idle 0 flags 1"),
                Arguments.of(IgnoresTheResumeHandle.class, "s07_samba_pageSizeIgnoredAndResumeHandleHonoured",
                        "from handle 1"),
                Arguments.of(TrustsTheHandleBack.class, "s07_samba_pageSizeIgnoredAndResumeHandleHonoured",
                        "Samba never answers ERROR_MORE_DATA"),
                Arguments.of(ThrowsRawRuntimeExceptionForSessions.class, "s03_samba_level2Refused",
                        "expected NetApiStatusException 124 for level 2, got java.lang.IllegalStateException"),
                Arguments.of(ThrowsRawRuntimeExceptionForSessions.class, "s03_samba_level10Refused",
                        "expected NetApiStatusException 124 for level 10, got java.lang.IllegalStateException"),
                Arguments.of(ThrowsRawRuntimeExceptionForSessions.class, "s03_samba_level502Refused",
                        "expected NetApiStatusException 124 for level 502, got java.lang.IllegalStateException"),
                Arguments.of(ThrowsRawRuntimeExceptionForSessions.class, "s09_samba_plainAccountDenied",
                        "expected NetApiStatusException 5 for level 0 as netuser, got java.lang.IllegalStateException"),
                Arguments.of(LogsOnForEverySessionsCall.class, "s12_samba_oneSessionReusedAndReleasedOnClose",
                        "sessions after five calls"),

                Arguments.of(DropsAFile.class, "f05_samba_level3GivesEachHeldFile", "open files at level 3"),
                Arguments.of(DropsAFile.class, "f05_samba_locksAreCountedPerFile", "open files at level 3"),
                Arguments.of(DropsAFile.class, "f01_samba_userFilterHonoured", "every open file, unfiltered"),
                Arguments.of(DropsAFile.class, "f01_samba_basePathIgnored", "every open file"),
                Arguments.of(DropsAFile.class, "f07_samba_resumeHandleAndPageSizeIgnored", "a one-byte page"),
                Arguments.of(DropsAFile.class, "f07_samba_manyFilesInSeveralFragments", "120 open files"),
                Arguments.of(SendsNoUserFilter.class, "f01_samba_userFilterHonoured", "files of netuser"),
                Arguments.of(FiltersByBasePathItself.class, "f01_samba_basePathIgnored", "files under C:\\srv\\public"),
                Arguments.of(LosesTheLockCount.class, "f05_samba_level3GivesEachHeldFile", "netadmin perms 3 locks 2"),
                Arguments.of(LosesTheLockCount.class, "f05_samba_locksAreCountedPerFile", "netuser perms 1 locks 3"),
                Arguments.of(CutsThePath.class, "f05_samba_level3GivesEachHeldFile", "C:\\srv\\data\\readme.tx "),
                Arguments.of(ShortIds.class, "f05_samba_level3GivesEachHeldFile", "processes of two connections"),
                Arguments.of(ShortIds.class, "f07_samba_manyFilesInSeveralFragments", "distinct ids"),
                Arguments.of(LosesTheHandleBack.class, "f07_samba_resumeHandleAndPageSizeIgnored",
                        "the handle back: the one sent"),
                Arguments.of(ThrowsRawRuntimeExceptionForFiles.class, "f03_samba_level2Refused",
                        "expected NetApiStatusException 124 for level 2, got java.lang.IllegalStateException"),
                Arguments.of(ThrowsRawRuntimeExceptionForFiles.class, "f09_samba_plainAccountDenied",
                        "expected NetApiStatusException 5 for level 3 as netuser, got java.lang.IllegalStateException"),
                Arguments.of(LogsOnForEveryFilesCall.class, "f12_samba_oneSessionReusedAndReleasedOnClose",
                        "sessions after five calls"));
    }

    @ParameterizedTest(name = "{0} fails {1}")
    @MethodSource("defects")
    void eachDefectFailsItsRuleReadably(Class<?> adapter, String rule, String message) {
        BrokenAdaptersTest.assertFailsReadably(adapter, rule, message);
    }
}
