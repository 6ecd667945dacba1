#!/bin/sh
# Start smbd in the foreground, logging to stdout, on loopback port $SMB_PORT.
#   SMB_PORT     required, TCP port (containers run with --network host)
#   SMB_ENCRYPT  optional: "required" forces SMB3 encryption; anything else
#                (default "if_required") leaves Samba's default.
#   SMB_MAP_TO_GUEST optional: "bad_user" or "bad_password" make Samba grant guest
#                sessions (and let guests reach IPC$); default "never".
#   SMB_LOG_LEVEL optional, default 1
#   SMB_GLOBALS  optional: more [global] parameters, one "name = value" per line, after
#                the others (so they win), e.g. "server max protocol = SMB2_10"
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

guest=${SMB_MAP_TO_GUEST:-never}
case "$guest" in
  bad_user) guest="bad user" ;;
  bad_password) guest="bad password" ;;
  never) ;;
  *) echo "samba-entrypoint: SMB_MAP_TO_GUEST must be never, bad_user or bad_password: $guest" >&2; exit 2 ;;
esac

{
  echo "[global]"
  echo "   smb ports = $SMB_PORT"
  echo "   server smb encrypt = $encrypt"
  echo "   log level = ${SMB_LOG_LEVEL:-1}"
  echo "   map to guest = $guest"
  if [ "$guest" != never ]; then
    # Samba lets guests into IPC$ only when anonymous access is not restricted.
    echo "   restrict anonymous = 0"
  fi
  if [ -n "${SMB_GLOBALS:-}" ]; then
    printf '%s\n' "$SMB_GLOBALS" | while IFS= read -r line; do
      case "$line" in
        *=*) echo "   $line" ;;
        *) echo "samba-entrypoint: SMB_GLOBALS lines must be name = value: $line" >&2; exit 2 ;;
      esac
    done
  fi
} > /etc/samba/runtime.conf

mkdir -p /run/samba /var/log/samba
echo "samba-entrypoint: smbd on port $SMB_PORT, encrypt=$encrypt, map to guest=$guest, more: ${SMB_GLOBALS:-none}"
exec /usr/sbin/smbd --foreground --no-process-group --debug-stdout
