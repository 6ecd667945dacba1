#!/bin/sh
# Make the domain controller's KDC fail, or bring it back, while smbd goes on serving:
#   dc-kdc.sh stop    the KDC is down: its processes end and nothing listens on its port
#                     (TCP refused, UDP port unreachable); samba's root process is frozen
#                     (SIGSTOP) so that it does not start the KDC again
#   dc-kdc.sh pause   the KDC hangs: its processes are frozen (SIGSTOP), its ports stay
#                     open, and requests go unanswered
#   dc-kdc.sh resume  undoes either (samba starts a stopped KDC again at once)
set -eu

: "${KDC_PORT:?dc-kdc: KDC_PORT is not set (dc-entrypoint.sh's environment)}"
# Whether a socket is bound to the KDC's port: TCP listening (0A) or UDP (07), IPv4 or IPv6.
kdc_bound() {
  awk -v port="$(printf ':%04X' "$KDC_PORT")" '
    FNR > 1 && substr($2, length($2) - 4) == port && ($4 == "0A" || $4 == "07") { found = 1 }
    END { exit !found }' /proc/net/tcp /proc/net/tcp6 /proc/net/udp /proc/net/udp6
}

root=$(pgrep -o -f '^samba: root process') || { echo "dc-kdc: samba is not running" >&2; exit 1; }
case "${1:-}" in
  stop)
    kill -STOP "$root"
    # Until nothing listens on the port, not merely until pgrep finds no KDC process: a killed
    # process loses its command line (so pgrep -f stops matching) before its sockets close,
    # and a tfork waiter (not matched) may fork a new KDC worker, holding the sockets, after
    # pkill has run. Each round kills whatever matches by then.
    n=0
    while pgrep -f '^samba: task\[kdc\]' >/dev/null || kdc_bound; do
      pkill -KILL -f '^samba: task\[kdc\]' || true
      n=$((n + 1))
      [ "$n" -lt 200 ] || { echo "dc-kdc: the KDC still holds port $KDC_PORT" >&2; exit 1; }
      sleep 0.05
    done
    ;;
  pause)
    pkill -STOP -f '^samba: task\[kdc\]'
    ;;
  resume)
    pkill -CONT -f '^samba: task\[kdc\]' || true
    kill -CONT "$root"
    ;;
  *)
    echo "usage: dc-kdc.sh stop|pause|resume" >&2
    exit 2
    ;;
esac
