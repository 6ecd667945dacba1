"""The scripted Windows-like MS-SRVS server, as a package (srvsvc_server.py runs it):

    scenario        the scenario file (../../SCENARIO.md "Fields"), read and checked
    rules           SCENARIO.md's rules: the answer to one NetrConnectionEnum, NetrSessionEnum
                    or NetrFileEnum call
    ndr             the three calls' requests and responses in NDR (MS-SRVS 3.1.4.1, 3.1.4.5,
                    3.1.4.2)
    dcerpc          the DCE/RPC connection-oriented protocol over one pipe open
    impacket_fixes  impacket's SMB server with its defects on this path fixed
    server          the srvsvc back end (opnums 8, 9 and 12 from the scenario), the server
                    and main()

Only scenario and rules run without impacket.
"""
