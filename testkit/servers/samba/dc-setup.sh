#!/bin/sh
# Run once at image build time, after setup.sh: provision the test domain NETCONN.TEST
# (domain controller dc1.netconn.test) into /opt/netconn/dc for dc-entrypoint.sh, with the
# users of setup.sh and the same passwords: netadmin (in Domain Admins, hence in
# BUILTIN\Administrators: may call NetrConnectionEnum) and netuser (plain user).
# Provisioning here rather than at container start saves ~9 s per domain controller;
# every container starts from its own copy of the result (SIDs and keys are the same in
# every container of one image).
set -eu

dir=/opt/netconn/dc
conf=/etc/samba/dc.conf
printf '[global]\n' > /etc/samba/dc-runtime.conf
mkdir -p /run/samba

# A fresh configuration (not the standalone smb.conf); the result goes to $dir/etc/smb.conf,
# which dc.conf replaces. Nobody logs on as Administrator: its password is random.
empty=$(mktemp)
adminpass="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')Aa1!"
if ! samba-tool domain provision --configfile="$empty" \
      --use-rfc2307 --realm=NETCONN.TEST --domain=NETCONN --server-role=dc \
      --dns-backend=NONE --host-name=dc1 --host-ip=127.0.0.1 --targetdir="$dir" \
      --adminpass="$adminpass" \
      --option="interfaces = lo" --option="bind interfaces only = yes" \
      --option="acl_xattr:security_acl_name = user.NTACL" > /tmp/provision.log 2>&1; then
  tail -n 40 /tmp/provision.log >&2
  exit 1
fi
rm -f "$empty" "$dir/etc/smb.conf" /tmp/provision.log

# Images live longer than AD's default 42-day password age.
samba-tool domain passwordsettings set -s "$conf" --max-pwd-age=0 >/dev/null
samba-tool user create -s "$conf" netadmin 'Adm1n-Pass!' >/dev/null
samba-tool user create -s "$conf" netuser 'Us3r-Pass!' >/dev/null
samba-tool group addmembers -s "$conf" "Domain Admins" netadmin >/dev/null

samba-tool group listmembers -s "$conf" "Domain Admins" | grep -qx netadmin \
  || { echo "dc-setup: netadmin is not in Domain Admins" >&2; exit 1; }
samba-tool spn list -s "$conf" 'DC1$' | grep -qi 'HOST/dc1.netconn.test' \
  || { echo "dc-setup: the DC has no HOST/dc1.netconn.test SPN" >&2; exit 1; }

# libnss-winbind's postinst adds winbind to nsswitch.conf; only dc-entrypoint.sh turns it on,
# so the standalone server resolves users as before.
sed -i -E 's/^(passwd|group):.*/\1:         files/' /etc/nsswitch.conf
echo "dc-setup: domain NETCONN.TEST provisioned in $dir ($(du -sh "$dir" | cut -f1))"
