#!/usr/bin/python3
"""Runs the scripted Windows-like MS-SRVS server, the srvsvc package next to this file
(srvsvc/server.py says what it serves and how):

    srvsvc_server.py --port PORT --scenario FILE [--listen 127.0.0.1] [--user NAME:PASSWORD ...]

Run it with Debian's /usr/bin/python3, which sees python3-impacket (0.10.0).
"""

from srvsvc.server import main

if __name__ == '__main__':
    main()
