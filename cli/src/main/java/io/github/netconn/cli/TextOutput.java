package io.github.netconn.cli;

import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionLevel;
import java.io.PrintStream;

/**
 * The sample program's output: {@code userName<TAB>netName} per connection at level 1,
 * the id at level 0, its "No one connected" / "No connection" line when nothing is found.
 * In a sweep each line starts with the server and a tab, and a failure is the line
 * {@code server<TAB>Error: N<TAB>detail}.
 */
final class TextOutput extends Output {

    TextOutput(PrintStream out, ConnectionLevel<?> level, boolean sweep) {
        super(out, level, sweep);
    }

    @Override
    void accept(Result result) {
        String prefix = sweep ? result.server() + "\t" : "";
        if (!result.succeeded()) {
            out.println(prefix + "Error: " + result.failure().code() + "\t" + result.failure().detail());
        } else if (result.entries().isEmpty()) {
            out.println(prefix + Cells.nothingFound(result.query()));
        } else {
            for (ConnectionInfo entry : result.entries()) {
                if (entry instanceof ConnectionInfo.Level1 info) {
                    out.println(prefix + Cells.text(info.userName()) + "\t" + Cells.text(info.netName()));
                } else {
                    out.println(prefix + entry.id());
                }
            }
        }
        out.flush();
    }
}
