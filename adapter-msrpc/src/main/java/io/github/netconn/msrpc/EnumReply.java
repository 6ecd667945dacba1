package io.github.netconn.msrpc;

import java.util.List;

/**
 * A decoded reply of one of srvsvc's enumerations (NetrConnectionEnum, NetrSessionEnum,
 * NetrFileEnum), which all end the same way.
 *
 * @param level        InfoStruct.Level as the server echoed it
 * @param entries      the entries, or null when the container or its buffer was NULL
 * @param totalEntries TotalEntries
 * @param resumeHandle *ResumeHandle, or null for a NULL pointer
 * @param status       the NET_API_STATUS return value
 * @param <E>          the port's entry type
 */
record EnumReply<E>(int level, List<E> entries, long totalEntries, Long resumeHandle, long status) {
}
