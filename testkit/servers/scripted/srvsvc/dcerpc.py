"""The DCE/RPC connection-oriented protocol (C706 chapter 12) over one pipe open's byte
stream: binds (and quirks.bind's refusals), requests in fragments, replies fragmented as the
client bound (impacket fix 2), faults; and quirks.hostile's fragment quirks."""

import logging
import socket
import struct
import threading

from impacket.uuid import uuidtup_to_bin

from .ndr import BadStubData
from .scenario import hostile_quirk, load_scenario

LOG = logging.getLogger(__name__)

# DCE/RPC connection-oriented PDUs (C706 chapter 12)
PDU_REQUEST, PDU_RESPONSE, PDU_FAULT = 0, 2, 3
PDU_BIND, PDU_BIND_ACK, PDU_BIND_NAK = 11, 12, 13
PDU_ALTER_CONTEXT, PDU_ALTER_CONTEXT_RESP = 14, 15
PDU_CO_CANCEL, PDU_ORPHANED = 18, 19
PFC_FIRST_FRAG, PFC_LAST_FRAG, PFC_DID_NOT_EXECUTE, PFC_OBJECT_UUID = 0x01, 0x02, 0x20, 0x80
COMMON_HEADER = struct.Struct('<BBBBIHHI')   # version, minor, type, flags, drep, frag_len, auth_len, call_id
CALL_HEADER_SIZE = 24                        # request/response: common header + alloc_hint, p_cont_id, 4 more
DREP_LITTLE_ENDIAN_ASCII_IEEE = 0x10
NDR20_SYNTAX = uuidtup_to_bin(('8a885d04-1ceb-11c9-9fe8-08002b104860', '2.0'))
NO_SYNTAX = b'\0' * 20
ACCEPTANCE, PROVIDER_REJECTION = 0, 2
ABSTRACT_SYNTAX_NOT_SUPPORTED, TRANSFER_SYNTAXES_NOT_SUPPORTED = 1, 2   # p_provider_reason_t
LOCAL_LIMIT_EXCEEDED = 2                                                  # p_reject_reason_t (bind_nak)
ASSOCIATION_GROUP = 0x53F0
PIPE_NAME = b'\\PIPE\\srvsvc'
# Below this a fragment could not carry stub data; above it the client's value is honoured.
MIN_XMIT_FRAG = CALL_HEADER_SIZE + 8
MAX_REQUEST_STUB = 1 << 20

# Fault statuses
NCA_S_OP_RNG_ERROR = 0x1C010002
NCA_S_UNKNOWN_IF = 0x1C010003
NCA_S_PROTO_ERROR = 0x1C01000B
NCA_S_FAULT_UNSPEC = 0x1C000012
RPC_X_BAD_STUB_DATA = 0x000006F7

# quirks.hostile endlessFragments: the server gives up after this much, far past any client's limit.
ENDLESS_FRAGMENTS_CAP = 256 * 1024 * 1024

# The SMB user whose pipe the current back-end thread serves (one thread per pipe open).
pipe_caller = threading.local()


class RpcPipeConnection:
    """The DCE/RPC connection-oriented protocol over one pipe open's byte stream.

    The SMB side first sends the session's user name (see impacket_fixes._adopting_pipe_opens), then the
    client's PDUs as written to the pipe.

    Every bind reads the scenario for quirks.bind (SCENARIO.md); a bind it refuses leaves the
    association refused, and until a later bind is accepted, every request and alter_context
    gets a fault nca_s_proto_error (flagged did-not-execute), never an answer.
    """

    def __init__(self, sock, interfaces, scenario_path):
        self._sock = sock
        self._interfaces = interfaces              # abstract syntax (uuid, version) -> {'CallBacks': ...}
        self._scenario_path = scenario_path
        self._contexts = {}                        # presentation context id -> callbacks
        self._max_xmit_frag = 4280                 # until a bind says otherwise
        self._call = None                          # a request arriving in fragments
        self._refused = False                      # the last bind was refused by quirks.bind

    def serve(self):
        try:
            (length,) = struct.unpack('<H', read_exactly(self._sock, 2))
            pipe_caller.name = read_exactly(self._sock, length).decode('utf-8')
            while (pdu := read_pdu(self._sock)) is not None:
                self._handle(pdu)
        except (OSError, EOFError, struct.error, ValueError) as e:
            LOG.warning('srvsvc pipe dropped: %r', e)
        finally:
            self._sock.close()

    def _handle(self, pdu):
        _, _, ptype, flags, drep, _, auth_len, call_id = COMMON_HEADER.unpack_from(pdu)
        if drep & 0xFFFF != DREP_LITTLE_ENDIAN_ASCII_IEEE or auth_len:
            self._fault(call_id, 0, NCA_S_PROTO_ERROR)          # big-endian NDR or auth: not here
        elif ptype in (PDU_BIND, PDU_ALTER_CONTEXT):
            self._bind(pdu, ptype, call_id)
        elif ptype == PDU_REQUEST:
            self._request(pdu, flags, call_id)
        elif ptype not in (PDU_CO_CANCEL, PDU_ORPHANED):         # calls run to completion anyway
            self._fault(call_id, 0, NCA_S_PROTO_ERROR)

    def _bind(self, pdu, ptype, call_id):
        quirk = 'accept'
        if ptype == PDU_BIND:
            quirk = self._bind_quirk()
            self._refused = quirk != 'accept'
            if self._refused:
                self._contexts.clear()
                self._call = None
        elif self._refused:                        # alter_context: no association to alter
            self._fault(call_id, 0, NCA_S_PROTO_ERROR, did_not_execute=True)
            return
        if quirk == 'nak':
            self._bind_nak(call_id)
            return
        refusal = {'abstractSyntax': ABSTRACT_SYNTAX_NOT_SUPPORTED,
                   'transferSyntax': TRANSFER_SYNTAXES_NOT_SUPPORTED}.get(quirk)
        max_xmit, max_recv, assoc_group, n_contexts = struct.unpack_from('<HHIB', pdu, 16)
        results, offset = [], 28
        for _ in range(n_contexts):
            context_id, n_syntaxes = struct.unpack_from('<HB', pdu, offset)
            abstract = pdu[offset + 4:offset + 24]
            transfers = [pdu[offset + 24 + 20 * i:offset + 44 + 20 * i] for i in range(n_syntaxes)]
            offset += 24 + 20 * n_syntaxes
            interface = self._interfaces.get(abstract)
            if refusal is not None:                # quirks.bind: every context, whatever it offers
                results.append((PROVIDER_REJECTION, refusal, NO_SYNTAX))
            elif interface is None:
                results.append((PROVIDER_REJECTION, ABSTRACT_SYNTAX_NOT_SUPPORTED, NO_SYNTAX))
            elif NDR20_SYNTAX not in transfers:
                results.append((PROVIDER_REJECTION, TRANSFER_SYNTAXES_NOT_SUPPORTED, NO_SYNTAX))
            else:
                self._contexts[context_id] = interface['CallBacks']
                results.append((ACCEPTANCE, 0, NDR20_SYNTAX))
        if refusal is not None:
            LOG.info('bind refused by quirks.bind: bind_ack, provider_rejection, reason %d', refusal)
        if ptype == PDU_BIND:
            # The client's max_recv_frag bounds every fragment we send it (fix 2).
            self._max_xmit_frag = max(max_recv, MIN_XMIT_FRAG)
            secondary = PIPE_NAME + b'\0'
            reply_type = PDU_BIND_ACK
        else:
            secondary = b''
            reply_type = PDU_ALTER_CONTEXT_RESP
        body = struct.pack('<HHIH', self._max_xmit_frag, max_xmit, assoc_group or ASSOCIATION_GROUP,
                           len(secondary)) + secondary
        body += b'\0' * (-(16 + len(body)) % 4)
        body += struct.pack('<B3x', len(results))
        body += b''.join(struct.pack('<HH', result, reason) + syntax for result, reason, syntax in results)
        self._send(reply_type, PFC_FIRST_FRAG | PFC_LAST_FRAG, call_id, body)

    def _bind_quirk(self):
        try:
            return load_scenario(self._scenario_path).bind
        except Exception as e:  # noqa: BLE001 - any unreadable scenario: accept; the call then faults
            # The call that follows reads the file again and gets its fault there, as without the quirk.
            LOG.warning('bind: cannot read the scenario (%s); the bind is accepted', e)
            return 'accept'

    def _hostile_quirk(self):
        return hostile_quirk(self._scenario_path)

    def _bind_nak(self, call_id):
        """C706 12.6.4.4 rpcconn_bind_nak_hdr_t, one pad byte making it 20 bytes (see SCENARIO.md)."""
        LOG.info('bind refused by quirks.bind: bind_nak, reason %d', LOCAL_LIMIT_EXCEEDED)
        body = struct.pack('<H', LOCAL_LIMIT_EXCEEDED)  # provider_reject_reason: local_limit_exceeded
        body += struct.pack('<B', 0)                    # versions.n_protocols: none listed
        body += b'\0'                                   # pad to a 4-byte multiple
        self._send(PDU_BIND_NAK, PFC_FIRST_FRAG | PFC_LAST_FRAG, call_id, body)

    def _request(self, pdu, flags, call_id):
        context_id, opnum = struct.unpack_from('<HH', pdu, 20)
        stub = pdu[CALL_HEADER_SIZE + (16 if flags & PFC_OBJECT_UUID else 0):]
        if flags & PFC_FIRST_FRAG:
            self._call = (call_id, context_id, opnum, [stub])
        elif self._call is not None and self._call[0] == call_id:
            self._call[3].append(stub)
        else:
            self._fault(call_id, context_id, NCA_S_PROTO_ERROR)
            return
        if sum(map(len, self._call[3])) > MAX_REQUEST_STUB:
            self._call = None
            self._fault(call_id, context_id, NCA_S_PROTO_ERROR)
            return
        if flags & PFC_LAST_FRAG:
            _, context_id, opnum, chunks = self._call
            self._call = None
            self._dispatch(call_id, context_id, opnum, b''.join(chunks))

    def _dispatch(self, call_id, context_id, opnum, stub):
        callbacks = self._contexts.get(context_id)
        if self._refused:                          # a client that ignored the refused bind
            self._fault(call_id, context_id, NCA_S_PROTO_ERROR, did_not_execute=True)
        elif callbacks is None:
            self._fault(call_id, context_id, NCA_S_UNKNOWN_IF, did_not_execute=True)
        elif opnum not in callbacks:
            self._fault(call_id, context_id, NCA_S_OP_RNG_ERROR, did_not_execute=True)
        else:
            try:
                result = callbacks[opnum](stub)
            except BadStubData as e:
                LOG.warning('opnum %d: bad stub data: %s', opnum, e)
                self._fault(call_id, context_id, RPC_X_BAD_STUB_DATA)
            except Exception:
                LOG.exception('opnum %d failed', opnum)          # e.g. an invalid scenario file
                self._fault(call_id, context_id, NCA_S_FAULT_UNSPEC)
            else:
                self._respond(call_id, context_id, result.getData() if hasattr(result, 'getData') else result)

    def _respond(self, call_id, context_id, stub):
        """Sends the reply in as many fragments as the client's max_recv_frag requires (fix 2)."""
        # Stub chunks are kept 8-byte aligned (NDR's largest alignment) except in the last one.
        chunk_size = (self._max_xmit_frag - CALL_HEADER_SIZE) & ~7
        hostile = self._hostile_quirk()
        if hostile == 'emptyFragments':            # fragments that carry nothing, ahead of the reply
            for i in range(3):
                self._send(PDU_RESPONSE, PFC_FIRST_FRAG if i == 0 else 0, call_id,
                           struct.pack('<IHBB', len(stub), context_id, 0, 0))
        if hostile == 'endlessFragments':          # the reply's data again and again, never the last
            sent = 0
            while sent < ENDLESS_FRAGMENTS_CAP:     # a cap only so that the server itself stops in the end
                chunk = stub[:chunk_size] or b'\0' * 8
                self._send(PDU_RESPONSE, PFC_FIRST_FRAG if sent == 0 else 0, call_id,
                           struct.pack('<IHBB', len(stub), context_id, 0, 0) + chunk)
                sent += len(chunk)
            return
        offset = 0
        while True:
            chunk = stub[offset:offset + chunk_size]
            flags = PFC_FIRST_FRAG if offset == 0 and hostile != 'emptyFragments' else 0
            if offset + len(chunk) >= len(stub):
                flags |= PFC_LAST_FRAG
            alloc_hint = len(stub) - offset                  # stub bytes from this fragment on
            self._send(PDU_RESPONSE, flags, call_id,
                       struct.pack('<IHBB', alloc_hint, context_id, 0, 0) + chunk)
            offset += len(chunk)
            if flags & PFC_LAST_FRAG:
                return

    def _fault(self, call_id, context_id, status, did_not_execute=False):
        flags = PFC_FIRST_FRAG | PFC_LAST_FRAG | (PFC_DID_NOT_EXECUTE if did_not_execute else 0)
        self._send(PDU_FAULT, flags, call_id, struct.pack('<IHBBI4x', 0, context_id, 0, 0, status))

    def _send(self, ptype, flags, call_id, body):
        header = COMMON_HEADER.pack(5, 0, ptype, flags, DREP_LITTLE_ENDIAN_ASCII_IEEE,
                                    16 + len(body), 0, call_id)
        self._sock.sendall(header + body)        # one PDU per sendall; the SMB side reads PDUs


def send_at_once(sock):
    # Without this, a fragment sent right after another waits for the delayed ACK (40 ms).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def read_exactly(sock, n):
    data = b''
    while len(data) < n:
        more = sock.recv(n - len(data))
        if not more:
            raise EOFError('connection closed %d bytes into a %d-byte read' % (len(data), n))
        data += more
    return data


def read_pdu(sock):
    """One whole PDU from a byte stream, or None at a clean end of stream."""
    first = sock.recv(1)
    if not first:
        return None
    header = first + read_exactly(sock, 15)
    frag_len = COMMON_HEADER.unpack(header)[5]
    if frag_len < 16:
        raise ValueError('frag_len %d is shorter than the header' % frag_len)
    return header + read_exactly(sock, frag_len - 16)
