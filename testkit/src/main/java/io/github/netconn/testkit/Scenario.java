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
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * What a Windows-like server holds and how it answers {@code NetrConnectionEnum},
 * {@code NetrSessionEnum} and {@code NetrFileEnum}: the Java form of the scenario format
 * (testkit/SCENARIO.md), and, in {@link #answer}, {@link #answerSessions} and
 * {@link #answerFiles}, the executable definition of its rules. The scripted server reads the
 * JSON that {@link #toJson()} writes and must answer exactly as these methods do; the native
 * stand-in of Netapi32 asks them itself.
 *
 * <p>Immutable: the {@code with...} methods return a changed copy.
 */
public record Scenario(List<String> shares, List<Connection> connections, List<Session> sessions,
                       List<OpenFile> files, Long status, List<String> deniedUsers, Quirks quirks) {

    static final long MAX_PREFERRED_LENGTH = 0xFFFF_FFFFL;
    static final long NERR_SUCCESS = 0;
    static final long ERROR_ACCESS_DENIED = 5;
    static final long ERROR_INVALID_PARAMETER = 87;
    static final long ERROR_INVALID_LEVEL = 124;
    static final long ERROR_MORE_DATA = 234;
    static final long NERR_USER_NOT_FOUND = 2221;
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

    /**
     * One session: {@code user} logged on from {@code computer} (SESSION_INFO_502's fields).
     *
     * @param computer    {@code sesiN_cname}, without {@code \\}; null is sent as a NULL pointer and never
     *                    matches a client filter
     * @param user        {@code sesiN_username}; null never matches a user filter
     * @param opens       {@code sesiN_num_opens}
     * @param seconds     {@code sesiN_time}
     * @param idleSeconds {@code sesiN_idle_time}
     * @param flags       {@code sesiN_user_flags}
     * @param clientType  {@code sesiN_cltype_name}
     * @param transport   {@code sesi502_transport}
     */
    public record Session(String computer, String user, long opens, long seconds, long idleSeconds, long flags,
                          String clientType, String transport) {
        public Session {
            dword(opens, "opens");
            dword(seconds, "seconds");
            dword(idleSeconds, "idleSeconds");
            dword(flags, "flags");
        }

        /** A session with nothing open, just made, of a Windows 10 client over SMB on TCP. */
        public static Session of(String computer, String user) {
            return new Session(computer, user, 0, 0, 0, 0, "Windows 10", "\\Device\\NetbiosSmb");
        }

        public Session withCounts(long opens, long seconds, long idleSeconds, long flags) {
            return new Session(computer, user, opens, seconds, idleSeconds, flags, clientType, transport);
        }

        public Session withClient(String type, String transportName) {
            return new Session(computer, user, opens, seconds, idleSeconds, flags, type, transportName);
        }
    }

    /**
     * One open file (FILE_INFO_3's fields).
     *
     * @param id          {@code fi3_id}
     * @param permissions {@code fi3_permissions}
     * @param locks       {@code fi3_num_locks}
     * @param path        {@code fi3_pathname}; null is sent as a NULL pointer and never matches a base path
     * @param user        {@code fi3_username}; null never matches a user filter
     */
    public record OpenFile(long id, long permissions, long locks, String path, String user) {
        public OpenFile {
            dword(id, "id");
            dword(permissions, "permissions");
            dword(locks, "locks");
        }

        /** A file open for reading, with no locks. */
        public static OpenFile of(long id, String path, String user) {
            return new OpenFile(id, 1, 0, path, user);
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

    /**
     * Server behaviours beyond the rules; see SCENARIO.md. {@code sambaSessionsFiles} is Samba's
     * way with NetrSessionEnum and NetrFileEnum, which then ignore {@code ignorePageSize} and
     * {@code resumeAtEnd}: sessions at levels 0 and 1 only, every session whatever the filters, the
     * resume handle an index; files at level 3 only (judged before the caller), the user filter
     * honoured, the base path and the resume handle ignored; the page size ignored by both.
     */
    public record Quirks(boolean ignorePageSize, ResumeAtEnd resumeAtEnd, EmptyArray emptyArray,
                         boolean noProgress, long delayMillis, Bind bind, Hostile hostile, boolean sambaSessionsFiles) {
        public static final Quirks NONE = new Quirks(false, ResumeAtEnd.ZERO, EmptyArray.EMPTY, false, 0);

        public Quirks {
            Objects.requireNonNull(resumeAtEnd, "resumeAtEnd");
            Objects.requireNonNull(emptyArray, "emptyArray");
            dword(delayMillis, "delayMillis");
            Objects.requireNonNull(bind, "bind");
            Objects.requireNonNull(hostile, "hostile");
        }

        /** Sessions and files served as Windows serves them. */
        public Quirks(boolean ignorePageSize, ResumeAtEnd resumeAtEnd, EmptyArray emptyArray,
                      boolean noProgress, long delayMillis, Bind bind, Hostile hostile) {
            this(ignorePageSize, resumeAtEnd, emptyArray, noProgress, delayMillis, bind, hostile, false);
        }

        /** The bind accepted and no malice, as by every server but a deliberately refusing or hostile one. */
        public Quirks(boolean ignorePageSize, ResumeAtEnd resumeAtEnd, EmptyArray emptyArray,
                      boolean noProgress, long delayMillis) {
            this(ignorePageSize, resumeAtEnd, emptyArray, noProgress, delayMillis, Bind.ACCEPT, Hostile.NONE);
        }

        public Quirks withHostile(Hostile changed) {
            return new Quirks(ignorePageSize, resumeAtEnd, emptyArray, noProgress, delayMillis, bind, changed,
                    sambaSessionsFiles);
        }

        /**
         * Samba's way: page size ignored, the count as the last resume handle, NULL for no entries,
         * and sessions and files as Samba serves them.
         */
        public static Quirks samba() {
            return new Quirks(true, ResumeAtEnd.COUNT, EmptyArray.NULL, false, 0, Bind.ACCEPT, Hostile.NONE, true);
        }

        public Quirks withBind(Bind changed) {
            return new Quirks(ignorePageSize, resumeAtEnd, emptyArray, noProgress, delayMillis, changed, hostile,
                    sambaSessionsFiles);
        }

        public Quirks withSambaSessionsFiles(boolean changed) {
            return new Quirks(ignorePageSize, resumeAtEnd, emptyArray, noProgress, delayMillis, bind, hostile, changed);
        }
    }

    public Scenario {
        shares = List.copyOf(shares);
        connections = List.copyOf(connections);
        sessions = List.copyOf(sessions);
        files = List.copyOf(files);
        deniedUsers = List.copyOf(deniedUsers);
        if (status != null) {
            dword(status, "status");
        }
        Objects.requireNonNull(quirks, "quirks");
    }

    /** No shares, no connections, no sessions, no open files, no quirks. */
    public static Scenario empty() {
        return new Scenario(List.of(), List.of(), List.of(), List.of(), null, List.of(), Quirks.NONE);
    }

    public Scenario withShares(String... names) {
        return new Scenario(List.of(names), connections, sessions, files, status, deniedUsers, quirks);
    }

    public Scenario withConnections(List<Connection> list) {
        return new Scenario(shares, list, sessions, files, status, deniedUsers, quirks);
    }

    public Scenario withSessions(List<Session> list) {
        return new Scenario(shares, connections, list, files, status, deniedUsers, quirks);
    }

    public Scenario withFiles(List<OpenFile> list) {
        return new Scenario(shares, connections, sessions, list, status, deniedUsers, quirks);
    }

    public Scenario withStatus(Long code) {
        return new Scenario(shares, connections, sessions, files, code, deniedUsers, quirks);
    }

    public Scenario withDeniedUsers(String... users) {
        return new Scenario(shares, connections, sessions, files, status, List.of(users), quirks);
    }

    public Scenario withQuirks(Quirks changed) {
        return new Scenario(shares, connections, sessions, files, status, deniedUsers, changed);
    }

    /**
     * One call's outcome, as the server sends it. {@code entries} is null for a NULL array.
     *
     * @param <E> the entries: {@link Entry} for connections, {@link Session}, {@link OpenFile}
     */
    public record Answer<E>(long status, int level, List<E> entries, long totalEntries, Long resumeHandle) {
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
    public Answer<Entry> answer(String caller, long level, String qualifier, long prefMaxLen, Long resumeHandle) {
        boolean qualifierValid = qualifier != null && !qualifier.isEmpty() && qualifier.length() <= 1023;
        Answer<Entry> refused = refusal(caller, level, level == 0 || level == 1, qualifierValid, false,
                resumeHandle);
        if (refused != null) {
            return refused;
        }
        int lvl = (int) level;
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
        return page(matching, lvl, e -> cost(lvl, e), prefMaxLen, resumeHandle);
    }

    /**
     * The answer to one {@code NetrSessionEnum} call (MS-SRVS 3.1.4.5), by SCENARIO.md's rules
     * 10-14 (the delay of rule 1 is the caller's to apply). Entries are the scenario's sessions
     * themselves: each level sends its own subset of their fields. With
     * {@code quirks.sambaSessionsFiles}, Samba's way: levels 0 and 1 only, both filters and the
     * page size ignored, the resume handle the index of the first entry.
     *
     * @param caller       the authenticated user, for {@code deniedUsers}
     * @param level        the level asked for, any number
     * @param clientName   ClientName as sent ({@code \\WS01}), or null for a NULL pointer
     * @param userName     UserName as sent, or null for a NULL pointer
     * @param prefMaxLen   PreferedMaximumLength
     * @param resumeHandle the handle sent, or null for a NULL pointer
     */
    public Answer<Session> answerSessions(String caller, long level, String clientName, String userName,
                                          long prefMaxLen, Long resumeHandle) {
        if (quirks.sambaSessionsFiles()) {
            Answer<Session> refused = refusal(caller, level, level == 0 || level == 1, true, false, resumeHandle);
            if (refused != null) {
                return refused;
            }
            // Rule 14 on Samba: from the index the handle gives, TotalEntries all the sessions, the
            // handle back their number, or 0 when the index was not below it.
            int count = sessions.size();
            int start = resumeHandle == null ? 0 : (int) Math.min(resumeHandle, count);
            Long handleOut = resumeHandle == null ? null : resumeHandle >= count ? 0L : (long) count;
            return whole(sessions.subList(start, count), (int) level, count, handleOut);
        }
        boolean byClient = clientName != null && !clientName.isEmpty();
        boolean byUser = userName != null && !userName.isEmpty();
        boolean served = level == 0 || level == 1 || level == 2 || level == 10 || level == 502;
        Answer<Session> refused = refusal(caller, level, served, !byClient || clientName.startsWith("\\\\"), false,
                resumeHandle);
        if (refused != null) {
            return refused;
        }
        int lvl = (int) level;
        List<Session> matching = sessions;
        if (byClient) {
            String computer = clientName.substring(2);
            matching = matching.stream().filter(s -> s.computer() != null && s.computer().equalsIgnoreCase(computer))
                    .toList();
            if (matching.isEmpty()) {
                return failure(NERR_CLIENT_NAME_NOT_FOUND, lvl, resumeHandle);
            }
        }
        if (byUser) {
            matching = matching.stream().filter(s -> s.user() != null && s.user().equalsIgnoreCase(userName)).toList();
            if (matching.isEmpty()) {
                return failure(NERR_USER_NOT_FOUND, lvl, resumeHandle);
            }
        }
        return page(matching, lvl, s -> sessionCost(lvl, s), prefMaxLen, resumeHandle);
    }

    /**
     * The answer to one {@code NetrFileEnum} call (MS-SRVS 3.1.4.2), by SCENARIO.md's rules
     * 15-18 (the delay of rule 1 is the caller's to apply). Entries are the scenario's open
     * files themselves: level 2 sends only their ids. With {@code quirks.sambaSessionsFiles},
     * Samba's way: level 3 only, judged before the caller; the base path, the page size and the
     * resume handle ignored (every file from the first, the handle sent back as it came).
     *
     * @param caller       the authenticated user, for {@code deniedUsers}
     * @param level        the level asked for, any number
     * @param basePath     BasePath as sent, or null for a NULL pointer
     * @param userName     UserName as sent, or null for a NULL pointer
     * @param prefMaxLen   PreferedMaximumLength
     * @param resumeHandle the handle sent, or null for a NULL pointer
     */
    public Answer<OpenFile> answerFiles(String caller, long level, String basePath, String userName,
                                        long prefMaxLen, Long resumeHandle) {
        boolean samba = quirks.sambaSessionsFiles();
        boolean byPath = basePath != null && !basePath.isEmpty() && !samba;
        boolean byUser = userName != null && !userName.isEmpty();
        Answer<OpenFile> refused = refusal(caller, level, level == 3 || level == 2 && !samba, true, samba,
                resumeHandle);
        if (refused != null) {
            return refused;
        }
        int lvl = (int) level;
        List<OpenFile> matching = files.stream()
                .filter(f -> !byPath || f.path() != null
                        && f.path().regionMatches(true, 0, basePath, 0, basePath.length()))
                .filter(f -> !byUser || f.user() != null && f.user().equalsIgnoreCase(userName))
                .toList();
        if (samba) {
            return whole(matching, lvl, matching.size(), resumeHandle);
        }
        return page(matching, lvl, f -> fileCost(lvl, f), prefMaxLen, resumeHandle);
    }

    /**
     * Rules 1 to 5, which every call passes through in this order, given whether the level is
     * served (rule 2) and the call's own parameter check passed (rule 3 and its like); null when
     * the call goes on to matching. {@code levelFirst}: the level is judged before the caller (as
     * Samba's NetrFileEnum does).
     */
    private <E> Answer<E> refusal(String caller, long level, boolean levelServed, boolean parametersValid,
                                  boolean levelFirst, Long resumeHandle) {
        int lvl = (int) level;
        boolean denied = caller != null && deniedUsers.stream().anyMatch(u -> u.equalsIgnoreCase(caller));
        if (!levelServed && levelFirst) {
            return failure(ERROR_INVALID_LEVEL, lvl, resumeHandle);
        }
        if (denied) {
            return failure(ERROR_ACCESS_DENIED, lvl, resumeHandle);
        }
        if (!levelServed) {
            return failure(ERROR_INVALID_LEVEL, lvl, resumeHandle);
        }
        if (!parametersValid) {
            return failure(ERROR_INVALID_PARAMETER, lvl, resumeHandle);
        }
        if (status != null) {
            return failure(status, lvl, resumeHandle);
        }
        if (quirks.noProgress()) {
            Long same = resumeHandle == null ? null : resumeHandle == 0 ? 1L : resumeHandle;
            return new Answer<>(ERROR_MORE_DATA, lvl, emptyEntries(), 0, same);
        }
        return null;
    }

    /** Rules 8 and 9: the page of {@code matching} that starts at the resume handle and fits PreferedMaximumLength. */
    private <E> Answer<E> page(List<E> matching, int level, ToLongFunction<E> cost, long prefMaxLen,
                               Long resumeHandle) {
        int start = resumeHandle == null ? 0 : (int) Math.min(resumeHandle, matching.size());
        int end = start;
        if (quirks.ignorePageSize() || prefMaxLen == MAX_PREFERRED_LENGTH) {
            end = matching.size();
        } else {
            long used = 0;
            while (end < matching.size()) {
                used += cost.applyAsLong(matching.get(end));
                if (used > prefMaxLen && end > start) {
                    break;
                }
                end++;
            }
        }
        boolean more = end < matching.size();
        Long handleOut = resumeHandle == null ? null
                : more ? Long.valueOf(end) : quirks.resumeAtEnd() == ResumeAtEnd.ZERO ? 0L : (long) end;
        return new Answer<>(more ? ERROR_MORE_DATA : NERR_SUCCESS, level, sent(matching.subList(start, end)),
                matching.size() - start, handleOut);
    }

    /** Samba's way with sessions and files: a success with all of {@code entries}, whatever the page size. */
    private <E> Answer<E> whole(List<E> entries, int level, long totalEntries, Long handleOut) {
        return new Answer<>(NERR_SUCCESS, level, sent(entries), totalEntries, handleOut);
    }

    /** The entries of a page as sent: none is an empty array or, as {@code emptyArray} says, a NULL one. */
    private <E> List<E> sent(List<E> entries) {
        return entries.isEmpty() ? emptyEntries() : List.copyOf(entries);
    }

    private <E> List<E> emptyEntries() {
        return quirks.emptyArray() == EmptyArray.NULL ? null : List.of();
    }

    private static <E> Answer<E> failure(long code, int level, Long resumeHandle) {
        return new Answer<>(code, level, null, 0, resumeHandle);
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

    /**
     * Rule 14: SESSION_INFO_n's fixed part (0: 4 bytes, 1: 24, 2: 28, 10: 16, 502: 32) plus the
     * UTF-16 bytes of each of its non-NULL strings and their NULs.
     */
    static long sessionCost(int level, Session s) {
        return switch (level) {
            case 0 -> 4 + stringCost(s.computer());
            case 1 -> 24 + stringCost(s.computer()) + stringCost(s.user());
            case 2 -> 28 + stringCost(s.computer()) + stringCost(s.user()) + stringCost(s.clientType());
            case 10 -> 16 + stringCost(s.computer()) + stringCost(s.user());
            case 502 -> 32 + stringCost(s.computer()) + stringCost(s.user()) + stringCost(s.clientType())
                    + stringCost(s.transport());
            default -> throw new IllegalArgumentException("no SESSION_INFO_" + level);
        };
    }

    /** Rule 18: FILE_INFO_2 is 4 bytes; FILE_INFO_3 is 20 plus the UTF-16 bytes of its non-NULL strings and NULs. */
    static long fileCost(int level, OpenFile f) {
        return level == 2 ? 4 : 20 + stringCost(f.path()) + stringCost(f.user());
    }

    private static long stringCost(String s) {
        return s == null ? 0 : 2L * (s.length() + 1);
    }

    /** The scenario as SCENARIO.md's JSON, ASCII only (non-ASCII as {@code \\uXXXX}). */
    public String toJson() {
        StringBuilder json = new StringBuilder(512 + 160 * (connections.size() + sessions.size() + files.size()));
        json.append("{\n  \"shares\": [");
        for (int i = 0; i < shares.size(); i++) {
            json.append(i == 0 ? "" : ", ");
            string(json, shares.get(i));
        }
        json.append("],\n  \"connections\": [");
        objects(json, connections, c -> {
            json.append("{\"id\": ").append(c.id()).append(", \"type\": ").append(c.type())
                    .append(", \"opens\": ").append(c.opens()).append(", \"users\": ").append(c.users())
                    .append(", \"seconds\": ").append(c.seconds()).append(", \"user\": ");
            string(json, c.user());
            json.append(", \"computer\": ");
            string(json, c.computer());
            json.append(", \"share\": ");
            string(json, c.share());
        });
        json.append("],\n  \"sessions\": [");
        objects(json, sessions, s -> {
            json.append("{\"computer\": ");
            string(json, s.computer());
            json.append(", \"user\": ");
            string(json, s.user());
            json.append(", \"opens\": ").append(s.opens()).append(", \"seconds\": ").append(s.seconds())
                    .append(", \"idleSeconds\": ").append(s.idleSeconds()).append(", \"flags\": ").append(s.flags())
                    .append(", \"clientType\": ");
            string(json, s.clientType());
            json.append(", \"transport\": ");
            string(json, s.transport());
        });
        json.append("],\n  \"files\": [");
        objects(json, files, f -> {
            json.append("{\"id\": ").append(f.id()).append(", \"permissions\": ").append(f.permissions())
                    .append(", \"locks\": ").append(f.locks()).append(", \"path\": ");
            string(json, f.path());
            json.append(", \"user\": ");
            string(json, f.user());
        });
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
                .append("\", \"hostile\": \"").append(quirks.hostile().json())
                .append("\", \"sambaSessionsFiles\": ").append(quirks.sambaSessionsFiles()).append("}\n}\n");
        return json.toString();
    }

    /** One JSON object per element, each on a line of its own; {@code fields} writes all but the closing brace. */
    private static <T> void objects(StringBuilder json, List<T> list, Consumer<T> fields) {
        for (int i = 0; i < list.size(); i++) {
            json.append(i == 0 ? "\n    " : ",\n    ");
            fields.accept(list.get(i));
            json.append('}');
        }
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
