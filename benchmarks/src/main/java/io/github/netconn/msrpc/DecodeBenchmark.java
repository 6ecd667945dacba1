package io.github.netconn.msrpc;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.benchmarks.SyntheticReply;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding of level-1 reply stubs by adapter-msrpc's {@code NetrConnectionEnum.reply}
 * (package-private, hence this package), from synthetic NDR made in the set-up. One
 * operation is one entry ({@link OperationsPerInvocation}), so the score is entries per
 * second and, with {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes allocated per entry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
public class DecodeBenchmark {

    private byte[] stub10k;
    private byte[] stub100k;

    @Setup
    public void encode() throws ProtocolViolationException {
        stub10k = checked(10_000);
        stub100k = checked(100_000);
    }

    /** A stub that the decoder takes, with the entries it was made of: a benchmark of a failure would mean nothing. */
    private static byte[] checked(int count) throws ProtocolViolationException {
        byte[] stub = SyntheticReply.level1(count);
        EnumReply<ConnectionInfo> reply = NetrConnectionEnum.reply(stub, 0, stub.length);
        ConnectionInfo.Level1 last = (ConnectionInfo.Level1) reply.entries().get(count - 1);
        SyntheticReply.Entry expected = SyntheticReply.entries(count).get(count - 1);
        if (reply.entries().size() != count || reply.status() != 0 || last.id() != expected.id()
                || !last.userName().equals(Optional.of(expected.userName()))
                || !last.netName().equals(Optional.of(expected.netName()))) {
            throw new IllegalStateException("the synthetic stub of " + count + " entries decodes wrongly: " + last);
        }
        return stub;
    }

    @Benchmark
    @OperationsPerInvocation(10_000)
    public List<ConnectionInfo> level1Entries10k() throws ProtocolViolationException {
        return NetrConnectionEnum.reply(stub10k, 0, stub10k.length).entries();
    }

    @Benchmark
    @OperationsPerInvocation(100_000)
    public List<ConnectionInfo> level1Entries100k() throws ProtocolViolationException {
        return NetrConnectionEnum.reply(stub100k, 0, stub100k.length).entries();
    }
}
