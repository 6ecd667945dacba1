package io.github.netconn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * JSON, written by Jackson. A single query prints one array of entry objects; a sweep
 * prints JSON Lines, one object per line as results arrive: an entry with {@code server}
 * first, or {@code {"server": ..., "error": {"kind", "code", "name", "message"}}}.
 * Entry fields: {@code id}; at level 1 also {@code shareType} (the raw number),
 * {@code baseType}, {@code flags} (an array of names), {@code openCount},
 * {@code userCount}, {@code secondsConnected}, {@code userName} and {@code netName}
 * ({@code null} for a NULL string); last, where the adapter says what protected the answer
 * (msrpc), {@code security}: {@code dialect}, {@code signing}, {@code encryption},
 * {@code authentication} and {@code downgradeProtection}, as {@link
 * io.github.netconn.api.SessionSecurity} words them.
 */
final class JsonOutput extends Output {

    private final ObjectMapper mapper = new ObjectMapper();

    JsonOutput(PrintStream out, ConnectionLevel<?> level, boolean sweep) {
        super(out, level, sweep);
    }

    @Override
    void accept(Result result) {
        try {
            if (!sweep) {
                ArrayNode array = mapper.createArrayNode();
                result.entries().forEach(entry -> array.add(security(entry(mapper, null, entry), result)));
                out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
            } else if (!result.succeeded()) {
                ObjectNode record = mapper.createObjectNode();
                record.put("server", result.server());
                ObjectNode error = record.putObject("error");
                error.put("kind", result.failure().kind().label());
                error.put("code", result.failure().code());
                error.put("name", result.failure().name());
                error.put("message", result.failure().message());
                out.println(mapper.writeValueAsString(record));
            } else {
                for (ConnectionInfo entry : result.entries()) {
                    out.println(mapper.writeValueAsString(security(entry(mapper, result.server(), entry), result)));
                }
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of plain values always serialises
        }
        out.flush();
    }

    /** {@code node} with the result's {@code security} object added last, where the adapter gave one. */
    private static ObjectNode security(ObjectNode node, Result result) {
        result.security().ifPresent(s -> {
            ObjectNode security = node.putObject("security");
            List<String> values = Cells.security(s);
            for (int i = 0; i < values.size(); i++) {
                security.put(Cells.SECURITY.get(i), values.get(i));
            }
        });
        return node;
    }

    /** One entry as an object, with {@code server} first unless it is null. */
    static ObjectNode entry(ObjectMapper mapper, String server, ConnectionInfo entry) {
        ObjectNode node = mapper.createObjectNode();
        if (server != null) {
            node.put("server", server);
        }
        node.put("id", entry.id());
        if (entry instanceof ConnectionInfo.Level1 info) {
            node.put("shareType", info.shareType().raw());
            node.put("baseType", Cells.baseType(info.shareType()));
            ArrayNode flags = node.putArray("flags");
            Cells.flags(info.shareType()).forEach(flags::add);
            node.put("openCount", info.openCount());
            node.put("userCount", info.userCount());
            node.put("secondsConnected", info.secondsConnected());
            node.put("userName", info.userName().orElse(null));
            node.put("netName", info.netName().orElse(null));
        }
        return node;
    }
}
