package io.github.netconn.testkit;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.Enumerator;
import io.github.netconn.api.FileEnumerator;
import io.github.netconn.api.FileLevel;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.SessionEnumerator;
import io.github.netconn.api.SessionLevel;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * C13, S13 and F13: runs the same queries through two enumerators of a port, page by page, and
 * reports every difference field by field: the pages (count, entries, hint, resume handle while
 * more data remains, more-data flag), each entry's fields, and failures (exception kind and
 * status code). The times that change between two calls (seconds connected; a session's active
 * and idle times) may be left out.
 *
 * <p>One mechanism for the three ports: a query of the check ({@link PortQuery}) knows how to
 * ask an enumerator of its port for one page — {@link Query} for connections,
 * {@link SessionQuery} for sessions, {@link FileQuery} for open files — and the entries, being
 * the port's records, are compared component by component.
 */
public final class AgreementCheck {

    private static final int MAX_PAGES = 100_000;

    /** The record components that hold a time that changes between two calls. */
    private static final Set<String> TIMES = Set.of("secondsConnected", "active", "idle");

    private AgreementCheck() {
    }

    /**
     * One side of the comparison: an enumerator and the server name its queries carry. The
     * enumerator implements the port of the queries it is given.
     */
    public record Side(String label, Enumerator enumerator, String serverName) {
        public Side {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(enumerator, "enumerator");
        }

        /** The enumerator as {@code port}'s, or an exception naming the side: a defect of the check's caller. */
        <E extends Enumerator> E as(Class<E> port) {
            if (!port.isInstance(enumerator)) {
                throw new IllegalArgumentException(label + "'s enumerator is not a " + port.getSimpleName());
            }
            return port.cast(enumerator);
        }
    }

    /** One query of the check, on one port: how to ask a side for one page of it. */
    public sealed interface PortQuery permits Query, SessionQuery, FileQuery {

        /** The port this query asks. */
        Class<? extends Enumerator> port();

        /** One page of this query from {@code side}, at {@code resume}. */
        Page<?> page(Side side, ResumeHandle resume) throws NetConnException;
    }

    /** A query of NetConnectionEnum: a qualifier ({@code \\computer} or a share), a level and a page size. */
    public record Query(String qualifier, ConnectionLevel<?> level, PageSize pageSize) implements PortQuery {
        @Override
        public Class<ConnectionEnumerator> port() {
            return ConnectionEnumerator.class;
        }

        @Override
        public Page<?> page(Side side, ResumeHandle resume) throws NetConnException {
            return side.as(ConnectionEnumerator.class).enumeratePage(
                    new ConnectionQuery<>(side.serverName(), Qualifier.of(qualifier), level), pageSize, resume);
        }

        @Override
        public String toString() {
            return qualifier + " at " + level + ", " + pageSize;
        }
    }

    /**
     * A query of NetSessionEnum: the client and user filters (null for none; the client with or
     * without {@code \\}), a level and a page size.
     */
    public record SessionQuery(String client, String user, SessionLevel<?> level, PageSize pageSize)
            implements PortQuery {
        @Override
        public Class<SessionEnumerator> port() {
            return SessionEnumerator.class;
        }

        @Override
        public Page<?> page(Side side, ResumeHandle resume) throws NetConnException {
            io.github.netconn.api.SessionQuery<?> query = io.github.netconn.api.SessionQuery.on(side.serverName(),
                    level);
            query = client == null ? query : query.fromClient(client);
            query = user == null ? query : query.ofUser(user);
            return side.as(SessionEnumerator.class).enumeratePage(query, pageSize, resume);
        }

        @Override
        public String toString() {
            return "sessions of client " + client + ", user " + user + " at " + level + ", " + pageSize;
        }
    }

    /** A query of NetFileEnum: the base-path and user filters (null for none), a level and a page size. */
    public record FileQuery(String basePath, String user, FileLevel<?> level, PageSize pageSize)
            implements PortQuery {
        @Override
        public Class<FileEnumerator> port() {
            return FileEnumerator.class;
        }

        @Override
        public Page<?> page(Side side, ResumeHandle resume) throws NetConnException {
            io.github.netconn.api.FileQuery<?> query = io.github.netconn.api.FileQuery.on(side.serverName(), level);
            query = basePath == null ? query : query.under(basePath);
            query = user == null ? query : query.ofUser(user);
            return side.as(FileEnumerator.class).enumeratePage(query, pageSize, resume);
        }

        @Override
        public String toString() {
            return "files under " + basePath + ", user " + user + " at " + level + ", " + pageSize;
        }
    }

    /** One difference: which query, where in the answer, and the two values. */
    public record Difference(PortQuery query, String where, Object left, Object right) {
        @Override
        public String toString() {
            return query + ": " + where + ": " + left + " <> " + right;
        }
    }

    /** The outcome of a check. */
    public record Report(String left, String right, int queries, List<Difference> differences) {
        public boolean agrees() {
            return differences.isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(String.format("%s and %s: %d queries, %d differences",
                    left, right, queries, differences.size()));
            differences.stream().limit(50).forEach(d -> text.append("\n  ").append(d));
            if (differences.size() > 50) {
                text.append("\n  ... and ").append(differences.size() - 50).append(" more");
            }
            return text.toString();
        }
    }

    /** The page sizes of the standard sets: all, 100 and 1,000 bytes. */
    private static final List<PageSize> SIZES = List.of(PageSize.ALL, PageSize.ofBytes(100), PageSize.ofBytes(1_000));

    /**
     * The standard set of connections: levels 0 and 1; the share, the computer, an unknown share
     * and an unknown computer; page sizes all, 100 and 1,000 bytes.
     */
    public static List<Query> standardQueries(String share, String computer) {
        List<Query> queries = new ArrayList<>();
        for (String qualifier : List.of(share, computer, "NO_SUCH_SHARE", "\\\\NO-SUCH-COMPUTER")) {
            for (ConnectionLevel<?> level : ConnectionLevel.values()) {
                for (PageSize size : SIZES) {
                    queries.add(new Query(qualifier, level, size));
                }
            }
        }
        return queries;
    }

    /**
     * The standard set of sessions: every level; no filter, the client, the user, both, an
     * unknown client and an unknown user; page sizes all, 100 and 1,000 bytes.
     */
    public static List<SessionQuery> standardSessionQueries(String client, String user) {
        List<SessionQuery> queries = new ArrayList<>();
        String[][] filters = {{null, null}, {client, null}, {null, user}, {client, user}, {"NO-SUCH-COMPUTER", null},
                              {null, "no-such-user"}};
        for (String[] filter : filters) {
            for (SessionLevel<?> level : SessionLevel.values()) {
                for (PageSize size : SIZES) {
                    queries.add(new SessionQuery(filter[0], filter[1], level, size));
                }
            }
        }
        return queries;
    }

    /**
     * The standard set of open files: levels 2 and 3; no filter, the base path, the user, both,
     * a base path and a user that match nothing; page sizes all, 100 and 1,000 bytes.
     */
    public static List<FileQuery> standardFileQueries(String basePath, String user) {
        List<FileQuery> queries = new ArrayList<>();
        String[][] filters = {{null, null}, {basePath, null}, {null, user}, {basePath, user}, {"Q:\\no\\such", null},
                              {null, "no-such-user"}};
        for (String[] filter : filters) {
            for (FileLevel<?> level : FileLevel.values()) {
                for (PageSize size : SIZES) {
                    queries.add(new FileQuery(filter[0], filter[1], level, size));
                }
            }
        }
        return queries;
    }

    /** Compares every field, the times included. */
    public static Report compare(Side left, Side right, List<? extends PortQuery> queries) {
        return compare(left, right, queries, false);
    }

    /** Compares, leaving out the times that change between two calls when {@code ignoreSeconds}. */
    public static Report compare(Side left, Side right, List<? extends PortQuery> queries, boolean ignoreSeconds) {
        for (PortQuery query : queries) { // a side of another port is the caller's mistake, not a difference
            left.as(query.port());
            right.as(query.port());
        }
        List<Difference> differences = new ArrayList<>();
        for (PortQuery query : queries) {
            Outcome a = walk(left, query);
            Outcome b = walk(right, query);
            new Comparison(query, differences, ignoreSeconds).outcomes(a, b);
        }
        return new Report(left.label(), right.label(), queries.size(), List.copyOf(differences));
    }

    /** The pages of one query, then how it ended: null if well, else the failure. */
    private record Outcome(List<Page<?>> pages, String failure) {
    }

    private static Outcome walk(Side side, PortQuery query) {
        List<Page<?>> pages = new ArrayList<>();
        Set<ResumeHandle> sent = new HashSet<>();
        try {
            ResumeHandle resume = ResumeHandle.START;
            while (pages.size() < MAX_PAGES) {
                sent.add(resume);
                Page<?> page = query.page(side, resume);
                pages.add(ContractEnvironment.withoutSecurity(page)); // the adapter's, not the server's answer
                if (!page.moreData()) {
                    return new Outcome(pages, null);
                }
                if (sent.contains(page.resumeHandle())) {
                    return new Outcome(pages, "no progress: resume handle " + page.resumeHandle().value() + " again");
                }
                resume = page.resumeHandle();
            }
            return new Outcome(pages, "more than " + MAX_PAGES + " pages");
        } catch (NetApiStatusException e) {
            return new Outcome(pages, "NetApiStatusException " + e.symbolicName());
        } catch (Exception e) {
            return new Outcome(pages, e.getClass().getSimpleName());
        }
    }

    private static final class Comparison {
        private final PortQuery query;
        private final List<Difference> out;
        private final boolean ignoreSeconds;

        Comparison(PortQuery query, List<Difference> out, boolean ignoreSeconds) {
            this.query = query;
            this.out = out;
            this.ignoreSeconds = ignoreSeconds;
        }

        private void differ(String where, Object a, Object b) {
            if (!Objects.equals(a, b)) {
                out.add(new Difference(query, where, a, b));
            }
        }

        void outcomes(Outcome a, Outcome b) {
            differ("outcome", a.failure() == null ? "success" : a.failure(), b.failure() == null ? "success" : b.failure());
            differ("number of pages", a.pages().size(), b.pages().size());
            for (int i = 0; i < Math.min(a.pages().size(), b.pages().size()); i++) {
                page("page " + (i + 1), a.pages().get(i), b.pages().get(i));
            }
        }

        private void page(String where, Page<?> a, Page<?> b) {
            differ(where + " more data", a.moreData(), b.moreData());
            differ(where + " total entries", a.totalEntries(), b.totalEntries());
            if (a.moreData() && b.moreData()) {
                differ(where + " resume handle", a.resumeHandle().value(), b.resumeHandle().value());
            }
            differ(where + " entries", a.entries().size(), b.entries().size());
            for (int i = 0; i < Math.min(a.entries().size(), b.entries().size()); i++) {
                entry(where + " entry " + (i + 1), a.entries().get(i), b.entries().get(i));
            }
        }

        /**
         * The entries' level, then each component of {@code a}'s record that {@code b}'s has too
         * (all of them when both are of one level), in the record's order.
         */
        private void entry(String where, Object a, Object b) {
            differ(where + " level", a.getClass().getSimpleName(), b.getClass().getSimpleName());
            List<String> theirs = Arrays.stream(components(b)).map(RecordComponent::getName).toList();
            for (RecordComponent component : components(a)) {
                String name = component.getName();
                if (theirs.contains(name) && !(ignoreSeconds && TIMES.contains(name))) {
                    differ(where + " " + name, value(a, name), value(b, name));
                }
            }
        }

        private static RecordComponent[] components(Object entry) {
            RecordComponent[] components = entry.getClass().getRecordComponents();
            if (components == null) {
                throw new IllegalArgumentException("an entry that is not a record: " + entry.getClass());
            }
            return components;
        }

        private static Object value(Object entry, String name) {
            for (RecordComponent component : components(entry)) {
                if (component.getName().equals(name)) {
                    try {
                        return component.getAccessor().invoke(entry);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("cannot read " + name + " of " + entry.getClass(), e);
                    }
                }
            }
            throw new IllegalArgumentException(entry.getClass() + " has no " + name);
        }
    }
}
