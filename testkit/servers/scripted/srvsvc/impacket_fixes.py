"""impacket's SMB server (python3-impacket 0.10.0) with the five defects it has on this path
fixed, without touching the package (subclasses and wrapped command handlers):

 1. Its DCE/RPC back end serves one pipe open at a time. Here every open of the pipe gets its
    own back-end connection and thread (server.ScenarioSRVSServer.run, dcerpc.RpcPipeConnection).
 2. It fragments replies over ~4.2 KB wrongly (every fragment keeps the whole reply's
    frag_len). Here replies are split per the max_recv_frag the client bound with, each
    fragment with its own header, flags and alloc_hint (dcerpc.RpcPipeConnection._respond).
 3. A pipe read returns whatever bytes the local socket holds, so PDUs merge or split. Here a
    read returns exactly one PDU; a read smaller than the PDU gets its start with
    STATUS_BUFFER_OVERFLOW and the rest on the next read, as a message-mode pipe does
    (_MessageModePipe, _reporting_partial_reads).
 4. A failed logon is answered with a session-setup body under an error status, which SMB2
    clients cannot parse (jcifs: ArrayIndexOutOfBoundsException), and the connection is left
    "authenticated". Here it gets a proper error response and stays unauthenticated
    (_failing_logons_cleanly).
 5. Its NTLM CHALLENGE_MESSAGE drops NTLMSSP_NEGOTIATE_SIGN, _SEAL and _ALWAYS_SIGN, which
    MS-NLMP 2.2.2.5 says the server MUST echo when the NEGOTIATE_MESSAGE asks for them, while
    it keeps NTLMSSP_NEGOTIATE_KEY_EXCH. smbj (0.14.0) does the key exchange only when the
    challenge has KEY_EXCH and SIGN, SEAL or ALWAYS_SIGN; otherwise it uses the KeyExchangeKey
    as session key but still sends KEY_EXCH and that key as EncryptedRandomSessionKey, which
    impacket RC4-decrypts with the KeyExchangeKey into another key: every signed reply failed
    smbj's check. Here the challenge echoes those flags, so smbj exchanges a key as jcifs and
    Windows clients do (_echoing_signing_flags).

Besides: each SMB session's user is remembered and handed to the pipe's back end first (for
deniedUsers), and quirks.hostile "trickle" is played here, on the pipe reads.
"""

import socket
import struct
import threading
import time

from impacket import ntlm, smb, smbserver
from impacket import smb3structs as smb2
from impacket.nt_errors import (STATUS_BUFFER_OVERFLOW, STATUS_MORE_PROCESSING_REQUIRED,
                                STATUS_SUCCESS)

from .dcerpc import read_pdu, send_at_once

# quirks.hostile trickle: each pipe read returns one byte, after this pause.
TRICKLE_PAUSE = 0.1


# Set by _MessageModePipe.recv when a read left part of a PDU behind, so the read command's
# handler, running in the same SMB connection thread, can answer STATUS_BUFFER_OVERFLOW.
_read_state = threading.local()


class _MessageModePipe:
    """Stands in for the local socket impacket keeps per pipe open: same calls, but recv
    returns one PDU at a time, as a message-mode named pipe does (fix 3). trickles() says
    whether quirks.hostile is "trickle" now; it is asked once per PDU."""

    def __init__(self, sock, trickles):
        self._sock = sock
        self._trickles = trickles
        self._trickle = False
        self._unread = b''                          # rest of a PDU a short read left behind

    def send(self, data):
        self._sock.sendall(data)
        return len(data)

    sendall = send

    def recv(self, size):
        if not self._unread:
            pdu = read_pdu(self._sock)              # waits for the back end's next PDU
            if pdu is None:
                raise BrokenPipeError('the srvsvc back end closed the pipe')
            self._unread = pdu
            self._trickle = self._trickles()
        if self._trickle:                           # quirks.hostile: one byte a read, slowly
            time.sleep(TRICKLE_PAUSE)
            size = 1
        data, self._unread = self._unread[:size], self._unread[size:]
        _read_state.partial = bool(self._unread)
        return data

    def close(self):
        self._sock.close()


def _adopting_pipe_opens(create, trickles):
    """Wraps a CREATE handler: a pipe it opened gets the user of the request's session sent to
    the back end first, and is then read in message mode."""
    def handler(connId, smbServer, *args):
        result = create(connId, smbServer, *args)
        conn = smbServer.getConnectionData(connId)
        for opened in conn['OpenedFiles'].values():
            sock = opened.get('Socket')
            if isinstance(sock, socket.socket):
                user = conn.get('SessionUsers', {}).get(_session_id(args[-1]), '').encode('utf-8')
                sock.sendall(struct.pack('<H', len(user)) + user)
                opened['Socket'] = _MessageModePipe(sock, trickles)
        return result
    return handler


def _remembering_session_users(session_setup):
    """Wraps a SESSION_SETUP handler: remembers the user of each session. impacket keeps only
    the connection's last logon, and jcifs runs the sessions of several users (contexts sharing
    a transport pool) over one connection."""
    def handler(connId, smbServer, *args):
        responses, packets, status = session_setup(connId, smbServer, *args)
        conn = smbServer.getConnectionData(connId, checkStatus=False)
        users = conn.setdefault('SessionUsers', {})
        if status == STATUS_SUCCESS and 'AUTHENTICATE_MESSAGE' in conn:
            users[conn['Uid']] = conn['AUTHENTICATE_MESSAGE']['user_name'].decode('utf-16-le')
        return responses, packets, status
    return handler


def _session_id(request):
    # SMB1 has Uid, which impacket sets to 10 for every session: there the last logon wins.
    return request['SessionID'] if 'SessionID' in request.fields else request['Uid']


def _reporting_partial_reads(read):
    """Wraps a command that may read a pipe: a read shorter than the PDU succeeds with
    STATUS_BUFFER_OVERFLOW, the rest following on the next read (fix 3)."""
    def handler(*args):
        _read_state.partial = False
        responses, packets, status = read(*args)
        if status == STATUS_SUCCESS and _read_state.partial:
            status = STATUS_BUFFER_OVERFLOW
        return responses, packets, status
    return handler


def _failing_logons_cleanly(session_setup, error_response):
    """Wraps a SESSION_SETUP handler: a failed logon is answered with an error response (not a
    session-setup body under an error status) and leaves the connection unauthenticated (fix 4)."""
    def handler(connId, smbServer, *args):
        responses, packets, status = session_setup(connId, smbServer, *args)
        if status in (STATUS_SUCCESS, STATUS_MORE_PROCESSING_REQUIRED):
            return responses, packets, status
        conn = smbServer.getConnectionData(connId, checkStatus=False)
        conn['Authenticated'] = False              # impacket sets it whatever the outcome
        conn['SignatureEnabled'] = False           # and would sign with the failed logon's key
        return [error_response()], None, status
    return handler


# MS-NLMP 2.2.2.5: requested in the NEGOTIATE_MESSAGE, so they MUST be in the CHALLENGE_MESSAGE.
_ECHOED_FLAGS = ntlm.NTLMSSP_NEGOTIATE_SIGN | ntlm.NTLMSSP_NEGOTIATE_SEAL | ntlm.NTLMSSP_NEGOTIATE_ALWAYS_SIGN


def _echoing_signing_flags(session_setup):
    """Wraps a SESSION_SETUP handler: the NTLM challenge it answers carries the SIGN, SEAL and
    ALWAYS_SIGN flags the client's NEGOTIATE_MESSAGE asked for (fix 5). The flags are a fixed
    field of the challenge, so its bytes are rewritten in place in the security blob; the
    stored challenge, which the logon's key derivation reads, gets them too."""
    def handler(connId, smbServer, *args):
        conn = smbServer.getConnectionData(connId, checkStatus=False)
        before = conn.get('CHALLENGE_MESSAGE')
        responses, packets, status = session_setup(connId, smbServer, *args)
        conn = smbServer.getConnectionData(connId, checkStatus=False)
        challenge = conn.get('CHALLENGE_MESSAGE')
        if status != STATUS_MORE_PROCESSING_REQUIRED or challenge is None or challenge is before:
            return responses, packets, status
        missing = conn['NEGOTIATE_MESSAGE']['flags'] & _ECHOED_FLAGS & ~challenge['flags']
        if missing:
            old = challenge.getData()
            flags = challenge['flags']
            challenge['flags'] = flags | missing
            if not _replace_security_blob_part(responses[0], old, challenge.getData()):
                challenge['flags'] = flags             # not found: leave impacket's answer alone
        return responses, packets, status
    return handler


def _replace_security_blob_part(command, old, new):
    if 'Buffer' in command.fields:                 # SMB2 SESSION_SETUP response
        blob = command['Buffer']
    else:                                          # SMB1 SESSION_SETUP_ANDX, extended security
        blob = command['Data']['SecurityBlob']
    if old not in blob or len(old) != len(new):
        return False
    blob = blob.replace(old, new, 1)
    if 'Buffer' in command.fields:
        command['Buffer'] = blob
    else:
        command['Data']['SecurityBlob'] = blob
    return True


def _smb1_error_response():
    command = smb.SMBCommand(smb.SMB.SMB_COM_SESSION_SETUP_ANDX)
    command['Parameters'] = b''                    # WordCount 0, ByteCount 0: SMB1's error shape
    command['Data'] = b''
    return command


class FixedSMBSERVER(smbserver.SMBSERVER):
    """impacket's SMB server with the pipe and logon handlers wrapped. trickles() says whether
    pipe reads trickle (quirks.hostile "trickle"); SimpleSMBServer creates this class by the
    name smbserver.SMBSERVER, so server.build_server binds trickles with functools.partial."""

    def __init__(self, server_address, handler_class=smbserver.SMBSERVERHandler, config_parser=None, *,
                 trickles=lambda: False):
        if ':' in server_address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(server_address, handler_class, config_parser)
        smb1, smb2_ = smbserver.SMBCommands, smbserver.SMB2Commands
        self.hookSmb2Command(smb2.SMB2_CREATE, _adopting_pipe_opens(smb2_.smb2Create, trickles))
        self.hookSmbCommand(smb.SMB.SMB_COM_NT_CREATE_ANDX,
                            _adopting_pipe_opens(smb1.smbComNtCreateAndX, trickles))
        self.hookSmb2Command(smb2.SMB2_READ, _reporting_partial_reads(smb2_.smb2Read))
        self.hookSmb2Command(smb2.SMB2_IOCTL, _reporting_partial_reads(smb2_.smb2Ioctl))
        self.hookSmbCommand(smb.SMB.SMB_COM_READ_ANDX, _reporting_partial_reads(smb1.smbComReadAndX))
        self.hookSmbCommand(smb.SMB.SMB_COM_READ, _reporting_partial_reads(smb1.smbComRead))
        self.hookSmbCommand(smb.SMB.SMB_COM_TRANSACTION, _reporting_partial_reads(smb1.smbTransaction))
        self.hookSmb2Command(smb2.SMB2_SESSION_SETUP, _remembering_session_users(
            _failing_logons_cleanly(_echoing_signing_flags(smb2_.smb2SessionSetup), smb2.SMB2Error)))
        self.hookSmbCommand(smb.SMB.SMB_COM_SESSION_SETUP_ANDX, _remembering_session_users(
            _failing_logons_cleanly(_echoing_signing_flags(smb1.smbComSessionSetupAndX),
                                    _smb1_error_response)))

    def get_request(self):
        sock, address = super().get_request()
        send_at_once(sock)
        return sock, address
