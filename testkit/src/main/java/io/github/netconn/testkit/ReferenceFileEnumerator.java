package io.github.netconn.testkit;

import io.github.netconn.api.FileEnumerator;
import io.github.netconn.api.FileInfo;
import io.github.netconn.api.FileQuery;
import io.github.netconn.api.NetConnException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ResumeHandle;
import java.time.Duration;
import java.util.List;

/**
 * A correct adapter of the open-files port over a {@link MemoryServer}: {@link Scenario#answerFiles}
 * with no transport in between, as {@link ReferenceConnectionEnumerator} is for connections.
 */
public class ReferenceFileEnumerator extends ReferenceEnumerator implements FileEnumerator {

    public ReferenceFileEnumerator(MemoryServer server, Account account, Duration responseTimeout) {
        super(server, account, responseTimeout);
    }

    @Override
    public <T extends FileInfo> Page<T> enumeratePage(FileQuery<T> query, PageSize pageSize, ResumeHandle resume)
            throws NetConnException {
        String basePath = query.basePath().orElse(null);
        String user = query.user().orElse(null);
        return call(query.server(), "NetrFileEnum on " + query.server() + ", base path " + basePath + ", user " + user,
                query.level(), scenario -> scenario.answerFiles(user(), query.level().value(), basePath, user,
                        pageSize.preferredMaximumLength(), resume.value()),
                ReferenceFileEnumerator::entries);
    }

    /** The answer's entries as the level's records. */
    static List<FileInfo> entries(Scenario.Answer<Scenario.OpenFile> answer) {
        return map(answer, f -> answer.level() == 2 ? new FileInfo.Level2(f.id())
                : FileInfo.Level3.of(f.id(), f.permissions(), f.locks(), f.path(), f.user()));
    }
}
