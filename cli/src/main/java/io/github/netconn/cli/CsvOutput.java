package io.github.netconn.cli;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * CSV as RFC 4180 writes it: a header row, CRLF line ends, a field in double quotes when
 * it holds a comma, a quote, CR or LF, or starts or ends with white space, with its quotes
 * doubled. A NULL string is an empty field and an empty string is {@code ""}, so the two
 * stay apart. Columns: {@code id}; at level 1 also {@code shareType} (raw number),
 * {@code baseType}, {@code flags} ({@code |}-separated), {@code openCount},
 * {@code userCount}, {@code secondsConnected}, {@code userName}, {@code netName}; then what
 * protected the answer ({@link io.github.netconn.api.SessionSecurity}, empty where the adapter
 * does not say): {@code dialect}, {@code signing}, {@code encryption}, {@code authentication},
 * {@code downgradeProtection}. A sweep
 * adds {@code server} first and {@code errorKind}, {@code errorCode}, {@code errorName},
 * {@code errorMessage} last, filled on a failed server's row only.
 */
final class CsvOutput extends Output {

    private static final List<String> LEVEL_1 = List.of("id", "shareType", "baseType", "flags", "openCount",
            "userCount", "secondsConnected", "userName", "netName");
    private static final List<String> ERROR = List.of("errorKind", "errorCode", "errorName", "errorMessage");

    CsvOutput(PrintStream out, ConnectionLevel<?> level, boolean sweep) {
        super(out, level, sweep);
    }

    private List<String> columns() {
        return level == ConnectionLevel.LEVEL_1 ? LEVEL_1 : List.of("id");
    }

    private List<String> header() {
        List<String> header = new ArrayList<>();
        if (sweep) {
            header.add("server");
        }
        header.addAll(columns());
        header.addAll(Cells.SECURITY);
        if (sweep) {
            header.addAll(ERROR);
        }
        return header;
    }

    @Override
    void begin() {
        if (sweep) {
            row(header());
            out.flush();
        }
    }

    @Override
    void accept(Result result) {
        if (!sweep) {
            row(header());
        }
        if (!result.succeeded()) {
            List<String> fields = new ArrayList<>();
            fields.add(field(result.server()));
            fields.addAll(Collections.nCopies(columns().size() + Cells.SECURITY.size(), ""));
            fields.add(field(result.failure().kind().label()));
            fields.add(Long.toString(result.failure().code()));
            fields.add(field(result.failure().name()));
            fields.add(field(result.failure().message()));
            row(fields);
        }
        for (ConnectionInfo entry : result.entries()) {
            List<String> fields = new ArrayList<>();
            if (sweep) {
                fields.add(field(result.server()));
            }
            fields.add(Long.toString(entry.id()));
            if (entry instanceof ConnectionInfo.Level1 info) {
                fields.add(Long.toString(info.shareType().raw()));
                fields.add(Cells.baseType(info.shareType()));
                fields.add(String.join("|", Cells.flags(info.shareType())));
                fields.add(Long.toString(info.openCount()));
                fields.add(Long.toString(info.userCount()));
                fields.add(Long.toString(info.secondsConnected()));
                fields.add(info.userName().map(CsvOutput::field).orElse(""));
                fields.add(info.netName().map(CsvOutput::field).orElse(""));
            }
            result.security().ifPresentOrElse(s -> Cells.security(s).forEach(v -> fields.add(field(v))),
                    () -> fields.addAll(Collections.nCopies(Cells.SECURITY.size(), "")));
            if (sweep) {
                fields.addAll(Collections.nCopies(ERROR.size(), ""));
            }
            row(fields);
        }
        out.flush();
    }

    /** Fields already quoted as needed. */
    private void row(List<String> fields) {
        out.print(String.join(",", fields));
        out.print("\r\n");
    }

    /** A string field: quoted when RFC 4180 needs it, when empty, or when a reader might trim it. */
    static String field(String s) {
        boolean quote = s.isEmpty() || Character.isWhitespace(s.charAt(0))
                || Character.isWhitespace(s.charAt(s.length() - 1));
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        return quote ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
