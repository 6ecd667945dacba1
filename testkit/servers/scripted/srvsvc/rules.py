"""SCENARIO.md's rules, in the order a server applies them: the answer to one
NetrConnectionEnum (rules 1-9), NetrSessionEnum (10-14) or NetrFileEnum (15-18) call. The
testkit's Java reference (Scenario#answer, #answerSessions, #answerFiles) is the other
implementation; ScriptedServerTest compares the two through ../answer_probe.py."""

import dataclasses

# NET_API_STATUS values (MS-SRVS, MS-ERREF)
NERR_SUCCESS = 0
NERR_USER_NOT_FOUND = 2221
ERROR_ACCESS_DENIED = 5
ERROR_INVALID_PARAMETER = 87
ERROR_INVALID_LEVEL = 124
ERROR_MORE_DATA = 234
NERR_NET_NAME_NOT_FOUND = 2310
NERR_CLIENT_NAME_NOT_FOUND = 2312

MAX_PREFERRED_LENGTH = 0xFFFFFFFF
MAX_QUALIFIER_UNITS = 1023
CONNECTION_LEVELS = (0, 1)
SESSION_LEVELS = (0, 1, 2, 10, 502)
SAMBA_SESSION_LEVELS = (0, 1)
FILE_LEVELS = (2, 3)
SAMBA_FILE_LEVELS = (3,)


@dataclasses.dataclass(frozen=True)
class Entry:
    id: int
    type: int
    opens: int
    users: int
    seconds: int
    user: str | None
    netname: str | None


@dataclasses.dataclass(frozen=True)
class Reply:
    status: int
    entries: list | None       # None: the array is sent as a NULL pointer
    total: int
    resume: int | None         # None: no resume handle (NULL pointer)
    # entries: rules.Entry for connections, scenario.Session for sessions, scenario.OpenFile for files


def answer(scenario, caller, level, qualifier, preferred_max, resume):
    """Applies rules 1-9, except rule 1's delay, which the caller of this function sleeps.

    qualifier and resume are None for NULL pointers; caller is the SMB user of the pipe.
    """
    qualifier_valid = bool(qualifier) and utf16_units(qualifier) <= MAX_QUALIFIER_UNITS   # rule 3
    refused = _refusal(scenario, caller, level in CONNECTION_LEVELS, qualifier_valid, resume)
    if refused is not None:
        return refused
    if qualifier.startswith('\\\\'):                                 # rule 6: a computer
        computer = qualifier[2:]
        matching = [c for c in scenario.connections
                    if c.computer is not None and _same_name(c.computer, computer)]
        if not matching:
            return _failed(NERR_CLIENT_NAME_NOT_FOUND, resume)
        entries = [_entry(c, netname=c.share) for c in matching]    # rule 7
    else:                                                            # rule 6: a share
        matching = [c for c in scenario.connections
                    if c.share is not None and _same_name(c.share, qualifier)]
        if not matching and not any(_same_name(s, qualifier) for s in scenario.shares):
            return _failed(NERR_NET_NAME_NOT_FOUND, resume)
        entries = [_entry(c, netname=c.computer) for c in matching]  # rule 7
    return _page(scenario, entries, lambda e: entry_cost(level, e), preferred_max, resume)


def answer_sessions(scenario, caller, level, client, user, preferred_max, resume):
    """Applies rules 10-14 to one NetrSessionEnum call (rule 1's delay is the caller's). client
    is ClientName as sent, with its two backslashes; client, user and resume are None for NULL
    pointers. With quirks.sambaSessionsFiles, Samba's way: levels 0 and 1, no filters, no page
    size, the resume handle an index."""
    if scenario.samba_sessions_files:
        refused = _refusal(scenario, caller, level in SAMBA_SESSION_LEVELS, True, resume)   # rules 1, 10, 12
        if refused is not None:
            return refused
        # Rules 13 and 14 on Samba: every session from the handle's index; TotalEntries all of them;
        # the handle back their number, or 0 when the index was not below it.
        count = len(scenario.sessions)
        start = 0 if resume is None else min(resume, count)
        return _whole(scenario, scenario.sessions[start:], count,
                      None if resume is None else 0 if resume >= count else count)
    refused = _refusal(scenario, caller, level in SESSION_LEVELS, not client or client.startswith('\\\\'),  # rule 11
                       resume)
    if refused is not None:
        return refused                                               # rules 1, 10, 11, 12
    matching = scenario.sessions                                     # rule 13
    if client:
        matching = [s for s in matching if s.computer is not None and _same_name(s.computer, client[2:])]
        if not matching:
            return _failed(NERR_CLIENT_NAME_NOT_FOUND, resume)
    if user:
        matching = [s for s in matching if s.user is not None and _same_name(s.user, user)]
        if not matching:
            return _failed(NERR_USER_NOT_FOUND, resume)
    return _page(scenario, matching, lambda s: session_cost(level, s), preferred_max, resume)   # rule 14


def answer_files(scenario, caller, level, base_path, user, preferred_max, resume):
    """Applies rules 15-18 to one NetrFileEnum call (rule 1's delay is the caller's); base_path,
    user and resume are None for NULL pointers. With quirks.sambaSessionsFiles, Samba's way: level
    3 judged before the caller, the base path, page size and resume handle ignored."""
    samba = scenario.samba_sessions_files
    refused = _refusal(scenario, caller, level in (SAMBA_FILE_LEVELS if samba else FILE_LEVELS), True, resume,
                       level_first=samba)
    if refused is not None:
        return refused                                               # rules 1, 15, 16
    matching = scenario.files                                        # rule 17
    if base_path and not samba:
        prefix = _fold(base_path)
        matching = [f for f in matching if f.path is not None and _fold(f.path).startswith(prefix)]
    if user:
        matching = [f for f in matching if f.user is not None and _same_name(f.user, user)]
    if samba:                                                        # rule 18 on Samba: the handle as it came
        return _whole(scenario, matching, len(matching), resume)
    return _page(scenario, matching, lambda f: file_cost(level, f), preferred_max, resume)   # rule 18


def _failed(status, resume):                                         # rule 9, second sentence
    return Reply(status, None, 0, resume)


def _refusal(scenario, caller, level_served, parameters_valid, resume, level_first=False):
    """Rules 1-5 (or their like for the other calls), in this order, but for the level before the
    caller when level_first (Samba's NetrFileEnum); None when the call goes on."""
    if level_first and not level_served:
        return _failed(ERROR_INVALID_LEVEL, resume)
    if any(_same_name(caller, denied) for denied in scenario.denied_users):
        return _failed(ERROR_ACCESS_DENIED, resume)                  # rule 1
    if not level_served:
        return _failed(ERROR_INVALID_LEVEL, resume)                  # rule 2
    if not parameters_valid:
        return _failed(ERROR_INVALID_PARAMETER, resume)              # rule 3
    if scenario.status is not None:
        # Shaped as a failure (rule 9) whatever the value, 0 and 234 included.
        return _failed(scenario.status, resume)                      # rule 4
    if scenario.no_progress:                                         # rule 5
        # A page with no entries, so emptyArray applies; SCENARIO.md leaves TotalEntries open: 0.
        return Reply(ERROR_MORE_DATA, _no_entries(scenario), 0, None if resume is None else resume or 1)
    return None


def _page(scenario, entries, cost, preferred_max, resume):
    """Rules 8 and 9: the page of entries from the resume handle that fits preferred_max."""
    start = resume or 0
    remaining = entries[start:]
    if scenario.ignore_page_size or preferred_max == MAX_PREFERRED_LENGTH:
        page = remaining
    else:
        taken, used = 0, 0
        for entry in remaining:
            used += cost(entry)
            if taken and used > preferred_max:
                break
            taken += 1
        page = remaining[:taken]
    if len(page) < len(remaining):
        status, next_resume = ERROR_MORE_DATA, start + len(page)
    else:
        status = NERR_SUCCESS
        next_resume = 0 if scenario.resume_at_end == 'zero' else len(entries)
    return Reply(status, page or _no_entries(scenario), len(remaining),   # rule 9
                 None if resume is None else next_resume)


def _whole(scenario, entries, total, resume):
    """Samba's way with sessions and files: a success with every entry, whatever the page size."""
    return Reply(NERR_SUCCESS, entries or _no_entries(scenario), total, resume)


def _no_entries(scenario):
    return None if scenario.empty_array == 'null' else []


def entry_cost(level, entry):
    """Rule 8: CONNECTION_INFO_0 is 4 bytes; CONNECTION_INFO_1 28 plus its strings."""
    if level == 0:
        return 4
    return 28 + _strings_cost(entry.user, entry.netname)


def session_cost(level, session):
    """Rule 14: SESSION_INFO_n's fixed part plus its non-NULL strings."""
    s = session
    fixed, strings = {0: (4, (s.computer,)),
                      1: (24, (s.computer, s.user)),
                      2: (28, (s.computer, s.user, s.client_type)),
                      10: (16, (s.computer, s.user)),
                      502: (32, (s.computer, s.user, s.client_type, s.transport))}[level]
    return fixed + _strings_cost(*strings)


def file_cost(level, open_file):
    """Rule 18: FILE_INFO_2 is 4 bytes; FILE_INFO_3 20 plus its non-NULL strings."""
    return 4 if level == 2 else 20 + _strings_cost(open_file.path, open_file.user)


def _strings_cost(*strings):
    return sum(2 * utf16_units(s) + 2 for s in strings if s is not None)


def utf16_units(text):
    # surrogatepass: lone surrogates (legal in JSON) count, and travel, as one unit each.
    return len(text.encode('utf-16-le', 'surrogatepass')) // 2


def _entry(c, netname):
    return Entry(c.id, c.type, c.opens, c.users, c.seconds, c.user, netname)


def _same_name(a, b):
    return _fold(a) == _fold(b)


def _fold(text):
    # Case-insensitive the way Java's String.equalsIgnoreCase is (the testkit's reference is
    # Java): per code point, lower(upper(c)) with single-character mappings, so "ß" does not
    # match "SS" but "İ" matches "i".
    def one(ch):
        upper = ch.upper()
        upper = upper if len(upper) == 1 else ch   # no one-character uppercase: left as is
        return upper.lower()[0]                    # only U+0130 lowers to two: i + U+0307
    return ''.join(map(one, text))
