package io.github.netconn.testkit;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.ResumeHandle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * C13: runs the same queries through two enumerators, page by page, and reports every
 * difference field by field: the pages (count, entries, hint, resume handle while more
 * data remains, more-data flag), each entry's fields, and failures (exception kind and
 * status code). Seconds connected may be left out, as it changes between two calls.
 */
public final class AgreementCheck {

    private static final int MAX_PAGES = 100_000;

    private AgreementCheck() {
    }

    /** One side of the comparison: an enumerator and the server name its queries carry. */
    public record Side(String label, ConnectionEnumerator enumerator, String serverName) {
        public Side {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(enumerator, "enumerator");
        }
    }

    /** One query of the check. */
    public record Query(String qualifier, ConnectionLevel<?> level, PageSize pageSize) {
        @Override
        public String toString() {
            return qualifier + " at " + level + ", " + pageSize;
        }
    }

    /** One difference: which query, where in the answer, and the two values. */
    public record Difference(Query query, String where, Object left, Object right) {
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

    /**
     * The standard set: levels 0 and 1; the share, the computer, an unknown share and an
     * unknown computer; page sizes all, 100 and 1,000 bytes.
     */
    public static List<Query> standardQueries(String share, String computer) {
        List<Query> queries = new ArrayList<>();
        for (String qualifier : List.of(share, computer, "NO_SUCH_SHARE", "\\\\NO-SUCH-COMPUTER")) {
            for (ConnectionLevel<?> level : ConnectionLevel.values()) {
                for (PageSize size : List.of(PageSize.ALL, PageSize.ofBytes(100), PageSize.ofBytes(1_000))) {
                    queries.add(new Query(qualifier, level, size));
                }
            }
        }
        return queries;
    }

    /** Compares every field, seconds connected included. */
    public static Report compare(Side left, Side right, List<Query> queries) {
        return compare(left, right, queries, false);
    }

    /** Compares, leaving out seconds connected when {@code ignoreSeconds}. */
    public static Report compare(Side left, Side right, List<Query> queries, boolean ignoreSeconds) {
        List<Difference> differences = new ArrayList<>();
        for (Query query : queries) {
            Outcome a = walk(left, query);
            Outcome b = walk(right, query);
            new Comparison(query, differences, ignoreSeconds).outcomes(a, b);
        }
        return new Report(left.label(), right.label(), queries.size(), List.copyOf(differences));
    }

    /** The pages of one query, then how it ended: null if well, else the failure. */
    private record Outcome(List<Page<? extends ConnectionInfo>> pages, String failure) {
    }

    private static Outcome walk(Side side, Query query) {
        List<Page<? extends ConnectionInfo>> pages = new ArrayList<>();
        Set<ResumeHandle> sent = new HashSet<>();
        try {
            ConnectionQuery<?> q = new ConnectionQuery<>(side.serverName(), Qualifier.of(query.qualifier()),
                    query.level());
            ResumeHandle resume = ResumeHandle.START;
            while (pages.size() < MAX_PAGES) {
                sent.add(resume);
                Page<? extends ConnectionInfo> page = side.enumerator().enumeratePage(q, query.pageSize(), resume);
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
        private final Query query;
        private final List<Difference> out;
        private final boolean ignoreSeconds;

        Comparison(Query query, List<Difference> out, boolean ignoreSeconds) {
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

        private void page(String where, Page<? extends ConnectionInfo> a, Page<? extends ConnectionInfo> b) {
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

        private void entry(String where, ConnectionInfo a, ConnectionInfo b) {
            differ(where + " level", a.getClass().getSimpleName(), b.getClass().getSimpleName());
            differ(where + " id", a.id(), b.id());
            if (a instanceof ConnectionInfo.Level1 x && b instanceof ConnectionInfo.Level1 y) {
                differ(where + " shareType", x.shareType().raw(), y.shareType().raw());
                differ(where + " openCount", x.openCount(), y.openCount());
                differ(where + " userCount", x.userCount(), y.userCount());
                if (!ignoreSeconds) {
                    differ(where + " secondsConnected", x.secondsConnected(), y.secondsConnected());
                }
                differ(where + " userName", x.userName(), y.userName());
                differ(where + " netName", x.netName(), y.netName());
            }
        }
    }
}
