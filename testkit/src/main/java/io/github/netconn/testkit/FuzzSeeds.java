package io.github.netconn.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A fuzz test's committed seed directory, generated rather than edited: it must hold exactly
 * the seeds a test computes, one file per seed. With {@code -D}{@value #WRITE_SEEDS}{@code =true}
 * the directory is rewritten from them first.
 */
public final class FuzzSeeds {

    /** The system property that rewrites seed directories. */
    public static final String WRITE_SEEDS = "netconn.fuzz.writeSeeds";

    private FuzzSeeds() {
    }

    /** Fails, naming the directory and how to rewrite it, unless {@code dir} holds exactly {@code expected}. */
    public static void assertCommitted(Path dir, Map<String, byte[]> expected, String what) throws IOException {
        if (Boolean.getBoolean(WRITE_SEEDS)) {
            Files.createDirectories(dir);
            for (Path old : list(dir)) {
                Files.delete(old);
            }
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                Files.write(dir.resolve(e.getKey()), e.getValue());
            }
        }
        Map<String, byte[]> actual = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            for (Path f : list(dir)) {
                actual.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        String hint = " in " + dir + "; run this test with -D" + WRITE_SEEDS + "=true to rewrite them";
        assertEquals(new TreeMap<>(expected).keySet(), actual.keySet(), what + hint);
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), actual.get(e.getKey()), "seed " + e.getKey() + " differs" + hint);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.collect(Collectors.toList());
        }
    }
}
