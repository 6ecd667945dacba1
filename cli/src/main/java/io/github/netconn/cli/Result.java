package io.github.netconn.cli;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.SessionSecurity;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One server's outcome: its entries, or why it failed.
 *
 * @param query   what was asked
 * @param entries the entries in the server's order; empty when the query failed
 * @param failure  the failure, or null on success
 * @param security what protected the answer on the wire, where the adapter says
 */
record Result(ConnectionQuery<?> query, List<ConnectionInfo> entries, Failure failure,
        Optional<SessionSecurity> security) {

    Result {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(security, "security");
        entries = List.copyOf(entries);
    }

    static Result ok(ConnectionQuery<?> query, List<ConnectionInfo> entries, Optional<SessionSecurity> security) {
        return new Result(query, entries, null, security);
    }

    static Result failed(ConnectionQuery<?> query, Failure failure) {
        return new Result(query, List.of(), Objects.requireNonNull(failure, "failure"), Optional.empty());
    }

    boolean succeeded() {
        return failure == null;
    }

    /** The server as the output shows it: the name without backslashes, or LocalMachine. */
    String server() {
        return query.serverName().orElse("LocalMachine");
    }
}
