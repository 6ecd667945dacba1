package io.github.netconn.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a Windows-like server holds and how it answers {@code NetrConnectionEnum}: the
 * Java form of the scenario format (testkit/SCENARIO.md), and, in {@link #answer}, the
 * executable definition of its rules. The scripted server reads the JSON that
 * {@link #toJson()} writes and must answer exactly as {@link #answer} does; the native
 * stand-in of Netapi32 asks {@link #answer} itself.
 *
 * <p>Immutable: the {@code with...} methods return a changed copy.
 */
public record Scenario(List<String> shares, List<Connection> connections, Long status,
                       List<String> deniedUsers, Quirks quirks) {

    static final long MAX_PREFERRED_LENGTH = 0xFFFF_FFFFL;
    static final long NERR_SUCCESS = 0;
    static final long ERROR_ACCESS_DENIED = 5;
    static final long ERROR_INVALID_PARAMETER = 87;
    static final long ERROR_INVALID_LEVEL = 124;
    static final long ERROR_MORE_DATA = 234;
    static final long NERR_NET_NAME_NOT_FOUND = 2310;
    static final long NERR_CLIENT_NAME_NOT_FOUND = 2312;

    /** One connection: a tree connect from {@code computer} to {@code share} as {@code user}. */
    public record Connection(long id, long type, long opens, long users, long seconds,
                             String user, String computer, String share) {
        public Connection {
            dword(id, "id");
            dword(type, "type");
            dword(opens, "opens");
            dword(users, "users");
            dword(seconds, "seconds");
            Objects.requireNonNull(share, "share");
        }

        /** A plain disk-share connection with one user. */
        public static Connection of(long id, String user, String computer, String share) {
            return new Connection(id, 0, 0, 1, 0, user, computer, share);
        }

        public Connection withCounts(long type, long opens, long users, long seconds) {
            return new Connection(id, type, opens, users, seconds, user, computer, share);
        }
    }

    /** How the last page's resume handle is sent. */
    public enum ResumeAtEnd { ZERO, COUNT }

    /** How a page with no entries is sent. */
    public enum EmptyArray { EMPTY, NULL }

    /**
     * How the scripted server answers the DCE/RPC bind on {@code \PIPE\srvsvc}: accepted, or
     * refused with a bind_nak or with a bind_ack that rejects the context. Only the scripted
     * server speaks DCE/RPC; {@link #answer} and the reference adapter ignore it.
     */
    public enum Bind {
        ACCEPT("accept"), NAK("nak"), ABSTRACT_SYNTAX("abstractSyntax"), TRANSFER_SYNTAX("transferSyntax");

        private final String json;

        Bind(String json) {
            this.json = json;
        }

        /** The value as SCENARIO.md spells it. */
        public String json() {
            return json;
        }
    }

    /**
     * A server that logs on and signs correctly but answers with malice (SCENARIO.md). Only
     * the scripted server plays it; {@link #answer} and the reference adapter, which model
     * honest servers, ignore it.
     */
    public enum Hostile {
        /** An honest server. */
        NONE("none"),
        /** Every call answers ERROR_MORE_DATA with the entries it would give and a fresh resume handle, for ever. */
        ENDLESS_PAGES("endlessPages"),
        /** Every call answers ERROR_MORE_DATA with no entries and a fresh resume handle, for ever. */
        FRESH_HANDLES("freshHandles"),
        /** The reply's fragments are preceded by fragments that carry no stub data. */
        EMPTY_FRAGMENTS("emptyFragments"),
        /** The reply's fragments never end: its data again and again, never flagged last. */
        ENDLESS_FRAGMENTS("endlessFragments"),
        /** Every read of the pipe returns one byte, a tenth of a second after the last. */
        TRICKLE("trickle");

        private final String json;

        Hostile(String json) {
            this.json = json;
        }

        /** The value as SCENARIO.md spells it. */
        public String json() {
            return json;
        }
    }

    /** Server behaviours beyond the rules; see SCENARIO.md. */
    public record Quirks(boolean ignorePageSize, ResumeAtEnd resumeAtEnd, EmptyArray emptyArray,
                         boolean noProgress, long delayMillis, Bind bind, Hostile hostile) {
        public static final Quirks NONE = new Quirks(false, ResumeAtEnd.ZERO, EmptyArray.EMPTY, false, 0);

        public Quirks {
            Objects.requireNonNull(resumeAtEnd, "resumeAtEnd");
            Objects.requireNonNull(emptyArray, "emptyArray");
            dword(delayMillis, "delayMillis");
            Objects.requireNonNull(bind, "bind");
            Objects.requireNonNull(hostile, "hostile");
        }

        /** The bind accepted and no malice, as by every server but a deliberately refusing or hostile one. */
        public Quirks(boolean ignorePageSize, ResumeAtEnd resumeAtEnd, EmptyArray emptyArray,
                      boolean noProgress, long delayMillis) {
            this(ignorePageSize, resumeAtEnd, emptyArray, noProgress, delayMillis, Bind.ACCEPT, Hostile.NONE);
        }

        public Quirks withHostile(Hostile changed) {
            return new Quirks(ignorePageSize, resumeAtEnd, emptyArray, noProgress, delayMillis, bind, changed);
        }

        /** Samba's way: page size ignored, the count as the last resume handle, NULL for no entries. */
        public static Quirks samba() {
            return new Quirks(true, ResumeAtEnd.COUNT, EmptyArray.NULL, false, 0);
        }

        public Quirks withBind(Bind changed) {
            return new Quirks(ignorePageSize, resumeAtEnd, emptyArray, noProgress, delayMillis, changed, hostile);
        }
    }

    public Scenario {
        shares = List.copyOf(shares);
        connections = List.copyOf(connections);
        deniedUsers = List.copyOf(deniedUsers);
        if (status != null) {
            dword(status, "status");
        }
        Objects.requireNonNull(quirks, "quirks");
    }

    /** No shares, no connections, no quirks. */
    public static Scenario empty() {
        return new Scenario(List.of(), List.of(), null, List.of(), Quirks.NONE);
    }

    public Scenario withShares(String... names) {
        return new Scenario(List.of(names), connections, status, deniedUsers, quirks);
    }

    public Scenario withConnections(List<Connection> list) {
        return new Scenario(shares, list, status, deniedUsers, quirks);
    }

    public Scenario withStatus(Long code) {
        return new Scenario(shares, connections, code, deniedUsers, quirks);
    }

    public Scenario withDeniedUsers(String... users) {
        return new Scenario(shares, connections, status, List.of(users), quirks);
    }

    public Scenario withQuirks(Quirks changed) {
        return new Scenario(shares, connections, status, deniedUsers, changed);
    }

    /** One call's outcome, as the server sends it. {@code entries} is null for a NULL array. */
    public record Answer(long status, int level, List<Entry> entries, long totalEntries, Long resumeHandle) {
        public boolean ok() {
            return status == NERR_SUCCESS || status == ERROR_MORE_DATA;
        }
    }

    /** One entry as sent: {@code netName} already chosen by the netname rule. */
    public record Entry(long id, long type, long opens, long users, long seconds, String userName, String netName) {
    }

    /**
     * The answer to one {@code NetrConnectionEnum} call, by SCENARIO.md's rules 1-9
     * (the delay of rule 1 is the caller's to apply). {@code quirks.bind} plays no part: a
     * call this method answers has got past the bind.
     *
     * @param caller       the authenticated user, for {@code deniedUsers}
     * @param level        the level asked for, any number
     * @param qualifier    the qualifier as sent, possibly null
     * @param prefMaxLen   PreferedMaximumLength
     * @param resumeHandle the handle sent, or null for a NULL pointer
     */
    public Answer answer(String caller, long level, String qualifier, long prefMaxLen, Long resumeHandle) {
        int lvl = (int) level;
        if (caller != null && deniedUsers.stream().anyMatch(u -> u.equalsIgnoreCase(caller))) {
            return failure(ERROR_ACCESS_DENIED, lvl, resumeHandle);
        }
        if (level != 0 && level != 1) {
            return failure(ERROR_INVALID_LEVEL, lvl, resumeHandle);
        }
        if (qualifier == null || qualifier.isEmpty() || qualifier.length() > 1023) {
            return failure(ERROR_INVALID_PARAMETER, lvl, resumeHandle);
        }
        if (status != null) {
            return failure(status, lvl, resumeHandle);
        }
        if (quirks.noProgress()) {
            Long same = resumeHandle == null ? null : resumeHandle == 0 ? 1L : resumeHandle;
            return new Answer(ERROR_MORE_DATA, lvl, emptyEntries(), 0, same);
        }
        List<Entry> matching = new ArrayList<>();
        if (qualifier.startsWith("\\\\")) {
            String computer = qualifier.substring(2);
            for (Connection c : connections) {
                if (c.computer() != null && c.computer().equalsIgnoreCase(computer)) {
                    matching.add(entry(c, c.share()));
                }
            }
            if (matching.isEmpty()) {
                return failure(NERR_CLIENT_NAME_NOT_FOUND, lvl, resumeHandle);
            }
        } else {
            boolean known = shares.stream().anyMatch(s -> s.equalsIgnoreCase(qualifier));
            for (Connection c : connections) {
                if (c.share().equalsIgnoreCase(qualifier)) {
                    known = true;
                    matching.add(entry(c, c.computer()));
                }
            }
            if (!known) {
                return failure(NERR_NET_NAME_NOT_FOUND, lvl, resumeHandle);
            }
        }
        int start = resumeHandle == null ? 0 : (int) Math.min(resumeHandle, matching.size());
        int end = start;
        if (quirks.ignorePageSize() || prefMaxLen == MAX_PREFERRED_LENGTH) {
            end = matching.size();
        } else {
            long used = 0;
            while (end < matching.size()) {
                used += cost(lvl, matching.get(end));
                if (used > prefMaxLen && end > start) {
                    break;
                }
                end++;
            }
        }
        boolean more = end < matching.size();
        List<Entry> page = List.copyOf(matching.subList(start, end));
        if (page.isEmpty() && quirks.emptyArray() == EmptyArray.NULL) {
            page = null;
        }
        Long handleOut = resumeHandle == null ? null
                : more ? Long.valueOf(end) : quirks.resumeAtEnd() == ResumeAtEnd.ZERO ? 0L : (long) end;
        return new Answer(more ? ERROR_MORE_DATA : NERR_SUCCESS, lvl, page, matching.size() - start, handleOut);
    }

    private List<Entry> emptyEntries() {
        return quirks.emptyArray() == EmptyArray.NULL ? null : List.of();
    }

    private static Answer failure(long code, int level, Long resumeHandle) {
        return new Answer(code, level, null, 0, resumeHandle);
    }

    private static Entry entry(Connection c, String netName) {
        return new Entry(c.id(), c.type(), c.opens(), c.users(), c.seconds(), c.user(), netName);
    }

    /** Rule 8: 4 bytes at level 0; 28 plus the UTF-16 bytes of each non-NULL string and its NUL at level 1. */
    static long cost(int level, Entry e) {
        if (level == 0) {
            return 4;
        }
        return 28 + stringCost(e.userName()) + stringCost(e.netName());
    }

    private static long stringCost(String s) {
        return s == null ? 0 : 2L * (s.length() + 1);
    }

    /** The scenario as SCENARIO.md's JSON, ASCII only (non-ASCII as {@code \\uXXXX}). */
    public String toJson() {
        StringBuilder json = new StringBuilder(256 + 160 * connections.size());
        json.append("{\n  \"shares\": [");
        for (int i = 0; i < shares.size(); i++) {
            json.append(i == 0 ? "" : ", ");
            string(json, shares.get(i));
        }
        json.append("],\n  \"connections\": [");
        for (int i = 0; i < connections.size(); i++) {
            Connection c = connections.get(i);
            json.append(i == 0 ? "\n    " : ",\n    ");
            json.append("{\"id\": ").append(c.id()).append(", \"type\": ").append(c.type())
                    .append(", \"opens\": ").append(c.opens()).append(", \"users\": ").append(c.users())
                    .append(", \"seconds\": ").append(c.seconds()).append(", \"user\": ");
            string(json, c.user());
            json.append(", \"computer\": ");
            string(json, c.computer());
            json.append(", \"share\": ");
            string(json, c.share());
            json.append('}');
        }
        json.append("],\n  \"status\": ").append(status).append(",\n  \"deniedUsers\": [");
        for (int i = 0; i < deniedUsers.size(); i++) {
            json.append(i == 0 ? "" : ", ");
            string(json, deniedUsers.get(i));
        }
        json.append("],\n  \"quirks\": {\"ignorePageSize\": ").append(quirks.ignorePageSize())
                .append(", \"resumeAtEnd\": \"").append(quirks.resumeAtEnd().name().toLowerCase(Locale.ROOT))
                .append("\", \"emptyArray\": \"").append(quirks.emptyArray().name().toLowerCase(Locale.ROOT))
                .append("\", \"noProgress\": ").append(quirks.noProgress())
                .append(", \"delayMillis\": ").append(quirks.delayMillis())
                .append(", \"bind\": \"").append(quirks.bind().json())
                .append("\", \"hostile\": \"").append(quirks.hostile().json()).append("\"}\n}\n");
        return json.toString();
    }

    /** Writes {@link #toJson()} to {@code file} atomically, so a server never reads half a scenario. */
    public void writeTo(Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, toJson(), StandardCharsets.US_ASCII);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void string(StringBuilder json, String s) {
        if (s == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }

    private static void dword(long value, String what) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(what + " must be an unsigned 32-bit value, not " + value);
        }
    }
}
