"""SCENARIO.md's rules, in the order a server applies them: the answer to one
NetrConnectionEnum call. The testkit's Java reference (Scenario#answer) is the other
implementation; ScriptedServerTest compares the two through ../answer_probe.py."""

import dataclasses

# NET_API_STATUS values (MS-SRVS, MS-ERREF)
NERR_SUCCESS = 0
ERROR_ACCESS_DENIED = 5
ERROR_INVALID_PARAMETER = 87
ERROR_INVALID_LEVEL = 124
ERROR_MORE_DATA = 234
NERR_NET_NAME_NOT_FOUND = 2310
NERR_CLIENT_NAME_NOT_FOUND = 2312

MAX_PREFERRED_LENGTH = 0xFFFFFFFF
MAX_QUALIFIER_UNITS = 1023


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


def answer(scenario, caller, level, qualifier, preferred_max, resume):
    """Applies rules 1-9, except rule 1's delay, which the caller of this function sleeps.

    qualifier and resume are None for NULL pointers; caller is the SMB user of the pipe.
    """
    def failed(status):                                              # rule 9, second sentence
        return Reply(status, None, 0, resume)

    if any(_same_name(caller, denied) for denied in scenario.denied_users):
        return failed(ERROR_ACCESS_DENIED)                           # rule 1
    if level not in (0, 1):
        return failed(ERROR_INVALID_LEVEL)                           # rule 2
    if not qualifier or utf16_units(qualifier) > MAX_QUALIFIER_UNITS:
        return failed(ERROR_INVALID_PARAMETER)                       # rule 3
    if scenario.status is not None:
        # Shaped as a failure (rule 9) whatever the value, 0 and 234 included.
        return failed(scenario.status)                               # rule 4
    no_entries = None if scenario.empty_array == 'null' else []
    if scenario.no_progress:                                         # rule 5
        # A page with no entries, so emptyArray applies; SCENARIO.md leaves TotalEntries open: 0.
        return Reply(ERROR_MORE_DATA, no_entries, 0, None if resume is None else resume or 1)

    if qualifier.startswith('\\\\'):                                 # rule 6: a computer
        computer = qualifier[2:]
        matching = [c for c in scenario.connections
                    if c.computer is not None and _same_name(c.computer, computer)]
        if not matching:
            return failed(NERR_CLIENT_NAME_NOT_FOUND)
        entries = [_entry(c, netname=c.share) for c in matching]    # rule 7
    else:                                                            # rule 6: a share
        matching = [c for c in scenario.connections
                    if c.share is not None and _same_name(c.share, qualifier)]
        if not matching and not any(_same_name(s, qualifier) for s in scenario.shares):
            return failed(NERR_NET_NAME_NOT_FOUND)
        entries = [_entry(c, netname=c.computer) for c in matching]  # rule 7

    start = resume or 0                                              # rule 8
    remaining = entries[start:]
    if scenario.ignore_page_size or preferred_max == MAX_PREFERRED_LENGTH:
        page = remaining
    else:
        taken, used = 0, 0
        for entry in remaining:
            cost = entry_cost(level, entry)
            if taken and used + cost > preferred_max:
                break
            taken, used = taken + 1, used + cost
        page = remaining[:taken]
    if len(page) < len(remaining):
        status, next_resume = ERROR_MORE_DATA, start + len(page)
    else:
        status = NERR_SUCCESS
        next_resume = 0 if scenario.resume_at_end == 'zero' else len(entries)
    return Reply(status, page or no_entries, len(remaining),         # rule 9
                 None if resume is None else next_resume)


def entry_cost(level, entry):
    if level == 0:
        return 4
    return 28 + sum(2 * utf16_units(s) + 2 for s in (entry.user, entry.netname) if s is not None)


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
