package io.github.netconn.cli;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Every field in aligned columns, separated by at least two spaces, under a header: ID,
 * TYPE (the raw value in hex), BASE, FLAGS ({@code |}-separated, {@code -} for none),
 * OPENS, USERS, SECONDS, USER, NETNAME; level 0 has ID only. Strings follow
 * {@link Cells#table}: NULL is {@code -}, and a value with white space is a JSON string
 * literal, so every cell is one token. A single query sizes the columns to fit; a sweep
 * prints rows as they arrive, in fixed widths that long values overflow, and reports an
 * empty or failed server on a line of its own.
 */
final class TableOutput extends Output {

    private static final String[] LEVEL_1 = {"ID", "TYPE", "BASE", "FLAGS", "OPENS", "USERS", "SECONDS", "USER", "NETNAME"};
    private static final boolean[] LEVEL_1_NUMERIC = {true, false, false, false, true, true, true, false, false};
    private static final int[] LEVEL_1_SWEEP_WIDTHS = {10, 10, 8, 9, 5, 5, 7, 16, 0};
    private static final int SERVER_SWEEP_WIDTH = 21;

    TableOutput(PrintStream out, ConnectionLevel<?> level, boolean sweep) {
        super(out, level, sweep);
    }

    @Override
    void begin() {
        if (sweep) {
            List<String> header = new ArrayList<>(List.of("SERVER"));
            header.addAll(List.of(columns()));
            out.println(line(header, sweepWidths(), sweepNumeric()));
            out.flush();
        }
    }

    @Override
    void accept(Result result) {
        if (sweep) {
            acceptInSweep(result);
        } else if (result.entries().isEmpty()) {
            out.println(Cells.nothingFound(result.query()));
        } else {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of(columns()));
            result.entries().forEach(entry -> rows.add(cells(entry)));
            int[] widths = new int[columns().length];
            for (List<String> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    widths[i] = Math.max(widths[i], width(row.get(i)));
                }
            }
            for (List<String> row : rows) {
                out.println(line(row, widths, numeric()));
            }
        }
        out.flush();
    }

    private void acceptInSweep(Result result) {
        String server = pad(result.server(), SERVER_SWEEP_WIDTH, false) + "  ";
        if (!result.succeeded()) {
            out.println(server + "Error: " + result.failure().code() + "  " + result.failure().detail());
        } else if (result.entries().isEmpty()) {
            out.println(server + Cells.nothingFound(result.query()));
        } else {
            for (ConnectionInfo entry : result.entries()) {
                List<String> row = new ArrayList<>(List.of(result.server()));
                row.addAll(cells(entry));
                out.println(line(row, sweepWidths(), sweepNumeric()));
            }
        }
    }

    private String[] columns() {
        return level == ConnectionLevel.LEVEL_1 ? LEVEL_1 : new String[] {"ID"};
    }

    private boolean[] numeric() {
        return level == ConnectionLevel.LEVEL_1 ? LEVEL_1_NUMERIC : new boolean[] {true};
    }

    private int[] sweepWidths() {
        int[] own = level == ConnectionLevel.LEVEL_1 ? LEVEL_1_SWEEP_WIDTHS : new int[] {0};
        int[] widths = new int[own.length + 1];
        widths[0] = SERVER_SWEEP_WIDTH;
        System.arraycopy(own, 0, widths, 1, own.length);
        return widths;
    }

    private boolean[] sweepNumeric() {
        boolean[] own = numeric();
        boolean[] numeric = new boolean[own.length + 1];
        System.arraycopy(own, 0, numeric, 1, own.length);
        return numeric;
    }

    private static List<String> cells(ConnectionInfo entry) {
        if (entry instanceof ConnectionInfo.Level1 info) {
            List<String> flags = Cells.flags(info.shareType());
            return List.of(Long.toString(info.id()), String.format("0x%08X", info.shareType().raw()),
                    Cells.baseType(info.shareType()), flags.isEmpty() ? "-" : String.join("|", flags),
                    Long.toString(info.openCount()), Long.toString(info.userCount()),
                    Long.toString(info.secondsConnected()), Cells.table(info.userName()), Cells.table(info.netName()));
        }
        return List.of(Long.toString(entry.id()));
    }

    /** The cells padded to their widths (numbers on the right), two spaces apart; the last one unpadded. */
    private static String line(List<String> cells, int[] widths, boolean[] numeric) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            boolean last = i == cells.size() - 1;
            if (i > 0) {
                line.append("  ");
            }
            line.append(last && !numeric[i] ? cells.get(i) : pad(cells.get(i), widths[i], numeric[i]));
        }
        return line.toString();
    }

    private static String pad(String cell, int width, boolean right) {
        int missing = width - width(cell);
        if (missing <= 0) {
            return cell;
        }
        String spaces = " ".repeat(missing);
        return right ? spaces + cell : cell + spaces;
    }

    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
