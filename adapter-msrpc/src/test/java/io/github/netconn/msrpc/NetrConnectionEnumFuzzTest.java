package io.github.netconn.msrpc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the NetrConnectionEnum reply decoder with Jazzer: every stub ends in
 * an {@link EnumReply} or a {@code ProtocolViolationException}, within bounds ({@link ReplyFuzzing}).
 *
 * <p>{@code mvn verify} runs {@link #reply} once per seed in {@code
 * src/test/resources/io/github/netconn/msrpc/NetrConnectionEnumFuzzTestInputs/reply}: the golden
 * reply vectors (in {@code golden/}, written from {@code vectors/reply-*.ndr} by {@link
 * #goldenSeedsAreTheGoldenReplyVectors}) and any finding kept as a regression input. Fuzzing for
 * longer is {@code JAZZER_FUZZ=1 mvn -pl adapter-msrpc -am verify -Dtest=NetrConnectionEnumFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=10m -DargLine=-Xmx256m}
 * (see Fuzzing in docs/testing.md).
 */
class NetrConnectionEnumFuzzTest {

    /** Where the golden seeds live in the source tree, below the directory Jazzer reads. */
    static final Path GOLDEN_SEEDS = Path.of("src/test/resources/io/github/netconn/msrpc",
            "NetrConnectionEnumFuzzTestInputs", "reply", "golden");

    @FuzzTest(maxDuration = "2m")
    @Timeout(10) // per seed; when fuzzing, per input (libFuzzer -timeout), and the fuzz profile keeps JUnit off the whole run
    void reply(byte[] stub) {
        ReplyFuzzing.check(EnumCall.CONNECTIONS, stub);
    }

    @Test
    void goldenSeedsAreTheGoldenReplyVectors() throws Exception {
        ReplyFuzzing.assertGoldenSeeds(EnumCall.CONNECTIONS, GOLDEN_SEEDS);
    }

    /** The allocation bound holds for many entries too, beyond the allowance of a small stub. */
    @Test
    void manyEntriesStayWithinTheAllocationBound() {
        ReplyFuzzing.checkDenseReplies(EnumCall.CONNECTIONS, 10_000);
    }
}
