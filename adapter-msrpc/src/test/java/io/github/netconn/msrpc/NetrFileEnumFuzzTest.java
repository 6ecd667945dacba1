package io.github.netconn.msrpc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the NetrFileEnum reply decoder with Jazzer: every stub ends in an
 * {@link EnumReply} or a {@code ProtocolViolationException}, within bounds ({@link ReplyFuzzing}).
 *
 * <p>{@code mvn verify} runs {@link #reply} once per seed in {@code
 * src/test/resources/io/github/netconn/msrpc/NetrFileEnumFuzzTestInputs/reply}: the golden reply
 * vectors (in {@code golden/}, written from {@code vectors/files/reply-*.ndr} by {@link
 * #goldenSeedsAreTheGoldenReplyVectors}) and any finding kept as a regression input. Fuzzing for
 * longer: as for {@link NetrConnectionEnumFuzzTest}, with {@code -Dtest=NetrFileEnumFuzzTest}.
 */
class NetrFileEnumFuzzTest {

    private static final Path GOLDEN_SEEDS = Path.of("src/test/resources/io/github/netconn/msrpc",
            "NetrFileEnumFuzzTestInputs", "reply", "golden");

    @FuzzTest(maxDuration = "2m")
    @Timeout(10) // as in NetrConnectionEnumFuzzTest
    void reply(byte[] stub) {
        ReplyFuzzing.check(EnumCall.FILES, stub);
    }

    @Test
    void goldenSeedsAreTheGoldenReplyVectors() throws Exception {
        ReplyFuzzing.assertGoldenSeeds(EnumCall.FILES, GOLDEN_SEEDS);
    }

    /** The allocation bound holds for many entries too, beyond the allowance of a small stub. */
    @Test
    void manyEntriesStayWithinTheAllocationBound() {
        ReplyFuzzing.checkDenseReplies(EnumCall.FILES, 10_000);
    }
}
