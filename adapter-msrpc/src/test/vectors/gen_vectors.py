#!/usr/bin/python3
"""Golden NDR vectors for srvsvc's enumerations, made by impacket: MS-SRVS
NetrConnectionEnum (opnum 8), NetrSessionEnum (opnum 12) and NetrFileEnum (opnum 9).

Run with Debian's interpreter (the one that sees python3-impacket):

    /usr/bin/python3 adapter-msrpc/src/test/vectors/gen_vectors.py

Writes, under adapter-msrpc/src/test/resources/vectors, {request,reply}-*.ndr for
NetrConnectionEnum, sessions/{request,reply}-*.ndr for NetrSessionEnum and
files/{request,reply}-*.ndr for NetrFileEnum (stale ones are removed first). Output is
deterministic.

The three calls share one shape (CALLS below says what differs: the filter strings of the
request, the InfoStruct union's name, and each level's structure of DWORDs and strings).
Every stub is encoded twice, by impacket's NDR engine (impacket.dcerpc.v5.srvs) and
by the small layout model below, which exists to name each byte in the comments.
The script asserts that:
  * both encodings are identical except for alignment-pad contents (impacket fills
    pads with 0xaa..0xef; the vectors carry 00 except the "impacket-native" cases);
  * impacket decodes every written file (requests with srvs.<Call>, replies with
    srvs.<Call>Response), consumes every byte, and its decode equals the file's
    "expect" JSON;
  * re-encoding impacket's decode gives the same bytes (pads aside);
  * the file parses back to exactly the bytes that were encoded.

impacket's own behaviour, as used here:
  * each NDRPOINTER gets ReferentID = random.randint(1, 65535) when constructed
    (top-level and embedded alike; NULL is 0). The generator overwrites them with
    0x00020000 + 4*k in wire order (what MIDL and Samba emit) so the bytes do not
    depend on the RNG; the "impacket-native" case keeps impacket's ids (seeded RNG).
  * strings are WSTR: MaximumCount = ActualCount = UTF-16 code units of the value,
    Offset 0. impacket adds no NUL: the value must carry '\\x00' itself.
  * ResumeHandle is typed LPLONG (signed) in impacket, DWORD in the IDL: same four
    bytes; 0xFFFFFFFF is passed as -1.
"""
import json
import os
import random
import sys
from importlib.metadata import version as dist_version

from impacket.dcerpc.v5 import srvs
from impacket.dcerpc.v5.ndr import NULL, NDRPOINTERNULL

IMPACKET_VERSION = dist_version('impacket')
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, '..', 'resources', 'vectors'))

REF_BASE = 0x00020000
REF_STEP = 4

STATUS_NAMES = {
    0: 'NERR_Success', 5: 'ERROR_ACCESS_DENIED', 8: 'ERROR_NOT_ENOUGH_MEMORY',
    87: 'ERROR_INVALID_PARAMETER', 123: 'ERROR_INVALID_NAME', 124: 'ERROR_INVALID_LEVEL',
    234: 'ERROR_MORE_DATA', 2123: 'NERR_BufTooSmall', 2310: 'NERR_NetNameNotFound',
    2221: 'NERR_UserNotFound', 2312: 'NERR_ClientNameNotFound', 0xFFFFFFFF: '(no such status; all bits set)',
}


# ---------------------------------------------------------------------------
# The calls: what differs between srvsvc's three enumerations
# ---------------------------------------------------------------------------

class Call:
    """One enumeration. levels: {level: [(json key, IDL member, 'dword' or 'string')]} in IDL order."""

    def __init__(self, name, opnum, subdir, filters, union, container, struct, levels):
        self.name = name
        self.opnum = opnum
        self.out = os.path.join(OUT, subdir) if subdir else OUT
        self.filters = filters              # [(json key, IDL parameter)] between ServerName and InfoStruct
        self.union = union                  # InfoStruct's union member: ConnectInfo, SessionInfo, FileInfo
        self.container = container          # '..._INFO_%d_CONTAINER'
        self.struct = struct                # '..._INFO_%d'
        self.levels = levels
        self.request_class = getattr(srvs, name)
        self.response_class = getattr(srvs, name + 'Response')
        assert self.request_class.opnum == opnum, (name, self.request_class.opnum)


def members(prefix, spec):
    """'name:kind ...' -> [(json key, prefix + name, kind)]; kind d = DWORD, s = [string] wchar_t*."""
    out = []
    for item in spec.split():
        key, kind = item.split(':')
        out.append((key, prefix + key, {'d': 'dword', 's': 'string'}[kind]))
    return out


CONNECTIONS = Call(
    'NetrConnectionEnum', 8, None, [('qualifier', 'Qualifier')], 'ConnectInfo',
    'CONNECT_INFO_%d_CONTAINER', 'CONNECTION_INFO_%d', {
        0: [('id', 'coni0_id', 'dword')],
        1: [('id', 'coni1_id', 'dword'), ('type', 'coni1_type', 'dword'), ('opens', 'coni1_num_opens', 'dword'),
            ('users', 'coni1_num_users', 'dword'), ('time', 'coni1_time', 'dword'),
            ('username', 'coni1_username', 'string'), ('netname', 'coni1_netname', 'string')],
    })
SESSIONS = Call(
    'NetrSessionEnum', 12, 'sessions', [('clientName', 'ClientName'), ('userName', 'UserName')], 'SessionInfo',
    'SESSION_INFO_%d_CONTAINER', 'SESSION_INFO_%d', {
        0: members('sesi0_', 'cname:s'),
        1: members('sesi1_', 'cname:s username:s num_opens:d time:d idle_time:d user_flags:d'),
        2: members('sesi2_', 'cname:s username:s num_opens:d time:d idle_time:d user_flags:d cltype_name:s'),
        10: members('sesi10_', 'cname:s username:s time:d idle_time:d'),
        502: members('sesi502_', 'cname:s username:s num_opens:d time:d idle_time:d user_flags:d cltype_name:s'
                                 ' transport:s'),
    })
FILES = Call(
    'NetrFileEnum', 9, 'files', [('basePath', 'BasePath'), ('userName', 'UserName')], 'FileInfo',
    'FILE_INFO_%d_CONTAINER', 'FILE_INFO_%d', {
        2: members('fi2_', 'id:d'),
        3: members('fi3_', 'id:d permissions:d num_locks:d path_name:s username:s'),
    })
CALLS = (CONNECTIONS, SESSIONS, FILES)


# ---------------------------------------------------------------------------
# Layout model: writes NDR20 little-endian and names every byte.
# ---------------------------------------------------------------------------

class Wire:
    def __init__(self, refids):
        self.buf = bytearray()
        self.items = []          # (offset, length, kind, label, extra)
        self.refids = refids     # iterator of referent ids for non-NULL pointers

    def align4(self):
        n = (-len(self.buf)) % 4
        if n:
            self.items.append((len(self.buf), n, 'pad', 'pad', None))
            self.buf += b'\x00' * n

    def u32(self, value, label):
        self.align4()
        self.items.append((len(self.buf), 4, 'field', label, None))
        self.buf += (value & 0xFFFFFFFF).to_bytes(4, 'little')

    def ptr(self, is_null, label):
        """Writes a unique pointer's referent id; returns True if non-NULL."""
        if is_null:
            self.u32(0, label + ' referent = NULL (unique ptr)')
            return False
        self.u32(next(self.refids), label + ' referent (unique ptr)')
        return True

    def wstr(self, name, value):
        """[string] wchar_t*: conformant varying UTF-16LE string, value incl. NUL."""
        data = value.encode('utf-16le')
        units = len(data) // 2
        self.u32(units, name + ' max_count (string, UTF-16 units incl. NUL)')
        self.u32(0, name + ' offset')
        self.u32(units, name + ' actual_count')
        for i in range(units):
            self.items.append((len(self.buf), 2, 'char', name, (i, data[2 * i:2 * i + 2])))
            self.buf += data[2 * i:2 * i + 2]


def model_info_struct(call, w, lvl, entries_read):
    w.u32(lvl, 'InfoStruct.Level (DWORD)')
    w.u32(lvl, 'InfoStruct.%s switch (union discriminant, DWORD = Level)' % call.union)
    container = call.container % lvl
    w.ptr(False, 'InfoStruct.%s.Level%d (%s*)' % (call.union, lvl, container))
    w.u32(entries_read, '%s.EntriesRead (DWORD)' % container)
    return '%s.Buffer (%s*)' % (container, call.struct % lvl)


def model_request(c, refids, call=CONNECTIONS):
    w = Wire(refids)
    for key, param in [('serverName', 'ServerName')] + call.filters:
        if w.ptr(c[key] is None, param):
            w.wstr(param, c[key] + '\x00')
    w.ptr(True, model_info_struct(call, w, c['level'], 0))
    w.u32(c['preferedMaximumLength'], 'PreferedMaximumLength (DWORD)')
    if w.ptr(c['resumeHandle'] is None, 'ResumeHandle (DWORD*)'):
        w.u32(c['resumeHandle'], '*ResumeHandle (DWORD)')
    return w


def model_reply(c, refids, call=CONNECTIONS):
    w = Wire(refids)
    lvl = c['level']
    entries = c['entries']
    if w.ptr(entries is None, model_info_struct(call, w, lvl, c['entriesRead'])):
        layout = call.levels[lvl]
        w.u32(len(entries), 'Buffer max_count (conformant array, size_is(EntriesRead))')
        for i, e in enumerate(entries):
            for key, member, kind in layout:
                if kind == 'dword':
                    w.u32(e[key], 'Buffer[%d].%s (DWORD)' % (i, member))
                else:
                    w.ptr(e[key] is None, 'Buffer[%d].%s (wchar_t*)' % (i, member))
        for i, e in enumerate(entries):  # deferred pointees: element order, then member order
            for key, member, kind in layout:
                if kind == 'string' and e[key] is not None:
                    w.wstr('Buffer[%d].%s' % (i, member), e[key] + '\x00')
    w.u32(c['totalEntries'], 'TotalEntries (DWORD)')
    if w.ptr(c['resumeHandle'] is None, 'ResumeHandle (DWORD*)'):
        w.u32(c['resumeHandle'], '*ResumeHandle (DWORD)')
    w.u32(c['status'], 'return value (NET_API_STATUS = DWORD)')
    return w


def sequential_ids():
    k = 0
    while True:
        yield REF_BASE + REF_STEP * k
        k += 1


# ---------------------------------------------------------------------------
# impacket encoders
# ---------------------------------------------------------------------------

def signed32(v):
    return v - (1 << 32) if v >= (1 << 31) else v


def set_ref(pointer, refids):
    if refids is not None:
        pointer.fields['ReferentID'] = next(refids)


def set_string(obj, field, value, refids):
    """A unique [string] pointer member: NULL, or the value with the NUL impacket wants."""
    if value is None:
        obj[field] = NULL
    else:
        obj[field] = value + '\x00'
        set_ref(obj.fields[field], refids)


def set_resume(obj, value, refids):
    if value is None:
        obj['ResumeHandle'] = NULL
    else:
        obj['ResumeHandle'] = signed32(value)
        set_ref(obj.fields['ResumeHandle'], refids)


def impacket_container(call, obj, lvl, refids):
    """Sets InfoStruct's level and union arm (with its referent); returns the container."""
    obj['InfoStruct']['Level'] = lvl
    obj['InfoStruct'][call.union]['tag'] = lvl             # re-creates the arm
    union = obj['InfoStruct'][call.union]
    set_ref(union.fields['Level%d' % lvl], refids)
    return union['Level%d' % lvl]


def impacket_request(c, refids, call=CONNECTIONS):
    """refids: iterator (wire order) or None to keep impacket's random ids."""
    r = call.request_class()
    for key, param in [('serverName', 'ServerName')] + call.filters:
        set_string(r, param, c[key], refids)
    container = impacket_container(call, r, c['level'], refids)
    container['EntriesRead'] = 0
    container['Buffer'] = NULL       # impacket's default would be an empty, non-NULL array
    r['PreferedMaximumLength'] = c['preferedMaximumLength']
    set_resume(r, c['resumeHandle'], refids)
    return r


def impacket_reply(c, refids, call=CONNECTIONS):
    resp = call.response_class()
    lvl = c['level']
    container = impacket_container(call, resp, lvl, refids)
    container['EntriesRead'] = c['entriesRead']
    if c['entries'] is None:
        container['Buffer'] = NULL
    else:
        set_ref(container.fields['Buffer'], refids)
        for e in c['entries']:
            item = getattr(srvs, call.struct % lvl)()
            for key, member, kind in call.levels[lvl]:
                if kind == 'dword':
                    item[member] = e[key]
                else:
                    set_string(item, member, e[key], refids)
            container['Buffer'].append(item)
    resp['TotalEntries'] = c['totalEntries']
    set_resume(resp, c['resumeHandle'], refids)
    resp['ErrorCode'] = c['status']
    return resp


def native_reply_refids(resp, c, call=CONNECTIONS):
    """impacket's own referent ids of a reply, in wire order (non-NULL pointers)."""
    ids = []
    union = resp['InfoStruct'][call.union]
    lvl = c['level']
    ids.append(union.fields['Level%d' % lvl]['ReferentID'])
    container = union['Level%d' % lvl]
    if not is_null(container.fields['Buffer']):
        ids.append(container.fields['Buffer']['ReferentID'])
        for item in container['Buffer']:
            for _, member, kind in call.levels[lvl]:
                if kind == 'string' and not is_null(item.fields[member]):
                    ids.append(item.fields[member]['ReferentID'])
    if not is_null(resp.fields['ResumeHandle']):
        ids.append(resp.fields['ResumeHandle']['ReferentID'])
    return ids


# ---------------------------------------------------------------------------
# impacket decoders -> "expect" JSON values
# ---------------------------------------------------------------------------

def is_null(pointer):
    return isinstance(pointer, NDRPOINTERNULL) or pointer['ReferentID'] == 0


def text(value):
    assert isinstance(value, str) and value.endswith('\x00'), repr(value)
    return value[:-1]


def decoded_string(obj, field):
    return None if is_null(obj.fields[field]) else text(obj[field])


def decoded_resume(obj):
    return None if is_null(obj.fields['ResumeHandle']) else obj['ResumeHandle'] & 0xFFFFFFFF


def decoded_container(call, obj):
    lvl = obj['InfoStruct']['Level']
    union = obj['InfoStruct'][call.union]
    assert union['tag'] == lvl
    assert not is_null(union.fields['Level%d' % lvl])
    return lvl, union['Level%d' % lvl]


def decode_request(data, call=CONNECTIONS):
    r = call.request_class()
    used = r.fromString(data)
    assert used == len(data), (used, len(data))
    lvl, container = decoded_container(call, r)
    assert container['EntriesRead'] == 0 and is_null(container.fields['Buffer'])
    value = {key: decoded_string(r, param) for key, param in [('serverName', 'ServerName')] + call.filters}
    value.update({
        'level': lvl,
        'preferedMaximumLength': r['PreferedMaximumLength'],
        'resumeHandle': decoded_resume(r),
    })
    return r, value


def decode_reply(data, call=CONNECTIONS):
    resp = call.response_class()
    used = resp.fromString(data)
    assert used == len(data), (used, len(data))
    lvl, container = decoded_container(call, resp)
    if is_null(container.fields['Buffer']):
        entries = None
    else:
        entries = []
        for item in container['Buffer']:
            entries.append({key: item[member] if kind == 'dword' else decoded_string(item, member)
                            for key, member, kind in call.levels[lvl]})
    return resp, {
        'level': lvl,
        'entries': entries,
        'entriesRead': container['EntriesRead'],
        'totalEntries': resp['TotalEntries'],
        'resumeHandle': decoded_resume(resp),
        'status': resp['ErrorCode'],
    }


# ---------------------------------------------------------------------------
# File format
# ---------------------------------------------------------------------------

def char_repr(unit):
    u = int.from_bytes(unit, 'little')
    if u == 0:
        return '\\0'
    if u == 0x22:
        return '\\"'
    if u == 0x5C:
        return '\\\\'
    if 0x20 <= u < 0x7F:
        return chr(u)
    return '\\u%04x' % u


def row_comment(items):
    parts = []
    i = 0
    while i < len(items):
        off, length, kind, label, extra = items[i]
        if kind == 'char':
            j = i
            chars = []
            while j < len(items) and items[j][2] == 'char' and items[j][3] == label:
                chars.append(items[j][4])
                j += 1
            first, last = chars[0][0], chars[-1][0]
            idx = '[%d]' % first if first == last else '[%d..%d]' % (first, last)
            parts.append('%s%s "%s"' % (label, idx, ''.join(char_repr(u) for _, u in chars)))
            i = j
        else:
            parts.append(label)
            i += 1
    return ' + '.join(parts)


def render(header_lines, expect, data, items):
    lines = ['# ' + h if h else '#' for h in header_lines]
    lines.append('# expect: ' + json.dumps(expect, ensure_ascii=True))
    for row in range(0, len(data), 4):
        in_row = [it for it in items if row <= it[0] < row + 4]
        lines.append('%s  # %s' % (data[row:row + 4].hex(), row_comment(in_row)))
    out = '\n'.join(lines) + '\n'
    out.encode('ascii')  # the file must be ASCII
    return out


def parse(content):
    """What a reader of the format sees: (expect, bytes)."""
    expect, data = None, bytearray()
    for line in content.splitlines():
        if line.startswith('# expect: '):
            assert expect is None
            expect = json.loads(line[len('# expect: '):])
        elif line.startswith('#'):
            continue
        else:
            hexpart, _, comment = line.partition('  # ')
            assert comment and len(hexpart) in (2, 4, 6, 8), line
            data += bytes.fromhex(hexpart)
    return expect, bytes(data)


def pad_mask(items, n):
    mask = bytearray(b'\x01' * n)
    for off, length, kind, _, _ in items:
        if kind == 'pad':
            mask[off:off + length] = b'\x00' * length
    return mask


def same_but_pads(a, b, mask):
    return len(a) == len(b) and all(x == y for x, y, m in zip(a, b, mask) if m)


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

def req(name, what, serverName, qualifier, level, pml, resume):
    return ('request-' + name, what, {
        'serverName': serverName, 'qualifier': qualifier, 'level': level,
        'preferedMaximumLength': pml, 'resumeHandle': resume})


def rep(name, what, level, entries, totalEntries, resume, status, entriesRead=None, native=False):
    return ('reply-' + name, what, {
        'level': level, 'entries': entries,
        'entriesRead': (len(entries) if entries is not None else 0) if entriesRead is None else entriesRead,
        'totalEntries': totalEntries, 'resumeHandle': resume, 'status': status}, native)


def e1(id, type, opens, users, time, username, netname):
    return {'id': id, 'type': type, 'opens': opens, 'users': users, 'time': time,
            'username': username, 'netname': netname}


def long_name(n, seed):
    return ''.join(chr(ord('a') + (seed + i) % 26) for i in range(n))


MAX = 0xFFFFFFFF
SMILE = '\U0001F600'
QUAL_1023 = 'S' + long_name(1022, 0)


def connection_requests():
    return [
        req('l0-share-data', 'level 0, share qualifier, ServerName NULL, MAX_PREFERRED_LENGTH, *ResumeHandle 0 (hNetrConnectionEnum defaults)',
            None, 'DATA', 0, MAX, 0),
        req('l1-share-data', 'level 1, share qualifier, ServerName NULL, MAX_PREFERRED_LENGTH, *ResumeHandle 0',
            None, 'DATA', 1, MAX, 0),
        req('l1-computer-ws01-resume-null', 'level 1, computer qualifier \\\\WS01, ResumeHandle NULL pointer',
            None, '\\\\WS01', 1, MAX, None),
        req('l0-computer-ws01-server-fs01-512-resume-12345678', 'level 0, computer qualifier, ServerName \\\\fs01, PreferedMaximumLength 512, *ResumeHandle 0x12345678',
            '\\\\fs01', '\\\\WS01', 0, 512, 0x12345678),
        req('l1-share-data-server-fs01-512-resume-null', 'level 1, share qualifier, ServerName \\\\fs01, PreferedMaximumLength 512, ResumeHandle NULL',
            '\\\\fs01', 'DATA', 1, 512, None),
        req('l1-share-data-512-resume-12345678', 'level 1, share qualifier, PreferedMaximumLength 512, *ResumeHandle 0x12345678 (a continuation call)',
            None, 'DATA', 1, 512, 0x12345678),
        req('l0-share-data-resume-null', 'level 0, share qualifier, ResumeHandle NULL pointer',
            None, 'DATA', 0, MAX, None),
        req('l1-share-non-bmp', 'level 1, qualifier with U+1F600 (surrogate pair: 2 code units)',
            None, 'Pics' + SMILE, 1, MAX, 0),
        req('l1-share-unicode', 'level 1, qualifier with accents and CJK (BMP only)',
            None, 'Donn\u00e9es-\u5171\u6709', 1, MAX, 0),
        req('l1-share-1023-chars', 'level 1, 1023-character qualifier (1024 code units with the NUL: the MS-SRVS maximum)',
            None, QUAL_1023, 1, MAX, 0),
        req('l0-share-odd-length-server-fs01', 'level 0, 3-character share (string ends mid-word: pad before the next pointer)',
            '\\\\fs01', 'ABC', 0, MAX, 0),
    ]


def connection_replies():
    five_l0 = [{'id': i} for i in (1, 2, 3, 0x10, 0x7FFFFFFF)]
    one_l1 = [e1(1, 0, 2, 1, 300, 'alice', 'DATA')]
    five_l1 = [
        e1(1, 0, 2, 1, 300, 'alice', 'WS01'),
        e1(2, 3, 0, 1, 5, 'bob', 'WS02'),
        e1(3, 0x80000003, 0, 1, 86400, 'Administrator', 'WS03'),
        e1(4, 1, 1, 1, 1, 'print', 'PRN-07'),
        e1(5, 0x40000000, 7, 2, 0, 'svc_backup', 'BACKUP01'),
    ]
    samba = [e1(2, 3, 1, 1, 3, 'dummy_user', 'IPC$') for _ in range(2)]
    nulls = [
        e1(1, 0, 1, 1, 10, None, 'WS01'),
        e1(2, 0, 1, 1, 20, 'alice', None),
        e1(3, 0, 1, 1, 30, None, None),
    ]
    empties = [
        e1(1, 0, 0, 0, 0, '', ''),
        e1(2, 0, 0, 0, 0, '', 'WS01'),
        e1(3, 0, 0, 0, 0, 'x', ''),
    ]
    unicode = [
        e1(1, 0, 1, 1, 60, 'Zo\u00eb \u00c5ngstr\u00f6m', 'Donn\u00e9es'),
        e1(2, 0, 1, 1, 61, '\u5c71\u7530\u592a\u90ce', '\u5171\u6709\u30d5\u30a9\u30eb\u30c0'),
        e1(3, 0, 1, 1, 62, 'smile' + SMILE, SMILE),
        e1(4, 0, 1, 1, 63, SMILE + SMILE + 'x', '\U00010348\u00df'),
    ]
    long1023 = [e1(1, 0, 1, 1, 1, long_name(1023, 0), long_name(1023, 13))]
    all_max_l1 = [e1(MAX, MAX, MAX, MAX, MAX, 'm', 'M')]
    more_l1 = five_l1[:3]
    types = [0, 1, 2, 3, 0x80000000, 0x80000003, 0x40000000, 0x02000000, 0x04000000, 0x08000000]
    big = []
    for i in range(200):
        big.append(e1(i + 1, types[i % len(types)], i % 7, 1 + i % 3, i * 37,
                      None if i % 50 == 49 else 'user%03d' % i,
                      None if i % 67 == 66 else ('WS%03d' % (i % 40) if i % 2 else 'share-%d' % (i % 9))))

    cases = [
        rep('l0-empty-array', 'level 0, zero entries as an empty non-NULL array (max_count 0)', 0, [], 0, 0, 0),
        rep('l0-null-buffer', 'level 0, zero entries as a NULL Buffer', 0, None, 0, 0, 0),
        rep('l0-one', 'level 0, one entry (what Samba answers: id 1, resume handle = count)', 0, [{'id': 1}], 1, 1, 0),
        rep('l0-five', 'level 0, five entries', 0, five_l0, 5, None, 0),
        rep('l1-empty-array', 'level 1, zero entries as an empty non-NULL array', 1, [], 0, 0, 0),
        rep('l1-null-buffer', 'level 1, zero entries as a NULL Buffer', 1, None, 0, None, 0),
        rep('l1-one', 'level 1, one entry', 1, one_l1, 1, 0, 0),
        rep('l1-five', 'level 1, five entries, STYPE flags in coni1_type', 1, five_l1, 5, 0, 0),
        rep('l1-samba-placeholders', 'level 1 as Samba 4.17 answers a share qualifier with 2 tree connects (40 + 88*N bytes)', 1, samba, 2, 2, 0),
        rep('l1-null-strings', 'level 1, NULL coni1_username and/or coni1_netname (referent 0, no deferred string)', 1, nulls, 3, 0, 0),
        rep('l1-empty-strings', 'level 1, empty strings (max_count = actual_count = 1: just the NUL)', 1, empties, 3, 0, 0),
        rep('l1-unicode', 'level 1, accents, CJK and non-BMP (U+1F600, U+10348 as surrogate pairs)', 1, unicode, 4, 0, 0),
        rep('l1-1023-char-names', 'level 1, 1023-character username and netname (1024 code units with the NUL)', 1, long1023, 1, 0, 0),
        rep('l0-all-dwords-max', 'level 0, 0xFFFFFFFF in every DWORD that is not a count or the level (id, TotalEntries, *ResumeHandle, status)', 0, [{'id': MAX}], MAX, MAX, MAX),
        rep('l1-all-dwords-max', 'level 1, 0xFFFFFFFF in every DWORD that is not a count or the level (5 entry DWORDs, TotalEntries, *ResumeHandle, status)', 1, all_max_l1, MAX, MAX, MAX),
        rep('l1-more-data', 'level 1, ERROR_MORE_DATA: 3 of 10 entries, resume handle 3', 1, more_l1, 10, 3, 234),
        rep('l0-more-data', 'level 0, ERROR_MORE_DATA: 2 of 5 entries, resume handle 0x00000002', 0, [{'id': 1}, {'id': 2}], 5, 2, 234),
        rep('l1-200-entries', 'level 1, 200 entries (several DCE/RPC fragments on a real wire); a few NULL strings', 1, big, 200, 200, 0),
        rep('l1-impacket-native', 'level 1, two entries, AS IMPACKET EMITS IT: its random referent ids (random.seed(8)) and its non-zero pad filler (0xab here). A decoder must accept any non-zero referent and ignore pad contents.',
            1, [e1(7, 3, 1, 1, 42, 'bob', 'IPC$'), e1(8, 0, 0, 1, 9, 'eve', None)], 2, 0, 0, native=True),
    ]
    statuses = [5, 8, 87, 123, 124, 2123, 2310, 2312]
    for k, st in enumerate(statuses):
        sym = STATUS_NAMES[st]
        cases.append(rep('error-%d-resume-null' % st,
                         '%s (%d): level 1 echoed, container with NULL Buffer, TotalEntries 0, ResumeHandle NULL' % (sym, st),
                         1, None, 0, None, st))
        echoed = 0 if k % 2 == 0 else 0x12345678
        cases.append(rep('error-%d-resume-echoed' % st,
                         '%s (%d): level 0 echoed, container with NULL Buffer, TotalEntries 0, *ResumeHandle echoed (0x%08x)' % (sym, st, echoed),
                         0, None, 0, echoed, st))
    return cases


def call_req(call, name, what, serverName, filters, level, pml, resume):
    value = {'serverName': serverName}
    assert len(filters) == len(call.filters), name
    for (key, _), v in zip(call.filters, filters):
        value[key] = v
    value.update({'level': level, 'preferedMaximumLength': pml, 'resumeHandle': resume})
    return ('request-' + name, what, value)


def at_level(call, level, entries):
    """Full entries (every member of every level) cut to the members of one level, in IDL order."""
    if entries is None:
        return None
    return [{key: e[key] for key, _, _ in call.levels[level]} for e in entries]


def dword_keys(call, level):
    return [key for key, _, kind in call.levels[level] if kind == 'dword']


def string_keys(call, level):
    return [key for key, _, kind in call.levels[level] if kind == 'string']


def level_cases(call, level, sample, unicode):
    """The replies every level gets: empty, NULL, one, several, NULL and empty strings, Unicode, all DWORDs max, more data."""
    lv = 'l%d-' % level
    struct = call.struct % level
    strings = string_keys(call, level)
    dwords = dword_keys(call, level)
    cases = [
        rep(lv + 'empty-array', '%s, zero entries as an empty non-NULL array (max_count 0)' % struct,
            level, [], 0, 0, 0),
        rep(lv + 'null-buffer', '%s, zero entries as a NULL Buffer, ResumeHandle NULL' % struct,
            level, None, 0, None, 0),
        rep(lv + 'one', '%s, one entry' % struct, level, at_level(call, level, sample[:1]), 1, 0, 0),
        rep(lv + 'several', '%s, %d entries' % (struct, len(sample)),
            level, at_level(call, level, sample), len(sample), 0, 0),
        rep(lv + 'more-data', '%s, ERROR_MORE_DATA: 2 of 6 entries, *ResumeHandle 2' % struct,
            level, at_level(call, level, sample[:2]), 6, 2, 234),
        rep(lv + 'all-dwords-max', '%s, 0xFFFFFFFF in every DWORD that is not a count or the level (%s)'
            % (struct, ', '.join(dwords + ['TotalEntries', '*ResumeHandle', 'status'])),
            level, [dict(at_level(call, level, sample[:1])[0], **{k: MAX for k in dwords})], MAX, MAX, MAX),
    ]
    if strings:
        nulls = []
        for i in range(len(strings) + 2):   # entry i has string i NULL, then one with all NULL, one with none
            e = at_level(call, level, sample[i % len(sample):][:1])[0]
            for j, k in enumerate(strings):
                if j == i or i == len(strings):
                    e[k] = None
            nulls.append(e)
        empties = [dict(e, **{k: '' for k in strings[:i + 1]}) for i, e in enumerate(at_level(call, level, sample))]
        cases += [
            rep(lv + 'null-strings', '%s, each string NULL in turn, then all of them, then none (referent 0, no deferred string)'
                % struct, level, nulls, len(nulls), 0, 0),
            rep(lv + 'empty-strings', '%s, empty strings (max_count = actual_count = 1: just the NUL)' % struct,
                level, empties, len(empties), 0, 0),
            rep(lv + 'unicode', '%s, accents, CJK and non-BMP (U+1F600, U+10348 as surrogate pairs)' % struct,
                level, at_level(call, level, unicode), len(unicode), 0, 0),
        ]
    return cases


def error_cases(levels, statuses):
    cases = []
    for k, st in enumerate(statuses):
        sym = STATUS_NAMES[st]
        cases.append(rep('error-%d-resume-null' % st,
                         '%s (%d): level %d echoed, container with NULL Buffer, TotalEntries 0, ResumeHandle NULL'
                         % (sym, st, levels[0]), levels[0], None, 0, None, st))
        echoed = 0 if k % 2 == 0 else 0x12345678
        cases.append(rep('error-%d-resume-echoed' % st,
                         '%s (%d): level %d echoed, container with NULL Buffer, TotalEntries 0, *ResumeHandle echoed'
                         ' (0x%08x)' % (sym, st, levels[1], echoed), levels[1], None, 0, echoed, st))
    return cases


def sess(cname, username, num_opens, time, idle_time, user_flags, cltype_name, transport):
    return {'cname': cname, 'username': username, 'num_opens': num_opens, 'time': time, 'idle_time': idle_time,
            'user_flags': user_flags, 'cltype_name': cltype_name, 'transport': transport}


SESSION_SAMPLE = [
    sess('WS01', 'alice', 2, 300, 12, 0, 'Windows 10 Enterprise 19045', '\\Device\\NetBT_Tcpip_{4F2A}'),
    sess('WS02', 'guest', 0, 5, 5, 1, 'Windows 7 Professional 7601 Service Pack 1', '\\Device\\NetbiosSmb'),
    sess('127.0.0.1', 'Administrator', 7, 86400, 0, 2, 'Samba', 'TCP'),
    sess('LAPTOP-7', 'svc_backup', 1, 1, 3600, 0x80000003, 'DOS LM 2.1', '\\Device\\NetbiosSmb'),
]
SESSION_UNICODE = [
    sess('PC-J\u00dcRGEN', 'Zo\u00eb \u00c5ngstr\u00f6m', 1, 60, 1, 0, 'Windows 11 \u4f01\u696d\u7248', 'T\u00e9l\u00e9'),
    sess('\u5c71\u7530PC', '\u5c71\u7530\u592a\u90ce', 1, 61, 2, 0, '\u30af\u30e9\u30a4\u30a2\u30f3\u30c8', SMILE),
    sess(SMILE + 'PC', 'smile' + SMILE, 1, 62, 3, 1, SMILE + SMILE + 'x', '\U00010348\u00df'),
]


def session_requests():
    c = SESSIONS
    return [
        call_req(c, 'l10-all', 'level 10, ClientName and UserName NULL (every session), ServerName NULL,'
                 ' MAX_PREFERRED_LENGTH, *ResumeHandle 0 (hNetrSessionEnum defaults)', None, (None, None), 10, MAX, 0),
        call_req(c, 'l0-all', 'level 0, no filter', None, (None, None), 0, MAX, 0),
        call_req(c, 'l1-all', 'level 1, no filter', None, (None, None), 1, MAX, 0),
        call_req(c, 'l2-all', 'level 2, no filter', None, (None, None), 2, MAX, 0),
        call_req(c, 'l502-all', 'level 502, no filter', None, (None, None), 502, MAX, 0),
        call_req(c, 'l1-client-ws01-resume-null', 'level 1, ClientName \\\\WS01, ResumeHandle NULL pointer',
                 None, ('\\\\WS01', None), 1, MAX, None),
        call_req(c, 'l1-user-alice', 'level 1, UserName alice', None, (None, 'alice'), 1, MAX, 0),
        call_req(c, 'l502-client-user-server-fs01-512-resume-12345678', 'level 502, ServerName \\\\fs01,'
                 ' ClientName \\\\WS01, UserName alice, PreferedMaximumLength 512, *ResumeHandle 0x12345678',
                 '\\\\fs01', ('\\\\WS01', 'alice'), 502, 512, 0x12345678),
        call_req(c, 'l10-client-odd-length-user-bob', 'level 10, ClientName \\\\AB (ends mid-word: pad before'
                 ' the next pointer), UserName bob', None, ('\\\\AB', 'bob'), 10, MAX, 0),
        call_req(c, 'l1-user-non-bmp', 'level 1, UserName with accents and U+1F600 (a surrogate pair)',
                 None, (None, 'J\u00fcrgen' + SMILE), 1, MAX, 0),
        call_req(c, 'l0-pml-0-resume-ffffffff', 'level 0, PreferedMaximumLength 0, *ResumeHandle 0xFFFFFFFF',
                 None, (None, None), 0, 0, MAX),
        call_req(c, 'l10-client-and-user-empty', 'level 10, ClientName and UserName empty strings (just the NUL)',
                 None, ('', ''), 10, MAX, 0),
        call_req(c, 'l2-client-1023-chars', 'level 2, 1023-character ClientName (1024 code units with the NUL)',
                 None, ('\\\\' + long_name(1021, 3), None), 2, MAX, 0),
    ]


def session_replies():
    c = SESSIONS
    cases = []
    for level in sorted(c.levels):
        cases += level_cases(c, level, SESSION_SAMPLE, SESSION_UNICODE)
    samba = [sess('127.0.0.1', 'alice', 3, 42, 0, 0, None, None), sess('127.0.0.1', 'guest', 0, 7, 0, 1, None, None)]
    big = []
    for i in range(200):
        big.append(sess(None if i % 50 == 49 else 'WS%03d' % (i % 40), None if i % 67 == 66 else 'user%03d' % i,
                        i % 7, i * 37, i % 13, i % 4, 'Windows %d' % (i % 3), 'TCP'))
    long_names = [sess(long_name(1023, 0), long_name(1023, 13), 1, 1, 1, 0, long_name(1023, 5), long_name(1023, 7))]
    cases += [
        rep('l0-samba', 'level 0 shaped like Samba 4.17\'s answer: the client address as sesi0_cname',
            0, at_level(c, 0, samba), 2, 0, 0),
        rep('l1-samba', 'level 1 shaped like Samba 4.17\'s answer: client address, user, open files, seconds'
            ' connected, idle_time 0, user_flags 1 for a guest', 1, at_level(c, 1, samba), 2, 0, 0),
        rep('l10-200-entries', 'level 10, 200 entries (several DCE/RPC fragments on a real wire); a few NULL strings',
            10, at_level(c, 10, big), 200, 200, 0),
        rep('l502-1023-char-names', 'level 502, 1023-character strings (1024 code units with the NUL)',
            502, at_level(c, 502, long_names), 1, 0, 0),
        rep('l502-impacket-native', 'level 502, two entries, AS IMPACKET EMITS IT: its random referent ids'
            ' (random.seed(8)) and its non-zero pad filler. A decoder must accept any non-zero referent and'
            ' ignore pad contents.', 502, at_level(c, 502, [SESSION_SAMPLE[0], sess('WS9', None, 1, 2, 3, 0, 'x', None)]),
            2, 0, 0, native=True),
        rep('l1-more-data-resume-null', 'level 1, ERROR_MORE_DATA with a NULL ResumeHandle (decodes; the adapter'
            ' refuses it)', 1, at_level(c, 1, SESSION_SAMPLE[:1]), 3, None, 234),
    ]
    return cases + error_cases((10, 1), [5, 8, 87, 124, 2221, 2312])


def file(id, permissions, num_locks, path_name, username):
    return {'id': id, 'permissions': permissions, 'num_locks': num_locks, 'path_name': path_name,
            'username': username}


FILE_SAMPLE = [
    file((4242 << 16) | 7, 3, 0, 'C:\\srv\\data\\report.docx', 'alice'),
    file(0x2A, 1, 0, 'C:\\Shares\\Public\\readme.txt', 'bob'),
    file(0x80000001, 7, 3, 'D:\\db\\ledger.mdb', 'CORP\\svc_sql'),
    file(5, 0x41, 0, '\\PIPE\\srvsvc', 'carol'),
]
FILE_UNICODE = [
    file(1, 1, 0, 'C:\\Donn\u00e9es\\r\u00e9sum\u00e9.txt', 'Zo\u00eb \u00c5ngstr\u00f6m'),
    file(2, 2, 1, 'C:\\\u5171\u6709\\\u30d5\u30a9\u30eb\u30c0\\a.txt', '\u5c71\u7530\u592a\u90ce'),
    file(3, 3, 2, 'C:\\Pics\\' + SMILE + '.png', 'smile' + SMILE),
    file(4, 4, 0, 'C:\\\U00010348\u00df', SMILE + SMILE + 'x'),
]


def file_requests():
    c = FILES
    return [
        call_req(c, 'l3-all', 'level 3, BasePath and UserName NULL (every open file), ServerName NULL,'
                 ' MAX_PREFERRED_LENGTH, *ResumeHandle 0 (hNetrFileEnum defaults)', None, (None, None), 3, MAX, 0),
        call_req(c, 'l2-all', 'level 2, no filter', None, (None, None), 2, MAX, 0),
        call_req(c, 'l3-base-path', 'level 3, BasePath C:\\Shares', None, ('C:\\Shares', None), 3, MAX, 0),
        call_req(c, 'l3-user-alice', 'level 3, UserName alice', None, (None, 'alice'), 3, MAX, 0),
        call_req(c, 'l3-base-user-server-fs01-512-resume-12345678', 'level 3, ServerName \\\\fs01, BasePath'
                 ' C:\\Shares, UserName alice, PreferedMaximumLength 512, *ResumeHandle 0x12345678',
                 '\\\\fs01', ('C:\\Shares', 'alice'), 3, 512, 0x12345678),
        call_req(c, 'l2-resume-null', 'level 2, ResumeHandle NULL pointer', None, (None, None), 2, MAX, None),
        call_req(c, 'l3-base-path-non-bmp', 'level 3, BasePath with U+1F600 (a surrogate pair)',
                 None, ('C:\\Pics' + SMILE, None), 3, MAX, 0),
        call_req(c, 'l3-base-path-odd-length-user-bob', 'level 3, BasePath C: (ends mid-word: pad before the next'
                 ' pointer), UserName bob', '\\\\fs01', ('C:', 'bob'), 3, MAX, 0),
        call_req(c, 'l3-pml-0-resume-ffffffff', 'level 3, PreferedMaximumLength 0, *ResumeHandle 0xFFFFFFFF',
                 None, (None, None), 3, 0, MAX),
        call_req(c, 'l3-base-path-1023-chars', 'level 3, 1023-character BasePath (1024 code units with the NUL)',
                 None, ('C:\\' + long_name(1020, 9), None), 3, MAX, 0),
    ]


def file_replies():
    c = FILES
    cases = []
    for level in sorted(c.levels):
        cases += level_cases(c, level, FILE_SAMPLE, FILE_UNICODE)
    samba = [file((4242 << 16) | 1, 1, 0, 'C:\\srv\\data\\a.txt', 'alice'),
             file((4243 << 16) | 2, 3, 2, 'C:\\srv\\data\\b.db', 'bob')]
    big = []
    for i in range(200):
        big.append(file(i + 1, 1 + i % 7, i % 3, None if i % 50 == 49 else 'C:\\share\\dir%d\\file%03d.txt' % (i % 9, i),
                        None if i % 67 == 66 else 'user%03d' % (i % 40)))
    cases += [
        rep('l3-samba', 'level 3 shaped like Samba 4.17\'s answer: id (pid << 16) | file id, read/write only,'
            ' C:<share path>\\<name>', 3, samba, 2, 0, 0),
        rep('l3-200-entries', 'level 3, 200 entries (several DCE/RPC fragments on a real wire); a few NULL strings',
            3, big, 200, 200, 0),
        rep('l3-1023-char-path', 'level 3, 1023-character path and user (1024 code units with the NUL)',
            3, [file(1, 1, 0, long_name(1023, 2), long_name(1023, 11))], 1, 0, 0),
        rep('l3-impacket-native', 'level 3, two entries, AS IMPACKET EMITS IT: its random referent ids'
            ' (random.seed(8)) and its non-zero pad filler. A decoder must accept any non-zero referent and'
            ' ignore pad contents.', 3, [FILE_SAMPLE[0], file(9, 2, 0, 'C:\\x', None)], 2, 0, 0, native=True),
    ]
    return cases + error_cases((3, 2), [5, 8, 87, 124, 2221])


CASES = {
    CONNECTIONS: (connection_requests, connection_replies),
    SESSIONS: (session_requests, session_replies),
    FILES: (file_requests, file_replies),
}


# ---------------------------------------------------------------------------

def header(call, kind, name, what, native):
    return [
        'MS-SRVS %s (opnum %d) %s stub: NDR20, little-endian, no DCE/RPC PDU header.' % (call.name, call.opnum, kind),
        'Case %s: %s' % (name, what),
        'Generated by adapter-msrpc/src/test/vectors/gen_vectors.py with impacket %s' % IMPACKET_VERSION,
        '(impacket.dcerpc.v5.srvs.%s); regenerate, do not edit.' % (
            call.name if kind == 'request' else call.name + 'Response'),
        'Rows: one NDR word (4 bytes) per row, hex of the bytes in wire order (01000000 = 1).',
        ("Referent ids and pads exactly as impacket emits them (pads: 0xaa..0xef fillers)."
         if native else
         "Referent ids: 0x00020000 + 4*k over the non-NULL pointers in wire order (set by the generator;"
         " impacket draws random ids). Pad bytes: 00 (impacket writes filler; NDR leaves them unspecified)."),
        'String comments use JSON escapes; \\0 is the terminating NUL. expect: impacket\'s decode of these bytes.',
    ]


def build(call, kind, name, what, value, native):
    if kind == 'request':
        imp = impacket_request(value, sequential_ids(), call).getData()
        model = model_request(value, sequential_ids(), call)
        data = bytes(model.buf)
    elif not native:
        imp = impacket_reply(value, sequential_ids(), call).getData()
        model = model_reply(value, sequential_ids(), call)
        data = bytes(model.buf)
    else:
        random.seed(8)
        obj = impacket_reply(value, None, call)
        imp = obj.getData()
        model = model_reply(value, iter(native_reply_refids(obj, value, call)), call)
        data = imp
        assert any(imp[o] != 0 for o, n, k, _, _ in model.items if k == 'pad'), 'expected filler pads'

    mask = pad_mask(model.items, len(model.buf))
    assert same_but_pads(imp, bytes(model.buf), mask), '%s: impacket and the layout model disagree' % name
    assert len(data) % 4 == 0 and len(data) == sum(n for _, n, _, _, _ in model.items)

    obj, decoded = (decode_request if kind == 'request' else decode_reply)(data, call)
    assert decoded == value, '%s: impacket decodes\n%r\nexpected\n%r' % (name, decoded, value)
    assert same_but_pads(obj.getData(), data, mask), '%s: re-encoding the decode differs' % name

    content = render(header(call, kind, name, what, native), value, data, model.items)
    expect, parsed = parse(content)
    assert expect == value and parsed == data, name
    return content, data


def write(call, requests, replies):
    os.makedirs(call.out, exist_ok=True)
    for f in os.listdir(call.out):
        if (f.startswith('request-') or f.startswith('reply-')) and f.endswith('.ndr'):
            os.remove(os.path.join(call.out, f))
    written = {}
    for name, what, value in requests:
        written[name] = build(call, 'request', name, what, value, False)
    for name, what, value, native in replies:
        written[name] = build(call, 'reply', name, what, value, native)
    assert len(written) == len(requests) + len(replies), 'duplicate case name in ' + call.name
    for name, (content, _) in sorted(written.items()):
        with open(os.path.join(call.out, name + '.ndr'), 'w', encoding='ascii', newline='\n') as fh:
            fh.write(content)
    print('wrote %d %s vectors to %s (impacket %s)' % (len(written), call.name, call.out, IMPACKET_VERSION))
    return written


def main():
    random.seed(0)
    written = {}
    for call, (requests, replies) in CASES.items():
        written[call] = write(call, requests(), replies())

    # Facts the Java side relies on, checked against the generated bytes.
    samba = written[CONNECTIONS]['reply-l1-samba-placeholders'][1]
    assert len(samba) == 40 + 88 * 2, len(samba)
    for call, name in ((CONNECTIONS, 'reply-l1-200-entries'), (SESSIONS, 'reply-l10-200-entries'),
                       (FILES, 'reply-l3-200-entries')):
        assert len(written[call][name][1]) > 4280 * 2, name
    # An array element is 4 bytes a member (each a DWORD or a referent); Level, switch, container,
    # EntriesRead, Buffer, max_count, TotalEntries, ResumeHandle (NULL) and status are 36 bytes.
    for call in CALLS:
        for level, layout in call.levels.items():
            empty = written[call]['reply-l%d-empty-array' % level][1]
            value = dict(level=level, entries=[], entriesRead=0, totalEntries=0, resumeHandle=None, status=0)
            assert len(model_reply(value, sequential_ids(), call).buf) == 36, (call.name, level)
            assert len(empty) == 40, (call.name, level, len(empty))


if __name__ == '__main__':
    sys.exit(main())
