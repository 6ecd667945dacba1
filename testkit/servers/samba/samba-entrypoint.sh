#!/bin/sh
# Start smbd in the foreground, logging to stdout, on loopback port $SMB_PORT.
#   SMB_PORT     required, TCP port (containers run with --network host)
#   SMB_ENCRYPT  optional: "required" forces SMB3 encryption; anything else
#                (default "if_required") leaves Samba's default.
#   SMB_LOG_LEVEL optional, default 1
set -eu

if [ -z "${SMB_PORT:-}" ]; then
  echo "samba-entrypoint: SMB_PORT is required" >&2
  exit 2
fi
case "$SMB_PORT" in
  *[!0-9]*) echo "samba-entrypoint: SMB_PORT must be a number: $SMB_PORT" >&2; exit 2 ;;
esac

encrypt=${SMB_ENCRYPT:-if_required}
case "$encrypt" in
  required|mandatory|yes|true|1) encrypt=required ;;
  desired) encrypt=desired ;;
  *) encrypt=if_required ;;
esac

{
  echo "[global]"
  echo "   smb ports = $SMB_PORT"
  echo "   server smb encrypt = $encrypt"
  echo "   log level = ${SMB_LOG_LEVEL:-1}"
} > /etc/samba/runtime.conf

mkdir -p /run/samba /var/log/samba
echo "samba-entrypoint: smbd on 127.0.0.1:$SMB_PORT, encrypt=$encrypt"
exec /usr/sbin/smbd --foreground --no-process-group --debug-stdout
