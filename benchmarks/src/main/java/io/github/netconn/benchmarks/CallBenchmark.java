package io.github.netconn.benchmarks;

import io.github.netconn.api.NetConnException;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One srvsvc enumeration ({@link #call}): {@code NetrConnectionEnum} at level 1 on share DATA,
 * {@code NetrSessionEnum} at level 1 or {@code NetrFileEnum} at level 3, in a warmed-up JVM,
 * against the testkit's Samba (holding {@link Fixtures#SMALL} real connections to DATA, each a
 * session with a file open) and against the scripted server (a scenario of as many): every
 * call sampled, so the result has a median and percentiles.
 * <ul>
 * <li>{@link #cold}: a new enumerator per call, so a new TCP connection, SMB negotiate,
 * NTLMv2 session set-up, tree connect to IPC$, pipe open, DCE/RPC bind, the call, and
 * {@code close()} — what a one-shot program pays, minus JVM start-up.</li>
 * <li>{@link #warm}: one enumerator for the whole trial: its pooled, bound pipe is reused,
 * so a call is one request on an open pipe.</li>
 * </ul>
 * Both on each SMB layer ({@link #library}) and, as smbj encrypts every SMB 3.x session with
 * a server that can (Samba can), with encryption offered or off ({@link #encryption}; jcifs
 * never encrypts, so {@code OFF} and {@code IF_SERVER_REQUIRES} are the same calls there).
 * benchmarks/compare.sh runs SMBJ and JCIFS with IF_SERVER_REQUIRES, and SMBJ with OFF on Samba,
 * for connections; sessions and files on both layers with IF_SERVER_REQUIRES, in shorter trials.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CallBenchmark {

    @Param({"samba", "scripted"})
    public String server;

    /** {@code connections}, {@code sessions} or {@code files}: see {@link Fixtures#call}. */
    @Param({"connections", "sessions", "files"})
    public String call;

    @Param({"SMBJ", "JCIFS"})
    public MsrpcConnectionEnumerator.SmbLibrary library;

    @Param({"IF_SERVER_REQUIRES", "OFF"})
    public MsrpcConnectionEnumerator.Encryption encryption;

    private Target target;
    private Fixtures.Call enumeration;
    private MsrpcConnectionEnumerator reused;

    @Setup(Level.Trial)
    public void start() throws Exception {
        target = Target.of(server, Fixtures.SMALL);
        enumeration = Fixtures.call(call, target.serverName());
        reused = Fixtures.enumerator(library, encryption);
        int entries = enumeration.all().of(reused).size();
        // a running server holds what it was told to; Samba's sessions include the caller's own
        int expected = target.external() ? 1 : Fixtures.SMALL;
        boolean atLeast = target.external() || call.equals("sessions");
        if (atLeast ? entries < expected : entries != expected) {
            throw new IllegalStateException(server + " at " + target.serverName() + " answered " + entries + " "
                    + call + "; expected " + (atLeast ? "at least " : "") + expected);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (reused != null) {
            reused.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Benchmark
    public List<?> cold() throws NetConnException {
        try (MsrpcConnectionEnumerator enumerator = Fixtures.enumerator(library, encryption)) {
            return List.copyOf(enumeration.all().of(enumerator));
        }
    }

    @Benchmark
    public List<?> warm() throws NetConnException {
        return List.copyOf(enumeration.all().of(reused));
    }
}
