"""srvsvc_server.py's command line and process life (see servertest.py).

    /usr/bin/python3 -m unittest discover -s testkit/servers/scripted -v
"""

import signal
import threading
import time
import unittest

from impacket.smbconnection import SessionError

from servertest import (ADMIN, ERROR_ACCESS_DENIED, ScriptedServer, ServerTestCase, conn, enum,
                        port_in_use)


class LifecycleTest(ServerTestCase):
    """Starts a server per test, not per class."""
    PORT = 14462

    @classmethod
    def setUpClass(cls):
        pass

    def start(self, users=None):
        self.server = ScriptedServer(self.PORT, users)
        self.addCleanup(self.server.stop)

    def test_users_from_the_command_line_replace_the_defaults(self):
        self.start(users=[('Zoë', 'pässwörd:with colon')])
        self.use(connections=[conn(1)], deniedUsers=['zoë'])
        self.assertEqual(self.server.ready_line, 'READY port=%d' % self.PORT)
        dce = self.pipe(('Zoë', 'pässwörd:with colon'))
        self.assertEqual(enum(dce, 'DATA', 0).status, ERROR_ACCESS_DENIED)   # the session's user
        with self.assertRaises(SessionError):
            self.smb().login(*ADMIN)

    def test_sigterm_ends_the_server_promptly_even_while_a_call_waits(self):
        self.start()
        self.use(connections=[conn(1)], quirks={'delayMillis': 60_000})
        dce = self.pipe()
        waiting = threading.Thread(target=_swallowing(enum), args=(dce, 'DATA', 0), daemon=True)
        waiting.start()
        time.sleep(0.3)
        started = time.monotonic()
        self.server.process.send_signal(signal.SIGTERM)
        self.assertEqual(self.server.process.wait(5), 0)
        self.assertLess(time.monotonic() - started, 1.0)
        waiting.join(5)
        self.assertFalse(port_in_use(self.PORT))


def _swallowing(function):
    def call(*args):
        try:
            function(*args)
        except Exception:
            pass               # the server went away mid-call, as intended
    return call


if __name__ == '__main__':
    unittest.main()
