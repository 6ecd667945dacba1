package io.github.netconn.testkit;

import static io.github.netconn.testkit.ContractEnvironment.TIMEOUT;
import static io.github.netconn.testkit.ContractEnvironment.assertStatus;
import static io.github.netconn.testkit.ContractEnvironment.catchAll;
import static io.github.netconn.testkit.ContractEnvironment.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.netconn.api.FileEnumerator;
import io.github.netconn.api.FileInfo;
import io.github.netconn.api.FileLevel;
import io.github.netconn.api.FileQuery;
import io.github.netconn.api.NetApiStatusException;
import io.github.netconn.api.Page;
import io.github.netconn.api.PageSize;
import io.github.netconn.api.ResumeHandle;
import io.github.netconn.testkit.SambaFixture.HeldConnection.Access;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Samba rules of the {@link FileEnumerator} contract: checked against a real Samba with
 * real open files and byte-range locks held by the test ({@link SambaFixture.HeldConnection}),
 * as {@link SambaContract} does for connections. An adapter joins by subclassing this class and
 * implementing {@link #files}.
 *
 * <p>What Samba 4.17 (to its current source) answers, as these rules pin it: level 3 only
 * (level 2 is ERROR_INVALID_LEVEL, checked before the caller); one entry per open of a file
 * or directory, in no fixed order, named pipes (the enumerator's own srvsvc pipe among them)
 * not listed; the path is {@code C:} and the share's Unix path and the file's, with {@code /}
 * turned into {@code \} ({@code C:\srv\data\docs\notes.txt}); the user is the Unix name of the
 * opener; the permissions are the open's access masked to PERM_FILE_READ and PERM_FILE_WRITE;
 * the lock count is the byte-range locks on the file, whoever holds them (two opens of one
 * file show the same count); the id is the serving smbd's process id times 65536 plus the
 * open's number in that process. The user filter is honoured, ignoring case (an unknown user
 * gives no entries, with no NERR_UserNotFound); the base path is ignored; the page size is
 * ignored; the resume handle is ignored and sent back as it came (every answer starts at the
 * first file, so a client that sends 0 gets everything once). Only BUILTIN\Administrators may
 * call (ERROR_ACCESS_DENIED).
 *
 * <p>Each test is named after its rule ({@code f05_samba_...} checks F5 on Samba).
 */
public abstract class SambaFileContract extends SambaPart {

    /** A new enumerator of the adapter under test, logging on as {@code account}. */
    protected abstract FileEnumerator files(Account account, Duration responseTimeout) throws Exception;

    private FileQuery<FileInfo.Level3> query() {
        return FileQuery.on(samba().serverName(), FileLevel.LEVEL_3);
    }

    /**
     * F5 on Samba: one entry per held open file with its real path, user, permissions (as
     * opened) and lock count; ids distinct, those of one connection sharing their high 16 bits
     * (the serving process); the srvsvc pipes of a held IPC$ connection and of the enumerator
     * not listed. <em>If this fails:</em> compare the rows; wrong numbers mean a field is decoded
     * from the wrong place, a wrong path that a string is cut or mis-decoded.
     */
    @Test
    public void f05_samba_level3GivesEachHeldFile() throws Exception {
        awaitNoSessions();
        try (SambaFixture.HeldConnection admin = samba().connect(Account.ADMIN, "DATA");
             SambaFixture.HeldConnection plain = samba().connect(Account.PLAIN, "PUBLIC");
             SambaFixture.HeldConnection pipe = samba().connect(Account.PLAIN, "IPC$");
             FileEnumerator e = files(Account.ADMIN, TIMEOUT)) {
            admin.open("readme.txt", Access.READ).lock(0, 4);
            SambaFixture.HeldFile notes = admin.open("docs/notes.txt", Access.READ_WRITE);
            notes.lock(0, 4);
            notes.lock(10, 4);
            plain.open("table.csv", Access.WRITE);
            List<FileInfo.Level3> entries = e.enumerateAll(query());
            assertEquals(List.of(
                            path("DATA", "docs/notes.txt") + " netadmin perms 3 locks 2",
                            path("DATA", "readme.txt") + " netadmin perms 1 locks 1",
                            path("PUBLIC", "table.csv") + " netuser perms 2 locks 0"),
                    rows(entries), () -> "open files at level 3: " + entries);
            Map<String, List<Long>> ids = entries.stream().collect(Collectors.groupingBy(
                    f -> account(f.userName().orElseThrow()), Collectors.mapping(FileInfo::id, Collectors.toList())));
            List<Long> adminIds = ids.get(Account.ADMIN.user());
            long plainId = ids.get(Account.PLAIN.user()).get(0);
            assertNotEquals(adminIds.get(0), adminIds.get(1), "ids of two files");
            assertEquals(adminIds.get(0) >>> 16, adminIds.get(1) >>> 16, () -> "process of one connection: " + ids);
            assertNotEquals(adminIds.get(0) >>> 16, plainId >>> 16, () -> "processes of two connections: " + ids);
        }
    }

    /**
     * F5 on Samba: the lock count is per file: two opens of one file, by two users, show the
     * locks both hold, and a file nobody locked shows none. <em>If this fails:</em> look at
     * which field is read as {@code fi3_num_locks}.
     */
    @Test
    public void f05_samba_locksAreCountedPerFile() throws Exception {
        awaitNoSessions();
        try (SambaFixture.HeldConnection admin = samba().connect(Account.ADMIN, "ARCHIVE");
             SambaFixture.HeldConnection plain = samba().connect(Account.PLAIN, "ARCHIVE");
             FileEnumerator e = files(Account.ADMIN, TIMEOUT)) {
            SambaFixture.HeldFile mine = admin.open("table.csv", Access.READ_WRITE);
            mine.lock(0, 1);
            mine.lock(1, 1);
            plain.open("table.csv", Access.READ).lock(2, 1);
            plain.open("readme.txt", Access.READ);
            List<FileInfo.Level3> entries = e.enumerateAll(query());
            assertEquals(List.of(
                            path("ARCHIVE", "readme.txt") + " netuser perms 1 locks 0",
                            path("ARCHIVE", "table.csv") + " netadmin perms 3 locks 3",
                            path("ARCHIVE", "table.csv") + " netuser perms 1 locks 3"),
                    rows(entries), () -> "open files at level 3: " + entries);
        }
    }

    /**
     * F1 on Samba: the user filter is honoured, ignoring case; a user with no open file, or no
     * account, gives no entries and no error. <em>If this fails:</em> the filter does not reach
     * Samba (every file comes back), or an empty answer is mistaken for a failure.
     */
    @Test
    public void f01_samba_userFilterHonoured() throws Exception {
        awaitNoSessions();
        try (SambaFixture.HeldConnection admin = samba().connect(Account.ADMIN, "DATA");
             SambaFixture.HeldConnection plain = samba().connect(Account.PLAIN, "PUBLIC");
             FileEnumerator e = files(Account.ADMIN, TIMEOUT)) {
            admin.open("readme.txt");
            plain.open("readme.txt");
            plain.open("table.csv");
            List<String> plainOnly = List.of(path("PUBLIC", "readme.txt") + " netuser perms 1 locks 0",
                    path("PUBLIC", "table.csv") + " netuser perms 1 locks 0");
            assertEquals(3, e.enumerateAll(query()).size(), "every open file, unfiltered");
            assertEquals(plainOnly, rows(e.enumerateAll(query().ofUser(shown(Account.PLAIN)))), "files of netuser");
            assertEquals(plainOnly, rows(e.enumerateAll(query().ofUser(shown(Account.PLAIN).toUpperCase(Locale.ROOT)))), "files of NETUSER");
            assertEquals(List.of(), e.enumerateAll(query().ofUser("nosuchuser")), "files of nosuchuser");
        }
    }

    /**
     * F1 on Samba: the base path is ignored: a base path that one file is under, or that no
     * file is under, gives every open file. <em>If this fails:</em> the adapter filters entries
     * itself.
     */
    @Test
    public void f01_samba_basePathIgnored() throws Exception {
        awaitNoSessions();
        try (SambaFixture.HeldConnection admin = samba().connect(Account.ADMIN, "DATA");
             SambaFixture.HeldConnection plain = samba().connect(Account.PLAIN, "PUBLIC");
             FileEnumerator e = files(Account.ADMIN, TIMEOUT)) {
            admin.open("readme.txt");
            plain.open("table.csv");
            List<String> all = rows(e.enumerateAll(query()));
            assertEquals(2, all.size(), () -> "every open file: " + all);
            for (String base : List.of(path("PUBLIC", ""), "C:\\nowhere")) {
                assertEquals(all, rows(e.enumerateAll(query().under(base))), "files under " + base);
            }
        }
    }

    /**
     * F3 on Samba: level 2 is ERROR_INVALID_LEVEL, for the plain account too (Samba checks the
     * level before the caller). <em>If this fails:</em> look at how the status of Samba's reply
     * is mapped, or whether level 2 is sent as 2.
     */
    @Test
    public void f03_samba_level2Refused() throws Exception {
        try (FileEnumerator admin = files(Account.ADMIN, TIMEOUT);
             FileEnumerator plain = files(Account.PLAIN, TIMEOUT)) {
            FileQuery<FileInfo.Level2> two = query().at(FileLevel.LEVEL_2);
            assertStatus("level 2", () -> admin.enumerateAll(two), 124, NetApiStatusException.Kind.INVALID_LEVEL);
            assertStatus("level 2 as " + Account.PLAIN.user(), () -> plain.enumerateAll(two), 124,
                    NetApiStatusException.Kind.INVALID_LEVEL);
            assertNull(catchAll(() -> admin.enumerateAll(query())), "level 3 after the refusal");
        }
    }

    /**
     * F7 and F8 on Samba: the resume handle and the page size are ignored. A one-byte first
     * page holds every open file with handle 0 back and no "more data"; a page asked from
     * handle 2 holds every file again, with handle 2 sent back; {@code enumerateAll} with a
     * one-byte page gets every file once. <em>If this fails:</em> look at which handle the
     * adapter sends and returns, and whether it stops on Samba's final answer.
     */
    @Test
    public void f07_samba_resumeHandleAndPageSizeIgnored() throws Exception {
        awaitNoSessions();
        try (SambaFixture.HeldConnection admin = samba().connect(Account.ADMIN, "DATA");
             FileEnumerator e = files(Account.ADMIN, TIMEOUT)) {
            admin.open("readme.txt");
            admin.open("table.csv");
            admin.open("docs/notes.txt");
            Page<FileInfo.Level3> first = e.enumeratePage(query(), PageSize.ofBytes(1), ResumeHandle.START);
            assertEquals(3, first.entries().size(), () -> "a one-byte page: " + first);
            assertEquals(3, first.totalEntries(), "total entries");
            assertEquals(ResumeHandle.START, first.resumeHandle(), "the handle back");
            assertFalse(first.moreData(), "Samba never answers ERROR_MORE_DATA");

            Page<FileInfo.Level3> again = e.enumeratePage(query(), PageSize.ofBytes(1), new ResumeHandle(2));
            assertEquals(rows(first.entries()), rows(again.entries()), "the page from handle 2");
            assertEquals(new ResumeHandle(2), again.resumeHandle(), "the handle back: the one sent");
            assertFalse(again.moreData(), "more data from handle 2");

            assertEquals(rows(first.entries()), rows(e.enumerateAll(query(), PageSize.ofBytes(1))),
                    "every file through enumerateAll with a one-byte page");
        }
    }

    /**
     * F7 on Samba: 120 open files (about 110 bytes each: a reply of four DCE/RPC fragments for
     * a client that takes 4,280 bytes a fragment) all arrive.
     * <em>If this fails:</em> look at how the fragments of one reply are put together.
     */
    @Test
    public void f07_samba_manyFilesInSeveralFragments() throws Exception {
        awaitNoSessions();
        try (SambaFixture.HeldConnection admin = samba().connect(Account.ADMIN, "DATA");
             SambaFixture.HeldConnection plain = samba().connect(Account.PLAIN, "PUBLIC");
             FileEnumerator e = files(Account.ADMIN, TIMEOUT)) {
            for (int i = 0; i < 60; i++) {
                admin.open("docs/notes.txt");
                plain.open("readme.txt", Access.READ_WRITE);
            }
            List<FileInfo.Level3> entries = e.enumerateAll(query());
            assertEquals(120, entries.size(), "120 open files");
            String readme = path("PUBLIC", "readme.txt") + " netuser perms 3 locks 0";
            assertEquals(60, rows(entries).stream().filter(readme::equals).count(), "rows " + readme);
            assertEquals(120, entries.stream().map(FileInfo::id).distinct().count(), "distinct ids");
        }
    }

    /**
     * F9 on Samba: the plain account is denied (ERROR_ACCESS_DENIED); the admin account works
     * after. <em>If this fails:</em> look at how the status of Samba's reply is mapped.
     */
    @Test
    public void f09_samba_plainAccountDenied() throws Exception {
        try (FileEnumerator plain = files(Account.PLAIN, TIMEOUT);
             FileEnumerator admin = files(Account.ADMIN, TIMEOUT)) {
            assertStatus("level 3 as " + Account.PLAIN.user(), () -> plain.enumerateAll(query()), 5,
                    NetApiStatusException.Kind.ACCESS_DENIED);
            Throwable thrown = catchAll(() -> admin.enumerateAll(query()));
            assertNull(thrown, () -> "the admin account after the failure: " + describe(thrown));
        }
    }

    /**
     * F12 on Samba: five calls use one session as Samba sees it, and close() ends it.
     * <em>If this fails:</em> the adapter logs on per call, or close() does not log off.
     */
    @Test
    public void f12_samba_oneSessionReusedAndReleasedOnClose() throws Exception {
        assertOneSessionReusedAndReleasedOnClose(() -> files(Account.ADMIN, TIMEOUT), e -> e.enumerateAll(query()));
    }

    /**
     * The path Samba gives a file of {@code share}: {@code C:}, the share's Unix path and
     * {@code file}, every {@code /} turned into {@code \}; the share's own path for an empty file.
     */
    private String path(String share, String file) throws IOException {
        String unix = samba().sharePath(share) + (file.isEmpty() ? "" : "/" + file);
        return "C:" + unix.replace('/', '\\');
    }

    /** Waits until the sessions of earlier rules, and so their open files, are gone. */
    private void awaitNoSessions() throws Exception {
        for (String user : List.of(Account.ADMIN.user(), Account.PLAIN.user())) {
            samba().awaitSessions(user, 0, Duration.ofSeconds(10));
        }
    }

    /** The entries as sorted rows of path, user, permissions and lock count. */
    private List<String> rows(List<FileInfo.Level3> entries) {
        return entries.stream()
                .map(f -> f.pathName().orElse("NULL") + " " + f.userName().map(this::account).orElse("NULL") + " perms "
                        + f.permissions().raw() + " locks " + f.lockCount())
                .sorted()
                .collect(Collectors.toList());
    }
}
