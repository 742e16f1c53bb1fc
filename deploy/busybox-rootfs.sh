#!/bin/sh
# Builds the busybox base image's rootfs tar from Debian's busybox-static, with no network.
# Usage: deploy/busybox-rootfs.sh OUTPUT.tar
set -eu
out=${1:?usage: $0 OUTPUT.tar}
busybox=${BUSYBOX:-/bin/busybox}
[ -x "$busybox" ] || { echo "busybox-rootfs: $busybox is missing; install Debian's busybox-static" >&2; exit 1; }
file_out=$(file -b "$busybox" 2>/dev/null || true)
case "$file_out" in *dynamically*) echo "busybox-rootfs: $busybox is dynamically linked; install busybox-static" >&2; exit 1;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" "$root/etc" "$root/proc" "$root/sys" \
         "$root/dev" "$root/tmp" "$root/root" "$root/home/user" "$root/var/www"
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
cp "$busybox" "$root/bin/busybox"
# One symlink per applet, where busybox itself would install it (--list-full gives bin/ls, usr/bin/env, ...).
"$busybox" --list-full | while read -r applet; do
  [ "$applet" = bin/busybox ] && continue
  ln -sf /bin/busybox "$root/$applet"
done
cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
user:x:1000:1000:user:/home/user:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
daemon:x:1:
tty:x:5:
users:x:100:user
user:x:1000:
nogroup:x:65534:
GROUP
chown 1000:1000 "$root/home/user"
echo 'hello from busybox' > "$root/var/www/index.html"
tar --numeric-owner -C "$root" -cf "$out" .
