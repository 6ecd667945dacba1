package io.github.netconn.cli;

import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.Qualifier;
import io.github.netconn.api.SessionSecurity;
import io.github.netconn.api.ShareType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How values are spelled in the text and table formats, and the sample's messages. */
final class Cells {

    /** Shown for a NULL string in the text and table formats. */
    static final String NULL = "-";

    private Cells() {
    }

    /**
     * A string for the text format (columns separated by tabs): as it is, unless it is
     * NULL ({@code -}), or could be mistaken for something else — empty, {@code -}, starting
     * with a double quote, or holding a control or line-separator character — in which case
     * it is written as a JSON string literal, with its quotes.
     */
    static String text(Optional<String> value) {
        return value.map(s -> needsQuotes(s, false) ? quoted(s) : s).orElse(NULL);
    }

    /** As {@link #text}, and also quoted when it holds any white space (table columns are separated by spaces). */
    static String table(Optional<String> value) {
        return value.map(s -> needsQuotes(s, true) ? quoted(s) : s).orElse(NULL);
    }

    private static boolean needsQuotes(String s, boolean spaceSeparated) {
        if (s.isEmpty() || s.equals(NULL) || s.charAt(0) == '"') {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (invisible(s, i)) {
                return true;
            }
            if (spaceSeparated && (Character.isWhitespace(c) || Character.isSpaceChar(c))) {
                return true;
            }
        }
        return false;
    }

    /** A control, line separator or format character, or a surrogate without its other half. */
    private static boolean invisible(String s, int i) {
        char c = s.charAt(i);
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT || Character.isSurrogate(c) && !paired(s, i);
    }

    private static boolean paired(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /**
     * {@code s} as a JSON string literal, quotes included. Invisible and unencodable
     * characters (controls, line separators, format characters, unpaired surrogates) become
     * JSON escapes (backslash, u, four hex digits), so the exact value survives any output
     * encoding.
     */
    static String quoted(String s) {
        StringBuilder json = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (invisible(s, i)) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    /** The base type's name (DISKTREE, PRINTQ, DEVICE, IPC), or TYPE_n for a value lmshare.h does not define. */
    static String baseType(ShareType type) {
        return type.baseType().map(Enum::name).orElse("TYPE_" + type.baseTypeValue());
    }

    /** The names of the flags that are set, in lmshare.h's order. */
    static List<String> flags(ShareType type) {
        List<String> names = new ArrayList<>();
        type.flags().forEach(flag -> names.add(flag.name()));
        return names;
    }

    /** The sample program's line for a query that found nothing. */
    static String nothingFound(ConnectionQuery<?> query) {
        if (query.qualifier() instanceof Qualifier.Computer) {
            return "No connection to " + query.serverName().map(s -> "\\\\" + s).orElse("LocalMachine")
                    + " from " + query.qualifier().wireValue();
        }
        return "No one connected to " + query.serverName().map(s -> "\\\\" + s).orElse("\\\\LocalMachine")
                + "\\" + query.qualifier().wireValue();
    }

    /** The names under which the JSON and CSV outputs write a {@link SessionSecurity}, in order. */
    static final List<String> SECURITY = List.of("dialect", "signing", "encryption", "authentication",
            "downgradeProtection");

    /** A {@link SessionSecurity}'s values, in the order of {@link #SECURITY}. */
    static List<String> security(SessionSecurity s) {
        return List.of(s.dialect(), s.signing(), s.encryption(), s.authentication(), s.downgradeProtection());
    }
}
