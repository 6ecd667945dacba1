package io.github.netconn.benchmarks;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.PageSize;
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
 * All of {@link #entries} connections from the scripted server, which honours the page size
 * as Windows does, on a reused enumerator: in pages of {@link #pageBytes} bytes (4,096: 60
 * entries a page by the server's cost rule, 167 calls, each reply two 4,280-byte fragments),
 * or {@code all} in one reply (226 fragments). Each whole enumeration is one operation. The
 * scripted server is Python and re-reads its 10,000-connection scenario on every call: its
 * own time per page (about 70 ms, seen in a capture) is most of the figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class PagingBenchmark {

    @Param("10000")
    public int entries;

    @Param({"4096", "all"})
    public String pageBytes;

    private Target target;
    private ConnectionQuery<?> query;
    private PageSize pageSize;
    private MsrpcConnectionEnumerator reused;

    @Setup(Level.Trial)
    public void start() throws Exception {
        target = Target.scripted(entries, false);
        query = Fixtures.query(target.serverName());
        pageSize = pageBytes.equals("all") ? PageSize.ALL : PageSize.ofBytes(Long.parseLong(pageBytes));
        reused = Fixtures.enumerator();
        List<? extends ConnectionInfo> all = reused.enumerateAll(query, pageSize);
        if (all.size() != entries) {
            throw new IllegalStateException("the scripted server listed " + all.size() + " entries; expected " + entries);
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
    public List<ConnectionInfo> warm() throws NetConnException {
        return List.copyOf(reused.enumerateAll(query, pageSize));
    }
}
