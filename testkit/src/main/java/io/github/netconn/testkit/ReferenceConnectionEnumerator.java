package io.github.netconn.testkit;

import io.github.netconn.api.ConnectionEnumerator;
import io.github.netconn.api.ConnectionInfo;
import io.github.netconn.api.ConnectionQuery;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ResumeHandle;
import java.time.Duration;
import java.util.List;

/**
 * A correct adapter of the connections port over a {@link MemoryServer}: what every rule of
 * the contract expects, with no transport in between. The testkit checks its own tests
 * against it, and the agreement check (C13) compares real adapters with it.
 */
public class ReferenceConnectionEnumerator extends ReferenceEnumerator implements ConnectionEnumerator {

    public ReferenceConnectionEnumerator(MemoryServer server, Account account, Duration responseTimeout) {
        super(server, account, responseTimeout);
    }

    @Override
    public <T extends ConnectionInfo> Page<T> enumeratePage(ConnectionQuery<T> query, PageSize pageSize,
            ResumeHandle resume)
            throws NetConnException {
        String qualifier = query.qualifier().wireValue();
        return call(query.server(), "NetrConnectionEnum on " + query.server() + ", qualifier " + qualifier,
                query.level(), scenario -> scenario.answer(user(), query.level().value(), qualifier,
                        pageSize.preferredMaximumLength(), resume.value()),
                ReferenceConnectionEnumerator::entries);
    }

    /** The answer's entries as the level's records. */
    static List<ConnectionInfo> entries(Scenario.Answer<Scenario.Entry> answer) {
        return map(answer, e -> answer.level() == 0 ? new ConnectionInfo.Level0(e.id())
                : ConnectionInfo.Level1.of(e.id(), e.type(), e.opens(), e.users(), e.seconds(), e.userName(),
                        e.netName()));
    }
}
