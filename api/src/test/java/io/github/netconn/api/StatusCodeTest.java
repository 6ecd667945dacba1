package io.github.netconn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** C9: the status table and the messages of the exception family. */
class StatusCodeTest {

    /** The codes a caller of NetConnectionEnum meets (its statuses and the RPC failures netapi32 reports), by name and value. */
    private static final Map<String, Long> NOTES = Map.ofEntries(
            Map.entry("NERR_Success", 0L), Map.entry("ERROR_ACCESS_DENIED", 5L),
            Map.entry("ERROR_NOT_ENOUGH_MEMORY", 8L), Map.entry("ERROR_BAD_NETPATH", 53L),
            Map.entry("ERROR_INVALID_PARAMETER", 87L), Map.entry("ERROR_INVALID_NAME", 123L),
            Map.entry("ERROR_INVALID_LEVEL", 124L), Map.entry("ERROR_MORE_DATA", 234L),
            Map.entry("NERR_BufTooSmall", 2123L), Map.entry("NERR_NetNameNotFound", 2310L),
            Map.entry("NERR_ClientNameNotFound", 2312L), Map.entry("RPC_S_SERVER_UNAVAILABLE", 1722L),
            Map.entry("RPC_S_PROCNUM_OUT_OF_RANGE", 1745L), Map.entry("RPC_X_BAD_STUB_DATA", 1783L));

    @Test
    void theTableCoversEveryCodeOfTheNotes() {
        NOTES.forEach((name, code) -> assertEquals(name, StatusCode.of(code).map(Enum::name).orElse(null)));
    }

    @Test
    void codesAreUniqueAndMessagesEndLikeSentences() {
        Set<Long> codes = new HashSet<>();
        for (StatusCode status : StatusCode.values()) {
            assertTrue(codes.add(status.code()), "duplicate " + status);
            assertTrue(status.message().endsWith("."), status.name());
        }
    }

    @Test
    void messagesNameTheSymbolTheHexValueAndTheText() {
        assertEquals("ERROR_ACCESS_DENIED (0x00000005): Access is denied.", StatusCode.describe(5));
        assertEquals("NERR_NetNameNotFound (0x00000906): This shared resource does not exist.",
                StatusCode.describe(2310));
        assertEquals("status 0xC0000022 (3221225506): not a code netconn knows by name",
                StatusCode.describe(0xC000_0022L));
    }

    @Test
    void statusExceptionsKeepTheRawCodeAndContext() {
        NetApiStatusException denied = new NetApiStatusException(5, "NetrConnectionEnum on fs01, qualifier DATA");
        assertEquals(5, denied.code());
        assertEquals("ERROR_ACCESS_DENIED", denied.symbolicName());
        assertEquals(Optional.of(StatusCode.ERROR_ACCESS_DENIED), denied.status());
        assertEquals(NetApiStatusException.Kind.ACCESS_DENIED, denied.kind());
        assertEquals("ERROR_ACCESS_DENIED (0x00000005): Access is denied."
                + " (NetrConnectionEnum on fs01, qualifier DATA)", denied.getMessage());

        NetApiStatusException unknown = new NetApiStatusException(0xFFFF_FFFFL, null);
        assertEquals(4_294_967_295L, unknown.code());
        assertEquals("0xFFFFFFFF", unknown.symbolicName());
        assertEquals(NetApiStatusException.Kind.OTHER, unknown.kind());
        assertEquals("status 0xFFFFFFFF (4294967295): not a code netconn knows by name", unknown.getMessage());
    }

    @Test
    void kindsSortTheCodesTheContractNames() {
        assertEquals(NetApiStatusException.Kind.NOT_FOUND, new NetApiStatusException(123, null).kind());
        assertEquals(NetApiStatusException.Kind.NOT_FOUND, new NetApiStatusException(2310, null).kind());
        assertEquals(NetApiStatusException.Kind.NOT_FOUND, new NetApiStatusException(2312, null).kind());
        assertEquals(NetApiStatusException.Kind.INVALID_PARAMETER, new NetApiStatusException(87, null).kind());
        assertEquals(NetApiStatusException.Kind.INVALID_LEVEL, new NetApiStatusException(124, null).kind());
        assertEquals(NetApiStatusException.Kind.NOT_ENOUGH_MEMORY, new NetApiStatusException(8, null).kind());
        assertEquals(NetApiStatusException.Kind.OTHER, new NetApiStatusException(2123, null).kind());
    }

    @Test
    void theOtherKindsCarryTheirMessageAndCause() {
        IOException cause = new IOException("connection reset");
        assertEquals(cause, new HostUnreachableException("fs01:445 refused the connection", cause).getCause());
        assertEquals("logon failure for NETCONN\\alice",
                new AuthenticationException("logon failure for NETCONN\\alice", null).getMessage());
        assertEquals("truncated reply", new ProtocolViolationException("truncated reply", null).getMessage());
        NetConnTimeoutException timeout = new NetConnTimeoutException(
                NetConnTimeoutException.Phase.RESPONSE, Duration.ofMillis(1500), "NetrConnectionEnum on fs01", null);
        assertEquals("response time-out of 1500 ms ran out (NetrConnectionEnum on fs01)", timeout.getMessage());
        assertEquals(Duration.ofMillis(1500), timeout.limit());
        assertNull(timeout.getCause());
        NetConnException wrapped = new ProtocolViolationException("bad", null);
        assertEquals(wrapped, new UncheckedNetConnException(wrapped).getCause());
        assertEquals("bad", new UncheckedNetConnException(wrapped).getMessage());
    }
}
