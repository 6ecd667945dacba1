#!/usr/bin/python3
"""Golden NDR vectors for MS-SRVS NetrConnectionEnum (opnum 8), made by impacket.

Run with Debian's interpreter (the one that sees python3-impacket):

    /usr/bin/python3 adapter-msrpc/src/test/vectors/gen_vectors.py

Writes adapter-msrpc/src/test/resources/vectors/{request,reply}-*.ndr (stale ones
are removed first). Output is deterministic.

Every stub is encoded twice, by impacket's NDR engine (impacket.dcerpc.v5.srvs) and
by the small layout model below, which exists to name each byte in the comments.
The script asserts that:
  * both encodings are identical except for alignment-pad contents (impacket fills
    pads with 0xaa..0xef; the vectors carry 00 except the one "impacket-native" case);
  * impacket decodes every written file (requests with NetrConnectionEnum, replies
    with NetrConnectionEnumResponse), consumes every byte, and its decode equals the
    file's "expect" JSON;
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
    2312: 'NERR_ClientNameNotFound', 0xFFFFFFFF: '(no such status; all bits set)',
}


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


def model_request(c, refids):
    w = Wire(refids)
    if w.ptr(c['serverName'] is None, 'ServerName'):
        w.wstr('ServerName', c['serverName'] + '\x00')
    if w.ptr(c['qualifier'] is None, 'Qualifier'):
        w.wstr('Qualifier', c['qualifier'] + '\x00')
    lvl = c['level']
    w.u32(lvl, 'InfoStruct.Level (DWORD)')
    w.u32(lvl, 'InfoStruct.ConnectInfo switch (union discriminant, DWORD = Level)')
    w.ptr(False, 'InfoStruct.ConnectInfo.Level%d (CONNECT_INFO_%d_CONTAINER*)' % (lvl, lvl))
    w.u32(0, 'CONNECT_INFO_%d_CONTAINER.EntriesRead (DWORD)' % lvl)
    w.ptr(True, 'CONNECT_INFO_%d_CONTAINER.Buffer (CONNECTION_INFO_%d*)' % (lvl, lvl))
    w.u32(c['preferedMaximumLength'], 'PreferedMaximumLength (DWORD)')
    if w.ptr(c['resumeHandle'] is None, 'ResumeHandle (DWORD*)'):
        w.u32(c['resumeHandle'], '*ResumeHandle (DWORD)')
    return w


def model_reply(c, refids):
    w = Wire(refids)
    lvl = c['level']
    entries = c['entries']
    w.u32(lvl, 'InfoStruct.Level (DWORD)')
    w.u32(lvl, 'InfoStruct.ConnectInfo switch (union discriminant, DWORD = Level)')
    w.ptr(False, 'InfoStruct.ConnectInfo.Level%d (CONNECT_INFO_%d_CONTAINER*)' % (lvl, lvl))
    w.u32(c['entriesRead'], 'CONNECT_INFO_%d_CONTAINER.EntriesRead (DWORD)' % lvl)
    if w.ptr(entries is None, 'CONNECT_INFO_%d_CONTAINER.Buffer (CONNECTION_INFO_%d*)' % (lvl, lvl)):
        w.u32(len(entries), 'Buffer max_count (conformant array, size_is(EntriesRead))')
        for i, e in enumerate(entries):
            b = 'Buffer[%d].' % i
            w.u32(e['id'], b + 'coni%d_id (DWORD)' % lvl)
            if lvl == 1:
                w.u32(e['type'], b + 'coni1_type (DWORD)')
                w.u32(e['opens'], b + 'coni1_num_opens (DWORD)')
                w.u32(e['users'], b + 'coni1_num_users (DWORD)')
                w.u32(e['time'], b + 'coni1_time (DWORD)')
                w.ptr(e['username'] is None, b + 'coni1_username (wchar_t*)')
                w.ptr(e['netname'] is None, b + 'coni1_netname (wchar_t*)')
        if lvl == 1:  # deferred pointees, element order, username before netname
            for i, e in enumerate(entries):
                for key, field in (('username', 'coni1_username'), ('netname', 'coni1_netname')):
                    if e[key] is not None:
                        w.wstr('Buffer[%d].%s' % (i, field), e[key] + '\x00')
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


def impacket_request(c, refids):
    """refids: iterator (wire order) or None to keep impacket's random ids."""
    r = srvs.NetrConnectionEnum()
    if c['serverName'] is None:
        r['ServerName'] = NULL
    else:
        r['ServerName'] = c['serverName'] + '\x00'
        set_ref(r.fields['ServerName'], refids)
    if c['qualifier'] is None:
        r['Qualifier'] = NULL
    else:
        r['Qualifier'] = c['qualifier'] + '\x00'
        set_ref(r.fields['Qualifier'], refids)
    lvl = c['level']
    r['InfoStruct']['Level'] = lvl
    r['InfoStruct']['ConnectInfo']['tag'] = lvl            # re-creates the arm
    union = r['InfoStruct']['ConnectInfo']
    set_ref(union.fields['Level%d' % lvl], refids)
    container = union['Level%d' % lvl]
    container['EntriesRead'] = 0
    container['Buffer'] = NULL       # impacket's default would be an empty, non-NULL array
    r['PreferedMaximumLength'] = c['preferedMaximumLength']
    if c['resumeHandle'] is None:
        r['ResumeHandle'] = NULL
    else:
        r['ResumeHandle'] = signed32(c['resumeHandle'])
        set_ref(r.fields['ResumeHandle'], refids)
    return r


def impacket_reply(c, refids):
    resp = srvs.NetrConnectionEnumResponse()
    lvl = c['level']
    resp['InfoStruct']['Level'] = lvl
    resp['InfoStruct']['ConnectInfo']['tag'] = lvl
    union = resp['InfoStruct']['ConnectInfo']
    set_ref(union.fields['Level%d' % lvl], refids)
    container = union['Level%d' % lvl]
    container['EntriesRead'] = c['entriesRead']
    if c['entries'] is None:
        container['Buffer'] = NULL
    else:
        set_ref(container.fields['Buffer'], refids)
        for e in c['entries']:
            if lvl == 0:
                item = srvs.CONNECTION_INFO_0()
                item['coni0_id'] = e['id']
            else:
                item = srvs.CONNECTION_INFO_1()
                item['coni1_id'] = e['id']
                item['coni1_type'] = e['type']
                item['coni1_num_opens'] = e['opens']
                item['coni1_num_users'] = e['users']
                item['coni1_time'] = e['time']
                for key, field in (('username', 'coni1_username'), ('netname', 'coni1_netname')):
                    if e[key] is None:
                        item[field] = NULL
                    else:
                        item[field] = e[key] + '\x00'
                        set_ref(item.fields[field], refids)
            container['Buffer'].append(item)
    resp['TotalEntries'] = c['totalEntries']
    if c['resumeHandle'] is None:
        resp['ResumeHandle'] = NULL
    else:
        resp['ResumeHandle'] = signed32(c['resumeHandle'])
        set_ref(resp.fields['ResumeHandle'], refids)
    resp['ErrorCode'] = c['status']
    return resp


def native_reply_refids(resp, c):
    """impacket's own referent ids of a reply, in wire order (non-NULL pointers)."""
    ids = []
    union = resp['InfoStruct']['ConnectInfo']
    lvl = c['level']
    ids.append(union.fields['Level%d' % lvl]['ReferentID'])
    container = union['Level%d' % lvl]
    if not is_null(container.fields['Buffer']):
        ids.append(container.fields['Buffer']['ReferentID'])
        if lvl == 1:
            for item in container['Buffer']:
                for field in ('coni1_username', 'coni1_netname'):
                    if not is_null(item.fields[field]):
                        ids.append(item.fields[field]['ReferentID'])
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


def decode_request(data):
    r = srvs.NetrConnectionEnum()
    used = r.fromString(data)
    assert used == len(data), (used, len(data))
    lvl = r['InfoStruct']['Level']
    union = r['InfoStruct']['ConnectInfo']
    assert union['tag'] == lvl
    assert not is_null(union.fields['Level%d' % lvl])
    container = union['Level%d' % lvl]
    assert container['EntriesRead'] == 0 and is_null(container.fields['Buffer'])
    return r, {
        'serverName': None if is_null(r.fields['ServerName']) else text(r['ServerName']),
        'qualifier': None if is_null(r.fields['Qualifier']) else text(r['Qualifier']),
        'level': lvl,
        'preferedMaximumLength': r['PreferedMaximumLength'],
        'resumeHandle': None if is_null(r.fields['ResumeHandle']) else r['ResumeHandle'] & 0xFFFFFFFF,
    }


def decode_reply(data):
    resp = srvs.NetrConnectionEnumResponse()
    used = resp.fromString(data)
    assert used == len(data), (used, len(data))
    lvl = resp['InfoStruct']['Level']
    union = resp['InfoStruct']['ConnectInfo']
    assert union['tag'] == lvl
    assert not is_null(union.fields['Level%d' % lvl])
    container = union['Level%d' % lvl]
    if is_null(container.fields['Buffer']):
        entries = None
    else:
        entries = []
        for item in container['Buffer']:
            if lvl == 0:
                entries.append({'id': item['coni0_id']})
            else:
                def s(field):
                    return None if is_null(item.fields[field]) else text(item[field])
                entries.append({
                    'id': item['coni1_id'], 'type': item['coni1_type'],
                    'opens': item['coni1_num_opens'], 'users': item['coni1_num_users'],
                    'time': item['coni1_time'],
                    'username': s('coni1_username'), 'netname': s('coni1_netname'),
                })
    return resp, {
        'level': lvl,
        'entries': entries,
        'entriesRead': container['EntriesRead'],
        'totalEntries': resp['TotalEntries'],
        'resumeHandle': None if is_null(resp.fields['ResumeHandle']) else resp['ResumeHandle'] & 0xFFFFFFFF,
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


def requests():
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


def replies():
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


# ---------------------------------------------------------------------------

def header(kind, name, what, native):
    return [
        'MS-SRVS NetrConnectionEnum (opnum 8) %s stub: NDR20, little-endian, no DCE/RPC PDU header.' % kind,
        'Case %s: %s' % (name, what),
        'Generated by adapter-msrpc/src/test/vectors/gen_vectors.py with impacket %s' % IMPACKET_VERSION,
        '(impacket.dcerpc.v5.srvs.%s); regenerate, do not edit.' % (
            'NetrConnectionEnum' if kind == 'request' else 'NetrConnectionEnumResponse'),
        'Rows: one NDR word (4 bytes) per row, hex of the bytes in wire order (01000000 = 1).',
        ("Referent ids and pads exactly as impacket emits them (pads: 0xaa..0xef fillers)."
         if native else
         "Referent ids: 0x00020000 + 4*k over the non-NULL pointers in wire order (set by the generator;"
         " impacket draws random ids). Pad bytes: 00 (impacket writes filler; NDR leaves them unspecified)."),
        'String comments use JSON escapes; \\0 is the terminating NUL. expect: impacket\'s decode of these bytes.',
    ]


def build(kind, name, what, value, native):
    if kind == 'request':
        imp = impacket_request(value, sequential_ids()).getData()
        model = model_request(value, sequential_ids())
        data = bytes(model.buf)
    elif not native:
        imp = impacket_reply(value, sequential_ids()).getData()
        model = model_reply(value, sequential_ids())
        data = bytes(model.buf)
    else:
        random.seed(8)
        obj = impacket_reply(value, None)
        imp = obj.getData()
        model = model_reply(value, iter(native_reply_refids(obj, value)))
        data = imp
        assert any(imp[o] != 0 for o, n, k, _, _ in model.items if k == 'pad'), 'expected filler pads'

    mask = pad_mask(model.items, len(model.buf))
    assert same_but_pads(imp, bytes(model.buf), mask), '%s: impacket and the layout model disagree' % name
    assert len(data) % 4 == 0 and len(data) == sum(n for _, n, _, _, _ in model.items)

    obj, decoded = (decode_request if kind == 'request' else decode_reply)(data)
    assert decoded == value, '%s: impacket decodes\n%r\nexpected\n%r' % (name, decoded, value)
    assert same_but_pads(obj.getData(), data, mask), '%s: re-encoding the decode differs' % name

    content = render(header(kind, name, what, native), value, data, model.items)
    expect, parsed = parse(content)
    assert expect == value and parsed == data, name
    return content, data


def main():
    random.seed(0)
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if (f.startswith('request-') or f.startswith('reply-')) and f.endswith('.ndr'):
            os.remove(os.path.join(OUT, f))
    written = {}
    for name, what, value in requests():
        written[name] = build('request', name, what, value, False)
    for name, what, value, native in replies():
        written[name] = build('reply', name, what, value, native)
    assert len(written) == len(requests()) + len(replies()), 'duplicate case name'

    # Facts the Java side relies on, checked against the generated bytes.
    samba = written['reply-l1-samba-placeholders'][1]
    assert len(samba) == 40 + 88 * 2, len(samba)
    assert len(written['reply-l1-200-entries'][1]) > 4280 * 2

    for name, (content, _) in sorted(written.items()):
        with open(os.path.join(OUT, name + '.ndr'), 'w', encoding='ascii', newline='\n') as fh:
            fh.write(content)
    print('wrote %d vectors to %s (impacket %s)' % (len(written), OUT, IMPACKET_VERSION))


if __name__ == '__main__':
    sys.exit(main())
