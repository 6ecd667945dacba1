#!/usr/bin/python3
"""Golden vectors for the framing around the srvsvc stubs, made by impacket.

Run with Debian's interpreter (the one that sees python3-impacket):

    /usr/bin/python3 adapter-msrpc/src/test/vectors/gen_wire_vectors.py

Writes adapter-msrpc/src/test/resources/vectors/wire/*.hex (stale ones are removed
first). Output is deterministic. gen_vectors.py writes the NDR stubs; this script writes:

  * bind-*:    the DCE/RPC bind PDU for srvsvc 3.0 over NDR 2.0 (C706 12.6.4.3), built with
               impacket.dcerpc.v5.rpcrt.MSRPCHeader + MSRPCBind + CtxItem, as
               rpcrt.DCERPC_v5.bind builds it;
  * answer-*:  bind_ack PDUs (MSRPCBindAck + CtxItemResult) and bind_nak PDUs
               (MSRPCHeader + MSRPCBindNak), accepted and refused;
  * request-*: a request PDU for opnum 8, 12 and 9 (MSRPCRequestHeader, alloc_hint = stub length
               as rpcrt.DCERPC_v5.call sets it) around impacket's NetrConnectionEnum,
               NetrSessionEnum and NetrFileEnum stubs;
  * smb2-*:    an SMB2 NEGOTIATE request and response (impacket.smb3structs SMB2Packet +
               SMB2Negotiate / SMB2Negotiate_Response), the FSCTL_VALIDATE_NEGOTIATE_INFO
               request impacket builds from the same values (VALIDATE_NEGOTIATE_INFO) and
               responses (VALIDATE_NEGOTIATE_INFO_RESPONSE): the matching one and one per
               field changed.

Same file format as gen_vectors.py: '#' header lines, one '# expect: ' JSON line saying
what the Java side must conclude, then one row per 4 bytes (hex in wire order) with a
comment naming the fields in that row. The field layout below only names bytes: the
script asserts that it covers impacket's bytes exactly and that impacket parses the
bytes back to the values put in.

Names of reasons. impacket's rpc_provider_reason and rpc_cont_def_result are C706's
p_provider_reason_t and p_cont_def_result_t for the values used here, so the bind_ack
expectations take their names from impacket. impacket decodes a bind_nak's
provider_reject_reason with the same rpc_provider_reason table, but C706 12.6.4.5 types
it p_reject_reason_t, a different table (2 = local_limit_exceeded, 4 =
protocol_version_not_supported, where impacket would say
proposed_transfer_syntaxes_not_supported and protocol_version_not_specified). The bind_nak
expectations use C706's names (REJECT_REASON below); the header of those files says so.
"""
import json
import os
import sys
from importlib.metadata import version as dist_version

from impacket import spnego
from impacket import smb3structs as smb3
from impacket.dcerpc.v5 import rpcrt, srvs
from impacket.uuid import uuidtup_to_bin

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_vectors  # noqa: E402  (the srvsvc stubs, with their referent ids)

IMPACKET_VERSION = dist_version('impacket')
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, '..', 'resources', 'vectors', 'wire'))
SCRIPT = 'adapter-msrpc/src/test/vectors/gen_wire_vectors.py'

SRVSVC = ('4b324fc8-1670-01d3-1278-5a47bf6ee188', '3.0')
NDR20 = ('8a885d04-1ceb-11c9-9fe8-08002b104860', '2.0')
MAX_FRAGMENT = 4280

# C706 12.6.3.1 p_reject_reason_t (the reason of a bind_nak); see the docstring.
REJECT_REASON = {
    0: 'reason_not_specified', 1: 'temporary_congestion', 2: 'local_limit_exceeded',
    3: 'called_paddr_unknown', 4: 'protocol_version_not_supported',
    5: 'default_context_not_supported', 6: 'user_data_not_readable', 7: 'no_psap_available',
}


# ---------------------------------------------------------------------------
# Field layouts (names only) and the file format
# ---------------------------------------------------------------------------

def common_header(ptype):
    return [(1, 'rpc_vers (u_int8) = 5'), (1, 'rpc_vers_minor (u_int8) = 0'),
            (1, 'PTYPE (u_int8) = %d (%s)' % (ptype, {0: 'request', 11: 'bind', 12: 'bind_ack', 13: 'bind_nak'}[ptype])),
            (1, 'pfc_flags (u_int8) = PFC_FIRST_FRAG|PFC_LAST_FRAG'),
            (4, 'packed_drep (byte[4]) = 10000000 (little-endian, ASCII, IEEE)'),
            (2, 'frag_length (u_int16)'), (2, 'auth_length (u_int16)'), (4, 'call_id (u_int32)')]


def syntax_id(name):
    return [(16, name + '.if_uuid (uuid_t)'), (2, name + '.if_version major (u_int16)'),
            (2, name + '.if_version minor (u_int16)')]


def row_comment(fields, row):
    parts = []
    off = 0
    for length, label in fields:
        lo, hi = max(off, row), min(off + length, row + 4)
        if lo < hi:
            if length <= 4 or (lo == off and hi == off + length):
                parts.append(label)
            else:
                parts.append('%s [bytes %d..%d of %d]' % (label, lo - off, hi - off - 1, length))
        off += length
    return ' + '.join(parts)


def render(header_lines, expect, data, fields):
    assert sum(n for n, _ in fields) == len(data), (sum(n for n, _ in fields), len(data), header_lines[0])
    lines = ['# ' + h if h else '#' for h in header_lines]
    lines.append('# expect: ' + json.dumps(expect, ensure_ascii=True, sort_keys=True))
    for row in range(0, len(data), 4):
        lines.append('%s  # %s' % (data[row:row + 4].hex(), row_comment(fields, row)))
    out = '\n'.join(lines) + '\n'
    out.encode('ascii')
    return out


def parse(content):
    expect, data = None, bytearray()
    for line in content.splitlines():
        if line.startswith('# expect: '):
            assert expect is None
            expect = json.loads(line[len('# expect: '):])
        elif not line.startswith('#'):
            hexpart, _, comment = line.partition('  # ')
            assert comment and len(hexpart) in (2, 4, 6, 8), line
            data += bytes.fromhex(hexpart)
    return expect, bytes(data)


def header(what, built_with, extra=()):
    return [what,
            'Generated by %s with impacket %s' % (SCRIPT, IMPACKET_VERSION),
            '(%s); regenerate, do not edit.' % built_with,
            'Rows: 4 bytes each, hex in wire order (little-endian: 01000000 = 1); the comment names the fields in the row.',
            ] + list(extra)


# ---------------------------------------------------------------------------
# DCE/RPC: bind, bind_ack, bind_nak, request
# ---------------------------------------------------------------------------

def bind_pdu(call_id, max_fragment):
    """As rpcrt.DCERPC_v5.bind builds it, without authentication and bogus contexts."""
    bind = rpcrt.MSRPCBind()
    bind['max_tfrag'] = max_fragment
    bind['max_rfrag'] = max_fragment
    bind['assoc_group'] = 0
    item = rpcrt.CtxItem()
    item['AbstractSyntax'] = uuidtup_to_bin(SRVSVC)
    item['TransferSyntax'] = uuidtup_to_bin(NDR20)
    item['ContextID'] = 0
    item['TransItems'] = 1
    bind.addCtxItem(item)
    packet = rpcrt.MSRPCHeader()
    packet['type'] = rpcrt.MSRPC_BIND
    packet['pduData'] = bind.getData()
    packet['call_id'] = call_id
    data = packet.get_packet()

    back = rpcrt.MSRPCHeader(data)
    b = rpcrt.MSRPCBind(back['pduData'])
    c = rpcrt.CtxItem(b['ctx_items'])
    assert (back['type'], back['call_id'], back['frag_len']) == (rpcrt.MSRPC_BIND, call_id, len(data))
    assert (b['max_tfrag'], b['max_rfrag'], b['assoc_group'], b['ctx_num']) == (max_fragment, max_fragment, 0, 1)
    assert c['AbstractSyntax'] == uuidtup_to_bin(SRVSVC) and c['TransferSyntax'] == uuidtup_to_bin(NDR20)

    fields = common_header(11) + [
        (2, 'max_xmit_frag (u_int16)'), (2, 'max_recv_frag (u_int16)'), (4, 'assoc_group_id (u_int32) = 0 (new group)'),
        (1, 'p_context_elem.n_context_elem (u_int8) = 1'), (1, 'reserved (u_int8)'), (2, 'reserved2 (u_short)'),
        (2, 'p_cont_elem[0].p_cont_id (u_int16) = 0'), (1, 'p_cont_elem[0].n_transfer_syn (u_int8) = 1'),
        (1, 'p_cont_elem[0].reserved (u_int8)'),
    ] + syntax_id('abstract_syntax (srvsvc 3.0)') + syntax_id('transfer_syntaxes[0] (NDR 2.0)')
    return data, fields


def bind_ack_pdu(call_id, max_fragment, secondary, result, reason, transfer):
    ack = rpcrt.MSRPCBindAck()
    ack['type'] = rpcrt.MSRPC_BINDACK
    ack['call_id'] = call_id
    ack['max_tfrag'] = max_fragment
    ack['max_rfrag'] = max_fragment
    ack['assoc_group'] = 0x000053f1
    ack['SecondaryAddr'] = secondary
    ack['SecondaryAddrLen'] = len(secondary) + 1        # as rpcrt.DCERPCServer.bind sets it (with the NUL)
    ack['Pad'] = b'\x00' * ((4 - ((ack['SecondaryAddrLen'] + rpcrt.MSRPCBindAck._SIZE) % 4)) % 4)
    item = rpcrt.CtxItemResult()
    item['Result'] = result
    item['Reason'] = reason
    item['TransferSyntax'] = transfer
    ack['ctx_num'] = 1
    ack['ctx_items'] = item.getData()
    ack['frag_len'] = len(ack.getData())                # as rpcrt.DCERPCServer.bind sets it
    data = ack.getData()

    back = rpcrt.MSRPCBindAck(data)
    r = back.getCtxItem(1)
    assert (back['type'], back['call_id'], back['frag_len']) == (rpcrt.MSRPC_BINDACK, call_id, len(data))
    assert (back['max_rfrag'], back['ctx_num'], r['Result'], r['Reason']) == (max_fragment, 1, result, reason)
    assert back['SecondaryAddr'] in (secondary, secondary.encode('ascii')), back['SecondaryAddr']

    n = ack['SecondaryAddrLen']
    fields = common_header(12) + [
        (2, 'max_xmit_frag (u_int16)'), (2, 'max_recv_frag (u_int16)'), (4, 'assoc_group_id (u_int32)'),
        (2, 'sec_addr.length (u_int16, incl. NUL)'),
        (n, 'sec_addr.port_spec (char[%d]) "%s\\0"' % (n, secondary.replace('\\', '\\\\'))),
        (len(ack['Pad']), 'pad (align 4)'),
        (1, 'p_result_list.n_results (u_int8) = 1'), (1, 'reserved (u_int8)'), (2, 'reserved2 (u_int16)'),
        (2, 'p_results[0].result (p_cont_def_result_t, u_int16) = %d (%s)' % (result, rpcrt.rpc_cont_def_result[result])),
        (2, 'p_results[0].reason (p_provider_reason_t, u_int16) = %d (%s)' % (reason, rpcrt.rpc_provider_reason[reason])),
    ] + syntax_id('p_results[0].transfer_syntax')
    fields = [f for f in fields if f[0]]
    return data, fields


def bind_nak_pdu(call_id, reason):
    nak = rpcrt.MSRPCBindNak()
    nak['RejectedReason'] = reason
    # n_protocols = 1, protocols[0] = 5.0 (what Windows and Samba send); impacket's default is none.
    nak['SupportedVersions'] = b'\x01\x05\x00'
    packet = rpcrt.MSRPCHeader()
    packet['type'] = rpcrt.MSRPC_BINDNAK
    packet['call_id'] = call_id
    packet['pduData'] = nak.getData()
    data = packet.get_packet()

    back = rpcrt.MSRPCHeader(data)
    assert (back['type'], back['call_id'], back['frag_len']) == (rpcrt.MSRPC_BINDNAK, call_id, len(data))
    assert rpcrt.MSRPCBindNak(back['pduData'])['RejectedReason'] == reason

    fields = common_header(13) + [
        (2, 'provider_reject_reason (p_reject_reason_t, u_int16) = %d (%s)' % (reason, REJECT_REASON[reason])),
        (1, 'versions.n_protocols (u_int8) = 1'), (1, 'versions.p_protocols[0].major (u_int8) = 5'),
        (1, 'versions.p_protocols[0].minor (u_int8) = 0'),
    ]
    return data, fields


REQUEST_CASE = {'serverName': None, 'qualifier': 'DATA', 'level': 1, 'preferedMaximumLength': 0xFFFFFFFF,
                'resumeHandle': 0}
SESSION_REQUEST_CASE = {'serverName': '\\\\fs01', 'clientName': None, 'userName': 'alice', 'level': 10,
                        'preferedMaximumLength': 0xFFFFFFFF, 'resumeHandle': 0}
FILE_REQUEST_CASE = {'serverName': '\\\\fs01', 'basePath': None, 'userName': None, 'level': 3,
                     'preferedMaximumLength': 0xFFFFFFFF, 'resumeHandle': 0}


def request_pdu(call_id, case, call=gen_vectors.CONNECTIONS, see=None):
    imp = gen_vectors.impacket_request(case, gen_vectors.sequential_ids(), call).getData()
    model = gen_vectors.model_request(case, gen_vectors.sequential_ids(), call)
    # impacket fills NDR pads with 0xab..; the stub vectors carry 00 there (see gen_vectors.py).
    assert gen_vectors.same_but_pads(imp, bytes(model.buf), gen_vectors.pad_mask(model.items, len(model.buf)))
    stub = bytes(model.buf)
    packet = rpcrt.MSRPCRequestHeader()
    packet['type'] = rpcrt.MSRPC_REQUEST
    packet['flags'] = rpcrt.PFC_FIRST_FRAG | rpcrt.PFC_LAST_FRAG
    packet['call_id'] = call_id
    packet['ctx_id'] = 0
    packet['op_num'] = call.request_class.opnum
    packet['pduData'] = stub
    packet['alloc_hint'] = len(stub)                        # as rpcrt.DCERPC_v5.call sets it
    data = packet.get_packet()

    back = rpcrt.MSRPCRequestHeader(data)
    assert (back['type'], back['call_id'], back['frag_len'], back['op_num']) == (0, call_id, len(data), call.opnum)
    assert back['pduData'] == stub and data[24:] == stub

    fields = common_header(0) + [
        (4, 'alloc_hint (u_int32) = stub length'), (2, 'p_cont_id (p_context_id_t, u_int16) = 0'),
        (2, 'opnum (u_int16) = %d (%s)' % (call.opnum, call.name)),
        (len(stub), 'stub (%s request, NDR 2.0%s)' % (call.name, '; see ' + see if see else '')),
    ]
    return data, fields


# ---------------------------------------------------------------------------
# SMB2 NEGOTIATE and FSCTL_VALIDATE_NEGOTIATE_INFO
# ---------------------------------------------------------------------------

DIALECTS = [smb3.SMB2_DIALECT_002, smb3.SMB2_DIALECT_21, smb3.SMB2_DIALECT_30, smb3.SMB2_DIALECT_302,
            smb3.SMB2_DIALECT_311]
CLIENT_GUID = bytes.fromhex('6e6574636f6e6e2d636c69656e742d31')           # "netconn-client-1"
SERVER_GUID = bytes.fromhex('a1b2c3d4e5f60718293a4b5c6d7e8f90')
CLIENT_SECURITY_MODE = smb3.SMB2_NEGOTIATE_SIGNING_ENABLED
SERVER_SECURITY_MODE = smb3.SMB2_NEGOTIATE_SIGNING_ENABLED | smb3.SMB2_NEGOTIATE_SIGNING_REQUIRED
CLIENT_CAPABILITIES = (smb3.SMB2_GLOBAL_CAP_DFS | smb3.SMB2_GLOBAL_CAP_LEASING | smb3.SMB2_GLOBAL_CAP_LARGE_MTU
                       | smb3.SMB2_GLOBAL_CAP_MULTI_CHANNEL | smb3.SMB2_GLOBAL_CAP_PERSISTENT_HANDLES
                       | smb3.SMB2_GLOBAL_CAP_DIRECTORY_LEASING | smb3.SMB2_GLOBAL_CAP_ENCRYPTION)
SERVER_CAPABILITIES = (smb3.SMB2_GLOBAL_CAP_DFS | smb3.SMB2_GLOBAL_CAP_LEASING | smb3.SMB2_GLOBAL_CAP_LARGE_MTU
                       | smb3.SMB2_GLOBAL_CAP_ENCRYPTION)
SERVER_DIALECT = smb3.SMB2_DIALECT_302


def smb2_header(fields_prefix='', response=False):
    return [(4, 'ProtocolId = FE "SMB"'), (2, 'StructureSize (2 bytes) = 64'), (2, 'CreditCharge (2 bytes)'),
            (4, 'Status (4 bytes)' if response else 'Status / ChannelSequence+Reserved (4 bytes)'),
            (2, 'Command (2 bytes) = 0 (NEGOTIATE)'), (2, 'CreditRequest/CreditResponse (2 bytes)'),
            (4, 'Flags (4 bytes)' + (' = SMB2_FLAGS_SERVER_TO_REDIR' if response else '')),
            (4, 'NextCommand (4 bytes)'), (8, 'MessageId (8 bytes)'), (4, 'Reserved (4 bytes)'),
            (4, 'TreeId (4 bytes)'), (8, 'SessionId (8 bytes)'), (16, 'Signature (16 bytes)')]


def negotiate_request():
    """As smb3.SMB3.negotiateSession builds it for 3.1.1 (two contexts), offering all five dialects."""
    preauth = smb3.SMB2PreAuthIntegrityCapabilities()
    preauth['HashAlgorithmCount'] = 1
    preauth['SaltLength'] = 32
    preauth['HashAlgorithms'] = b'\x01\x00'                                   # SHA-512
    preauth['Salt'] = bytes(range(32))                                        # impacket draws random letters
    ctx1 = smb3.SMB2NegotiateContext()
    ctx1['ContextType'] = smb3.SMB2_PREAUTH_INTEGRITY_CAPABILITIES
    ctx1['Data'] = preauth.getData()
    ctx1['DataLength'] = len(ctx1['Data'])
    pad = b'\x00' * ((8 - (ctx1['DataLength'] % 8)) % 8)
    enc = smb3.SMB2EncryptionCapabilities()
    enc['CipherCount'] = 1
    enc['Ciphers'] = 1                                                        # AES-128-CCM
    ctx2 = smb3.SMB2NegotiateContext()
    ctx2['ContextType'] = smb3.SMB2_ENCRYPTION_CAPABILITIES
    ctx2['Data'] = enc.getData()
    ctx2['DataLength'] = len(ctx2['Data'])

    neg = smb3.SMB2Negotiate()
    neg['SecurityMode'] = CLIENT_SECURITY_MODE
    neg['Capabilities'] = CLIENT_CAPABILITIES
    neg['ClientGuid'] = CLIENT_GUID
    neg['Dialects'] = DIALECTS
    neg['DialectCount'] = len(DIALECTS)
    dialects_end = 64 + 36 + 2 * len(DIALECTS)
    padding = b'\x00' * ((8 - dialects_end % 8) % 8)
    ctxdata = smb3.SMB311ContextData()
    ctxdata['NegotiateContextOffset'] = dialects_end + len(padding)
    ctxdata['NegotiateContextCount'] = 2
    neg['ClientStartTime'] = ctxdata.getData()
    neg['Padding'] = padding
    neg['NegotiateContextList'] = ctx1.getData() + pad + ctx2.getData()

    packet = smb3.SMB2Packet()
    packet['Command'] = smb3.SMB2_NEGOTIATE
    packet['CreditRequestResponse'] = 1
    packet['Data'] = neg
    data = packet.getData()

    back = smb3.SMB2Negotiate(smb3.SMB2Packet(data)['Data'])
    # impacket's '*<H' decode runs to the end of the message (it ignores DialectCount), so only
    # the first DialectCount entries are the dialects; the rest is padding and contexts.
    assert back['Dialects'][:len(DIALECTS)] == DIALECTS and back['ClientGuid'] == CLIENT_GUID
    assert (back['Capabilities'], back['SecurityMode'], back['DialectCount']) == (
        CLIENT_CAPABILITIES, CLIENT_SECURITY_MODE, len(DIALECTS))

    fields = smb2_header() + [
        (2, 'NEGOTIATE.StructureSize (2 bytes) = 36'), (2, 'DialectCount (2 bytes)'), (2, 'SecurityMode (2 bytes)'),
        (2, 'Reserved (2 bytes)'), (4, 'Capabilities (4 bytes)'), (16, 'ClientGuid (16 bytes)'),
        (4, 'NegotiateContextOffset (4 bytes)'), (2, 'NegotiateContextCount (2 bytes)'), (2, 'Reserved2 (2 bytes)'),
    ] + [(2, 'Dialects[%d] (2 bytes) = 0x%04x' % (i, d)) for i, d in enumerate(DIALECTS)] + [
        (len(padding), 'Padding (to 8)'),
        (2, 'NegotiateContextList[0].ContextType = PREAUTH_INTEGRITY_CAPABILITIES'), (2, '[0].DataLength'),
        (4, '[0].Reserved'), (2, '[0].HashAlgorithmCount'), (2, '[0].SaltLength'), (2, '[0].HashAlgorithms[0] = SHA-512'),
        (32, '[0].Salt (32 bytes)'), (len(pad), 'pad (to 8)'),
        (2, 'NegotiateContextList[1].ContextType = ENCRYPTION_CAPABILITIES'), (2, '[1].DataLength'),
        (4, '[1].Reserved'), (2, '[1].CipherCount'), (2, '[1].Ciphers[0] = AES-128-CCM'),
    ]
    return data, [f for f in fields if f[0]]


def negotiate_response():
    token = spnego.SPNEGO_NegTokenInit()
    token['MechTypes'] = [spnego.TypesMech['NTLMSSP - Microsoft NTLM Security Support Provider']]
    blob = token.getData()
    resp = smb3.SMB2Negotiate_Response()
    resp['SecurityMode'] = SERVER_SECURITY_MODE
    resp['DialectRevision'] = SERVER_DIALECT
    resp['ServerGuid'] = SERVER_GUID
    resp['Capabilities'] = SERVER_CAPABILITIES
    resp['MaxTransactSize'] = 8388608
    resp['MaxReadSize'] = 8388608
    resp['MaxWriteSize'] = 8388608
    resp['SystemTime'] = 0x01da_0000_0000_0000
    resp['ServerStartTime'] = 0
    resp['SecurityBufferOffset'] = 64 + 64
    resp['SecurityBufferLength'] = len(blob)
    resp['Buffer'] = blob
    packet = smb3.SMB2Packet()
    packet['Command'] = smb3.SMB2_NEGOTIATE
    packet['Flags'] = smb3.SMB2_FLAGS_SERVER_TO_REDIR
    packet['CreditRequestResponse'] = 1
    packet['Data'] = resp
    data = packet.getData()

    back = smb3.SMB2Negotiate_Response(smb3.SMB2Packet(data)['Data'])
    assert (back['SecurityMode'], back['DialectRevision'], back['ServerGuid'], back['Capabilities']) == (
        SERVER_SECURITY_MODE, SERVER_DIALECT, SERVER_GUID, SERVER_CAPABILITIES)
    assert back['Buffer'] == blob

    fields = smb2_header(response=True) + [
        (2, 'NEGOTIATE.StructureSize (2 bytes) = 65'), (2, 'SecurityMode (2 bytes)'),
        (2, 'DialectRevision (2 bytes) = 0x%04x' % SERVER_DIALECT), (2, 'NegotiateContextCount/Reserved (2 bytes)'),
        (16, 'ServerGuid (16 bytes)'), (4, 'Capabilities (4 bytes)'), (4, 'MaxTransactSize (4 bytes)'),
        (4, 'MaxReadSize (4 bytes)'), (4, 'MaxWriteSize (4 bytes)'), (8, 'SystemTime (8 bytes)'),
        (8, 'ServerStartTime (8 bytes)'), (2, 'SecurityBufferOffset (2 bytes)'), (2, 'SecurityBufferLength (2 bytes)'),
        (4, 'NegotiateContextOffset/Reserved2 (4 bytes)'), (len(blob), 'Buffer (SPNEGO NegTokenInit, NTLMSSP)'),
    ]
    return data, fields


def validate_request():
    v = smb3.VALIDATE_NEGOTIATE_INFO()
    v['Capabilities'] = CLIENT_CAPABILITIES
    v['Guid'] = CLIENT_GUID
    v['SecurityMode'] = CLIENT_SECURITY_MODE
    v['Dialects'] = DIALECTS
    data = v.getData()
    back = smb3.VALIDATE_NEGOTIATE_INFO(data)
    assert back['Dialects'] == DIALECTS and back['Guid'] == CLIENT_GUID
    fields = [(4, 'Capabilities (4 bytes)'), (16, 'Guid (16 bytes) = ClientGuid'), (2, 'SecurityMode (2 bytes)'),
              (2, 'DialectCount (2 bytes)')] + [
        (2, 'Dialects[%d] (2 bytes) = 0x%04x' % (i, d)) for i, d in enumerate(DIALECTS)]
    return data, fields


def validate_response(capabilities=SERVER_CAPABILITIES, guid=SERVER_GUID, mode=SERVER_SECURITY_MODE,
                      dialect=SERVER_DIALECT):
    v = smb3.VALIDATE_NEGOTIATE_INFO_RESPONSE()
    v['Capabilities'] = capabilities
    v['Guid'] = guid
    v['SecurityMode'] = mode
    v['Dialect'] = dialect
    data = v.getData()
    back = smb3.VALIDATE_NEGOTIATE_INFO_RESPONSE(data)
    assert (back['Capabilities'], back['Guid'], back['SecurityMode'], back['Dialect']) == (
        capabilities, guid, mode, dialect)
    fields = [(4, 'Capabilities (4 bytes) = 0x%08x' % capabilities), (16, 'Guid (16 bytes)'),
              (2, 'SecurityMode (2 bytes) = 0x%04x' % mode), (2, 'Dialect (2 bytes) = 0x%04x' % dialect)]
    return data, fields


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

def cases():
    out = []
    ndr = uuidtup_to_bin(NDR20)
    null_syntax = b'\x00' * 20

    data, fields = bind_pdu(1, MAX_FRAGMENT)
    out.append(('bind-srvsvc-3.0-ndr20', header(
        'DCE/RPC bind (C706 12.6.4.3): srvsvc 3.0 over NDR 2.0, one context, max_xmit/max_recv 4280, assoc group 0, call 1.',
        'impacket.dcerpc.v5.rpcrt.MSRPCHeader + MSRPCBind + CtxItem'),
        {'callId': 1, 'maxFragment': MAX_FRAGMENT}, data, fields))

    built = 'impacket.dcerpc.v5.rpcrt.MSRPCBindAck + CtxItemResult'
    data, fields = bind_ack_pdu(1, MAX_FRAGMENT, '\\PIPE\\srvsvc', 0, 0, ndr)
    out.append(('answer-bind-ack-accepted-ndr20', header(
        'DCE/RPC bind_ack (C706 12.6.4.4): acceptance of NDR 2.0, secondary address \\PIPE\\srvsvc, max_recv 4280, call 1.',
        built), {'callId': 1, 'maxRecv': MAX_FRAGMENT}, data, fields))
    for reason in (1, 2):
        # impacket cannot write an empty sec_addr (its 'z' field always adds the NUL), so the
        # refusals carry the pipe name too; the result decides, not the address.
        data, fields = bind_ack_pdu(1, MAX_FRAGMENT, '\\PIPE\\srvsvc', 2, reason, null_syntax)
        out.append(('answer-bind-ack-provider-rejection-reason-%d' % reason, header(
            'DCE/RPC bind_ack (C706 12.6.4.4): provider_rejection, reason %d (%s), secondary address \\PIPE\\srvsvc, call 1.'
            % (reason, rpcrt.rpc_provider_reason[reason]), built),
            {'callId': 1, 'refused': ['provider_rejection', 'reason %d (%s)' % (reason, rpcrt.rpc_provider_reason[reason])]},
            data, fields))
    for reason in (2, 4):
        data, fields = bind_nak_pdu(1, reason)
        out.append(('answer-bind-nak-reason-%d' % reason, header(
            'DCE/RPC bind_nak (C706 12.6.4.5): provider_reject_reason %d (%s), versions supported 5.0, call 1.'
            % (reason, REJECT_REASON[reason]),
            'impacket.dcerpc.v5.rpcrt.MSRPCHeader + MSRPCBindNak',
            ['Reason names: C706 p_reject_reason_t (impacket would name reason %d "%s", from its p_provider_reason_t table).'
             % (reason, rpcrt.rpc_provider_reason[reason])]),
            {'callId': 1, 'refused': ['bind_nak', 'reason %d (%s)' % (reason, REJECT_REASON[reason])]}, data, fields))

    for call, case, call_id, see in ((gen_vectors.CONNECTIONS, REQUEST_CASE, 2, 'request-l1-share-data.ndr'),
                                     (gen_vectors.SESSIONS, SESSION_REQUEST_CASE, 3, None),
                                     (gen_vectors.FILES, FILE_REQUEST_CASE, 4, None)):
        data, fields = request_pdu(call_id, case, call, see)
        out.append(('request-pdu-opnum%d-call%d' % (call.opnum, call_id), header(
            'DCE/RPC request (C706 12.6.4.9), one fragment, call %d, context 0, opnum %d, around the %s stub of'
            ' "expect".' % (call_id, call.opnum, call.name),
            'impacket.dcerpc.v5.rpcrt.MSRPCRequestHeader; stub impacket.dcerpc.v5.srvs.%s, referent ids as in'
            ' gen_vectors.py' % call.name),
            dict(case, callId=call_id), data, fields))

    data, fields = negotiate_request()
    out.append(('smb2-negotiate-request', header(
        'SMB2 NEGOTIATE request (MS-SMB2 2.2.3): dialects 0x0202..0x0311, signing enabled, capabilities 0x%08x, two 3.1.1 contexts.'
        % CLIENT_CAPABILITIES, 'impacket.smb3structs.SMB2Packet + SMB2Negotiate + SMB311ContextData + SMB2NegotiateContext'),
        {}, data, fields))
    data, fields = negotiate_response()
    out.append(('smb2-negotiate-response', header(
        'SMB2 NEGOTIATE response (MS-SMB2 2.2.4): dialect 0x%04x, signing enabled and required, capabilities 0x%08x.'
        % (SERVER_DIALECT, SERVER_CAPABILITIES), 'impacket.smb3structs.SMB2Packet + SMB2Negotiate_Response'),
        {}, data, fields))
    data, fields = validate_request()
    out.append(('smb2-validate-negotiate-info-request', header(
        'FSCTL_VALIDATE_NEGOTIATE_INFO request (MS-SMB2 2.2.31.4) from the values of smb2-negotiate-request.',
        'impacket.smb3structs.VALIDATE_NEGOTIATE_INFO'), {'negotiateRequest': 'smb2-negotiate-request'}, data, fields))

    built = 'impacket.smb3structs.VALIDATE_NEGOTIATE_INFO_RESPONSE'
    variants = [
        ('matching', {}, None),
        ('capabilities-changed', {'capabilities': SERVER_CAPABILITIES & ~smb3.SMB2_GLOBAL_CAP_ENCRYPTION}, 'capabilities'),
        ('guid-changed', {'guid': SERVER_GUID[:15] + bytes([SERVER_GUID[15] ^ 0x01])}, 'GUID'),
        ('security-mode-changed', {'mode': smb3.SMB2_NEGOTIATE_SIGNING_ENABLED}, 'security mode'),
        ('dialect-changed', {'dialect': smb3.SMB2_DIALECT_30}, 'dialect'),
    ]
    for name, change, field in variants:
        data, fields = validate_response(**change)
        out.append(('smb2-validate-negotiate-info-response-' + name, header(
            'FSCTL_VALIDATE_NEGOTIATE_INFO response (MS-SMB2 2.2.32.6) to smb2-negotiate-response, %s.'
            % ('every field as negotiated' if field is None else 'only the ' + field + ' changed'), built),
            {'negotiateResponse': 'smb2-negotiate-response', 'mismatch': field}, data, fields))
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith('.hex'):
            os.remove(os.path.join(OUT, f))
    written = {}
    for name, head, expect, data, fields in cases():
        assert name not in written, name
        content = render(head, expect, data, fields)
        e, parsed = parse(content)
        assert e == json.loads(json.dumps(expect)) and parsed == data, name
        written[name] = content

    # Facts the Java side relies on, checked against the generated bytes.
    assert len(parse(written['bind-srvsvc-3.0-ndr20'])[1]) == 72
    assert parse(written['smb2-validate-negotiate-info-response-matching'])[1] != \
        parse(written['smb2-validate-negotiate-info-response-guid-changed'])[1]

    for name, content in sorted(written.items()):
        with open(os.path.join(OUT, name + '.hex'), 'w', encoding='ascii', newline='\n') as fh:
            fh.write(content)
    print('wrote %d vectors to %s (impacket %s)' % (len(written), OUT, IMPACKET_VERSION))


if __name__ == '__main__':
    sys.exit(main())
