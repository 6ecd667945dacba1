#!/bin/sh
# Start the test domain controller (dc-setup.sh provisioned it): samba, which runs smbd,
# winbindd, the KDC and the RPC server, logging to stdout. Containers run with --network host
# and --add-host dc1.netconn.test:127.0.0.1 (the fixture does both).
#   SMB_PORT      required, TCP port of smbd
#   KDC_PORT      required, TCP and UDP port of the KDC
#   KPASSWD_PORT  required, TCP and UDP port of the kpasswd service
#   SMB_LOG_LEVEL optional, default "1 auth_audit:3 kerberos:3": the KDC logs each AS-REQ and
#                 TGS-REQ (e.g. "TGS-REQ SUCCESS ... cifs/dc1.netconn.test@NETCONN.TEST") and the
#                 services log each authentication, with no secrets
#   SMB_GLOBALS   optional: more [global] parameters, one "name = value" per line, after
#                 the others (so they win), e.g. "ntlm auth = disabled"
set -eu

for v in SMB_PORT KDC_PORT KPASSWD_PORT; do
  eval "value=\${$v:-}"
  case "$value" in
    '') echo "dc-entrypoint: $v is required" >&2; exit 2 ;;
    *[!0-9]*) echo "dc-entrypoint: $v must be a number: $value" >&2; exit 2 ;;
  esac
done

{
  echo "[global]"
  echo "   smb ports = $SMB_PORT"
  echo "   krb5 port = $KDC_PORT"
  echo "   kpasswd port = $KPASSWD_PORT"
  echo "   log level = ${SMB_LOG_LEVEL:-1 auth_audit:3 kerberos:3}"
  if [ -n "${SMB_GLOBALS:-}" ]; then
    printf '%s\n' "$SMB_GLOBALS" | while IFS= read -r line; do
      case "$line" in
        *=*) echo "   $line" ;;
        *) echo "dc-entrypoint: SMB_GLOBALS lines must be name = value: $line" >&2; exit 2 ;;
      esac
    done
  fi
} > /etc/samba/dc-runtime.conf

# So that samba-tool, smbstatus, smbclient and kinit in this container find the domain.
cp /etc/samba/dc.conf /etc/samba/smb.conf
cat > /etc/krb5.conf <<CONF
[libdefaults]
	default_realm = NETCONN.TEST
	dns_lookup_realm = false
	dns_lookup_kdc = false
	dns_canonicalize_hostname = false
	rdns = false
[realms]
	NETCONN.TEST = {
		kdc = 127.0.0.1:$KDC_PORT
	}
[domain_realm]
	.netconn.test = NETCONN.TEST
	netconn.test = NETCONN.TEST
CONF
# Domain users by name (smbstatus shows NETCONN\netadmin rather than a bare uid).
sed -i -E 's/^(passwd|group):.*/\1:         files winbind/' /etc/nsswitch.conf
mkdir -p /run/samba /var/log/samba

echo "dc-entrypoint: domain controller dc1.netconn.test, smbd on port $SMB_PORT, KDC on port $KDC_PORT, kpasswd on port $KPASSWD_PORT, more: ${SMB_GLOBALS:-none}"
# samba runs as a child, not as PID 1: dc-kdc.sh freezes samba's root process so that it
# does not restart a KDC that was stopped, and PID 1 cannot be sent SIGSTOP from inside.
samba --foreground --no-process-group --debug-stdout &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null' TERM INT
status=0
wait "$pid" || status=$?
# A trapped signal ends the first wait; wait for samba itself.
if kill -0 "$pid" 2>/dev/null; then
  wait "$pid" || status=$?
fi
exit "$status"
