package io.github.netconn.msrpc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ProtocolViolationException;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.UncheckedNetConnException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the paging loop with Jazzer: a server's answers to one
 * enumeration, page after page, as {@code enumerateAll} and a {@code stream} take them, with the
 * adapter's {@link CallBudget} counting every page. An input is a run of pages, seven bytes each:
 * flags (bit 0: ERROR_MORE_DATA), the number of entries (u16, little-endian) and the resume
 * handle (u32); once the input is spent, the server goes on with its last page and a fresh
 * resume handle every time, for ever — the most hostile way to go on. Every run ends in the
 * entries or a {@link ProtocolViolationException} after a bounded number of pages; anything else
 * (a runtime exception, an OutOfMemoryError, a hang) is a finding.
 *
 * <p>{@code mvn verify} runs {@link #pages} once per seed in {@code
 * src/test/resources/io/github/netconn/msrpc/PagingFuzzTestInputs/pages}. Fuzzing for longer: as
 * for {@link NetrConnectionEnumFuzzTest}, with {@code -Dtest=PagingFuzzTest}.
 */
class PagingFuzzTest {

    private static final long MAX_ENTRIES = 2_000;
    private static final int MAX_ENTRIES_PER_PAGE = 512;
    /** Pages with entries before the limit, times the empty pages allowed between them, with room. */
    private static final int MAX_PAGES = (int) (MAX_ENTRIES + 1) * 17 + 17;
    private static final ConnectionQuery<?> QUERY = ConnectionQuery.on("fuzz", Qualifier.of("DATA"), ConnectionLevel.LEVEL_0);

    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    void pages(byte[] input) {
        for (boolean stream : new boolean[] {false, true}) {
            Server server = new Server(input);
            try {
                List<? extends ConnectionInfo> all = stream ? server.stream(QUERY, PageSize.ALL).toList()
                        : server.enumerateAll(QUERY, PageSize.ALL);
                assertTrue(all.size() <= MAX_ENTRIES, () -> all.size() + " entries past the limit");
            } catch (UncheckedNetConnException e) {
                assertTrue(stream && e.getCause() instanceof ProtocolViolationException, e::toString);
            } catch (ProtocolViolationException e) {
                assertTrue(!stream, e::toString);
            } catch (NetConnException e) {
                throw new AssertionError("only a protocol violation may end the paging: " + e, e);
            }
            assertTrue(server.calls <= MAX_PAGES, () -> server.calls + " pages asked for");
        }
    }

    /** The server the input describes, with the adapter's budget counting what it answers. */
    private static final class Server implements ConnectionEnumerator {
        private final ByteBuffer input;
        private final CallBudget budget = new CallBudget(Duration.ofMinutes(1), MAX_ENTRIES, Long.MAX_VALUE);
        private int flags;
        private int entries;
        private long resume;
        private int calls;

        Server(byte[] bytes) {
            input = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query, PageSize pageSize,
                ResumeHandle handle)
                throws ProtocolViolationException {
            calls++;
            if (input.remaining() >= 7) {
                flags = input.get();
                entries = Math.min(input.getShort() & 0xFFFF, MAX_ENTRIES_PER_PAGE);
                resume = input.getInt() & 0xFFFF_FFFFL;
            } else {
                resume = (resume + 1) & 0xFFFF_FFFFL; // the input is spent: the last page again, a fresh handle
            }
            List<ConnectionInfo> page = new ArrayList<>(Collections.nCopies(entries, new ConnectionInfo.Level0(calls)));
            budget.count(page.size(), 4 * page.size(), "fuzz");
            return new Page<ConnectionInfo>(page, page.size(), new ResumeHandle(resume),
                    (flags & 1) != 0).as(query.level());
        }

        @Override
        public void close() {
        }
    }
}
