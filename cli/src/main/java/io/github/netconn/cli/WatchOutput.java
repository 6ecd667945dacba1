package io.github.netconn.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.fleet.ConnectionWatch;
import io.github.netconn.fleet.WatchEvent;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a watch's events to standard output as they come, one line each, flushed at once;
 * the watch's threads call it, and lines never mix. Every line starts with the time of the
 * poll (ISO-8601 UTC, to the millisecond), the event, the server and the qualifier.
 *
 * <p>Text: those four and the event's cells, separated by tabs, strings spelled as in the
 * text format ({@link Cells#text}: NULL is {@code -}). A level-1 entry is
 * {@code userName netName id=N opens=N users=N seconds=N}, a level-0 entry {@code id=N}. A
 * snapshot is one line per entry (a snapshot of nothing is one line with the sample's "No
 * one connected" sentence); {@code changed} writes {@code opens=1->3} for a count that moved;
 * {@code failed} writes {@code Error: N} and the detail, as a sweep does; {@code recovered}
 * writes {@code failures=N down=S.SSSs}.
 *
 * <p>JSON Lines: one object per event, {@code time}, {@code event}, {@code server},
 * {@code qualifier}, then {@code entries} (snapshot), {@code entry} (connected,
 * disconnected, changed, with {@code before} for changed), {@code error} ({@code kind},
 * {@code code}, {@code name}, {@code message}; failed) or {@code failures} and
 * {@code downSeconds} (recovered). Entries have the fields of {@link JsonOutput}.
 */
final class WatchOutput implements ConnectionWatch.Listener {

    /** The formats of {@code netconn watch --format}; json and jsonl are both JSON Lines. */
    enum Format { TEXT, JSON, JSONL }

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final boolean json;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Set<ConnectionQuery<?>> servers = new HashSet<>();
    private long polls;
    private long failedPolls;

    WatchOutput(PrintStream out, Format format) {
        this.out = out;
        this.json = format != Format.TEXT;
    }

    @Override
    public synchronized void event(WatchEvent event) {
        if (json) {
            out.println(json(event));
        } else {
            text(event).forEach(out::println);
        }
        out.flush();
    }

    @Override
    public synchronized void polled(ConnectionWatch.Poll poll) {
        servers.add(poll.query());
        polls++;
        if (!poll.succeeded()) {
            failedPolls++;
        }
    }

    /** {@code watch stopped: 2 servers polled 57 times, 3 polls failed}, for standard error. */
    synchronized String summary() {
        return "watch stopped: " + servers.size() + (servers.size() == 1 ? " server" : " servers") + " polled "
                + polls + (polls == 1 ? " time, " : " times, ") + failedPolls + (failedPolls == 1 ? " poll" : " polls")
                + " failed";
    }

    // ---- text

    static List<String> text(WatchEvent event) {
        String head = TIME.format(event.at()) + "\t" + name(event) + "\t" + server(event.query()) + "\t"
                + Cells.text(java.util.Optional.of(event.query().qualifier().wireValue()));
        List<String> lines = new ArrayList<>();
        if (event instanceof WatchEvent.Snapshot s) {
            if (s.entries().isEmpty()) {
                lines.add(head + "\t" + Cells.nothingFound(s.query()));
            }
            s.entries().forEach(entry -> lines.add(head + "\t" + cells(entry, null)));
        } else if (event instanceof WatchEvent.Connected c) {
            lines.add(head + "\t" + cells(c.entry(), null));
        } else if (event instanceof WatchEvent.Disconnected d) {
            lines.add(head + "\t" + cells(d.entry(), null));
        } else if (event instanceof WatchEvent.Changed c) {
            lines.add(head + "\t" + cells(c.entry(), c.before()));
        } else if (event instanceof WatchEvent.Failed f) {
            Failure failure = Failure.of(f.failure());
            lines.add(head + "\tError: " + failure.code() + "\t" + failure.detail());
        } else if (event instanceof WatchEvent.Recovered r) {
            lines.add(head + "\tfailures=" + r.failures() + "\tdown=" + seconds(r.down()) + "s");
        }
        return lines;
    }

    private static String cells(ConnectionInfo entry, ConnectionInfo.Level1 before) {
        if (!(entry instanceof ConnectionInfo.Level1 info)) {
            return "id=" + entry.id();
        }
        return Cells.text(info.userName()) + "\t" + Cells.text(info.netName()) + "\tid=" + info.id()
                + "\topens=" + count(before == null ? info.openCount() : before.openCount(), info.openCount())
                + "\tusers=" + count(before == null ? info.userCount() : before.userCount(), info.userCount())
                + "\tseconds=" + info.secondsConnected();
    }

    private static String count(long before, long now) {
        return before == now ? Long.toString(now) : before + "->" + now;
    }

    // ---- JSON Lines

    private String json(WatchEvent event) {
        ObjectNode node = mapper.createObjectNode();
        node.put("time", TIME.format(event.at()));
        node.put("event", name(event));
        node.put("server", server(event.query()));
        node.put("qualifier", event.query().qualifier().wireValue());
        if (event instanceof WatchEvent.Snapshot s) {
            ArrayNode entries = node.putArray("entries");
            s.entries().forEach(entry -> entries.add(JsonOutput.entry(mapper, null, entry)));
        } else if (event instanceof WatchEvent.Connected c) {
            node.set("entry", JsonOutput.entry(mapper, null, c.entry()));
        } else if (event instanceof WatchEvent.Disconnected d) {
            node.set("entry", JsonOutput.entry(mapper, null, d.entry()));
        } else if (event instanceof WatchEvent.Changed c) {
            node.set("before", JsonOutput.entry(mapper, null, c.before()));
            node.set("entry", JsonOutput.entry(mapper, null, c.entry()));
        } else if (event instanceof WatchEvent.Failed f) {
            Failure failure = Failure.of(f.failure());
            ObjectNode error = node.putObject("error");
            error.put("kind", failure.kind().label());
            error.put("code", failure.code());
            error.put("name", failure.name());
            error.put("message", failure.message());
        } else if (event instanceof WatchEvent.Recovered r) {
            node.put("failures", r.failures());
            node.put("downSeconds", seconds(r.down()));
        }
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of plain values always serialises
        }
    }

    // ---- shared

    /** The event's name in both formats: snapshot, connected, disconnected, changed, failed, recovered. */
    static String name(WatchEvent event) {
        if (event instanceof WatchEvent.Snapshot) {
            return "snapshot";
        } else if (event instanceof WatchEvent.Connected) {
            return "connected";
        } else if (event instanceof WatchEvent.Disconnected) {
            return "disconnected";
        } else if (event instanceof WatchEvent.Changed) {
            return "changed";
        } else if (event instanceof WatchEvent.Failed) {
            return "failed";
        }
        return "recovered";
    }

    /** The server as every output shows it: the name without backslashes, or LocalMachine. */
    static String server(ConnectionQuery<?> query) {
        return query.serverName().orElse("LocalMachine");
    }

    private static BigDecimal seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3);
    }
}
