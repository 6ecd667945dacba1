#!/usr/bin/python3
"""Counts the SMB requests a client sent to a server in a packet capture (benchmarks/compare.sh).

    smb2_count.py [--timeline] CAPTURE.pcap PORT [FROM_US TO_US]

Reads a classic pcap file (tcpdump -w; Ethernet as on Linux's lo, Linux cooked v1/v2, or
BSD loopback framing), keeps the TCP segments sent *to* PORT, joins each connection's byte
stream in sequence order (dropping retransmitted bytes), splits it into NetBIOS session
messages, and counts every SMB2 request in them, following compound chains
(NextCommand). SMB1 requests (a multi-protocol negotiate) and SMB3 encrypted messages
(transform header; their commands cannot be seen) are counted apart. With FROM_US and TO_US
(microseconds since the epoch) only requests whose first byte was sent in that window count.

Prints one JSON object: requests (SMB2), by_command, smb1, encrypted, messages (all three
together: every SMB message the client sent), connections (TCP connections that sent
anything in the window), incomplete (of those, how many have a gap in the capture, i.e.
dropped packets: their counts are then too low), and opnums: the DCE/RPC requests that SMB2
IOCTLs and WRITEs carried, by operation number (8 NetrConnectionEnum, 9 NetrFileEnum, 12
NetrSessionEnum; encrypted messages hide theirs). With --timeline, first one line per request:
milliseconds since the window's first request, the command (an IOCTL with its FSCTL code; the
DCE/RPC opnum it carries), and how long the server took to answer it (matched by MessageId; the
last response counts, so an interim STATUS_PENDING does not).

No dependency beyond Python 3's standard library, so that counting needs no tshark.
"""
import json
import struct
import sys
from collections import Counter, defaultdict

SMB2_COMMANDS = ['NEGOTIATE', 'SESSION_SETUP', 'LOGOFF', 'TREE_CONNECT', 'TREE_DISCONNECT', 'CREATE',
                 'CLOSE', 'FLUSH', 'READ', 'WRITE', 'LOCK', 'IOCTL', 'CANCEL', 'ECHO', 'QUERY_DIRECTORY',
                 'CHANGE_NOTIFY', 'QUERY_INFO', 'SET_INFO', 'OPLOCK_BREAK']


def packets(path):
    """(timestamp in microseconds, link type, frame bytes) for every frame of a classic pcap."""
    with open(path, 'rb') as f:
        header = f.read(24)
        magic = header[:4]
        if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1'):
            endian = '<'
        elif magic in (b'\xa1\xb2\xc3\xd4', b'\xa1\xb2\x3c\x4d'):
            endian = '>'
        else:
            raise SystemExit('%s: not a classic pcap file (pcapng is not read here)' % path)
        nanos = magic in (b'\x4d\x3c\xb2\xa1', b'\xa1\xb2\x3c\x4d')
        linktype = struct.unpack(endian + 'I', header[20:24])[0]
        while True:
            record = f.read(16)
            if len(record) < 16:
                return
            sec, frac, incl, _ = struct.unpack(endian + 'IIII', record)
            data = f.read(incl)
            yield sec * 1_000_000 + (frac // 1000 if nanos else frac), linktype, data


def ip_payload(linktype, frame):
    """The IPv4/IPv6 packet inside a frame, or None."""
    if linktype == 1:                        # Ethernet (Linux lo has zero MACs)
        off, ethertype = 14, struct.unpack('>H', frame[12:14])[0]
        while ethertype == 0x8100:           # VLAN tag
            ethertype = struct.unpack('>H', frame[off + 2:off + 4])[0]
            off += 4
        return frame[off:] if ethertype in (0x0800, 0x86DD) else None
    if linktype == 113:                      # Linux cooked v1
        return frame[16:] if struct.unpack('>H', frame[14:16])[0] in (0x0800, 0x86DD) else None
    if linktype == 276:                      # Linux cooked v2
        return frame[20:] if struct.unpack('>H', frame[0:2])[0] in (0x0800, 0x86DD) else None
    if linktype in (0, 108):                 # BSD loopback
        return frame[4:]
    if linktype in (101, 228, 229):          # raw IP
        return frame
    raise SystemExit('link type %d is not supported' % linktype)


def tcp_segments(path, port, to_server=True):
    """(timestamp, connection key, sequence number, payload, syn) for TCP segments to port
    (or, with to_server False, from it); the key is always (client, client port, server, port)."""
    for ts, linktype, frame in packets(path):
        ip = ip_payload(linktype, frame)
        if not ip:
            continue
        version = ip[0] >> 4
        if version == 4:
            ihl = (ip[0] & 0x0F) * 4
            if ip[9] != 6:
                continue
            total = struct.unpack('>H', ip[2:4])[0]
            src, dst, tcp = ip[12:16], ip[16:20], ip[ihl:total]
        elif version == 6:
            if ip[6] != 6:                   # no extension headers on loopback
                continue
            plen = struct.unpack('>H', ip[4:6])[0]
            src, dst, tcp = ip[8:24], ip[24:40], ip[40:40 + plen]
        else:
            continue
        sport, dport, seq = struct.unpack('>HHI', tcp[:8])
        if (dport if to_server else sport) != port:
            continue
        key = (src, sport, dst, dport) if to_server else (dst, dport, src, sport)
        data_off = (tcp[12] >> 4) * 4
        syn = bool(tcp[13] & 0x02)
        yield ts, key, seq, tcp[data_off:], syn


def streams(path, port, to_server=True):
    """Per connection: the client's (or server's) byte stream and, for each byte range, when it was sent."""
    segments = defaultdict(list)
    isn = {}
    for ts, key, seq, payload, syn in tcp_segments(path, port, to_server):
        if syn:
            isn[key] = seq + 1
        if payload:
            segments[key].append((seq, ts, payload))
    for key, segs in segments.items():
        base = isn.get(key, min(s for s, _, _ in segs))
        data = bytearray()
        marks = []                           # (stream offset where a segment starts, timestamp)
        for seq, ts, payload in sorted(segs, key=lambda s: ((s[0] - base) & 0xFFFFFFFF, s[1])):
            rel = (seq - base) & 0xFFFFFFFF
            if rel + len(payload) <= len(data):
                continue                     # retransmission
            if rel > len(data):
                # Packets were dropped: what follows cannot be framed. Keep what came before.
                print('smb2_count: a gap in the capture of the connection from port %d after %d bytes '
                      '(dropped packets); the rest of it is not counted' % (key[1], len(data)), file=sys.stderr)
                GAPS.add(key)
                break
            payload = payload[len(data) - rel:]
            marks.append((len(data), ts))
            data += payload
        yield key, bytes(data), marks


def sent_at(marks, offset):
    ts = marks[0][1]
    for start, t in marks:
        if start > offset:
            break
        ts = t
    return ts


GAPS = set()                                 # connections whose capture has a gap

FSCTLS = {0x0011C017: 'FSCTL_PIPE_TRANSCEIVE', 0x00140204: 'FSCTL_VALIDATE_NEGOTIATE_INFO',
          0x00060194: 'FSCTL_DFS_GET_REFERRALS'}


def rpc_opnum(message, at, command):
    """The opnum of the DCE/RPC request that an SMB2 IOCTL or WRITE request at offset at carries, or None."""
    if command == 11 and len(message) >= at + 96:      # IOCTL: InputOffset, InputCount
        offset, count = struct.unpack('<II', message[at + 88:at + 96])
    elif command == 9 and len(message) >= at + 72:     # WRITE: DataOffset (16 bits), Length
        offset, count = struct.unpack('<HI', message[at + 66:at + 72])
    else:
        return None
    pdu = message[at + offset:at + offset + min(count, 24)]
    # version 5.0, PTYPE request (0); the opnum ends the 24-byte request header
    if len(pdu) < 24 or pdu[0] != 5 or pdu[1] != 0 or pdu[2] != 0:
        return None
    return struct.unpack('<H', pdu[22:24])[0]


def messages(path, port, to_server=True):
    """(connection key, timestamp, kind, SMB2 headers or None) for every NetBIOS session message.

    kind is 'smb2', 'smb1' or 'encrypted'; the headers are (command, flags, message id, ctl code,
    DCE/RPC opnum)."""
    for key, data, marks in streams(path, port, to_server):
        off = 0
        while off + 4 <= len(data):
            nbss = data[off]
            length = int.from_bytes(data[off + 1:off + 4], 'big')
            message = data[off + 4:off + 4 + length]
            ts = sent_at(marks, off)
            off += 4 + length
            if nbss != 0 or len(message) < 4:
                continue                     # not a session message (keep-alive)
            if message[:4] == b'\xfdSMB':
                yield key, ts, 'encrypted', None
            elif message[:4] == b'\xffSMB':
                yield key, ts, 'smb1', None
            elif message[:4] == b'\xfeSMB':
                headers = []
                at = 0
                while True:
                    command, = struct.unpack('<H', message[at + 12:at + 14])
                    flags, next_command, message_id = struct.unpack('<IIQ', message[at + 16:at + 32])
                    ctl = struct.unpack('<I', message[at + 68:at + 72])[0] if command == 11 else None
                    opnum = None if flags & 0x1 else rpc_opnum(message, at, command)
                    headers.append((command, flags, message_id, ctl, opnum))
                    if not next_command:
                        break
                    at += next_command
                yield key, ts, 'smb2', headers


def command_name(command, ctl, opnum=None):
    name = SMB2_COMMANDS[command] if command < len(SMB2_COMMANDS) else str(command)
    if ctl is not None:
        name += ' ' + FSCTLS.get(ctl, '0x%08x' % ctl)
    if opnum is not None:
        name += ' opnum %d' % opnum
    return name


def count(path, port, start=None, end=None, timeline=False):
    GAPS.clear()
    by_command = Counter()
    opnums = Counter()
    smb1 = encrypted = 0
    connections = set()
    requests = []                            # (timestamp, key, message id, name)
    for key, ts, kind, headers in messages(path, port):
        if start is not None and not (start <= ts <= end):
            continue
        connections.add(key)
        if kind == 'encrypted':
            encrypted += 1
            requests.append((ts, key, None, 'encrypted message'))
        elif kind == 'smb1':
            smb1 += 1
            requests.append((ts, key, None, 'SMB1 request'))
        else:
            for command, flags, message_id, ctl, opnum in headers:
                if not flags & 0x1:          # SMB2_FLAGS_SERVER_TO_REDIR clear: a request
                    by_command[SMB2_COMMANDS[command] if command < len(SMB2_COMMANDS) else str(command)] += 1
                    if opnum is not None:
                        opnums[str(opnum)] += 1
                    requests.append((ts, key, message_id, command_name(command, ctl, opnum)))
    if timeline and requests:
        answered = {}
        for key, ts, kind, headers in messages(path, port, to_server=False):
            for command, flags, message_id, ctl, opnum in headers or ():
                answered[(key, message_id)] = ts          # the last response for that id
        first = min(r[0] for r in requests)
        for ts, key, message_id, name in sorted(requests, key=lambda r: r[0]):
            reply = answered.get((key, message_id))
            took = '%8.3f ms' % ((reply - ts) / 1000) if reply is not None and message_id is not None else '        -'
            print('%9.3f ms  server %s  %s' % ((ts - first) / 1000, took, name))
    requests_smb2 = sum(by_command.values())
    return {'requests': requests_smb2, 'by_command': dict(by_command), 'smb1': smb1, 'encrypted': encrypted,
            'messages': requests_smb2 + smb1 + encrypted, 'connections': len(connections),
            'incomplete': len(GAPS & connections), 'opnums': dict(opnums)}


def main(argv):
    timeline = len(argv) > 1 and argv[1] == '--timeline'
    if timeline:
        argv = argv[:1] + argv[2:]
    if len(argv) not in (3, 5):
        raise SystemExit(__doc__)
    start, end = (int(argv[3]), int(argv[4])) if len(argv) == 5 else (None, None)
    print(json.dumps(count(argv[1], int(argv[2]), start, end, timeline)))


if __name__ == '__main__':
    main(sys.argv)
