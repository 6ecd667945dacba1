package io.github.netconn.benchmarks;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
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
 * Enumerating many live connections on one real Samba: the trial opens {@link #connections}
 * real SMB connections to DATA (each its own TCP connection, NTLMv2 session, tree connect
 * and smbd process), then asks for all of them at level 1 in one reply (Samba ignores the
 * page size): 40 + 88·N stub bytes, 4,280-byte DCE/RPC fragments (500 connections: 44,040
 * bytes, 11 fragments).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ManyConnectionsBenchmark {

    @Param("500")
    public int connections;

    private Target target;
    private ConnectionQuery<?> query;
    private MsrpcConnectionEnumerator reused;

    @Setup(Level.Trial)
    public void start() throws Exception {
        long began = System.nanoTime();
        target = Target.samba(connections, false);
        System.out.printf("%n[setup] %d connections held on Samba in %.1f s%n", connections,
                (System.nanoTime() - began) / 1e9);
        query = Fixtures.query(target.serverName());
        reused = Fixtures.enumerator();
        List<? extends ConnectionInfo> entries = reused.enumerateAll(query);
        if (entries.size() != connections) {
            throw new IllegalStateException("Samba listed " + entries.size() + " connections to DATA; " + connections
                    + " are held");
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
    public List<ConnectionInfo> cold() throws NetConnException {
        try (MsrpcConnectionEnumerator enumerator = Fixtures.enumerator()) {
            return List.copyOf(enumerator.enumerateAll(query));
        }
    }

    @Benchmark
    public List<ConnectionInfo> warm() throws NetConnException {
        return List.copyOf(reused.enumerateAll(query));
    }
}
