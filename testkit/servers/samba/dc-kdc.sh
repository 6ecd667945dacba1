#!/bin/sh
# Make the domain controller's KDC fail, or bring it back, while smbd goes on serving:
#   dc-kdc.sh stop    the KDC is down: its processes end and nothing listens on its port
#                     (TCP refused, UDP port unreachable); samba's root process is frozen
#                     (SIGSTOP) so that it does not start the KDC again
#   dc-kdc.sh pause   the KDC hangs: its processes are frozen (SIGSTOP), its ports stay
#                     open, and requests go unanswered
#   dc-kdc.sh resume  undoes either (samba starts a stopped KDC again at once)
set -eu

root=$(pgrep -o -f '^samba: root process') || { echo "dc-kdc: samba is not running" >&2; exit 1; }
case "${1:-}" in
  stop)
    kill -STOP "$root"
    pkill -KILL -f '^samba: task\[kdc\]' || true
    n=0
    while pgrep -f '^samba: task\[kdc\]' >/dev/null; do
      n=$((n + 1))
      [ "$n" -lt 200 ] || { echo "dc-kdc: the KDC processes did not end" >&2; exit 1; }
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
