#!/bin/sh
# Run once at image build time: users, the administrators group mapping, share
# directories. Users: netadmin (in BUILTIN\Administrators, may call
# NetrConnectionEnum) and netuser (plain user: ERROR_ACCESS_DENIED).
set -eu

# runtime.conf is rewritten at start; a valid placeholder for build-time tools.
printf '[global]\n   smb ports = 445\n' > /etc/samba/runtime.conf
mkdir -p /run/samba /var/log/samba /var/lib/samba/private

groupadd --system netadmins
useradd -M -d /nonexistent -s /usr/sbin/nologin -G netadmins netadmin
useradd -M -d /nonexistent -s /usr/sbin/nologin netuser
printf 'Adm1n-Pass!\nAdm1n-Pass!\n' | smbpasswd -a -s netadmin
printf 'Us3r-Pass!\nUs3r-Pass!\n' | smbpasswd -a -s netuser

# Samba 4.17's _srvsvc_NetConnEnum demands S-1-5-32-544 in the caller's token.
net groupmap add sid=S-1-5-32-544 unixgroup=netadmins type=builtin
net groupmap list | grep -q 'S-1-5-32-544' || { echo "groupmap missing" >&2; exit 1; }

for d in data public archive; do
  mkdir -p "/srv/$d/docs"
  echo "hello from $d" > "/srv/$d/readme.txt"
  printf 'a,b,c\n1,2,3\n' > "/srv/$d/table.csv"
  echo "nested file" > "/srv/$d/docs/notes.txt"
  chmod -R a+rwX "/srv/$d"
done

testparm -s >/dev/null
