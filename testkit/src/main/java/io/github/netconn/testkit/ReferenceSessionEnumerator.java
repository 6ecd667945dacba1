package io.github.netconn.testkit;

import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.api.SessionEnumerator;
import io.github.netconn.api.SessionInfo;
import io.github.netconn.api.SessionQuery;
import java.time.Duration;
import java.util.List;

/**
 * A correct adapter of the sessions port over a {@link MemoryServer}: {@link Scenario#answerSessions}
 * with no transport in between, as {@link ReferenceConnectionEnumerator} is for connections.
 */
public class ReferenceSessionEnumerator extends ReferenceEnumerator implements SessionEnumerator {

    public ReferenceSessionEnumerator(MemoryServer server, Account account, Duration responseTimeout) {
        super(server, account, responseTimeout);
    }

    @Override
    public <T extends SessionInfo> Page<T> enumeratePage(SessionQuery<T> query, PageSize pageSize, ResumeHandle resume)
            throws NetConnException {
        String client = query.clientWireValue();
        String user = query.user().orElse(null);
        return call(query.server(), "NetrSessionEnum on " + query.server() + ", client " + client + ", user " + user,
                query.level(), scenario -> scenario.answerSessions(user(), query.level().value(), client, user,
                        pageSize.preferredMaximumLength(), resume.value()),
                ReferenceSessionEnumerator::entries);
    }

    /** The answer's entries as the level's records. */
    static List<SessionInfo> entries(Scenario.Answer<Scenario.Session> answer) {
        return map(answer, s -> switch (answer.level()) {
            case 0 -> SessionInfo.Level0.of(s.computer());
            case 1 -> SessionInfo.Level1.of(s.computer(), s.user(), s.opens(), s.seconds(), s.idleSeconds(),
                    s.flags());
            case 2 -> SessionInfo.Level2.of(s.computer(), s.user(), s.opens(), s.seconds(), s.idleSeconds(),
                    s.flags(), s.clientType());
            case 10 -> SessionInfo.Level10.of(s.computer(), s.user(), s.seconds(), s.idleSeconds());
            case 502 -> SessionInfo.Level502.of(s.computer(), s.user(), s.opens(), s.seconds(), s.idleSeconds(),
                    s.flags(), s.clientType(), s.transport());
            default -> throw new IllegalStateException("entries at level " + answer.level());
        });
    }
}
