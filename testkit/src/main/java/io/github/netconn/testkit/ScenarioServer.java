package io.github.netconn.testkit;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * A server that answers {@code NetrConnectionEnum} from a {@link Scenario}: the scripted
 * server ({@link ScriptedServer}), the native stand-in of Netapi32, or {@link MemoryServer}.
 * The contract suite loads a scenario, then queries the server through the adapter under
 * test and compares with {@link Scenario#answer}.
 */
public interface ScenarioServer extends AutoCloseable {

    /** From now on the server answers as {@code scenario} says. */
    void load(Scenario scenario) throws IOException;

    /** The server name queries carry, e.g. {@code 127.0.0.1:14460}; null for the local computer. */
    String serverName();

    /** A server name on which nothing answers, for C9's unreachable host. */
    String unreachableServerName();

    /** How many times a client has logged on so far, if the server can tell (C12). */
    default OptionalLong logins() {
        return OptionalLong.empty();
    }

    /** How many handles or buffers are held by clients right now, if the server can tell (C10). */
    default OptionalLong outstandingHandles() {
        return OptionalLong.empty();
    }

    @Override
    void close();
}
