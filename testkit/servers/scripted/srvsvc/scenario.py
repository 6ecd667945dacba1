"""The scenario file (SCENARIO.md "Fields"): read strictly, and again only when it changed."""

import dataclasses
import json
import os
import threading


@dataclasses.dataclass(frozen=True)
class Connection:
    id: int
    type: int
    opens: int
    users: int
    seconds: int
    user: str | None
    computer: str | None
    share: str | None


@dataclasses.dataclass(frozen=True)
class Session:
    computer: str | None
    user: str | None
    opens: int
    seconds: int
    idle_seconds: int
    flags: int
    client_type: str | None
    transport: str | None


@dataclasses.dataclass(frozen=True)
class OpenFile:
    id: int
    permissions: int
    locks: int
    path: str | None
    user: str | None


@dataclasses.dataclass(frozen=True)
class Scenario:
    shares: list
    connections: list
    status: int | None
    denied_users: list
    ignore_page_size: bool
    resume_at_end: str
    empty_array: str
    no_progress: bool
    delay_millis: int
    bind: str = 'accept'
    hostile: str = 'none'
    sessions: list = dataclasses.field(default_factory=list)
    files: list = dataclasses.field(default_factory=list)
    samba_sessions_files: bool = False


BIND_QUIRKS = ('accept', 'nak', 'abstractSyntax', 'transferSyntax')
HOSTILE_QUIRKS = ('none', 'endlessPages', 'freshHandles', 'emptyFragments', 'endlessFragments', 'trickle')


_scenarios = {}                                    # path -> ((inode, mtime, ctime, size), Scenario)
_scenarios_lock = threading.Lock()


def load_scenario(path):
    """The scenario in the file at path, read again only when the file changed: a test replaces
    it by renaming a new file over it, and a scenario of 50,000 connections, read at every PDU,
    made the server the slowest part of a test."""
    st = os.stat(path)
    stamp = (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)
    with _scenarios_lock:
        cached = _scenarios.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    scenario = _read_scenario(path)
    with _scenarios_lock:
        _scenarios[path] = (stamp, scenario)
    return scenario


def hostile_quirk(path):
    """quirks.hostile of the scenario at path; "none" when the file cannot be read (the call
    that reads it next faults on it anyway)."""
    try:
        return load_scenario(path).hostile
    except Exception:  # noqa: BLE001 - any unreadable scenario
        return 'none'


def _read_scenario(path):
    """Reads a scenario; unknown keys and wrong types are errors, so typos do not pass silently."""
    with open(path, encoding='utf-8') as f:
        doc = json.load(f)
    _check_keys(doc, {'shares', 'connections', 'sessions', 'files', 'status', 'deniedUsers', 'quirks'},
                'scenario')
    quirks = doc.get('quirks') or {}
    _check_keys(quirks, {'ignorePageSize', 'resumeAtEnd', 'emptyArray', 'noProgress', 'delayMillis',
                         'bind', 'hostile', 'sambaSessionsFiles'}, 'quirks')
    connections = []
    for c in doc.get('connections') or []:
        _check_keys(c, {'id', 'type', 'opens', 'users', 'seconds', 'user', 'computer', 'share'},
                    'connection')
        connections.append(Connection(
            id=_uint32(c, 'id'), type=_uint32(c, 'type'), opens=_uint32(c, 'opens'),
            users=_uint32(c, 'users'), seconds=_uint32(c, 'seconds'),
            user=_string(c, 'user'), computer=_string(c, 'computer'), share=_string(c, 'share')))
    sessions = []
    for s in doc.get('sessions') or []:
        _check_keys(s, {'computer', 'user', 'opens', 'seconds', 'idleSeconds', 'flags', 'clientType',
                        'transport'}, 'session')
        sessions.append(Session(
            computer=_string(s, 'computer'), user=_string(s, 'user'), opens=_uint32(s, 'opens'),
            seconds=_uint32(s, 'seconds'), idle_seconds=_uint32(s, 'idleSeconds'), flags=_uint32(s, 'flags'),
            client_type=_string(s, 'clientType'), transport=_string(s, 'transport')))
    files = []
    for f in doc.get('files') or []:
        _check_keys(f, {'id', 'permissions', 'locks', 'path', 'user'}, 'file')
        files.append(OpenFile(id=_uint32(f, 'id'), permissions=_uint32(f, 'permissions'),
                              locks=_uint32(f, 'locks'), path=_string(f, 'path'), user=_string(f, 'user')))
    scenario = Scenario(
        shares=[_expect(s, str, 'shares[]') for s in doc.get('shares') or []],
        connections=connections,
        status=_uint32(doc, 'status', None),
        denied_users=[_expect(u, str, 'deniedUsers[]') for u in doc.get('deniedUsers') or []],
        ignore_page_size=_expect(quirks.get('ignorePageSize', False), bool, 'ignorePageSize'),
        resume_at_end=_expect(quirks.get('resumeAtEnd', 'zero'), str, 'resumeAtEnd'),
        empty_array=_expect(quirks.get('emptyArray', 'empty'), str, 'emptyArray'),
        no_progress=_expect(quirks.get('noProgress', False), bool, 'noProgress'),
        delay_millis=_uint32(quirks, 'delayMillis'),
        bind=_expect(quirks.get('bind', 'accept'), str, 'bind'),
        hostile=_expect(quirks.get('hostile', 'none'), str, 'hostile'),
        sessions=sessions,
        files=files,
        samba_sessions_files=_expect(quirks.get('sambaSessionsFiles', False), bool, 'sambaSessionsFiles'))
    if scenario.resume_at_end not in ('zero', 'count'):
        raise ValueError('quirks.resumeAtEnd must be "zero" or "count"')
    if scenario.empty_array not in ('empty', 'null'):
        raise ValueError('quirks.emptyArray must be "empty" or "null"')
    if scenario.bind not in BIND_QUIRKS:
        raise ValueError('quirks.bind must be one of %s' % ', '.join('"%s"' % b for b in BIND_QUIRKS))
    if scenario.hostile not in HOSTILE_QUIRKS:
        raise ValueError('quirks.hostile must be one of %s' % ', '.join('"%s"' % h for h in HOSTILE_QUIRKS))
    return scenario


def _check_keys(obj, allowed, what):
    unknown = set(_expect(obj, dict, what)) - allowed
    if unknown:
        raise ValueError('unknown %s field(s): %s' % (what, ', '.join(sorted(unknown))))


def _expect(value, kind, what):
    # bool is an int in Python; a uint32 field must not accept true/false.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError('%s must be %s, not %r' % (what, kind.__name__, value))
    return value


def _uint32(obj, key, default=0):
    value = obj.get(key)
    if value is None:
        return default
    if not 0 <= _expect(value, int, key) <= 0xFFFFFFFF:
        raise ValueError('%s is not a uint32: %r' % (key, value))
    return value


def _string(obj, key):
    value = obj.get(key)
    return None if value is None else _expect(value, str, key)
