package io.github.netconn.benchmarks;

import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.msrpc.MsrpcConnectionEnumerator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One cold and one warm call, separated in time so that a packet capture can be cut
 * into windows (benchmarks/compare.sh counts the SMB2 requests of each). Prints one line
 * per window: {@code window NAME FROM_US TO_US entries=N pages=P}, times in microseconds
 * since the epoch (the clock of pcap timestamps). The call is {@code --call connections}
 * (the default), {@code sessions} or {@code files}, as {@link Fixtures#call} makes them.
 * <ul>
 * <li>{@code cold}: a new enumerator, the call, {@code close()}, and 400 ms for anything
 * sent after {@code close()} returns: the first call in this JVM, as a one-shot program
 * (the CLI) makes it;</li>
 * <li>{@code cold-warmed}: the same after {@value #WARMING} cold calls, in a JVM whose JIT has
 * compiled the path, as the JMH cold figure measures it;</li>
 * <li>{@code warm}: on a second enumerator that made one call already, a second call;</li>
 * <li>{@code warm-paged} (with {@code --page-bytes N}): the same enumerator, all entries
 * in pages of N bytes.</li>
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.netconn.benchmarks.Probe 127.0.0.1:PORT [--page-bytes N]
 *     [--library SMBJ|JCIFS] [--encryption IF_SERVER_REQUIRES|OFF] [--call connections|sessions|files]
 * </pre>
 * The SMB layer and the encryption default to the adapter's (smbj, IF_SERVER_REQUIRES).
 */
public final class Probe {

    private static final long QUIET_MS = 400;
    private static final int WARMING = 30;

    private Probe() {
    }

    public static void main(String[] args) throws NetConnException, InterruptedException {
        if (args.length % 2 != 1) {
            usage();
        }
        String call = "connections";
        long pageBytes = 0;
        MsrpcConnectionEnumerator.SmbLibrary library = MsrpcConnectionEnumerator.SmbLibrary.SMBJ;
        MsrpcConnectionEnumerator.Encryption encryption = MsrpcConnectionEnumerator.Encryption.IF_SERVER_REQUIRES;
        for (int i = 1; i < args.length; i += 2) {
            switch (args[i]) {
                case "--page-bytes" -> pageBytes = Long.parseLong(args[i + 1]);
                case "--library" -> library = MsrpcConnectionEnumerator.SmbLibrary.valueOf(args[i + 1]);
                case "--encryption" -> encryption = MsrpcConnectionEnumerator.Encryption.valueOf(args[i + 1]);
                case "--call" -> call = args[i + 1];
                default -> usage();
            }
        }
        if (!Fixtures.CALLS.contains(call)) {
            usage();
        }
        Fixtures.Call enumeration = Fixtures.call(call, args[0]);
        MsrpcConnectionEnumerator.SmbLibrary lib = library;
        MsrpcConnectionEnumerator.Encryption enc = encryption;
        java.util.function.Supplier<MsrpcConnectionEnumerator> enumerators = () -> Fixtures.enumerator(lib, enc);

        long from = now();
        List<?> cold;
        try (MsrpcConnectionEnumerator enumerator = enumerators.get()) {
            cold = enumeration.all().of(enumerator);
        }
        long took = now() - from; // the first call of the library in this fresh JVM, close included
        Thread.sleep(QUIET_MS);
        window("cold", from, cold.size(), 1, took);

        for (int i = 0; i < WARMING; i++) {
            try (MsrpcConnectionEnumerator enumerator = enumerators.get()) {
                enumeration.all().of(enumerator);
            }
        }
        Thread.sleep(QUIET_MS);
        from = now();
        try (MsrpcConnectionEnumerator enumerator = enumerators.get()) {
            cold = enumeration.all().of(enumerator);
        }
        Thread.sleep(QUIET_MS);
        window("cold-warmed", from, cold.size(), 1);

        try (MsrpcConnectionEnumerator enumerator = enumerators.get()) {
            enumeration.all().of(enumerator);
            Thread.sleep(QUIET_MS);
            from = now();
            List<?> warm = enumeration.all().of(enumerator);
            Thread.sleep(QUIET_MS);
            window("warm", from, warm.size(), 1);
            if (pageBytes > 0) {
                from = now();
                int entries = 0;
                int pages = 0;
                ResumeHandle resume = ResumeHandle.START;
                Page<?> page;
                do {
                    page = enumeration.page().of(enumerator, PageSize.ofBytes(pageBytes), resume);
                    entries += page.entries().size();
                    pages++;
                    resume = page.resumeHandle();
                } while (page.moreData());
                Thread.sleep(QUIET_MS);
                window("warm-paged", from, entries, pages);
            }
        }
    }

    private static void usage() {
        System.err.println("usage: Probe HOST:PORT [--page-bytes N] [--library SMBJ|JCIFS]"
                + " [--encryption IF_SERVER_REQUIRES|OFF] [--call connections|sessions|files]");
        System.exit(2);
    }

    private static long now() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /** The window from {@code from} until now, which is {@link #QUIET_MS} after the last packet the call caused. */
    private static void window(String name, long from, int entries, int pages) {
        System.out.printf("window %s %d %d entries=%d pages=%d%n", name, from - 1000, now(), entries, pages);
    }

    /** As {@link #window(String, long, int, int)}, with how long the call took, in microseconds. */
    private static void window(String name, long from, int entries, int pages, long tookMicros) {
        System.out.printf("window %s %d %d entries=%d pages=%d took=%d%n", name, from - 1000, now(), entries, pages,
                tookMicros);
    }
}
