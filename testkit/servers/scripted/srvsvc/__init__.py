"""The scripted Windows-like MS-SRVS server, as a package (srvsvc_server.py runs it):

    scenario        the scenario file (../../SCENARIO.md "Fields"), read and checked
    rules           SCENARIO.md's rules: the answer to one NetrConnectionEnum call
    ndr             NetrConnectionEnum's request and response in NDR (MS-SRVS 3.1.4.1)
    dcerpc          the DCE/RPC connection-oriented protocol over one pipe open
    impacket_fixes  impacket's SMB server with its defects on this path fixed
    server          the srvsvc back end (opnum 8 from the scenario), the server and main()

Only scenario and rules run without impacket.
"""
